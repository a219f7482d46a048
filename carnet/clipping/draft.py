"""The draft post made from a clipped article, ready for its writer to edit and publish.

Its source attribution is filled in; its body quotes the article in Markdown (sub-headings
as `> ## …`), cut by a plain `<!--more-->` after the opening paragraphs so the edition's own
more-link text applies; its figures are `[figure slug]` when the images were downloaded,
else `![alt](address "Caption [Credit]")`; a related link points to the original.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import quote

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.text import slugify

from carnet.blog.models import Edition, Figure, Post, RelatedLink
from carnet.clipping import ClipError
from carnet.clipping.extract import Article, Block, Line, extract_article
from carnet.clipping.fetch import MAX_PAGE_BYTES, fetch
from carnet.clipping.figures import ClippedFigure
from carnet.clipping.images import DownloadedImage, download_image
from carnet.clipping.pages import read_html

MORE_MARKER = "<!--more-->"
# The opening paragraphs shown on the home page, before the more-marker.
OPENING_PARAGRAPHS = 2
# At most this many images are downloaded for one article.
MAX_FIGURES = 12

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>&~|])")
_ORDERED_ITEM_START = re.compile(r"\d{1,9}(?=[.)])")
_SAFE_IN_URL = ":/?#@!$&'*+,;=%~"


@dataclass
class Clipping:
    """The draft a clipping made, and what it could not do (an image left behind)."""

    post: Post
    warnings: list[str] = field(default_factory=list)


# From a page to a draft ---------------------------------------------------------


def clip_url(url: str, **options) -> Clipping:
    """Fetch the page at `url`, extract its article and make the draft."""
    if options.get("edition"):
        choose_edition("", options["edition"])  # refuse a wrong edition before fetching
    page = fetch(url)
    text = read_html(page.body, page.charset, where=page.url)
    return make_draft(extract_article(text, url=page.url), **options)


def clip_html(
    data: bytes | str, source_url: str = "", where: str = "the HTML", **options
) -> Clipping:
    """Make the draft from a page's HTML given whole (a file, a paste); nothing is fetched
    but the images, if asked. `source_url` is where the page lives, if known."""
    if source_url and not source_url.startswith(("http://", "https://")):
        raise ClipError(f"{source_url} is not an http or https address.")
    if len(data) > MAX_PAGE_BYTES:
        raise ClipError(f"{where} is larger than {MAX_PAGE_BYTES // (1024 * 1024)} MB.")
    text = data if isinstance(data, str) else read_html(data, where=where)
    return make_draft(extract_article(text, url=source_url, where=where), **options)


def make_draft(
    article: Article,
    edition: str | None = None,
    author: AbstractBaseUser | None = None,
    download_images: bool = False,
) -> Clipping:
    """Save the article as a draft post in its language's edition (or `edition`)."""
    chosen = choose_edition(article.language, edition)
    warnings = []
    if article.paywalled:
        warnings.append("the article is for subscribers: only its free part was clipped.")
    images = _download(article.figures, warnings) if download_images else {}
    saved: list[Figure] = []
    try:
        with transaction.atomic():
            slugs = {}
            for src, image in images.items():
                figure = _save_figure(image, _figure_of(article, src), article.title)
                if isinstance(figure, str):
                    warnings.append(figure)
                    continue
                saved.append(figure)
                slugs[src] = figure.slug
            post = _save_post(article, chosen, author, slugs, saved[0] if saved else None)
    except BaseException:
        for figure in saved:
            _delete_files(figure)
        raise
    return Clipping(post, warnings)


def choose_edition(language: str, wanted: str | None = None) -> Edition:
    """The edition asked for, else the one in the article's language, else the default one."""
    codes = [code for code, _name in settings.LANGUAGES]
    if wanted:
        found = Edition.objects.filter(language=wanted, language__in=codes).first()
        if found is None:
            raise ClipError(f"this site has no {wanted!r} edition; it has {', '.join(codes)}.")
        return found
    code = language if language in codes else settings.LANGUAGE_CODE
    found = Edition.objects.filter(language=code).first()
    if found is None:
        raise ClipError(f"this site has no {code!r} edition yet: run `carnet migrate`.")
    return found


def default_author() -> AbstractBaseUser | None:
    """Who a clipping made on the command line is by: the first administrator, if any."""
    return get_user_model().objects.filter(is_superuser=True).order_by("pk").first()


# Saving ---------------------------------------------------------------------------


def _save_post(
    article: Article,
    edition: Edition,
    author: AbstractBaseUser | None,
    slugs: dict[str, str],
    lead: Figure | None,
) -> Post:
    host = article.url.split("/")[2] if article.url else ""
    title = article.title or article.publication or host or "Clipping"
    post = Post.objects.create(
        edition=edition,
        kind=Post.Kind.POST,
        status=Post.Status.DRAFT,
        title=title[:300],
        standfirst=article.standfirst,
        body=markdown_body(article, slugs),
        body_format=Post.Format.MARKDOWN,
        author=author,
        featured_figure=lead,
        source_publication=article.publication[:200],
        source_author=", ".join(article.authors)[:200],
        source_title=article.title[:300],
        source_date=article.published,
        source_url=article.url if len(article.url) <= 1000 else "",
    )
    if post.source_url:
        link_title = article.title or article.publication or post.source_url
        RelatedLink.objects.create(post=post, title=link_title[:300], url=post.source_url)
    return post


