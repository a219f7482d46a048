"""Plain text out of a post, for search indexes, feed summaries and meta descriptions."""

import unicodedata

from carnet.content.htmlparse import LenientHTMLParser

# Elements whose content is never text a reader sees.
_HIDDEN = frozenset({"script", "style", "template", "noscript"})

# Elements that sit inside a line of text: no space around them ("H<sub>2</sub>O").
# fmt: off
_INLINE = frozenset({
    "a", "abbr", "b", "bdi", "bdo", "cite", "code", "del", "dfn", "em", "i", "ins", "kbd",
    "mark", "q", "s", "samp", "small", "span", "strong", "sub", "sup", "time", "u", "var",
})
# fmt: on

# Letters that Unicode does not decompose into a base letter and an accent.
_LIGATURES = str.maketrans({"œ": "oe", "æ": "ae", "ß": "ss", "ø": "o", "ł": "l", "đ": "d"})


class _TextCollector(LenientHTMLParser):
    """Keeps the text, with a space at block boundaries so words in adjacent blocks stay apart."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.pieces: list[str] = []
        self.hidden_depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _HIDDEN:
            self.hidden_depth += 1
        if tag not in _INLINE:
            self.pieces.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag in _HIDDEN and self.hidden_depth:
            self.hidden_depth -= 1
        if tag not in _INLINE:
            self.pieces.append(" ")

    def handle_data(self, data: str) -> None:
        if not self.hidden_depth:
            self.pieces.append(data)


# How much HTML is read at a time when only the start of its text is wanted.
_CHUNK = 512


def plain_text(html: str, enough: int | None = None) -> str:
    """The text of some HTML: tags dropped, entities decoded, whitespace collapsed.

    With `enough`, reading may stop once the text is longer than that: what comes back is then
    longer than `enough` and the start of the whole text (a summary needs no more).
    """
    collector = _TextCollector()
    if enough is None:
        collector.feed(html)
    else:
        for start in range(0, len(html), _CHUNK):
            collector.feed(html[start : start + _CHUNK])
            if sum(map(len, collector.pieces)) > enough:
                text = _collapsed(collector.pieces)
                if len(text) > enough:
                    return text
    collector.close()
    return _collapsed(collector.pieces)


def _collapsed(pieces: list[str]) -> str:
    return " ".join("".join(pieces).split())


def fold_accents(text: str) -> str:
    """Text for matching regardless of case and accents: "Élection" → "election"."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    bare = "".join(char for char in decomposed if not unicodedata.combining(char))
    return bare.translate(_LIGATURES)
