"""The WordPress more-marker: `<!--more-->` or `<!--more Custom text-->` ends the excerpt.

`<!--noteaser-->` is dropped: WordPress uses it to hide the excerpt on the full post,
Carnet always shows the whole post.
"""

import re
from dataclasses import dataclass

from carnet.content.htmlparse import LenientHTMLParser

# The id of the anchor left where the marker was, for the "continue reading" link.
MORE_ANCHOR_ID = "more"

MORE_MARKER = re.compile(r"<!--\s*more(\s[\s\S]*?)?-->")
NOTEASER_MARKER = re.compile(r"<!--\s*noteaser\s*-->")
_COMMENT_TEXT = re.compile(r"\s*more(\s[\s\S]*)?")

# A backtick fence's info string holds no backtick: "```x```" is a code span.
_FENCE = re.compile(r"[ \t>]*(`{3,}(?=[^`]*$)|~{3,})")
_CODE_SPAN = re.compile(r"(?<!`)(`+)(?!`)[\s\S]*?(?<!`)\1(?!`)")
_BLANK_LINE = re.compile(r"\n[ \t]*\n")


@dataclass(frozen=True)
class MoreSplit:
    """A source cut at its first more-marker; `rest` is None when there is none."""

    intro: str
    rest: str | None
    more_text: str | None


@dataclass(frozen=True)
class MoreMarker:
    """Where the first more-marker comment sits in a piece of HTML."""

    start: int
    end: int
    more_text: str | None


def _more_text(custom_text: str | None) -> str | None:
    return (custom_text or "").strip() or None


def split_more(source: str) -> MoreSplit:
    """Cut Markdown or HTML source at its first more-marker outside code fences and code spans."""
    code = _code_ranges(source)
    for marker in MORE_MARKER.finditer(source):
        if not any(start <= marker.start() < end for start, end in code):
            intro = NOTEASER_MARKER.sub("", source[: marker.start()]).rstrip()
            rest = NOTEASER_MARKER.sub("", source[marker.end() :]).lstrip("\r\n")
            return MoreSplit(intro, rest, _more_text(marker.group(1)))
    return MoreSplit(NOTEASER_MARKER.sub("", source), None, None)


def _code_ranges(source: str) -> list[tuple[int, int]]:
    """Spans of `source` that Markdown shows as code: fenced blocks, and code spans outside them."""
    fences = _fence_ranges(source)
    ranges = list(fences)
    position = 0
    for start, end in [*fences, (len(source), len(source))]:
        ranges.extend(_code_span_ranges(source, position, start))
        position = end
    return ranges


def _fence_ranges(source: str) -> list[tuple[int, int]]:
    ranges, opening, fence_start, offset = [], "", 0, 0
    for line in source.splitlines(keepends=True):
        fence = _FENCE.match(line)
        if not opening and fence:
            opening, fence_start = fence.group(1), offset
        elif opening and fence and _closes(fence.group(1), line[fence.end() :], opening):
            ranges.append((fence_start, offset + len(line)))
            opening = ""
        offset += len(line)
    if opening:
        ranges.append((fence_start, len(source)))
    return ranges


def _closes(fence: str, after: str, opening: str) -> bool:
    return fence[0] == opening[0] and len(fence) >= len(opening) and not after.strip()


def _code_span_ranges(source: str, start: int, end: int) -> list[tuple[int, int]]:
    """Code spans between `start` and `end`; like Markdown, none runs across a blank line."""
    ranges = []
    for paragraph_end in [*(m.start() for m in _BLANK_LINE.finditer(source, start, end)), end]:
        spans = _CODE_SPAN.finditer(source, start, paragraph_end)
        ranges.extend(span.span() for span in spans)
        start = paragraph_end
    return ranges


class _MarkerFinder(LenientHTMLParser):
    """Finds the first more-marker that is a real comment, not text or an attribute value."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: tuple[int, int, re.Match[str]] | None = None

    def handle_comment(self, data: str) -> None:
        comment = _COMMENT_TEXT.fullmatch(data)
        if comment and self.found is None:
            self.found = (*self.getpos(), comment)


def find_more_marker(html: str) -> MoreMarker | None:
    """Locate the first more-marker comment in HTML (rendered Markdown or an HTML source)."""
    finder = _MarkerFinder()
    finder.feed(html)
    finder.close()
    if finder.found is None:
        return None
    line, column, comment = finder.found
    start = _line_offset(html, line) + column
    end = html.index(">", start + len("<!--") + len(comment.string)) + 1
    return MoreMarker(start, end, _more_text(comment.group(1)))


def _line_offset(html: str, line: int) -> int:
    """Where line number `line` starts; HTMLParser counts lines by "\\n" alone."""
    offset = 0
    for _ in range(line - 1):
        offset = html.index("\n", offset) + 1
    return offset
