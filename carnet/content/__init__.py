"""A post's source text (Markdown or HTML) made into safe HTML, cut at the more-marker."""

from carnet.content.figures import FigureData
from carnet.content.more import split_more
from carnet.content.render import Rendered, render
from carnet.content.sanitize import sanitize_html
from carnet.content.text import fold_accents, plain_text

__all__ = [
    "FigureData",
    "Rendered",
    "fold_accents",
    "plain_text",
    "render",
    "sanitize_html",
    "split_more",
]
