"""The sitemap at /sitemap.xml: every public address of every edition, with hreflang alternates."""

from __future__ import annotations

import datetime
import xml.etree.ElementTree as ET

import pytest
from django.utils import timezone

from carnet.blog.models import Category, Post, Tag

pytestmark = pytest.mark.django_db

BASE_URL = "https://notes.example"
NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}


@pytest.fixture(autouse=True)
def base_url(settings):
    """Addresses are built on BASE_URL, never on the host a request came by (here 'testserver')."""
    settings.BASE_URL = BASE_URL


def read_sitemap(client) -> dict[str, ET.Element]:
    """Each <url> element of the sitemap, by its <loc>."""
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    root = ET.fromstring(response.content)
    return {url.findtext("s:loc", namespaces=NS): url for url in root.findall("s:url", NS)}


def alternates(url: ET.Element) -> dict[str, str]:
    """hreflang → href of a <url>'s xhtml:link alternates."""
    links = url.findall("x:link", NS)
    assert all(link.get("rel") == "alternate" for link in links)
    return {link.get("hreflang"): link.get("href") for link in links}


def address(post: Post) -> str:
    return BASE_URL + post.get_absolute_url()


def test_every_public_post_and_page_of_both_editions_is_listed(client, make_post, fr):
    posts = [
        make_post(title="English post"),
        make_post(title="About", kind=Post.Kind.PAGE),
        make_post(edition=fr, title="Billet français"),
        make_post(edition=fr, title="À propos", kind=Post.Kind.PAGE),
    ]
    listed = read_sitemap(client)
    for post in posts:
        assert address(post) in listed


def test_edition_homes_are_listed_and_name_each_other(client, en, fr):
    listed = read_sitemap(client)
    assert f"{BASE_URL}/" in listed
    assert f"{BASE_URL}/fr/" in listed
    assert alternates(listed[f"{BASE_URL}/fr/"]) == {
        "en": f"{BASE_URL}/",
        "fr": f"{BASE_URL}/fr/",
        "x-default": f"{BASE_URL}/",
    }


def test_drafts_private_and_scheduled_posts_are_not_listed(client, make_post):
    hidden = [
        make_post(title="Draft", status=Post.Status.DRAFT),
        make_post(title="Private", status=Post.Status.PRIVATE),
        make_post(title="Scheduled", published_at=timezone.now() + datetime.timedelta(days=1)),
        make_post(title="Draft page", kind=Post.Kind.PAGE, status=Post.Status.DRAFT),
    ]
    shown = make_post(title="Public")
    listed = read_sitemap(client)
    for post in hidden:
        assert address(post) not in listed
    assert address(shown) in listed
    assert all(loc.startswith(f"{BASE_URL}/") for loc in listed)


def test_a_post_is_listed_with_its_last_change_date(client, make_post):
    post = make_post(title="Dated")
    url = read_sitemap(client)[address(post)]
    assert url.findtext("s:lastmod", namespaces=NS) == (
        timezone.localtime(post.updated_at).date().isoformat()
    )


def test_a_translated_pair_names_both_posts_and_the_original_as_default(client, make_post, fr):
    original = make_post(title="The heron")
    translation = make_post(edition=fr, title="Le héron", translation_of=original)
    listed = read_sitemap(client)
    expected = {
        "en": address(original),
        "fr": address(translation),
        "x-default": address(original),
    }
    assert alternates(listed[address(original)]) == expected
    assert alternates(listed[address(translation)]) == expected


def test_translated_pages_name_each_other_too(client, make_post, fr):
    original = make_post(title="About", kind=Post.Kind.PAGE)
    translation = make_post(
        edition=fr, title="À propos", kind=Post.Kind.PAGE, translation_of=original
    )
    assert alternates(read_sitemap(client)[address(translation)]) == {
        "en": address(original),
        "fr": address(translation),
        "x-default": address(original),
    }


def test_an_untranslated_post_has_no_alternates(client, make_post, fr):
    alone = make_post(title="Alone")
    original = make_post(title="Translated")
    make_post(edition=fr, title="Traduit", translation_of=original)
    assert alternates(read_sitemap(client)[address(alone)]) == {}


def test_an_unpublished_translation_is_not_named(client, make_post, fr):
    original = make_post(title="The heron")
    make_post(edition=fr, title="Le héron", translation_of=original, status=Post.Status.DRAFT)
    assert alternates(read_sitemap(client)[address(original)]) == {}


def test_category_and_tag_pages_with_public_posts_are_listed(client, make_post, en, fr):
    walks = Category.objects.create(edition=en, name="Walks")
    empty = Category.objects.create(edition=en, name="Empty")
    oiseaux = Tag.objects.create(edition=fr, name="Oiseaux")
    drafts_only = Tag.objects.create(edition=fr, name="Brouillons")
    make_post(title="On the hill", categories=[walks])
    make_post(edition=fr, title="La buse", tags=[oiseaux])
    make_post(edition=fr, title="Brouillon", tags=[drafts_only], status=Post.Status.DRAFT)
    listed = read_sitemap(client)
    assert f"{BASE_URL}/category/walks/" in listed
    assert f"{BASE_URL}/fr/tag/oiseaux/" in listed
    assert BASE_URL + empty.get_absolute_url() not in listed
    assert BASE_URL + drafts_only.get_absolute_url() not in listed
