"""The demo blog: loaded into a real site, in both editions, twice."""

from __future__ import annotations

import pytest

from carnet.blog.models import Edition, Figure, Post
from carnet.comments.models import Comment
from carnet.demo.loader import load_demo, read_demo_files

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def test_the_demo_files_meet_the_demo_brief():
    files = read_demo_files()
    posts = [f for f in files if f.meta.get("kind", "post") == "post"]
    pages = [f for f in files if f.meta.get("kind") == "page"]
    keys = {}
    for demo in posts:
        keys.setdefault(demo.meta["key"], set()).add(demo.language)
    assert len(posts) >= 8 and len(pages) >= 4
    assert sum(1 for langs in keys.values() if langs == {"en", "fr"}) >= 5
    assert any(langs == {"en"} for langs in keys.values())
    assert any(langs == {"fr"} for langs in keys.values())
    assert any("<!--more " in demo.body for demo in posts)
    assert any("source" in demo.meta and "related" in demo.meta for demo in posts)


def test_loading_the_demo_fills_both_editions():
    counts = load_demo()
    assert counts["posts"] >= 8 and counts["pages"] >= 4 and counts["comments"] > 0
    for edition in Edition.objects.all():
        assert Post.objects.public().posts().filter(edition=edition).count() >= 5
    assert Edition.objects.get(language="fr").title == "Carnet de terrain"
    assert Post.objects.exclude(translation_of=None).exists()
    assert Post.objects.filter(status=Post.Status.DRAFT).exists()
    assert Post.objects.filter(status="published").exclude(pk__in=Post.objects.public()).exists()
    assert Figure.objects.filter(translations__language="fr").exists()


def test_loading_the_demo_twice_changes_nothing():
    load_demo()
    before = (Post.objects.count(), Comment.objects.count(), Figure.objects.count())
    load_demo()
    assert (Post.objects.count(), Comment.objects.count(), Figure.objects.count()) == before


def test_the_demo_home_pages_render_in_both_editions(client):
    load_demo()
    assert "Field Notes" in client.get("/").content.decode()
    french = client.get("/fr/").content.decode()
    assert "Carnet de terrain" in french
    assert "Lire la suite" in french or "la suite ici" in french
    for post in Post.objects.public():
        assert client.get(post.get_absolute_url()).status_code == 200, post
