"""A writer's name is on the byline of every post of theirs: renaming them refreshes those pages.

The small blog of conftest.py is Annie's (every post, in both editions; not the About page);
here Bob writes one English post too, D, the newest, so Annie wrote most of each edition and
Bob one post in four.
"""

from __future__ import annotations

import datetime

import pytest
from django.test import Client
from django.utils import timezone

from tests.publishing.conftest import gone, html

pytestmark = pytest.mark.django_db

PASSWORD = "a long enough password 42"
# Every stored page that names Bob: his post, the lists and feeds it is in.
BOBS_BYLINES = {"d", "home", "home 2", "2024", "may", "bob", "feed", "rss"}


@pytest.fixture
def bob(django_user_model):
    return django_user_model.objects.create_user("bob", password=PASSWORD, first_name="Bob")


@pytest.fixture
def post_d(blog, bob, make_post):
    when = blog["c"].published_at + datetime.timedelta(days=1)
    return make_post(title="Post D", author=bob, published_at=when)


@pytest.fixture
def byline_pages(post_d, pages, visit) -> dict[str, str]:
    """The blog's pages, Bob's post and the writers' archives, all stored."""
    more = {
        "d": post_d.get_absolute_url(),
        "bob": "/author/bob/",
        "author 2": "/author/annie/page/2/",
        "fr author": "/fr/author/annie/",
    }
    visit(*pages.values(), *more.values())  # read again: D is on the lists now
    return {**pages, **more}


def test_renaming_an_author_refreshes_every_page_with_their_byline_and_keeps_the_others(
    store, byline_pages, bob, committed, client
):
    with committed():
        bob.last_name = "Ilves"
        bob.save()
    assert gone(store, byline_pages) == BOBS_BYLINES
    assert "Bob Ilves" in html(client, byline_pages["d"])
    assert "Bob Ilves" in html(client, "/")
    assert "Bob Ilves" in html(client, "/feed/")


def test_changing_an_authors_username_removes_their_old_archive_folder(
    store, byline_pages, bob, committed, client
):
    with committed():
        bob.username = "robert"
        bob.save()
    assert gone(store, byline_pages) == BOBS_BYLINES
    assert not (store.root / "author" / "bob").exists()
    assert client.get("/author/bob/").status_code == 404
    assert 'href="/author/robert/"' in html(client, byline_pages["d"])
    assert "Post D" in html(client, "/author/robert/")


def test_renaming_the_writer_of_most_of_an_edition_refreshes_it_whole(
    store, byline_pages, writer, committed, client
):
    with committed():
        writer.last_name = "Ilves"
        writer.save()
    assert gone(store, byline_pages) == set(byline_pages)  # both editions are mostly hers
    assert "Annie Ilves" in html(client, byline_pages["b"])
    assert "Annie Ilves" in html(client, "/fr/")


def test_signing_in_or_changing_a_password_changes_no_page(store, byline_pages, bob, committed):
    with committed():
        assert Client().login(username="bob", password=PASSWORD)  # saves last_login
        bob.set_password("another long enough password 43")
        bob.save()
    assert gone(store, byline_pages) == set()


def test_renaming_a_writer_with_no_public_post_changes_no_page(
    store, byline_pages, make_post, django_user_model, committed
):
    cleo = django_user_model.objects.create_user("cleo", first_name="Cleo")
    with committed():
        make_post(title="Cleo's draft", author=cleo, status="draft")
        make_post(title="Cleo's next", author=cleo, published_at=timezone.now().replace(year=2099))
    with committed():
        cleo.first_name = "Clio"
        cleo.save()
    assert gone(store, byline_pages) == set()


def test_deleting_an_author_refreshes_the_pages_that_named_them(
    store, byline_pages, bob, committed, client
):
    with committed():
        bob.delete()
    assert gone(store, byline_pages) == BOBS_BYLINES
    assert 'rel="author"' not in html(client, byline_pages["d"])
