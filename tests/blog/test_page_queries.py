"""A reader's page reads a small, fixed number of queries, whatever it shows."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from carnet.blog.models import Category, Page, RelatedLink, Tag
from carnet.comments.models import Comment

pytestmark = pytest.mark.django_db


@pytest.fixture
def full_post(en, fr, make_post):
    """A post with terms, comments, related links, a translation and both neighbours."""
    now = timezone.now()
    make_post(title="Before", published_at=now - datetime.timedelta(days=3))
    make_post(title="After", published_at=now - datetime.timedelta(days=1))
    post = make_post(
        title="Shown",
        published_at=now - datetime.timedelta(days=2),
        categories=[Category.objects.create(edition=en, name=f"C{n}") for n in range(3)],
        tags=[Tag.objects.create(edition=en, name=f"T{n}") for n in range(3)],
    )
    for n in range(3):
        Comment.objects.create(post=post, author_name=f"R{n}", body="Hi", status="approved")
        RelatedLink.objects.create(post=post, title=f"L{n}", url=f"https://example.org/{n}")
    make_post(title="Montré", edition=fr, translation_of=post)
    return post


def menu(en, pages: int) -> None:
    for n in range(pages):
        Page.objects.create(edition=en, title=f"Page {n}", slug=f"page-{n}", status="published")


def test_a_post_page_reads_nine_queries(client, full_post, en, django_assert_num_queries):
    menu(en, 3)
    # Editions, the post, comments, categories, tags, translations, related links,
    # neighbours and menu pages.
    with django_assert_num_queries(9):
        assert client.get(full_post.get_absolute_url()).status_code == 200


def test_a_translation_reads_as_many_queries_as_its_original(
    client, full_post, django_assert_num_queries
):
    address = full_post.translations.get().get_absolute_url()
    with django_assert_num_queries(9):
        response = client.get(address)
    assert response.status_code == 200 and "Shown" in response.text


def test_menu_pages_cost_no_query_each(client, full_post, en, django_assert_num_queries):
    menu(en, 4)
    with django_assert_num_queries(8):
        response = client.get("/")
    assert response.status_code == 200 and 'href="/page-3/"' in response.text
    with django_assert_num_queries(8):  # a post page's, but for the neighbours
        assert client.get("/page-3/").status_code == 200


def test_a_month_archive_reads_its_posts_without_asking_first_whether_it_has_any(
    client, full_post, django_assert_num_queries
):
    day = full_post.local_date
    with django_assert_num_queries(8):
        assert client.get(f"/{day.year}/{day.month:02d}/").status_code == 200


def test_archives_of_an_author_or_a_time_without_posts_in_this_edition_are_not_found(
    client, fr, make_post
):
    make_post(title="Only in French", edition=fr, published_at=timezone.now().replace(year=2024))
    assert client.get("/author/annie/").status_code == 404
    assert client.get("/2024/").status_code == 404
    assert client.get(f"/2024/{timezone.now():%m}/").status_code == 404
    assert client.get("/fr/author/annie/").status_code == 200
    assert client.get("/fr/2024/").status_code == 200


def test_a_category_archive_reads_its_edition_once(client, full_post, django_assert_num_queries):
    # Editions, the category, the count, the page's ids, its posts, their categories and
    # tags, their comment counts and the menu.
    with django_assert_num_queries(9):
        assert client.get("/category/c1/").status_code == 200
