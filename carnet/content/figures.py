"""Figures: an image with its caption and its credit, shown like a news photo."""

import re
from dataclasses import dataclass
from html import escape

_TRAILING_CREDIT = re.compile(r"(?P<caption>.*?)\s*\[(?P<credit>[^\[\]]*)\]", re.DOTALL)


@dataclass(frozen=True)
class FigureData:
    """What a figure shows; caption and credit are plain text."""

    src: str
    alt: str
    caption: str = ""
    credit: str = ""
    width: int | None = None
    height: int | None = None
    srcset: str = ""
    sizes: str = ""
    link: str = ""


def split_credit(title: str) -> tuple[str, str]:
    """Cut "Caption text [Agency Name]" into its caption and its credit."""
    title = title.strip()
    found = _TRAILING_CREDIT.fullmatch(title)
    if found is None or not found["credit"].strip():
        return title, ""
    return found["caption"], found["credit"].strip()


def _attributes(pairs: list[tuple[str, object]]) -> str:
    """Attributes with a value, escaped; `alt` is kept even when empty."""
    return "".join(
        f' {name}="{escape(str(value))}"'
        for name, value in pairs
        if name == "alt" or value not in ("", None)
    )


def _image(figure: FigureData) -> str:
    attributes = _attributes(
        [
            ("src", figure.src),
            ("alt", figure.alt),
            ("width", figure.width),
            ("height", figure.height),
            ("loading", "lazy"),
            ("decoding", "async"),
            ("srcset", figure.srcset),
            ("sizes", figure.sizes),
        ]
    )
    image = f"<img{attributes}>"
    if figure.link:
        return f'<a href="{escape(figure.link)}">{image}</a>'
    return image


def _figcaption(figure: FigureData) -> str:
    parts = []
    if figure.caption:
        parts.append(escape(figure.caption))
    if figure.credit:
        parts.append(f'<span class="figure-credit">[{escape(figure.credit)}]</span>')
    return f"<figcaption>{' '.join(parts)}</figcaption>" if parts else ""


def render_figure(figure: FigureData) -> str:
    """The HTML of a figure: a lazy-loaded image, then its caption and credit if any."""
    return f'<figure class="figure">{_image(figure)}{_figcaption(figure)}</figure>'
