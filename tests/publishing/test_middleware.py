"""What the middleware stores: readers' public pages, never anything personal or one-off."""

from __future__ import annotations

import datetime

import pytest
from django.http import HttpResponse
from django.test import RequestFactory
from django.utils import timezone

from carnet.blog.models import Category
from carnet.publishing.middleware import PageStoreMiddleware

pytestmark = pytest.mark.django_db


def test_a_readers_post_page_is_stored_as_it_was_sent(client, store, make_post):
    post = make_post(title="Stored")
    response = client.get(post.get_absolute_url())
    found = store.find(post.get_absolute_url())
    assert found.path.read_bytes() == response.content
    assert found.content_type == response["Content-Type"]


def test_homes_archives_feeds_sitemap_and_robots_are_stored_with_their_content_type(
    client, store, make_post, en, fr
):
    category = Category.objects.create(edition=en, name="Birds")
    post = make_post(categories=[category])
    day = post.local_date
    addresses = [
        "/",
        "/fr/",
        "/archives/",
        f"/{day.year}/",
        f"/{day.year}/{day.month:02d}/",
        "/category/birds/",
        "/category/birds/feed/",
        "/author/annie/",
        "/feed/",
        "/feed/rss/",
        "/sitemap.xml",
        "/robots.txt",
    ]
    for address in addresses:
        response = client.get(address)
        assert response.status_code == 200, address
        assert store.find(address).content_type == response["Content-Type"], address
    assert store.find("/feed/").path.name == "index.atom"
    assert store.find("/feed/rss/").path.name == "index.rss"


def test_a_page_with_a_non_ascii_slug_is_stored_under_its_decoded_name(client, store, make_post):
    post = make_post(title="Café crème")
    assert "%C3%A9" in post.get_absolute_url()
    assert client.get(post.get_absolute_url()).status_code == 200
    assert (store.root / post.local_date.strftime("%Y/%m/%d") / "café-crème/index.html").exists()


def test_search_is_never_stored(client, store, make_post):
    make_post(title="Lighthouse")
    assert client.get("/search/?q=lighthouse").status_code == 200
    assert client.get("/search/").status_code == 200
    assert store.find("/search/") is None


def test_an_address_with_a_query_string_is_not_stored(client, store, make_post):
    make_post()
    assert client.get("/?utm_source=elsewhere").status_code == 200
    assert store.find("/") is None


def test_a_signed_in_writer_gets_a_live_page_that_is_not_stored(client, store, make_post, writer):
    post = make_post()
    client.force_login(writer)
    assert client.get(post.get_absolute_url()).status_code == 200
    assert store.find(post.get_absolute_url()) is None


def test_previews_are_not_stored(client, store, make_post, writer):
    draft = make_post(status="draft")
    client.force_login(writer)
    assert client.get(f"/preview/{draft.pk}/").status_code == 200
    assert store.find(f"/preview/{draft.pk}/") is None


def test_a_missing_page_is_not_stored(client, store, en):
    assert client.get("/no-such-page/").status_code == 404
    assert store.find("/no-such-page/") is None


def test_a_scheduled_post_is_not_stored_before_its_time(client, store, make_post):
    post = make_post(published_at=timezone.now() + datetime.timedelta(hours=1))
    assert client.get(post.get_absolute_url()).status_code == 404
    assert store.find(post.get_absolute_url()) is None


def test_a_comment_sent_to_a_post_is_not_stored(client, store, make_post):
    post = make_post()
    address = f"/comments/post/{post.pk}/"
    client.post(address, {"author_name": "Bo", "body": "Hello"})
    client.get(address)
    assert store.find(address) is None


@pytest.mark.parametrize(
    "header, value",
    [("Cache-Control", "private"), ("Cache-Control", "no-store, max-age=0")],
)
def test_a_response_marked_private_or_no_store_is_not_stored(store, make_post, header, value):
    post = make_post()

    def view(request):
        response = HttpResponse(b"personal", content_type="text/html; charset=utf-8")
        response[header] = value
        return response

    _through_middleware(post.get_absolute_url(), view)
    assert store.find(post.get_absolute_url()) is None


def test_a_response_that_sets_a_cookie_is_not_stored(store, make_post):
    post = make_post()

    def view(request):
        response = HttpResponse(b"personal", content_type="text/html; charset=utf-8")
        response.set_cookie("hello", "annie")
        return response

    _through_middleware(post.get_absolute_url(), view)
    assert store.find(post.get_absolute_url()) is None


def test_the_same_response_without_a_cookie_is_stored(store, make_post):
    post = make_post()
    _through_middleware(
        post.get_absolute_url(),
        lambda request: HttpResponse(b"public", content_type="text/html; charset=utf-8"),
    )
    assert store.find(post.get_absolute_url()).path.read_bytes() == b"public"


def _through_middleware(address: str, view) -> None:
    """A request for `address`, resolved like a real one, answered by `view`."""
    from django.urls import resolve

    request = RequestFactory().get(address)
    request.resolver_match = resolve(address)
    PageStoreMiddleware(view)(request)
