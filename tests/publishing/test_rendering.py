"""`carnet build` renders each page from memory: it must be what Django serves, byte for byte."""

from __future__ import annotations

import datetime
from collections import Counter

import pytest
from django.test import Client

from carnet.blog.models import Category, Edition, Page, Post, RelatedLink, Tag
from carnet.comments import tokens
from carnet.comments.models import Comment
from carnet.publishing import sitedata
from carnet.publishing.middleware import NO_STORE
from carnet.publishing.rendering import django_pages, site_pages

pytestmark = pytest.mark.django_db

START = datetime.datetime(2024, 3, 30, 23, 30, tzinfo=datetime.UTC)  # 31 March in Paris


@pytest.fixture
def varied_site(en, fr, writer, make_post, django_user_model):
    """Posts with every kind of thing a page may show, in two editions."""
    writer.first_name, writer.last_name = "Annie", "Jaune"
    writer.save()
    other = django_user_model.objects.create_user("bea", password="x")
    rivers = Category.objects.create(edition=en, name="Rivers", description="Water.")
    cafe = Tag.objects.create(edition=en, name="Café")
    lonely = Tag.objects.create(edition=en, name="Unused")
    posts = []
    for n in range(23):
        posts.append(
            make_post(
                title=f"Post {n} <b>& co</b>",
                standfirst="A standfirst." if n % 3 == 0 else "",
                body="Intro.\n\n<!--more Read on-->\n\nRest." if n % 2 else "Short.",
                published_at=START + datetime.timedelta(days=9 * n),
                author=other if n % 5 == 0 else writer,
                categories=[rivers] if n % 2 else [],
                tags=[cafe] if n % 3 else [],
                sticky=n == 4,
                comments_open=n % 4 != 0,
            )
        )
    posts.append(make_post(title="Locked", password="secret", published_at=START))
    translated = make_post(edition=fr, title="Billet traduit", translation_of=posts[7])
    # Two translations in one edition: the newer is listed first, on both ways of rendering.
    later = translated.published_at + datetime.timedelta(hours=1)
    make_post(edition=fr, title="Seconde traduction", translation_of=posts[7], published_at=later)
    make_post(edition=fr, title="Autre billet", published_at=START)
    RelatedLink.objects.create(post=posts[7], title="Elsewhere", url="https://example.org/a")
    thread(posts[7])
    thread(translated)
    about = Page.objects.create(edition=en, title="About", status="published", body="Me.")
    Page.objects.create(edition=en, title="Team", status="published", body="Us.", parent=about)
    assert lonely.pk
    return posts


def thread(post) -> None:
    """Approved comments with replies, one pending, on `post`."""
    first = Comment.objects.create(
        post=post, author_name="Bo", body="First!", status="approved", created_at=START
    )
    reply = Comment.objects.create(
        post=post,
        author_name="Cy",
        author_url="https://cy.example/",
        body="A *reply*.",
        parent=first,
        status="approved",
        created_at=START + datetime.timedelta(hours=2),
    )
    Comment.objects.create(
        post=post,
        author_name="Di",
        body="Deeper",
        parent=reply,
        status="approved",
        created_at=START,
    )
    Comment.objects.create(post=post, author_name="Ed", body="Hold", status="pending")


def test_every_page_rendered_from_memory_is_the_page_django_serves(varied_site):
    client = Client(HTTP_HOST="testserver")
    pages = site_pages(sitedata.load())
    made = [page for page in pages if page.make is not None]
    assert len(made) > 60
    differences = []
    with tokens.dated(1_700_000_000):
        for page in made:
            content, content_type = page.make()
            served = client.get(page.address, **{NO_STORE: True})
            if (served.status_code, served["Content-Type"], served.content) != (
                200,
                content_type,
                content,
            ):
                differences.append(page.address)
    assert differences == []


def test_the_build_has_the_pages_of_every_kind(varied_site):
    addresses = {page.address for page in site_pages(sitedata.load())}
    post = varied_site[7]
    for address in (
        "/",
        "/page/2/",
        "/page/3/",
        "/category/rivers/",
        "/category/rivers/feed/rss/",
        "/tag/café/",
        "/tag/café/page/2/",
        "/tag/unused/",
        "/author/bea/",
        "/author/annie/page/2/",
        "/2024/",
        "/2024/03/",
        "/about/",
        "/about/team/",
        post.get_absolute_url(),
        post.get_absolute_url() + "comments/feed/",
        "/fr/",
        "/fr/feed/",
    ):
        assert address in addresses
    locked = varied_site[-1].get_absolute_url()
    assert locked in addresses and locked + "comments/feed/" not in addresses


def test_the_pages_django_renders_itself_are_listed_apart_and_served(varied_site):
    by_django = [page.address for page in django_pages(Edition.objects.in_site_order())]
    assert by_django == [
        "/sitemap.xml",
        "/robots.txt",
        "/archives/",
        "/comments/feed/",
        "/fr/archives/",
        "/fr/comments/feed/",
    ]
    assert not set(by_django) & {page.address for page in site_pages(sitedata.load())}
    client = Client(HTTP_HOST="testserver")
    assert all(client.get(address).status_code == 200 for address in by_django)


def test_a_post_in_several_feeds_is_summed_up_once(varied_site, monkeypatch):
    summed_up = Counter()
    summary_text = Post.summary_text

    def counted(post):
        summed_up[post.pk] += 1
        return summary_text(post)

    monkeypatch.setattr(Post, "summary_text", counted)
    feeds = [p for p in site_pages(sitedata.load()) if p.address.endswith(("/feed/", "/rss/"))]
    for page in feeds:
        if page.make is not None:
            page.make()
    in_several = varied_site[1]  # in the edition's feed, its category's and its tag's
    assert summed_up[in_several.pk] == 1
    assert set(summed_up.values()) == {1}


@pytest.mark.parametrize("base_url", ["http://blog.example:8080", "https://blog.example"])
def test_the_builds_requests_are_for_the_sites_host_and_scheme(settings, base_url):
    from django.core.handlers.wsgi import WSGIRequest

    from carnet.publishing.rendering import wsgi_environ

    settings.BASE_URL = base_url
    settings.ALLOWED_HOSTS = ["blog.example"]
    request = WSGIRequest(wsgi_environ("/été/feed/"))
    assert request.path == "/été/feed/"
    assert request.build_absolute_uri() == base_url + "/%C3%A9t%C3%A9/feed/"


def test_a_page_django_renders_in_the_build_is_what_a_reader_gets(en, make_post):
    from carnet.publishing.build import LazyClient

    make_post(title="Spring tides")
    client, reader = LazyClient(), Client(HTTP_HOST="127.0.0.1")
    for address in ("/sitemap.xml", "/archives/", "/comments/feed/"):
        built = client.get(address)
        served = reader.get(address, **{NO_STORE: True})
        assert (built.status_code, built.content) == (served.status_code, served.content)
    assert client.get("/-/not-found/").status_code == 404
