"""A news page made into an article: its metadata, and its text as blocks in reading order.

trafilatura finds the article's text among the page's menus, teasers and footers, and keeps
its sub-headings, quotes, lists and images in order. What it lacks is added from the page
itself: its own description of the article (`metadata`), figure captions and credits
(`figures`), live-blog entries, and the parts of a paywalled page that are not free.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from lxml import etree
from lxml import html as lxml_html

from carnet.clipping import ClipError
from carnet.clipping.figures import (
    ClippedFigure,
    FoundFigure,
    absolute_url,
    collect_figures,
    plain,
    text_key,
)
from carnet.clipping.metadata import PageMetadata, guess_language, read_metadata
from carnet.clipping.pages import parse_page

# Paragraph classes that mark a standfirst, or a byline that is metadata rather than text.
_STANDFIRST_CLASS = re.compile(
    r"standfirst|chapo|chapeau|\bdek\b|lede|summary|intro|subtitle", re.I
)
_BYLINE_CLASS = re.compile(r"byline|author|auteur|signature|dateline", re.I)
# Containers of the part of a page kept for subscribers.
_PAYWALL_TOKENS = {
    "paywall",
    "paywalled",
    "pay-wall",
    "regwall",
    "subscriber-only",
    "subscription-wall",
    "subscribe-wall",
    "subscribe-box",
}


@dataclass(frozen=True)
class Span:
    """A run of text with one style; `href` when it is a link."""

    text: str
    bold: bool = False
    italic: bool = False
    href: str = ""


Line = tuple[Span, ...]


@dataclass(frozen=True)
class Block:
    """One block of the article: paragraph, heading, quote, list or figure."""

    kind: str
    lines: tuple[Line, ...] = ()
    level: int = 0
    ordered: bool = False
    figure: ClippedFigure | None = None
    # The class the page gave a paragraph: it tells a standfirst or a byline from the text.
    page_class: str = ""

    @property
    def text(self) -> str:
        return " ".join("".join(span.text for span in line) for line in self.lines)

    def text_keys(self) -> set[str]:
        """The keys of its text, whole and line by line, to find a figure's neighbour."""
        lines = {text_key("".join(span.text for span in line)) for line in self.lines}
        return {key for key in {*lines, text_key(self.text)} if key}


@dataclass(frozen=True)
class Article:
    """A clipped article: who published what, when, where, in which language, and its text."""

    title: str
    standfirst: str = ""
    authors: tuple[str, ...] = ()
    publication: str = ""
    published: datetime.date | None = None
    url: str = ""
    language: str = ""
    blocks: tuple[Block, ...] = ()
    paywalled: bool = False

    @property
    def figures(self) -> list[ClippedFigure]:
        return [block.figure for block in self.blocks if block.figure is not None]


# The article -----------------------------------------------------------------


def extract_article(page: str, url: str = "", where: str = "") -> Article:
    """The article of a page's HTML; `url` is where the page came from, if known."""
    where = where or url or "the page"
    tree = parse_page(page, where)
    metadata = read_metadata(tree)
    base = _base_url(tree, url, metadata)
    paywalled = _remove_paywalled(tree, metadata)
    entries = _entries(tree)
    if len(entries) >= (2 if metadata.is_live_blog else 3):
        _unnest_entries(entries)
    found = collect_figures(tree, base)
    import trafilatura  # here, so that serving pages does not load it in every worker

    try:
        document = trafilatura.bare_extraction(
            tree,
            url=base or None,
            with_metadata=True,
            include_comments=False,
            include_tables=False,
            include_images=True,
            include_formatting=True,
            include_links=True,
            # The publication date, from the page's markup: no guessing from dates in the text.
            date_extraction_params={"extensive_search": False, "original_date": True},
        )
    except Exception as error:  # the extractor's own failure on an odd page: not a traceback
        raise ClipError(f"could not read the article in {where} ({error}).") from error
    if document is None or document.body is None:
        raise ClipError(f"found no article in {where}: is it a news page?")
    return _assemble(document, metadata, found, base, url, paywalled)


