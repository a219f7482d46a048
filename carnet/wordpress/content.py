"""A WordPress post's text made into the HTML WordPress would show: paragraphs (wpautop),
block comments dropped, `[caption]`, `[embed]`, `[audio]`, `[video]` and bare URLs turned into
figures, players and links. The result is stored as the post's HTML source; Carnet's one
sanitiser cleans it when the post is rendered.
"""

from __future__ import annotations

import hashlib
import html
import json
import re
from collections.abc import Callable
from html import escape

from carnet.content.figures import split_credit

# Bump when the conversion changes, so that the next import refreshes every post.
CONVERSION_VERSION = "1"

GALLERY = re.compile(r"\[gallery(?P<attrs>[^\]]*)\]")

_MORE_BLOCK = re.compile(
    r"<!--\s*wp:more(?P<attrs>\s+\{.*?\})?\s*-->\s*(?:<!--more(?P<text>[^>]*?)-->)?\s*"
    r"<!--\s*/wp:more\s*-->",
    re.DOTALL,
)
_NEXTPAGE_BLOCK = re.compile(
    r"<!--\s*wp:nextpage\s*-->\s*(?:<!--nextpage-->)?\s*<!--\s*/wp:nextpage\s*-->"
)
_BLOCK_COMMENT = re.compile(r"<!--\s*/?wp:[a-z][^>]*?-->")
_NEXTPAGE = re.compile(r"<!--\s*nextpage\s*-->")
_PAGE_BREAK = '\n\n<hr class="page-break">\n\n'

_SHORTCODE_ATTR = re.compile(r"""([\w-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"']+))""")
_CAPTION = re.compile(
    r"\[(?:caption|wp_caption)(?P<attrs>[^\]]*)\](?P<body>.*?)\[/(?:caption|wp_caption)\]",
    re.DOTALL,
)
_IMAGE = re.compile(r"(?:<a\b[^>]*>\s*)?<img\b[^>]*>(?:\s*</a>)?", re.IGNORECASE)
_EMBED = re.compile(r"\[embed[^\]]*\](?P<url>.*?)\[/embed\]", re.DOTALL)
_MEDIA = re.compile(
    r"\[(?P<kind>audio|video)(?P<attrs>[^\]]*)\](?:(?P<body>.*?)\[/(?P=kind)\])?", re.DOTALL
)
_YOUTUBE = re.compile(r"\[youtube[= ](?P<url>[^\]\s]+)[^\]]*\]")
_URL_LINE = re.compile(
    r"^(?P<lead>[ \t]*(?:<[a-z]+[^>]*>)?[ \t]*)(?P<url>https?://[^\s<>\"']+)"
    r"(?P<trail>[ \t]*(?:</[a-z]+>)?[ \t]*)$",
    re.MULTILINE,
)

_BLOCK_TAGS = (
    "address|article|aside|blockquote|details|dd|div|dl|dt|fieldset|figcaption|figure|footer|"
    "form|h[1-6]|header|hr|li|main|nav|ol|p|pre|section|summary|table|tbody|td|tfoot|th|thead|"
    "tr|ul|audio|video|iframe|object|embed|script|style|math|svg|caption|colgroup|col|picture"
)
_STARTS_WITH_BLOCK = re.compile(rf"^\s*(?:<!--.*?-->\s*)*</?(?:{_BLOCK_TAGS})\b", re.I | re.S)
_OPENING_BLOCK = re.compile(rf"<(?:{_BLOCK_TAGS})\b[^>]*>", re.IGNORECASE)
_CLOSING_BLOCK = re.compile(rf"</(?:{_BLOCK_TAGS})>", re.IGNORECASE)
_ONLY_COMMENT = re.compile(r"^\s*<!--.*?-->\s*$", re.DOTALL)
_PRE = re.compile(r"<pre\b.*?</pre>", re.IGNORECASE | re.DOTALL)
_TAG = re.compile(r"<[^>]*>")


def is_block_editor_text(text: str) -> bool:
    """True for Gutenberg content, which carries its own <p> and is not run through wpautop."""
    return "<!-- wp:" in text


def shortcode_attributes(text: str) -> dict[str, str]:
    return {
        name.lower(): next(v for v in values if v is not None)
        if any(v is not None for v in values)
        else ""
        for name, *values in _SHORTCODE_ATTR.findall(text)
    }


def strip_blocks(text: str) -> str:
    """Drop Gutenberg's block comments, keeping the more and next-page markers they wrap."""

    def more(match: re.Match[str]) -> str:
        custom = ""
        if match.group("attrs"):
            try:
                custom = str(json.loads(match.group("attrs")).get("customText", ""))
            except (ValueError, AttributeError):
                custom = ""
        custom = custom or (match.group("text") or "").strip()
        return f"<!--more {custom}-->" if custom else "<!--more-->"

    text = _MORE_BLOCK.sub(more, text)
    text = _NEXTPAGE_BLOCK.sub("<!--nextpage-->", text)
    return _BLOCK_COMMENT.sub("", text)


