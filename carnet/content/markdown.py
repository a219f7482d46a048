"""Markdown to HTML: CommonMark with tables, footnotes and strikethrough, figures, heading ids.

The HTML is not sanitised: callers pass it through `sanitize_html`. The parser is made at the
first Markdown to render: serving and building pages need none (their HTML is stored).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from functools import cache
from html import escape
from itertools import pairwise
from typing import TYPE_CHECKING

from carnet.content.figures import FigureData, render_figure, split_credit
from carnet.content.more import MORE_ANCHOR_ID
from carnet.content.text import fold_accents

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.rules_core import StateCore
    from markdown_it.token import Token

FigureResolver = Callable[[str], FigureData | None]

_SHORTCODE = re.compile(r"\[figure\s+([^\s\[\]]+)\s*\]")
_NOT_IN_SLUG = re.compile(r"[\W_]+")


def _inline_text(tokens: Sequence[Token]) -> str:
    """The words of inline tokens, as a screen reader would say them."""
    words = []
    for token in tokens:
        if token.type in ("text", "code_inline"):
            words.append(token.content)
        elif token.type in ("softbreak", "hardbreak"):
            words.append(" ")
        elif token.children:
            words.append(_inline_text(token.children))
    return "".join(words)


def _heading_slug(text: str) -> str:
    return _NOT_IN_SLUG.sub("-", fold_accents(text)).strip("-") or "section"


def _add_heading_ids(state: StateCore) -> None:
    """Give each heading an id made from its text, unique in the post, so it can be linked."""
    taken = {MORE_ANCHOR_ID}
    for heading, inline in pairwise(state.tokens):
        if heading.type != "heading_open":
            continue
        slug = base = _heading_slug(_inline_text(inline.children or []))
        number = 1
        while slug in taken:
            number += 1
            slug = f"{base}-{number}"
        taken.add(slug)
        heading.attrSet("id", slug)


def _titled_image(children: Sequence[Token]) -> tuple[Token, str] | None:
    """The image of `![alt](src "Caption")` or `[![alt](src "Caption")](link)`, and the link."""
    kinds = [child.type for child in children]
    if kinds == ["image"]:
        image, link = children[0], ""
    elif kinds == ["link_open", "image", "link_close"]:
        image, link = children[1], str(children[0].attrGet("href") or "")
    else:
        return None
    return (image, link) if image.attrGet("title") else None


def _image_figure(children: Sequence[Token]) -> str | None:
    found = _titled_image(children)
    if found is None:
        return None
    image, link = found
    caption, credit = split_credit(str(image.attrGet("title")))
    alt = _inline_text(image.children or [])
    src = str(image.attrGet("src") or "")
    return render_figure(FigureData(src, alt, caption, credit, link=link))


def _shortcode_figure(children: Sequence[Token], resolver: FigureResolver | None) -> str | None:
    """`[figure slug]` alone in a paragraph: the figure the resolver finds, or a visible note."""
    if any(child.type != "text" for child in children):
        return None
    shortcode = _SHORTCODE.fullmatch("".join(child.content for child in children))
    if shortcode is None:
        return None
    figure = resolver(shortcode[1]) if resolver else None
    if figure is None:
        return f'<p class="figure-missing">{escape(shortcode[0])}</p>'
    return render_figure(figure)


def _replace_figure_paragraphs(state: StateCore) -> None:
    """Turn a paragraph holding only a titled image or a figure shortcode into a figure."""
    from markdown_it.token import Token

    tokens, index = state.tokens, 0
    resolver = state.env.get("figure_resolver")
    while index < len(tokens) - 2:
        opening, inline = tokens[index], tokens[index + 1]
        if opening.type == "paragraph_open" and inline.type == "inline":
            children = inline.children or []
            figure = _image_figure(children) or _shortcode_figure(children, resolver)
            if figure is not None:
                block = Token("html_block", "", 0, content=figure + "\n", block=True)
                block.map = opening.map
                tokens[index : index + 3] = [block]
        index += 1


@cache
def _markdown() -> MarkdownIt:
    from markdown_it import MarkdownIt
    from mdit_py_plugins.footnote import footnote_plugin

    options = {"html": True, "linkify": False, "typographer": False}
    markdown = MarkdownIt("commonmark", options).enable(["table", "strikethrough"])
    markdown.use(footnote_plugin)
    markdown.core.ruler.push("carnet_heading_ids", _add_heading_ids)
    markdown.core.ruler.push("carnet_figures", _replace_figure_paragraphs)
    return markdown


def named_figures(text: str) -> set[str]:
    """The slugs a Markdown text names in `[figure slug]` (those quoted in code count too)."""
    return {shortcode[1] for shortcode in _SHORTCODE.finditer(text)}


def render_markdown(text: str, figure_resolver: FigureResolver | None = None) -> str:
    """Render a post's Markdown to (unsanitised) HTML; `[figure slug]` asks `figure_resolver`."""
    return _markdown().render(text, {"figure_resolver": figure_resolver})
