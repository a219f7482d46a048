"""Bilingual WordPress blogs: qTranslate's markers inside one post, Polylang's linked posts.

qTranslate kept every language in the same fields: `<!--:fr-->…<!--:-->` (old),
`[:fr]…[:en]…[:]` or `{:fr}…{:}` (qTranslate-X). Polylang made one post per language, filed
under a `language` term and grouped by a `post_translations` term.
"""

from __future__ import annotations

import re

_COMMENT_OPEN = re.compile(r"<!--:([a-z]{2}(?:[-_][A-Za-z]{2})?)-->")
_COMMENT_CLOSE = re.compile(r"<!--:-->")
_BRACE = re.compile(r"\{:([a-z]{2}(?:[-_][A-Za-z]{2})?)?\}")
_MARKER = re.compile(r"\[:([a-z]{2}(?:[-_][A-Za-z]{2})?)?\]")


def _as_brackets(text: str) -> str:
    text = _COMMENT_OPEN.sub(lambda m: f"[:{m.group(1)}]", text)
    text = _COMMENT_CLOSE.sub("[:]", text)
    return _BRACE.sub(lambda m: f"[:{m.group(1) or ''}]", text)


def has_qtranslate(text: str) -> bool:
    return bool(_MARKER.search(_as_brackets(text)))


def split_qtranslate(text: str) -> dict[str, str]:
    """Each language's version of a qTranslate text; text outside markers goes to every one.

    A text without markers gives {} (it is the same in every language).
    """
    text = _as_brackets(text)
    pieces: list[tuple[str, str]] = []
    language, position = "", 0
    for marker in _MARKER.finditer(text):
        pieces.append((language, text[position : marker.start()]))
        language, position = (marker.group(1) or "")[:2], marker.end()
    pieces.append((language, text[position:]))
    languages = {lang for lang, _ in pieces if lang}
    return {
        code: "".join(piece for lang, piece in pieces if lang in ("", code)) for code in languages
    }


def polylang_language(terms) -> str:
    """The language code of a Polylang post (`<category domain="language" nicename="fr">`)."""
    for term in terms:
        if term.domain == "language" and term.slug:
            return term.slug[:2].lower()
    return ""


def polylang_group(terms) -> str:
    for term in terms:
        if term.domain == "post_translations" and term.slug:
            return term.slug
    return ""
