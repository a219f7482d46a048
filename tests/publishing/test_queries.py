"""Pages that are rendered once still must render fast: a fixed number of queries per page,
whatever the number of posts, categories and tags shown."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from carnet.blog.models import Category, Tag
from carnet.comments.models import Comment

pytestmark = pytest.mark.django_db


@pytest.fixture
def busy_blog(en, fr, make_post):
    """Twelve posts, each in three categories with three tags and two comments."""
    categories = [Category.objects.create(edition=en, name=f"Category {n}") for n in range(3)]
    tags = [Tag.objects.create(edition=en, name=f"Tag {n}") for n in range(3)]
    posts = []
    for n in range(12):
        post = make_post(
            title=f"Post {n}",
            published_at=timezone.now() - datetime.timedelta(days=n + 1),
            categories=categories,
            tags=tags,
        )
        for k in range(2):
            Comment.objects.create(post=post, author_name=f"R{k}", body="Hi", status="approved")
        posts.append(post)
    make_post(edition=fr, title="Billet", translation_of=posts[5])
    return posts


def test_a_home_page_takes_a_fixed_number_of_queries(
    client, busy_blog, django_assert_max_num_queries
):
    with django_assert_max_num_queries(14):
        assert client.get("/").status_code == 200


def test_a_category_archive_takes_a_fixed_number_of_queries(
    client, busy_blog, django_assert_max_num_queries
):
    with django_assert_max_num_queries(16):
        assert client.get("/category/category-1/").status_code == 200


def test_a_post_page_takes_a_fixed_number_of_queries(
    client, busy_blog, django_assert_max_num_queries
):
    with django_assert_max_num_queries(18):
        assert client.get(busy_blog[5].get_absolute_url()).status_code == 200


def test_the_archives_index_takes_a_fixed_number_of_queries(
    client, busy_blog, django_assert_max_num_queries
):
    with django_assert_max_num_queries(10):
        assert client.get("/archives/").status_code == 200
