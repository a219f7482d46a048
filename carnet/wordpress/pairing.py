"""Translations across two imports: a CSV of address pairs links the posts they became.

Each line holds two addresses of the same post in two languages, the site's first
language first (`https://annie.example/2019/05/02/ferry/,https://annie.example.fr/2019/05/02/bac/`).
An address is an old WordPress one (as in the exports) or the post's address in Carnet.
"""

from __future__ import annotations

import csv
from pathlib import Path
from urllib.parse import urlsplit

from django.urls import Resolver404, resolve

from carnet.blog.models import Post
from carnet.wordpress import WXRError
from carnet.wordpress.models import ImportedObject, OldLink
from carnet.wordpress.oldlinks import link_key, normalized_url
from carnet.wordpress.report import ImportReport


def read_pairs(path: Path) -> list[tuple[int, str, str]]:
    """(line number, first address, second address) for each pair; a header line is skipped."""
    try:
        with Path(path).open(encoding="utf-8-sig", newline="") as stream:
            rows = list(csv.reader(stream))
    except (OSError, UnicodeDecodeError) as error:
        raise WXRError(f"{path}: cannot be read as a UTF-8 CSV file ({error}).") from error
    pairs = []
    for number, row in enumerate(rows, start=1):
        cells = [cell.strip() for cell in row if cell.strip()]
        if not cells or cells[0].startswith("#"):
            continue
        if len(cells) != 2:
            raise WXRError(
                f"{path}, line {number}: expected two addresses separated by a comma, "
                f"found {len(cells)} cells."
            )
        if number == 1 and not any("/" in cell for cell in cells):
            continue  # a header such as "english-url,french-url"
        pairs.append((number, cells[0], cells[1]))
    return pairs


def find_post(address: str) -> Post | None:
    """The post an old WordPress address, or a Carnet address, stands for."""
    mapping = ImportedObject.objects.filter(kind="post", link=normalized_url(address)).last()
    if mapping is not None:
        return Post.objects.filter(pk=mapping.object_id).first()
    parts = urlsplit(address)
    for prefix in ("", *(f"/{code}" for code in _languages())):
        key = link_key(address, prefix)
        link = OldLink.objects.filter(path=key).select_related("post").first() if key else None
        if link is not None and link.post is not None:
            return link.post
    try:
        match = resolve(parts.path or "/")
    except Resolver404:
        return None
    slug = match.kwargs.get("slug") or (match.kwargs.get("path") or "").rsplit("/", 1)[-1]
    return Post.objects.filter(slug=slug).first() if slug else None


def _languages() -> list[str]:
    from django.conf import settings

    return [code for code, _name in settings.LANGUAGES]


def link_pairs(pairs: list[tuple[int, str, str]], report: ImportReport) -> None:
    linked = 0
    for number, first, second in pairs:
        original, translation = find_post(first), find_post(second)
        if original is None or translation is None:
            missing = first if original is None else second
            report.notes.append(f"pair on line {number}: no imported post at {missing}")
            continue
        if original.edition_id == translation.edition_id:
            report.notes.append(f"pair on line {number}: both posts are in the same edition")
            continue
        if translation.translation_of_id != original.pk:
            translation.translation_of = original
            translation.mark_translation_up_to_date()
            translation.save(update_fields=["translation_of", "source_synced_at"])
        linked += 1
    report.notes.append(f"pairs: {linked} of {len(pairs)} linked")


def unpaired_posts(source: str) -> list[str]:
    """The posts of this import that have no translation, by their old address."""
    mappings = ImportedObject.objects.filter(source=source, kind="post")
    links = dict(mappings.values_list("object_id", "link"))
    lonely = (
        Post.objects.filter(pk__in=links.keys(), kind=Post.Kind.POST, translation_of=None)
        .filter(translations=None)
        .order_by("published_at")
    )
    return [links[post.pk] or post.get_absolute_url() for post in lonely.select_related("edition")]
