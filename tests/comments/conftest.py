"""Fixtures for the comment tests: a fresh cache, site settings to vary, and a reader who posts."""

from __future__ import annotations

import runpy
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from django.core.cache import cache
from django.test import Client

from carnet.blog.models import Post
from carnet.comments import tokens
from tests.comments.xss_payloads import PAYLOADS

ORIGIN = "http://testserver"


@pytest.fixture(autouse=True)
def fresh_cache():
    """Rate-limit counters from one test must not reach the next (also on Redis)."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def carnet(settings) -> Callable[..., None]:
    """Change [comments] settings for one test: carnet(moderation="all", max_links=0)."""

    def change(**values) -> None:
        settings.CARNET = {**settings.CARNET, **{f"comment_{k}": v for k, v in values.items()}}

    return change


def old_token(post: Post, seconds: float = 60) -> str:
    """A form token as if the page had been made `seconds` ago."""
    return tokens.make_token(post.pk, now=time.time() - seconds)


@pytest.fixture
def send(client: Client, django_capture_on_commit_callbacks) -> Callable:
    """POST a comment to the real endpoint the way a browser on the post page would.

    What the view leaves for after the commit (the author's email) runs, as it would
    outside the test's transaction.
    """

    def post_comment(post: Post, follow: bool = False, headers: dict | None = None, **fields):
        data = {
            "name": "Femke",
            "email": "femke@example.org",
            "url": "",
            "body": "The ferry left on time today.",
            "token": old_token(post),
            "homepage": "",
            **fields,
        }
        headers = {"Origin": ORIGIN} if headers is None else headers
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(f"/comments/post/{post.pk}/", data, headers=headers, follow=follow)

    return post_comment


@pytest.fixture
def post(make_post) -> Post:
    return make_post(title="The ferry timetable", slug="ferry")


def settings_of(root: Path, monkeypatch) -> dict:
    """The Django settings that carnet/settings.py makes for the site directory `root`."""
    monkeypatch.setenv("CARNET_SITE", str(root))
    return runpy.run_path(str(Path(tokens.__file__).parent.parent / "settings.py"))


def payload_posts(model: Post) -> list[Post]:
    """A post for each payload in each format, rendered as save() would, to save at once."""
    posts = []
    for n, payload in enumerate(PAYLOADS):
        for fmt in (Post.Format.HTML, Post.Format.MARKDOWN):
            post = Post(
                edition=model.edition,
                author=model.author,
                title=f"{fmt} {n}",
                slug=f"{fmt}-{n}",
                body=payload.replace("\x00", "\ufffd"),  # PostgreSQL refuses NUL
                body_format=fmt,
                status=Post.Status.PUBLISHED,
                published_at=model.published_at,
            )
            post.render_body()
            posts.append(post)
    return posts
