"""A page's bytes made into text, and its text into an element tree; what is not HTML stops here.

Pasted and uploaded HTML, saved files and fetched pages all come through here.
"""

from __future__ import annotations

import codecs
import re

import charset_normalizer
from lxml import etree
from lxml import html as lxml_html

from carnet.clipping import ClipError

_META_CHARSET = re.compile(
    rb"""<meta[^>]+charset\s*=\s*["']?\s*([a-zA-Z0-9_.:-]+)""", re.IGNORECASE
)
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>", re.IGNORECASE)
_LOOKS_LIKE_HTML = re.compile(r"<(?:!doctype|html|head|body|article|main|div|p|h1|title)\b", re.I)
# Names pages declare for what browsers decode as windows-1252 (WHATWG Encoding Standard).
_WINDOWS_1252_NAMES = {"iso-8859-1", "iso8859-1", "latin1", "latin-1", "l1", "us-ascii", "ascii"}


def read_html(data: bytes, declared: str | None = None, where: str = "the page") -> str:
    """Decode a page: by its BOM, the charset its server declared, its <meta>, else as
    UTF-8 if it is, else by a guess from its bytes."""
    if data.startswith(codecs.BOM_UTF8):
        return data[3:].decode("utf-8", errors="replace")
    found = _META_CHARSET.search(data[:4096])
    for name in (declared, found.group(1).decode("ascii") if found else None):
        codec = _codec(name)
        if codec:
            return data.decode(codec, errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    guess = charset_normalizer.from_bytes(data[:200_000]).best()
    if guess is None and data.strip():
        raise ClipError(f"{where} is not text: it cannot be an HTML page.")
    return data.decode(guess.encoding if guess else "utf-8", errors="replace")


def _codec(name: str | None) -> str | None:
    if not name:
        return None
    name = name.strip().lower()
    if name in _WINDOWS_1252_NAMES:
        return "cp1252"
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def parse_page(text: str, where: str) -> lxml_html.HtmlElement:
    """The page's element tree; refuse what is not HTML at all."""
    text = _XML_DECLARATION.sub("", text, count=1)
    if not _LOOKS_LIKE_HTML.search(text[:65536]):
        raise ClipError(f"{where} is not an HTML page.")
    try:
        return lxml_html.document_fromstring(text)
    except (etree.ParserError, ValueError) as error:
        raise ClipError(f"{where} cannot be read as HTML ({error}).") from error