def _figure(image_html: str, caption_html: str) -> str:
    caption, credit = split_credit(caption_html)
    parts = [caption.strip()] if caption.strip() else []
    if credit:
        parts.append(f'<span class="figure-credit">[{escape(credit)}]</span>')
    figcaption = f"<figcaption>{' '.join(parts)}</figcaption>" if parts else ""
    return f'\n\n<figure class="figure">{image_html.strip()}{figcaption}</figure>\n\n'


def captions_to_figures(text: str) -> str:
    """`[caption …]<img …> Text [Credit][/caption]` → a figure with its caption and credit."""

    def caption(match: re.Match[str]) -> str:
        attributes = shortcode_attributes(match.group("attrs"))
        body = match.group("body")
        image = _IMAGE.search(body)
        if image is None:
            return body
        words = attributes.get("caption") or (body[: image.start()] + body[image.end() :])
        return _figure(image.group(0), words.strip())

    return _CAPTION.sub(caption, text)


def _link(url: str) -> str:
    url = html.unescape(url.strip())
    return f'<a href="{escape(url)}">{escape(url)}</a>'


def media_to_html(text: str) -> str:
    """`[embed]`, `[youtube]`, `[audio]`, `[video]` and URLs alone on a line → players or links."""
    text = _EMBED.sub(lambda m: f"\n\n<p>{_link(m.group('url'))}</p>\n\n", text)
    text = _YOUTUBE.sub(lambda m: f"\n\n<p>{_link(m.group('url'))}</p>\n\n", text)

    def player(match: re.Match[str]) -> str:
        attributes = shortcode_attributes(match.group("attrs"))
        kind = match.group("kind")
        formats = ("src", "mp3", "m4a", "ogg", "wav") if kind == "audio" else ("src", "mp4", "webm")
        source = next((attributes[f] for f in formats if attributes.get(f)), "")
        source = source or (match.group("body") or "").strip()
        if not source.startswith(("http://", "https://", "/")):
            return match.group(0)
        url = escape(html.unescape(source))
        return f'\n\n<{kind} controls src="{url}"><a href="{url}">{url}</a></{kind}>\n\n'

    text = _MEDIA.sub(player, text)
    return _URL_LINE.sub(lambda m: m.group("lead") + _link(m.group("url")) + m.group("trail"), text)


def autop(text: str) -> str:
    """WordPress's paragraphs: blank lines part paragraphs, a single newline is a line break.

    Text that starts with a block element (a list, a table, a figure…) is left as written,
    and <pre> keeps its newlines.
    """
    kept: list[str] = []

    def keep(match: re.Match[str]) -> str:
        kept.append(match.group(0))
        return f"\x00{len(kept) - 1}\x00"

    text = _PRE.sub(keep, text.replace("\r\n", "\n").replace("\r", "\n"))
    # Like wpautop, a block element stands apart from the text around it.
    text = _OPENING_BLOCK.sub(lambda m: "\n\n" + m.group(0), text)
    text = _CLOSING_BLOCK.sub(lambda m: m.group(0) + "\n\n", text)
    paragraphs = []
    for chunk in re.split(r"\n[ \t]*\n", text):
        chunk = chunk.strip("\n")
        if not chunk.strip():
            continue
        if (
            _STARTS_WITH_BLOCK.match(chunk)
            or _ONLY_COMMENT.match(chunk)
            or chunk.startswith("\x00")
        ):
            paragraphs.append(chunk.strip())
        else:
            lines = [line.strip() for line in chunk.strip().split("\n")]
            paragraphs.append("<p>" + "<br>\n".join(lines) + "</p>")
    joined = "\n\n".join(paragraphs)
    return re.sub(r"\x00(\d+)\x00", lambda m: kept[int(m.group(1))], joined)


def convert_body(text: str, rewrite_url: Callable[[str], str] | None = None) -> str:
    """A WordPress post's content as the HTML Carnet stores (galleries stay as shortcodes)."""
    block_editor = is_block_editor_text(text)
    text = strip_blocks(text) if block_editor else text
    text = captions_to_figures(text)
    text = media_to_html(text)
    text = _NEXTPAGE.sub(_PAGE_BREAK, text)
    text = text.strip() if block_editor else autop(text)
    if rewrite_url is not None:
        text = rewrite_url(text)
    return text


def plain_title(text: str) -> str:
    """A title without its markup or entities, as Carnet keeps titles: plain text."""
    return html.unescape(_TAG.sub("", text)).strip()[:300]


def plain_excerpt(text: str) -> str:
    return html.unescape(_TAG.sub("", text)).strip()


def digest(*parts: object) -> str:
    """The checksum an import keeps of an object's text, to see on the next one if it changed."""
    return hashlib.sha256(repr((CONVERSION_VERSION, *parts)).encode()).hexdigest()
