"""The admin's "New post from an article", through the test client."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from carnet.blog.management.commands.createuser import writers_group
from carnet.blog.models import Post
from tests.clipping.conftest import DATA

pytestmark = pytest.mark.django_db

CLIP_URL = "/admin/blog/post/clip/"


@pytest.fixture
def staff(client, writer, en, fr) -> Client:
    writer.groups.add(writers_group())
    client.force_login(writer)
    return client


def test_the_posts_list_offers_a_new_post_from_an_article(staff):
    page = staff.get("/admin/blog/post/").content.decode()
    assert f'<a href="{CLIP_URL}" class="addlink">New post from an article</a>' in page


def test_the_form_asks_for_an_address_or_html_and_an_edition(staff):
    page = staff.get(CLIP_URL).content.decode()
    for name in ("url", "html", "html_file", "edition", "download_images"):
        assert f'name="{name}"' in page
    assert 'enctype="multipart/form-data"' in page
    assert "csrfmiddlewaretoken" in page


def test_an_address_makes_a_draft_and_opens_it(staff, writer, news_site, local_allowed):
    url = news_site.fixture("/ferry", "article_with_figure.html")
    response = staff.post(CLIP_URL, {"url": url, "edition": ""})
    post = Post.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/admin/blog/post/{post.pk}/change/"
    assert (post.status, post.author, post.edition.language) == ("draft", writer, "en")
    page = staff.get(response["Location"]).content.decode()
    assert "Draft “Harbour town votes to keep its night ferry” made in the" in page


def test_pasted_html_is_not_fetched_and_its_address_is_the_source(staff, connections):
    html = (DATA / "live_blog.html").read_text()
    response = staff.post(CLIP_URL, {"html": html, "url": "https://ledger.example/live/x"})
    assert response.status_code == 302
    assert connections == []
    assert Post.objects.get().source_url == "https://ledger.example/live/storm-odile"


def test_an_uploaded_file_in_french_makes_a_draft_in_the_french_edition(staff):
    upload = SimpleUploadedFile("forge.html", (DATA / "french_article.html").read_bytes())
    response = staff.post(CLIP_URL, {"html_file": upload, "edition": ""})
    assert response.status_code == 302
    assert Post.objects.get().edition.language == "fr"


def test_a_refused_address_shows_the_form_again_with_the_reason(staff, local_refused):
    response = staff.post(CLIP_URL, {"url": "http://10.0.0.1/intranet"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "refused: 10.0.0.1 is a private address (from http://10.0.0.1/intranet)." in page
    assert 'value="http://10.0.0.1/intranet"' in page
    assert not Post.objects.exists()


def test_an_empty_form_asks_for_an_article(staff):
    response = staff.post(CLIP_URL, {})
    assert response.status_code == 200
    assert "address, paste its HTML or choose an HTML file." in response.content.decode()


def test_the_form_is_protected_against_cross_site_posts(writer, en, news_site, local_allowed):
    writer.groups.add(writers_group())
    client = Client(enforce_csrf_checks=True)
    client.force_login(writer)
    url = news_site.fixture("/ferry", "article_with_figure.html")
    assert client.post(CLIP_URL, {"url": url}).status_code == 403
    assert news_site.requests == []


def test_visitors_are_sent_to_sign_in(client, en):
    response = client.get(CLIP_URL)
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_a_writer_who_may_not_add_figures_may_not_download_images(
    client, django_user_model, en, news_site, local_allowed
):
    user = django_user_model.objects.create_user("guest", is_staff=True)
    user.user_permissions.add(*Permission.objects.filter(codename__in=["add_post", "view_post"]))
    client.force_login(user)
    url = news_site.fixture("/ferry", "article_with_figure.html")
    response = client.post(CLIP_URL, {"url": url, "download_images": "on"})
    assert "You may not add figures." in response.content.decode()
    assert not Post.objects.exists()


def test_a_writer_who_may_not_add_posts_gets_no_form(client, django_user_model, en):
    user = django_user_model.objects.create_user("reader", is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="view_post"))
    client.force_login(user)
    assert client.get(CLIP_URL).status_code == 403
