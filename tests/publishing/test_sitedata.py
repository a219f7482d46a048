"""`sitedata.load()` reads the whole public site in a fixed number of queries, and gives each
post what Django's own queries give it, so that rendering the pages reads nothing more."""

from __future__ import annotations

import io
from collections.abc import Callable

import pytest
from django.core.files.base import ContentFile
from PIL import Image

from carnet.blog.models import Category, Edition, Figure, Page, Post, RelatedLink, Tag
from carnet.comments.models import Comment
from carnet.publishing import sitedata
from carnet.publishing.rendering import site_pages

pytestmark = pytest.mark.django_db

RELATIONS = ("categories", "tags", "related_links")
URL = "https://example.org/"


@pytest.fixture
def grow(en, fr, make_post, settings, tmp_path) -> Callable[[int], None]:
    """`grow(n)` adds n posts with terms, related links, a figure and comments, and pages.

    Terms and links are made out of their order (name, position), so that order shows.
    """
    settings.MEDIA_ROOT = tmp_path
    figure = Figure.objects.create(slug="harbour", alt="The harbour", image=jpeg())
    rivers = Category.objects.create(edition=en, name="Rivers")
    lakes = Category.objects.create(edition=en, name="Lakes")
    tide = Tag.objects.create(edition=en, name="Tide")
    boats = Tag.objects.create(edition=en, name="Boats")
    grown = [0]

    def add(n: int) -> None:
        for k in range(grown[0], grown[0] + n):
            post = make_post(
                title=f"Post {k}",
                categories=[rivers, lakes] if k % 2 else [rivers],
                tags=[tide, boats] if k % 3 else [],
                featured_figure=figure if k % 2 else None,
            )
            for title, position in (("Later", 2), ("First", 1)):
                RelatedLink.objects.create(post=post, title=title, url=URL, position=position)
            Comment.objects.create(post=post, author_name="Bo", body="Hi", status="approved")
            make_post(edition=fr, title=f"Billet {k}", translation_of=post)
        about = published_page(en, "About")
        published_page(en, "Team", parent=published_page(en, "People", parent=about))
        draft = Page.objects.create(edition=en, title="Draft", body="Soon.")
        published_page(en, "Under a draft", parent=draft)
        grown[0] += n

    return add


def jpeg() -> ContentFile:
    buffer = io.BytesIO()
    Image.new("RGB", (300, 200), "#336699").save(buffer, format="JPEG")
    return ContentFile(buffer.getvalue(), name="harbour.jpg")


def published_page(edition: Edition, title: str, parent: Page | None = None) -> Page:
    return Page.objects.create(
        edition=edition, title=title, status="published", body="Text.", parent=parent
    )


def loaded_posts(site: sitedata.SiteData) -> dict[int, Post]:
    return {post.pk: post for data in site.editions for post in (*data.posts, *data.pages)}


def test_load_reads_the_site_in_the_same_few_queries_whatever_its_size(
    grow, django_assert_max_num_queries
):
    grow(2)
    with django_assert_max_num_queries(11) as small:
        sitedata.load()
    grow(40)
    with django_assert_max_num_queries(11) as large:
        site = sitedata.load()
    assert len(large) == len(small)
    assert len(loaded_posts(site)) == 2 * 42 + 2 * 4


def test_pages_made_from_the_snapshot_read_nothing_from_the_database(
    grow, django_assert_num_queries
):
    grow(3)
    pages = [page for page in site_pages(sitedata.load()) if page.make is not None]
    with django_assert_num_queries(0):
        for page in pages:
            page.make()


def test_each_post_has_what_django_reads_for_it_in_the_same_order(grow):
    grow(6)
    loaded = loaded_posts(sitedata.load())
    read = Post.objects.public().prefetch_related(*RELATIONS).select_related("author", "parent")
    assert sorted(loaded) == sorted(post.pk for post in read)
    for post in read:
        mine = loaded[post.pk]
        for relation in RELATIONS:
            assert pks(getattr(mine, relation).all()) == pks(getattr(post, relation).all())
        assert (pks(mine.category_list), pks(mine.tag_list)) == (
            pks(post.categories.all()),
            pks(post.tags.all()),
        )
        assert (mine.author, mine.featured_figure, mine.parent) == (
            post.author,
            post.featured_figure,
            post.parent,
        )
        assert mine.get_absolute_url() == Post.objects.get(pk=post.pk).get_absolute_url()


def test_posts_share_their_editions_term_objects(grow):
    grow(4)
    english = sitedata.load().editions[0]
    terms = {id(term) for term in (*english.categories, *english.tags)}
    shown = [term for post in english.posts for term in (*post.categories.all(), *post.tags.all())]
    listed = [term for post in english.posts for term in (*post.category_list, *post.tag_list)]
    assert shown and all(id(term) in terms for term in shown + listed)


def test_a_query_made_from_a_posts_terms_is_about_that_post(grow):
    grow(2)
    loaded = loaded_posts(sitedata.load())
    for post in Post.objects.public():
        mine = loaded[post.pk]
        for relation in RELATIONS:
            chained = getattr(mine, relation).all().order_by("-pk")
            assert pks(chained) == pks(getattr(post, relation).order_by("-pk"))


def pks(objects) -> list[int]:
    return [found.pk for found in objects]


def test_a_posts_prefetched_terms_are_made_when_first_read_without_a_query(
    grow, django_assert_num_queries
):
    grow(2)
    post = next(iter(loaded_posts(sitedata.load()).values()))
    assert dict(post._prefetched_objects_cache) == {}
    with django_assert_num_queries(0):
        tags = post.tags.all()
        assert post.tags.all() is tags  # made once, then kept
    assert set(post._prefetched_objects_cache) == {"tags"}