def _assemble(
    document, metadata: PageMetadata, found: list[FoundFigure], base: str, url: str, paywalled: bool
) -> Article:
    title = metadata.headline or " ".join((document.title or "").split())
    figures_by_src = {item.figure.src: item.figure for item in found}
    blocks = list(_blocks(document.body, base, figures_by_src))
    standfirst, blocks = _take_standfirst(
        blocks, metadata.description or document.description or ""
    )
    blocks = [b for b in blocks if b.figure or text_key(b.text) != text_key(title)]
    blocks = _place_figures(blocks, found, {text_key(title), text_key(standfirst)})
    if not any(block.figure for block in blocks):
        lead = absolute_url(metadata.image or document.image, base)
        if lead:
            blocks.insert(0, Block("figure", figure=ClippedFigure(lead, alt=metadata.image_alt)))
    canonical = absolute_url(metadata.canonical_url, base) or absolute_url(document.url, base)
    authors = metadata.authors or tuple(
        name.strip() for name in (document.author or "").split(";") if name.strip()
    )
    return Article(
        title=title,
        standfirst=standfirst,
        authors=authors,
        publication=metadata.publisher or document.sitename or urlsplit(base).hostname or "",
        published=metadata.published or _date(document.date),
        url=canonical or (url if url.startswith(("http://", "https://")) else ""),
        language=metadata.language
        or (document.language or "").split("-")[0].lower()
        or guess_language(" ".join(block.text for block in blocks)),
        blocks=tuple(blocks),
        paywalled=paywalled,
    )


def _date(text: str | None) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat((text or "")[:10])
    except ValueError:
        return None


def _base_url(tree: lxml_html.HtmlElement, url: str, metadata: PageMetadata) -> str:
    """The address relative links are read against: <base href>, the page's, or its canonical."""
    base_element = next(tree.iterfind(".//base[@href]"), None)
    page = url or absolute_url(metadata.canonical_url, "")
    if base_element is not None:
        return absolute_url(base_element.get("href"), page) or page
    return page


def _remove_paywalled(tree: lxml_html.HtmlElement, metadata: PageMetadata) -> bool:
    """Take out the part kept for subscribers; say whether the page has one."""
    removed = False
    for element in list(tree.iter()):
        if not isinstance(element.tag, str) or element.tag in ("html", "body", "main", "article"):
            continue
        tokens = set((element.get("class") or "").lower().split())
        marks = {f".{token}" for token in tokens} | {f"#{element.get('id')}"}
        paywalled = tokens & _PAYWALL_TOKENS or marks & set(metadata.paywalled_selectors)
        if paywalled and element.getparent() is not None:
            element.drop_tree()
            removed = True
    return removed or bool(metadata.paywalled_selectors)


def _entries(tree: lxml_html.HtmlElement) -> list[etree._Element]:
    """The entries of a live blog: the largest group of dated <article> elements side by side."""
    by_parent: dict[etree._Element, list[etree._Element]] = {}
    for article in tree.iter("article"):
        parent = article.getparent()
        if parent is not None and next(article.iter("time"), None) is not None:
            by_parent.setdefault(parent, []).append(article)
    return max(by_parent.values(), key=len, default=[])


def _unnest_entries(entries: list[etree._Element]) -> None:
    """Make a live blog's entries plain sections, each heading led by the entry's time.

    An extractor takes one of several <article> elements for the whole article and loses
    the others' headings; as sections, the entries read as one article.
    """
    for entry in entries:
        entry.tag = "section"
        moment = next(entry.iter("time"), None)
        stamp = plain(moment)
        heading = next((e for e in entry.iter("h2", "h3", "h4") if plain(e)), None)
        if moment is None or not stamp:
            continue
        if heading is not None:
            heading.text = f"{stamp} · {heading.text or ''}"
            moment.drop_tree()
        else:
            moment.tag = "h3"


# Blocks ----------------------------------------------------------------------


def _blocks(body: etree._Element, base: str, figures: dict[str, ClippedFigure]):
    """The article's blocks from trafilatura's XML, in order; images become figures."""
    for element in body:
        tag = element.tag
        if tag == "head":
            rend = element.get("rend", "")
            level = int(rend[1:]) if rend[1:].isdigit() else 2
            yield from _text_block("heading", [_line(element, base)], level=level)
        elif tag == "quote":
            paragraphs = [p for p in element if p.tag == "p"]
            lines = [_line(p, base) for p in paragraphs] or [_line(element, base)]
            yield from _text_block("quote", lines)
        elif tag == "list":
            items = [_line(item, base) for item in element.iter("item")]
            yield from _text_block("list", items, ordered=element.get("rend", "").startswith("ol"))
        elif tag == "graphic":
            yield from _figure_block(element, base, figures)
            continue
        elif tag in ("p", "code", "div", "item"):
            line = _line(element, base)
            yield from _text_block("paragraph", [line], page_class=element.get("class", ""))
        for graphic in element.iter("graphic"):
            yield from _figure_block(graphic, base, figures)


