"""Repairs for the ways real WordPress exports break XML, written into a temporary copy.

Each repair is textual, keeps line numbers, and is reported ("line 51: undeclared prefix
atom: declared"): WordPress.com's `atom:` used without its declaration, bare `&` and HTML
entities outside CDATA, control characters, and `]]>` nested inside a CDATA section.
"""

from __future__ import annotations

import codecs
import html.entities
import re
import tempfile
from collections import defaultdict
from pathlib import Path
from urllib.parse import quote

from carnet.wordpress import WXRError

KNOWN_NAMESPACES = {
    "atom": "http://www.w3.org/2005/Atom",
    "content": "http://purl.org/rss/1.0/modules/content/",
    "dc": "http://purl.org/dc/elements/1.1/",
    "wfw": "http://wellformedweb.org/CommentAPI/",
    "wp": "http://wordpress.org/export/1.2/",
    "excerpt": "http://wordpress.org/export/1.2/excerpt/",
    "media": "http://search.yahoo.com/mrss/",
    "georss": "http://www.georss.org/georss",
    "geo": "http://www.w3.org/2003/01/geo/wgs84_pos#",
    "itunes": "http://www.itunes.com/dtds/podcast-1.0.dtd",
    "slash": "http://purl.org/rss/1.0/modules/slash/",
    "sy": "http://purl.org/rss/1.0/modules/syndication/",
}

_DECLARATION = re.compile(r"""encoding\s*=\s*["']([A-Za-z0-9._-]+)["']""")
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_ENTITY = re.compile(r"&(#[0-9]+;|#x[0-9a-fA-F]+;|[A-Za-z][A-Za-z0-9]*;)?")
_XML_ENTITIES = {"amp;", "lt;", "gt;", "quot;", "apos;"}
_USED_PREFIX = re.compile(r"</?([A-Za-z_][\w.-]*):[\w.-]|\s([A-Za-z_][\w.-]*):[\w.-]+\s*=")
_DECLARED_PREFIX = re.compile(r"xmlns:([\w.-]+)\s*=")
_FIRST_START_TAG = re.compile(r"<([A-Za-z_][\w.:-]*)")
_URI_DECLARATION = re.compile(r"""(xmlns(?::[\w.-]+)?\s*=\s*)(["'])([^"']*[^\x00-\x7f][^"']*)\2""")
_NESTED_CDATA = re.compile(r"<!\[CDATA\[(.*)\]\]>(</[\w:.-]+>)")


class _Repairs:
    """Repairs grouped by kind: the first line where each happened, and how many lines."""

    def __init__(self) -> None:
        self.lines: dict[str, list[int]] = defaultdict(list)

    def note(self, what: str, line: int) -> None:
        if not self.lines[what] or self.lines[what][-1] != line:
            self.lines[what].append(line)

    def report(self) -> list[str]:
        notes = []
        for what, lines in self.lines.items():
            more = f" (and on {len(lines) - 1} more lines)" if len(lines) > 1 else ""
            notes.append(f"line {lines[0]}: {what}{more}")
        return notes


def _encoding(path: Path) -> str:
    with path.open("rb") as stream:
        head = stream.read(200).split(b"?>", 1)[0].decode("ascii", "replace")
    found = _DECLARATION.search(head) if head.lstrip("\ufeff \r\n\t").startswith("<?xml") else None
    encoding = found.group(1) if found else "utf-8"
    try:
        codecs.lookup(encoding)
    except LookupError:
        raise WXRError(
            f"{path}, line 1: the file says its encoding is {encoding[:40]!r}, which does not "
            f'exist; write encoding="UTF-8" there if the text is UTF-8, or export it again.'
        ) from None
    return encoding


def _lines(path: Path, encoding: str):
    """The file's lines as text; a byte that is not in the declared encoding stops here."""
    with path.open("rb") as stream:
        for number, raw in enumerate(stream, start=1):
            try:
                yield number, raw.decode(encoding)
            except UnicodeDecodeError:
                raise WXRError(
                    f"{path}, line {number}: bytes that are not {encoding}, the encoding the file "
                    f"declares; convert it (e.g. iconv -f latin1 -t utf-8) or export it again."
                ) from None


_OPAQUE = {"<![CDATA[": "]]>", "<!--": "-->"}


def _split_cdata(line: str, closer: str) -> tuple[list[tuple[str, bool]], str]:
    """Cut a line into (segment, is_opaque) pieces: CDATA sections and comments are opaque.

    `closer` is what ends the opaque section the previous line left open ("" if none).
    """
    pieces, position = [], 0
    while position < len(line):
        if closer:
            end = line.find(closer, position)
            if end < 0:
                pieces.append((line[position:], True))
                break
            end += len(closer)
            pieces.append((line[position:end], True))
            position, closer = end, ""
            continue
        starts = [(line.find(o, position), o) for o in _OPAQUE if line.find(o, position) >= 0]
        if not starts:
            pieces.append((line[position:], False))
            break
        start, opener = min(starts)
        pieces.append((line[position:start], False))
        closer = _OPAQUE[opener]
        end = line.find(closer, start + len(opener))
        if end < 0:
            pieces.append((line[start:], True))
            break
        end += len(closer)
        pieces.append((line[start:end], True))
        position, closer = end, ""
    return pieces, closer


