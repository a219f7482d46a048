"""A news page's figures: the image, its alt text, its caption and its photo credit.

Extractors keep an article's images but lose their captions and credits, so the page's
own `<figure>` elements are read here first. Each image's address is then written back
into the page in one plain `src`, so the extractor's copy of it can be matched to the
figure read here; captions are taken out, so they do not come back as stray paragraphs.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from urllib.parse import urljoin

from lxml import etree
from lxml import html as lxml_html

from carnet.content.figures import split_credit

# Elements whose text is a block of the article; a figure is placed between two of them.
TEXT_BLOCK_TAGS = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "pre", "dd"}
# Parts of a page that are not the article, by element and by class or id.
OUTSIDE_TAGS = {"aside", "nav", "footer", "form", "menu"}
OUTSIDE_HINTS = re.compile(
    r"(?:^|[\s_-])(?:related|promo|advert|ads|newsletter|share|sharing|social|recommended"
    r"|sidebar|comments|outbrain|taboola)(?:[\s_-]|$)",
    re.IGNORECASE,
)
# Containers that hold the article itself, whatever their class says.
ARTICLE_TAGS = {"html", "body", "main", "article"}
CREDIT_HINTS = re.compile(r"credit|copyright|byline|photographer|author|source", re.IGNORECASE)
LAZY_SOURCES = ("data-src", "data-lazy-src", "data-original", "data-url")
_LABELLED_CREDIT = re.compile(
    r"(?P<caption>.*?)[\s|/–—(-]*\b(?P<label>photo(?:graph)?s?|pictures?|images?|credits?"
    r"|crédits?(?:\s+photos?)?|illustrations?)\s?:\s*(?P<credit>[^:()]{1,150})\)?",
    re.IGNORECASE,
)
_COPYRIGHT_CREDIT = re.compile(r"(?P<caption>.*?)[\s(]*(?:©|\(c\))\s*(?P<credit>[^©()]{1,150})\)?")
_CREDIT_PREFIX = re.compile(
    r"^(?:(?:photo(?:graph)?s?|pictures?|images?|credits?|crédits?(?:\s+photos?)?)\s?:|©|\(c\))\s*",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class ClippedFigure:
    """An image of the article, with its text as the page gave it (plain text)."""

    src: str
    alt: str = ""
    caption: str = ""
    credit: str = ""


@dataclass(frozen=True)
class FoundFigure:
    """A figure of the page, and the text blocks just before and after it there."""

    figure: ClippedFigure
    text_before: str
    text_after: str


def text_key(text: str) -> str:
    """A short, case- and space-insensitive key that finds the same text in two copies."""
    return " ".join(text.split()).casefold()[:80]


def plain(element: etree._Element | None) -> str:
    return " ".join(element.text_content().split()) if element is not None else ""


def absolute_url(address: str | None, base: str) -> str:
    """`address` made absolute against `base`, if that gives an http(s) address; else ""."""
    address = (address or "").strip()
    if not address or address.startswith("data:"):
        return ""
    absolute = urljoin(base, address) if base else address
    return absolute if absolute.startswith(("http://", "https://")) else ""


def _classes(element: etree._Element) -> str:
    return f"{element.get('class') or ''} {element.get('id') or ''}"


def _is_figure(element: etree._Element) -> bool:
    return element.tag == "figure" or (
        element.tag == "div" and "wp-caption" in (element.get("class") or "").split()
    )


def _is_outside(element: etree._Element) -> bool:
    if element.tag in ARTICLE_TAGS:
        return False
    return element.tag in OUTSIDE_TAGS or bool(OUTSIDE_HINTS.search(_classes(element)))


def collect_figures(tree: lxml_html.HtmlElement, base: str) -> list[FoundFigure]:
    """The article's figures in page order, each between the text blocks around it.

    Rewrites the tree for the extractor: one absolute `src` per figure image, no captions.
    """
    events, found, texts = [], [], []
    outside = inside_figure = 0
    for action, element in etree.iterwalk(tree, events=("start", "end")):
        if not isinstance(element.tag, str):
            continue
        if action == "end":
            outside -= _is_outside(element)
            inside_figure -= _is_figure(element)
            continue
        if _is_figure(element):
            if not outside and not inside_figure:
                events.append(("figure", element))
            inside_figure += 1
        elif element.tag in TEXT_BLOCK_TAGS and not inside_figure and not outside:
            events.append(("text", element))
        outside += _is_outside(element)
    for kind, element in events:
        if kind == "text":
            key = text_key(element.text_content())
            if key:
                texts.append((len(found), key))
        else:
            figure = read_figure(element, base)
            if figure is not None:
                found.append(figure)
    return _with_neighbours(found, texts)


def _with_neighbours(
    figures: list[ClippedFigure], texts: list[tuple[int, str]]
) -> list[FoundFigure]:
    """Each figure with the keys of the last text before it and the first text after it.

    `texts` is in page order, each with the number of figures found before it.
    """
    positions = [position for position, _key in texts]
    placed = []
    for index, figure in enumerate(figures):
        after = bisect.bisect_right(positions, index)
        before_key = texts[after - 1][1] if after > 0 else ""
        after_key = texts[after][1] if after < len(texts) else ""
        placed.append(FoundFigure(figure, before_key, after_key))
    return placed


def read_figure(element: etree._Element, base: str) -> ClippedFigure | None:
    """A `<figure>`'s image and its text; None when it holds no image (a video, a quote)."""
    image = next(element.iter("img"), None)
    if image is None:
        return None
    src = image_source(image, base)
    if not src:
        return None
    caption, credit = caption_and_credit(element)
    for source in list(element.iter("source")):
        source.drop_tree()
    for name in ("srcset", "sizes", *LAZY_SOURCES, "data-srcset"):
        image.attrib.pop(name, None)
    image.set("src", src)
    return ClippedFigure(
        src=src, alt=" ".join((image.get("alt") or "").split()), caption=caption, credit=credit
    )