def _text_block(kind: str, lines: list[Line], **options):
    lines = [line for line in lines if line]
    if lines:
        yield Block(kind, tuple(lines), **options)


def _figure_block(graphic: etree._Element, base: str, figures: dict[str, ClippedFigure]):
    src = absolute_url(graphic.get("src"), base)
    if src:
        known = figures.get(src)
        yield Block("figure", figure=known or ClippedFigure(src, alt=graphic.get("alt", "")))


def _line(element: etree._Element, base: str) -> Line:
    """The text of an element as styled runs, spaces collapsed, empty runs dropped."""
    spans: list[Span] = []
    for span in _spans(element, base, Span("")):
        text = re.sub(r"\s+", " ", span.text)
        if spans and spans[-1].text.endswith(" ") and text.startswith(" "):
            text = text[1:]
        if not spans:
            text = text.lstrip()
        if not text:
            continue
        previous = spans[-1] if spans else None
        if previous and (previous.bold, previous.italic, previous.href) == (
            span.bold,
            span.italic,
            span.href,
        ):
            spans[-1] = Span(previous.text + text, span.bold, span.italic, span.href)
        else:
            spans.append(Span(text, span.bold, span.italic, span.href))
    if spans:
        last = spans[-1]
        spans[-1] = Span(last.text.rstrip(), last.bold, last.italic, last.href)
    return tuple(span for span in spans if span.text)


def _spans(element: etree._Element, base: str, style: Span):
    """Runs of text under `element`: hi is bold or italic, ref a link; lists and images skipped."""
    if element.text:
        yield Span(element.text, style.bold, style.italic, style.href)
    for child in element:
        if child.tag == "hi":
            rend = child.get("rend", "")
            inner = Span("", style.bold or "#b" in rend, style.italic or "#i" in rend, style.href)
            yield from _spans(child, base, inner)
        elif child.tag == "ref":
            href = absolute_url(child.get("target"), base) or style.href
            yield from _spans(child, base, Span("", style.bold, style.italic, href))
        elif child.tag == "lb":
            yield Span(" ")
        elif child.tag not in ("list", "graphic"):
            yield from _spans(child, base, style)
        if child.tail:
            yield Span(child.tail, style.bold, style.italic, style.href)


# Cleaning up ------------------------------------------------------------------


def _take_standfirst(blocks: list[Block], described: str) -> tuple[str, list[Block]]:
    """The standfirst (the page's own paragraph, else its description) and the blocks without
    it, nor the byline paragraphs that trafilatura sometimes keeps."""
    standfirst = " ".join(described.split())
    kept = []
    for position, block in enumerate(blocks):
        if block.kind == "paragraph" and _BYLINE_CLASS.search(block.page_class):
            continue
        if (
            block.kind == "paragraph"
            and position < 3
            and _STANDFIRST_CLASS.search(block.page_class)
        ):
            standfirst = block.text
            continue
        if (
            block.kind == "paragraph"
            and standfirst
            and text_key(block.text) == text_key(standfirst)
        ):
            continue
        kept.append(block)
    return standfirst, kept


def _place_figures(
    blocks: list[Block], found: list[FoundFigure], lead_keys: set[str]
) -> list[Block]:
    """Put back the figures trafilatura left out, next to the text they stood by on the page.

    A figure whose neighbours are not the article's text (a teaser, a logo) stays out; one
    right after the headline or standfirst opens the article. Figures keep their page order.
    """
    placed = {block.figure.src for block in blocks if block.figure}
    keys = [block.text_keys() for block in blocks]
    for item in found:
        if item.figure.src in placed:
            continue
        at = _position(keys, item, lead_keys)
        if at is None:
            continue
        while at < len(blocks) and blocks[at].figure is not None:
            at += 1
        blocks.insert(at, Block("figure", figure=item.figure))
        keys.insert(at, set())
        placed.add(item.figure.src)
    return blocks


def _position(keys: list[set[str]], item: FoundFigure, lead_keys: set[str]) -> int | None:
    """Where a figure goes: after the text it followed, before the one it preceded, or first."""
    if item.text_before:
        for index, block_keys in enumerate(keys):
            if item.text_before in block_keys:
                return index + 1
    if item.text_after:
        for index, block_keys in enumerate(keys):
            if item.text_after in block_keys:
                return index
    if item.text_before in lead_keys - {""}:
        return 0
    return None
