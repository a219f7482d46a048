"""Load the demo blog (Markdown files with TOML front matter) into the current site.

Loading twice gives the same site: everything is found by its slug and updated in place.
"""

from __future__ import annotations

import datetime
import hashlib
import io
import random
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from PIL import Image, ImageDraw

from carnet.blog.models import Category, Edition, Figure, FigureTranslation, Post, RelatedLink, Tag
from carnet.comments.models import Comment

CONTENT_DIR = Path(__file__).resolve().parent / "content"

EDITION_TEXTS = {
    "en": {
        "title": "Field Notes",
        "tagline": "Small news from a river town, in two languages",
        "description": (
            "Annie's weblog about Vellmouth, the river Vell, public life, books and walking."
        ),
        "edition_note": "I have a parallel blog in French at",
        "more_text": "Continue reading",
        "footer_credit": "Field Notes is published with Carnet",
    },
    "fr": {
        "title": "Carnet de terrain",
        "tagline": "Petites nouvelles d'une ville de rivière, en deux langues",
        "description": (
            "Le blog d'Annie sur Vellmouth, la Vell, la vie publique, les livres et la marche."
        ),
        "edition_note": "Je tiens un blog parallèle en anglais :",
        "more_text": "Lire la suite",
        "footer_credit": "Carnet de terrain est publié avec Carnet",
    },
}

AUTHORS = {"annie": ("Annie", "Marsh"), "tomas": ("Tomas", "Verhoek")}


@dataclass
class DemoFile:
    """One post or page of the demo: its front matter and Markdown body."""

    path: Path
    meta: dict[str, Any]
    body: str

    @property
    def language(self) -> str:
        return self.meta["edition"]


def read_demo_files(folder: Path = CONTENT_DIR) -> list[DemoFile]:
    """Every demo file, English first so that originals exist before translations."""
    files = []
    for path in sorted(folder.glob("*.md")):
        if path.name.lower() == "readme.md":
            continue
        _before, front, body = path.read_text(encoding="utf-8").split("+++", 2)
        files.append(DemoFile(path, tomllib.loads(front), body.strip() + "\n"))
    return sorted(files, key=lambda f: (f.language != "en", f.path.name))


def load_demo(folder: Path = CONTENT_DIR) -> dict[str, int]:
    """Load the demo into the site's editions that exist; returns counts per kind."""
    editions = {e.language: e for e in Edition.objects.all()}
    files = [f for f in read_demo_files(folder) if f.language in editions]
    with transaction.atomic():
        set_edition_texts(editions)
        authors = {name: demo_author(name) for name in AUTHORS}
        for demo in files:
            load_figures(demo)
        posts = {demo.path: load_post(demo, editions[demo.language], authors) for demo in files}
        link_translations(files, posts)
        comments = sum(
            load_comments(posts[demo.path], demo.meta.get("comments", [])) for demo in files
        )
    return {
        "posts": sum(1 for p in posts.values() if p.kind == Post.Kind.POST),
        "pages": sum(1 for p in posts.values() if p.kind == Post.Kind.PAGE),
        "figures": Figure.objects.count(),
        "comments": comments,
    }


def set_edition_texts(editions: dict[str, Edition]) -> None:
    for language, edition in editions.items():
        for field, value in EDITION_TEXTS.get(language, {}).items():
            setattr(edition, field, value)
        edition.save()


def demo_author(username: str):
    first, last = AUTHORS[username]
    user, created = get_user_model().objects.get_or_create(
        username=username, defaults={"first_name": first, "last_name": last, "is_staff": False}
    )
    if created:
        user.set_unusable_password()
        user.save()
    return user


def load_figures(demo: DemoFile) -> None:
    """Make each figure the file declares, or add its caption in this file's language."""
    for spec in demo.meta.get("figures", []):
        figure = Figure.objects.filter(slug=spec["slug"]).first()
        if figure is None:
            figure = Figure(
                slug=spec["slug"],
                alt=spec["alt"],
                caption=spec.get("caption", ""),
                credit=spec.get("credit", ""),
            )
            figure.image.save(f"{spec['slug']}.jpg", ContentFile(paint(spec)), save=False)
            figure.save()
        elif figure.alt != spec["alt"]:
            FigureTranslation.objects.update_or_create(
                figure=figure,
                language=demo.language,
                defaults={"alt": spec["alt"], "caption": spec.get("caption", "")},
            )