def image_source(image: etree._Element, base: str) -> str:
    """The real address of an `<img>`: a lazy loader's, its own, or its largest srcset one."""
    for name in (*LAZY_SOURCES, "src"):
        found = absolute_url(image.get(name), base)
        if found:
            return found
    candidates = [image.get("srcset"), image.get("data-srcset")]
    parent = image.getparent()
    if parent is not None and parent.tag == "picture":
        candidates += [source.get("srcset") for source in parent.iter("source")]
    for srcset in candidates:
        found = absolute_url(_largest(srcset or ""), base)
        if found:
            return found
    return ""


def _largest(srcset: str) -> str:
    """The address of the widest (or densest) candidate of a srcset."""
    best, best_size = "", -1.0
    for candidate in srcset.split(","):
        address, _space, descriptor = candidate.strip().partition(" ")
        try:
            size = float(descriptor.strip()[:-1] or 1) if descriptor.strip() else 1.0
        except ValueError:
            size = 0.0
        if address and size > best_size:
            best, best_size = address, size
    return best


def caption_and_credit(figure: etree._Element) -> tuple[str, str]:
    """The caption and the photo credit of a figure, and take both out of the page.

    The credit is an element marked as one (class credit, copyright…), or the end of the
    caption: "[Agency]", "Photo: Name", "© Name".
    """
    caption_element = next(figure.iter("figcaption"), None)
    if caption_element is None:
        caption_element = next(
            (e for e in figure.iter() if "wp-caption-text" in (e.get("class") or "").split()), None
        )
    credit_elements = [
        element
        for element in figure.iter()
        if isinstance(element.tag, str)
        and element is not figure
        and element is not caption_element
        and element.tag not in ("img", "picture", "source")
        and CREDIT_HINTS.search(_classes(element))
    ]
    credit = plain(credit_elements[0]) if credit_elements else ""
    for element in credit_elements:
        if element.getparent() is not None:
            element.drop_tree()
    caption = plain(caption_element)
    if caption_element is not None and caption_element.getparent() is not None:
        caption_element.drop_tree()
    if not credit:
        caption, credit = split_caption(caption)
    return caption.strip(" |/–—-,"), clean_credit(credit)


def split_caption(caption: str) -> tuple[str, str]:
    """Cut a credit off the end of a caption: "[X]", "Photo: X", "Crédit photo : X", "© X"."""
    text, credit = split_credit(caption)
    if credit:
        return text, credit
    for pattern in (_LABELLED_CREDIT, _COPYRIGHT_CREDIT):
        found = pattern.fullmatch(caption)
        if found and found["credit"].strip():
            return found["caption"], found["credit"]
    return caption, ""


def clean_credit(credit: str) -> str:
    """ "Photo: Ines Calloway" or "(© Agency)" → the name alone."""
    credit = " ".join(credit.split()).strip(" []()")
    return _CREDIT_PREFIX.sub("", credit).strip(" []()")
