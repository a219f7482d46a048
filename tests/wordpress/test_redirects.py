"""Old WordPress addresses answer with a 301 to where the post, term or file is now."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from carnet.blog.models import Category, Post

pytestmark = pytest.mark.django_db


def redirect_of(client, address: str) -> str:
    response = client.get(address)
    assert response.status_code == 301, (address, response.status_code)
    return response["Location"]


@pytest.fixture
def imported(run_import):
    run_import("classic_blog.xml")


def test_plain_permalinks_lead_to_the_post_and_the_page(client, imported):
    assert redirect_of(client, "/?p=10") == Post.objects.get(slug="heron-back").get_absolute_url()
    assert redirect_of(client, "/?page_id=21") == "/about/tide-tables/"


def test_an_old_slug_still_leads_to_the_post(client, imported):
    assert redirect_of(client, "/2020/05/02/heron-returns/") == "/2020/05/02/heron-back/"


def test_an_old_address_of_another_shape_leads_to_the_post(client, imported):
    heron = Post.objects.get(slug="heron-back")
    heron.slug = "the-heron"
    heron.save()
    assert redirect_of(client, "/2020/05/02/heron-back/") == "/2020/05/02/the-heron/"
    assert redirect_of(client, "/2020/05/02/heron-back") == "/2020/05/02/the-heron/"


def test_attachment_pages_lead_to_the_file(client, imported):
    heron_file = "https://marsh.example.org/wp-content/uploads/2020/05/heron.jpg"
    assert redirect_of(client, "/2020/05/02/heron-back/heron/") == heron_file
    assert redirect_of(client, "/?attachment_id=30") == heron_file


def test_category_and_tag_addresses_lead_to_their_pages(client, imported):
    assert redirect_of(client, "/?cat=5") == "/category/waders/"
    assert redirect_of(client, "/category/birds/waders/") == "/category/waders/"
    assert redirect_of(client, "/?tag=tides") == "/tag/tides/"


def test_unknown_addresses_stay_404(client, imported):
    assert client.get("/2020/05/02/never-written/").status_code == 404
    assert client.get("/?p=999").status_code == 200  # the home page, as WordPress would


def test_an_old_link_to_a_post_that_is_not_public_stays_404(client, imported):
    assert client.get("/?p=13").status_code == 200  # private: the home page, not the post
    assert client.get("/2020/06/03/only-for-me/").status_code == 404


def test_a_normal_page_does_not_look_at_old_links(client, imported):
    url = Post.objects.get(slug="heron-back").get_absolute_url()
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    assert not any("wordpress_oldlink" in q["sql"] for q in queries.captured_queries)


def test_feed_addresses_are_carnets_own(client, imported):
    assert client.get("/feed/").status_code == 200
    assert Category.objects.filter(slug="waders").exists()
    assert client.get("/category/waders/feed/").status_code == 200


def test_with_media_an_uploaded_files_old_address_leads_to_its_copy(
    run_import, uploads, media_root, client
):
    run_import("classic_blog.xml", "--media", str(uploads))
    location = redirect_of(client, "/wp-content/uploads/2020/05/heron.jpg")
    assert location == "/media/wordpress/2020/05/heron.jpg"