def _escape_nested_cdata(line: str) -> str:
    """`<![CDATA[a ]]> b]]></x>` → the WordPress escape of the inner `]]>`."""

    def escape(match: re.Match[str]) -> str:
        inner = match.group(1)
        if "]]>" not in inner or re.search(r"\]\]></", inner):
            return match.group(0)
        return "<![CDATA[" + inner.replace("]]>", "]]]]><![CDATA[>") + "]]>" + match.group(2)

    return _NESTED_CDATA.sub(escape, line)


def _fix_entity(match: re.Match[str]) -> str:
    reference = match.group(1)
    if reference is None:
        return "&amp;"
    if reference.startswith("#") or reference in _XML_ENTITIES:
        return match.group(0)
    text = html.entities.html5.get(reference)
    return "".join(f"&#{ord(c)};" for c in text) if text else "&amp;" + reference


def _encode_uri(match: re.Match[str]) -> str:
    return (
        match.group(1)
        + match.group(2)
        + quote(match.group(3), safe=":/?#[]@!$&'()*+,;=%")
        + match.group(2)
    )


def _repair_text(text: str, number: int, repairs: _Repairs) -> str:
    fixed = _ENTITY.sub(_fix_entity, text)
    if fixed != text:
        repairs.note("bare & or HTML entity outside CDATA escaped", number)
    fixed = _URI_DECLARATION.sub(_encode_uri, fixed)
    if _URI_DECLARATION.search(text) and fixed != text:
        repairs.note("namespace address with non-ASCII letters percent-encoded", number)
    if "]]>" in fixed:
        fixed = fixed.replace("]]>", "]]&gt;")
        repairs.note("stray ]]> escaped", number)
    return fixed


def _prefixes(path: Path, encoding: str) -> tuple[dict[str, int], set[str]]:
    """Prefixes used outside CDATA (with their first line) and prefixes declared."""
    used: dict[str, int] = {}
    declared: set[str] = set()
    in_cdata = ""
    for number, line in _lines(path, encoding):
        pieces, in_cdata = _split_cdata(line, in_cdata)
        for text, is_cdata in pieces:
            if is_cdata:
                continue
            declared.update(_DECLARED_PREFIX.findall(text))
            for element, attribute in _USED_PREFIX.findall(text):
                prefix = element or attribute
                if prefix not in ("xmlns", "xml"):
                    used.setdefault(prefix, number)
    return used, declared


def repair_export(path: Path) -> tuple[Path, list[str]]:
    """Write a repaired UTF-8 copy of the export; return it with the list of repairs made."""
    encoding = _encoding(path)
    if encoding.lower().startswith("utf-16"):
        return path, []
    used, declared = _prefixes(path, encoding)
    missing = {prefix: line for prefix, line in used.items() if prefix not in declared}
    repairs = _Repairs()
    for prefix, line in missing.items():
        repairs.note(f"undeclared prefix {prefix}: declared", line)
    declarations = "".join(
        f' xmlns:{prefix}="{KNOWN_NAMESPACES.get(prefix, "urn:carnet:undeclared:" + prefix)}"'
        for prefix in missing
    )
    in_cdata, root_done = "", not declarations
    with tempfile.NamedTemporaryFile(
        "w", encoding="utf-8", suffix=".xml", prefix="carnet-wxr-", delete=False
    ) as copy:
        for number, line in _lines(path, encoding):
            if number == 1:
                line = _DECLARATION.sub('encoding="UTF-8"', line, count=1)
            clean = _CONTROL.sub("", line)
            if clean != line:
                repairs.note("control characters removed", number)
            if not in_cdata:
                clean = _escape_nested_cdata(clean)
                if clean.count("]]]]><![CDATA[>") > line.count("]]]]><![CDATA[>"):
                    repairs.note("]]> inside CDATA escaped", number)
            pieces, in_cdata = _split_cdata(clean, in_cdata)
            out = []
            for text, is_cdata in pieces:
                if not is_cdata:
                    text = _repair_text(text, number, repairs)
                    if not root_done:
                        text, root_done = _declare(text, declarations)
                out.append(text)
            copy.write("".join(out))
    return Path(copy.name), repairs.report()


def _declare(text: str, declarations: str) -> tuple[str, bool]:
    """Add the missing namespace declarations to the first start tag, if it is in `text`."""
    for match in _FIRST_START_TAG.finditer(text):
        end = match.end()
        return text[:end] + declarations + text[end:], True
    return text, False