def _download(figures: list[ClippedFigure], warnings: list[str]) -> dict[str, DownloadedImage]:
    """The figures' images by address; those that fail are left as links, with a warning."""
    images = {}
    for figure in figures[:MAX_FIGURES]:
        if figure.src in images:
            continue
        try:
            images[figure.src] = download_image(figure.src)
        except ClipError as error:
            warnings.append(f"image not downloaded, linked instead: {error}")
    if len(figures) > MAX_FIGURES:
        warnings.append(f"only the first {MAX_FIGURES} images were downloaded.")
    return images


def _figure_of(article: Article, src: str) -> ClippedFigure:
    return next(figure for figure in article.figures if figure.src == src)


def _save_figure(image: DownloadedImage, clipped: ClippedFigure, title: str) -> Figure | str:
    """The figure saved with its image, or why the image was not kept (a warning)."""
    slug = _free_figure_slug(slugify(title)[:80].strip("-") or "clipping")
    figure = Figure(
        slug=slug,
        alt=(clipped.alt or clipped.caption or title or slug)[:300],
        caption=clipped.caption[:500],
        credit=clipped.credit[:200],
        # Uncommitted, as an upload is: the figure checks it before it is stored.
        image=ContentFile(image.data, name=f"{slug}.{image.extension}"),
    )
    try:
        with transaction.atomic():
            figure.save()
    except ValidationError as error:
        return f"image not kept, linked instead: {image.url}: {' '.join(error.messages)}"
    return figure


def _free_figure_slug(base: str) -> str:
    number = 1
    while Figure.objects.filter(slug=f"{base}-{number}").exists():
        number += 1
    return f"{base}-{number}"


def _delete_files(figure: Figure) -> None:
    """Remove what a figure wrote to media/ when the draft it belonged to was not saved."""
    storage = figure.image.storage
    for width in figure.rendition_widths():
        storage.delete(figure.rendition_name(width))
    storage.delete(figure.image.name)


# The Markdown body ----------------------------------------------------------------


def markdown_body(article: Article, figure_slugs: dict[str, str] | None = None) -> str:
    """The article as a Markdown quotation, figures between its quoted parts."""
    figure_slugs = figure_slugs or {}
    parts: list[str] = []
    quoted: list[str] = []

    def end_quote() -> None:
        if quoted:
            parts.append(_quote("\n\n".join(quoted)))
            quoted.clear()

    cut = _cut_after(article.blocks)
    for index, block in enumerate(article.blocks):
        if block.figure is not None:
            end_quote()
            parts.append(_figure_markdown(block.figure, figure_slugs.get(block.figure.src)))
        else:
            quoted.append(_block_markdown(block))
        if index == cut:
            end_quote()
            parts.append(MORE_MARKER)
    end_quote()
    return "\n\n".join(parts) + "\n" if parts else ""


def _cut_after(blocks: tuple[Block, ...]) -> int | None:
    """The block after which the excerpt ends: the last opening paragraph, if text follows."""
    paragraphs = [i for i, block in enumerate(blocks) if block.kind == "paragraph"]
    for index in reversed(paragraphs[:OPENING_PARAGRAPHS]):
        if any(block.figure is None for block in blocks[index + 1 :]):
            return index
    return None


def _quote(text: str) -> str:
    return "\n".join(f"> {line}" if line else ">" for line in text.split("\n"))


def _block_markdown(block: Block) -> str:
    if block.kind == "heading":
        return "#" * min(max(block.level, 2), 4) + " " + inline_markdown(block.lines[0])
    if block.kind == "quote":
        return _quote("\n\n".join(inline_markdown(line) for line in block.lines))
    if block.kind == "list":
        return "\n".join(
            (f"{number}. " if block.ordered else "- ") + inline_markdown(line)
            for number, line in enumerate(block.lines, start=1)
        )
    return inline_markdown(block.lines[0])


def _figure_markdown(figure: ClippedFigure, slug: str | None) -> str:
    if slug:
        return f"[figure {slug}]"
    alt = escape_markdown(figure.alt)
    caption = figure.caption.replace("[", "(").replace("]", ")")
    credit = figure.credit.replace("[", "(").replace("]", ")")
    title = " ".join(part for part in (caption, f"[{credit}]" if credit else "") if part)
    title = title.replace("\\", "\\\\").replace('"', '\\"')
    address = markdown_url(figure.src)
    return f'![{alt}]({address} "{title}")' if title else f"![{alt}]({address})"


def escape_markdown(text: str) -> str:
    """Plain text that Markdown shows as written: no emphasis, link, HTML or block syntax."""
    text = _MARKDOWN_SPECIAL.sub(r"\\\1", text)
    number = _ORDERED_ITEM_START.match(text)
    if number:
        return f"{number[0]}\\{text[number.end() :]}"
    return "\\" + text if text[:1] in ("#", "+", "-") else text


def markdown_url(url: str) -> str:
    """An address that cannot end a Markdown link early: spaces, brackets, parentheses encoded."""
    return quote(url, safe=_SAFE_IN_URL)


def inline_markdown(line: Line) -> str:
    """Styled runs as Markdown: **bold**, *italic*, [links](address)."""
    pieces = []
    for span in line:
        text = escape_markdown(span.text)
        core = text.strip()
        if not core:
            pieces.append(text)
            continue
        lead, trail = text[: len(text) - len(text.lstrip())], text[len(text.rstrip()) :]
        if span.italic:
            core = f"*{core}*"
        if span.bold:
            core = f"**{core}**"
        if span.href:
            core = f"[{core}]({markdown_url(span.href)})"
        pieces.append(lead + core + trail)
    return "".join(pieces)