def paint(spec: dict[str, Any], size: tuple[int, int] = (1600, 1000)) -> bytes:
    """An original abstract landscape in the figure's three colours, as JPEG bytes."""
    sky, land, sun = (spec.get("palette") or ["#2b4c6f", "#c9d6df", "#f2b880"])[:3]
    seed = int(hashlib.sha256(spec["slug"].encode()).hexdigest()[:8], 16)
    rng = random.Random(seed)
    width, height = size
    image = Image.new("RGB", size, sky)
    draw = ImageDraw.Draw(image)
    radius = rng.randint(height // 10, height // 5)
    cx, cy = rng.randint(radius, width - radius), rng.randint(radius, height // 2)
    draw.ellipse((cx - radius, cy - radius, cx + radius, cy + radius), fill=sun)
    horizon = rng.randint(height // 2, height * 2 // 3)
    for band in range(5):
        top = horizon + band * (height - horizon) // 5
        points = [(x, top + rng.randint(-25, 25)) for x in range(0, width + 200, 200)]
        shade = _mix(land, sky, band / 6)
        draw.polygon([(0, height), *points, (width, height)], fill=shade)
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=85)
    return buffer.getvalue()


def _mix(first: str, second: str, share: float) -> str:
    a = [int(first[i : i + 2], 16) for i in (1, 3, 5)]
    b = [int(second[i : i + 2], 16) for i in (1, 3, 5)]
    return "#" + "".join(f"{round(x + (y - x) * share):02x}" for x, y in zip(a, b, strict=True))


def load_post(demo: DemoFile, edition: Edition, authors: dict) -> Post:
    meta = demo.meta
    kind = Post.Kind.PAGE if meta.get("kind") == "page" else Post.Kind.POST
    post = Post.objects.filter(edition=edition, kind=kind, slug=meta["slug"]).first()
    post = post or Post(edition=edition, kind=kind, slug=meta["slug"])
    post.title = meta["title"]
    post.body = demo.body
    post.standfirst = meta.get("standfirst", "")
    post.author = authors.get(meta.get("author", "annie"))
    post.published_at = _aware(meta["date"])
    post.status = Post.Status.DRAFT if meta.get("status") == "draft" else Post.Status.PUBLISHED
    post.sticky = bool(meta.get("sticky", False))
    post.menu_order = int(meta.get("menu_order", 0))
    source = meta.get("source", {})
    post.source_publication = source.get("publication", "")
    post.source_author = source.get("author", "")
    post.source_title = source.get("title", "")
    post.source_date = source.get("date")
    post.source_url = source.get("url", "")
    figures = meta.get("figures", [])
    post.featured_figure = (
        Figure.objects.filter(slug=figures[0]["slug"]).first() if figures else None
    )
    post.save()
    if kind == Post.Kind.POST:
        post.categories.set(_terms(Category, edition, meta.get("categories", [])))
        post.tags.set(_terms(Tag, edition, meta.get("tags", [])))
    post.related_links.all().delete()
    RelatedLink.objects.bulk_create(
        RelatedLink(post=post, title=link["title"], url=link["url"], position=n)
        for n, link in enumerate(meta.get("related", []))
    )
    return post


def _aware(value: datetime.datetime | datetime.date) -> datetime.datetime:
    if not isinstance(value, datetime.datetime):
        value = datetime.datetime.combine(value, datetime.time(9))
    return value if timezone.is_aware(value) else timezone.make_aware(value)


def _terms(model, edition: Edition, names: list[str]) -> list:
    terms = []
    for name in names:
        slug = slugify(name, allow_unicode=True)
        term, _created = model.objects.get_or_create(
            edition=edition, slug=slug, defaults={"name": name}
        )
        terms.append(term)
    return terms


def link_translations(files: list[DemoFile], posts: dict[Path, Post]) -> None:
    """Posts sharing a `key` translate each other; the first edition's one is the original."""
    groups: dict[str, list[Post]] = {}
    for demo in files:
        groups.setdefault(demo.meta["key"], []).append(posts[demo.path])
    for group in groups.values():
        original, *translations = group
        for post in translations:
            post.translation_of = original
            post.mark_translation_up_to_date()
            post.save(update_fields=["translation_of", "source_synced_at"])


def load_comments(post: Post, specs: list[dict], parent: Comment | None = None) -> int:
    """Replace the post's demo comments with those of its file, threaded; returns the count."""
    if parent is None:
        post.comments.all().delete()
    count = 0
    for spec in specs:
        comment = Comment.objects.create(
            post=post,
            parent=parent,
            author_name=spec["name"],
            body=spec["text"].strip(),
            created_at=_aware(spec["date"]),
            status=Comment.Status.APPROVED,
        )
        count += 1 + load_comments(post, spec.get("replies", []), parent=comment)
    return count
