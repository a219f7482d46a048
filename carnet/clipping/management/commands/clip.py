"""`carnet clip URL|FILE`: make a draft post from a news article, with its attribution."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.urls import reverse

from carnet.clipping import ClipError
from carnet.clipping.draft import Clipping, clip_html, clip_url, default_author
from carnet.clipping.fetch import MAX_PAGE_BYTES


class Command(BaseCommand):
    help = (
        "Make a draft post from a news article: its address (https://…) or a saved HTML file. "
        "The draft quotes the article, with its source, figures and a link to the original."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("source", help="the article's address, or an HTML file")
        parser.add_argument(
            "--edition", help="the edition's language code (default: the article's language)"
        )
        parser.add_argument(
            "--download-images",
            action="store_true",
            help="save the article's images as figures (default: show them from the source)",
        )
        parser.add_argument(
            "--author", help="the writer's user name (default: the first administrator)"
        )
        parser.add_argument(
            "--url",
            dest="source_url",
            default="",
            help="with a FILE: the address the page came from, for its links and source",
        )

    def handle(self, *args, source: str, **options) -> None:
        clip_options = {
            "edition": options["edition"],
            "author": self.author(options["author"]),
            "download_images": options["download_images"],
        }
        try:
            if "://" in source:
                clipping = clip_url(source, **clip_options)
            else:
                data = self.read_file(source)
                clipping = clip_html(
                    data, source_url=options["source_url"], where=source, **clip_options
                )
        except ClipError as error:
            raise CommandError(str(error)) from error
        self.report(clipping)

    def author(self, username: str | None):
        if not username:
            return default_author()
        found = get_user_model().objects.filter(username=username).first()
        if found is None:
            raise CommandError(f"--author: no user called {username!r}; see `carnet createuser`.")
        return found

    def read_file(self, source: str) -> bytes:
        path = Path(source)
        if not path.is_file():
            raise CommandError(
                f"{source}: no such file. To clip a web page, give its whole address (https://…)."
            )
        with path.open("rb") as file:
            data = file.read(MAX_PAGE_BYTES + 1)
        if len(data) > MAX_PAGE_BYTES:
            raise CommandError(f"{source} is larger than {MAX_PAGE_BYTES // (1024 * 1024)} MB.")
        return data

    def report(self, clipping: Clipping) -> None:
        post = clipping.post
        edit = settings.BASE_URL + reverse("admin:blog_post_change", args=[post.pk])
        self.stdout.write(
            f"Made the draft “{post.title}” in the {post.edition.language} edition; "
            f"edit and publish it at {edit}"
        )
        for warning in clipping.warnings:
            self.stderr.write(f"warning: {warning}")
