"""Fixtures for the page store's tests: a store of their own, writes that commit, a small blog."""

from __future__ import annotations

import datetime

import pytest

from carnet.blog.models import Category, Page, Tag
from carnet.publishing.store import PageStore


@pytest.fixture
def store(settings, tmp_path) -> PageStore:
    """An empty page store in a folder of this test's own, used by the middleware too."""
    settings.CARNET_PAGE_STORE = tmp_path / "public"
    return PageStore(settings.CARNET_PAGE_STORE)


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """`with committed():` runs a write's on-commit work (the store's removals) at its end."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def visit(client, store):
    """Ask for pages as a reader would, checking that each one is now in the store."""

    def get(*urls: str) -> None:
        for url in urls:
            response = client.get(url)
            assert response.status_code == 200, (url, response.status_code)
            assert store.find(url) is not None, f"{url} was not stored"

    return get


def stored(store: PageStore, *urls: str) -> list[str]:
    """Those of `urls` the store holds."""
    return [url for url in urls if store.find(url) is not None]


# A small blog, every page of it stored -----------------------------------------------


@pytest.fixture
def blog(en, fr, make_post):
    """Three English posts in a row (A, B, C), B with a French translation, and an About page.

    A is in March 2024, B and C in May 2024; two posts per page, so the home has a page 2.
    """
    en.posts_per_page = 2
    en.save()
    birds = Category.objects.create(edition=en, name="Birds")
    boats = Category.objects.create(edition=en, name="Boats")
    tide = Tag.objects.create(edition=en, name="Tide")
    march = datetime.datetime(2024, 3, 10, 12, tzinfo=datetime.UTC)
    may = datetime.datetime(2024, 5, 10, 12, tzinfo=datetime.UTC)
    a = make_post(title="Post A", published_at=march, categories=[boats])
    b = make_post(title="Post B", published_at=may, categories=[birds], tags=[tide])
    c = make_post(title="Post C", published_at=may + datetime.timedelta(days=1))
    b_fr = make_post(edition=fr, title="Billet B", published_at=may, translation_of=b)
    other_fr = make_post(edition=fr, title="Autre billet", published_at=march)
    about = Page.objects.create(edition=en, title="About", status="published", body="Me.")
    return {
        "a": a,
        "b": b,
        "c": c,
        "b_fr": b_fr,
        "other_fr": other_fr,
        "about": about,
        "birds": birds,
        "boats": boats,
        "tide": tide,
    }


@pytest.fixture
def pages(blog, visit) -> dict[str, str]:
    """Every page of the blog, read once so that the store holds it; by a short name."""
    urls = {
        "home": "/",
        "home 2": "/page/2/",
        "a": blog["a"].get_absolute_url(),
        "b": blog["b"].get_absolute_url(),
        "c": blog["c"].get_absolute_url(),
        "about": blog["about"].get_absolute_url(),
        "birds": "/category/birds/",
        "birds feed": "/category/birds/feed/",
        "boats": "/category/boats/",
        "tide": "/tag/tide/",
        "2024": "/2024/",
        "march": "/2024/03/",
        "may": "/2024/05/",
        "author": "/author/annie/",
        "archives": "/archives/",
        "feed": "/feed/",
        "rss": "/feed/rss/",
        "sitemap": "/sitemap.xml",
        "robots": "/robots.txt",
        "fr home": "/fr/",
        "fr b": blog["b_fr"].get_absolute_url(),
        "fr other": blog["other_fr"].get_absolute_url(),
        "fr feed": "/fr/feed/",
    }
    visit(*urls.values())
    return urls


def gone(store, pages: dict[str, str]) -> set[str]:
    """The short names of the pages no longer stored."""
    held = set(stored(store, *pages.values()))
    return {name for name, url in pages.items() if url not in held}


def html(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def pytest_configure(config) -> None:
    config.addinivalue_line(
        "markers", "nginx: starts Debian's nginx in front of Carnet (skipped without it, not in CI)"
    )
