"""Work done inside a real site directory by a separate process (its own settings, its own DB).

Run as `python tests/backup/sitework.py fill` (`write STOPFILE`, `many N`) with CARNET_SITE set; the
tests call it through `run_in_site`. `fill` makes posts in both editions, threaded comments and
figures from real images; `write` keeps committing a post and its comment, in one transaction,
until STOPFILE exists.
"""

from __future__ import annotations

import datetime
import io
import os
import random
import sys
from pathlib import Path

WRITTEN = "Written during the backup"


def fill() -> None:
    from django.contrib.auth import get_user_model
    from django.core.files.base import ContentFile
    from django.utils import timezone
    from PIL import Image

    from carnet.blog.models import Category, Edition, Figure, FigureTranslation, Post, Tag
    from carnet.comments.models import Comment

    rng = random.Random(7)
    author = get_user_model().objects.create_user("annie", password="x" * 20, is_staff=True)
    for index, kind in enumerate(("PNG", "JPEG")):
        image = Image.frombytes("RGB", (640, 400), rng.randbytes(640 * 400 * 3))
        buffer = io.BytesIO()
        image.save(buffer, format=kind)
        figure = Figure(slug=f"noise-{index}", alt=f"Noise {index}", caption="Grain", credit="Me")
        figure.image.save(f"noise-{index}.{kind.lower()}", ContentFile(buffer.getvalue()))
        FigureTranslation.objects.create(figure=figure, language="fr", alt=f"Bruit {index}")
    now = timezone.now()
    for edition in Edition.objects.all():
        category = Category.objects.create(edition=edition, name="Walks", slug="walks")
        tag = Tag.objects.create(edition=edition, name="Rain", slug="rain")
        for number in range(6):
            post = Post.objects.create(
                edition=edition,
                title=f"Post {number} in {edition.language} — é",
                body=f"Para {number}.\n\n[figure noise-{number % 2}]\n\n<!--more-->\n\nMore.",
                status=Post.Status.PUBLISHED,
                author=author,
                published_at=now - datetime.timedelta(days=number + 1),
            )
            post.categories.set([category])
            post.tags.set([tag])
            first = Comment.objects.create(
                post=post, author_name="Reader", author_email="R@example.org", body="Hello!"
            )
            Comment.objects.create(
                post=post,
                parent=first,
                author_name="Annie",
                body="Thanks.",
                status=Comment.Status.APPROVED,
            )


def write(stop_file: Path) -> None:
    """Commit a post and its comment together until `stop_file` appears (or 3000 of them)."""
    from django.db import transaction

    from carnet.blog.models import Edition, Post
    from carnet.comments.models import Comment

    edition = Edition.objects.get(language="en")
    for number in range(1, 3001):
        with transaction.atomic():
            post = Post.objects.create(edition=edition, title=f"{WRITTEN} {number}", body="x")
            Comment.objects.create(post=post, author_name="Bot", body=f"{number}")
        if number == 1:
            print("writing", flush=True)
        if stop_file.exists():
            break


def many(count: int) -> None:
    """`count` more published posts in each edition, for commands that should take a while."""
    from django.utils import timezone

    from carnet.blog.models import Edition, Post

    now = timezone.now()
    for edition in Edition.objects.all():
        for number in range(count):
            Post.objects.create(
                edition=edition,
                title=f"Many {number}",
                body="A paragraph of text. " * 40,
                status=Post.Status.PUBLISHED,
                published_at=now - datetime.timedelta(hours=number + 1),
            )


if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "carnet.settings")
    import django

    django.setup()
    if sys.argv[1] == "fill":
        fill()
    elif sys.argv[1] == "many":
        many(int(sys.argv[2]))
    else:
        write(Path(sys.argv[2]))
