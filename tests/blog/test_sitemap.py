"""The sitemap at /sitemap.xml: every public address of every edition, with hreflang alternates."""

from __future__ import annotations

import datetime
import xml.etree.ElementTree as ET

import pytest
from django.contrib.sitemaps.views import sitemap
from django.utils import timezone

from carnet.blog.models import Category, Post, Tag
from carnet.blog.sitemaps import SITEMAPS

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


def site_of_two_editions(make_post, en, fr) -> list[Post]:
    """Translated posts and pages, a page under a draft and its child, terms in both editions."""
    day = datetime.datetime(2024, 5, 1, 23, 30, tzinfo=datetime.UTC)  # 2 May in Paris
    walks = Category.objects.create(edition=en, name="Walks")
    maree = Tag.objects.create(edition=fr, name="Marée")
    heron = make_post(title="The heron", published_at=day, categories=[walks])
    draft_original = make_post(title="Unfinished", status=Post.Status.DRAFT)
    guides = make_post(title="Guides", kind=Post.Kind.PAGE, status=Post.Status.DRAFT)
    coast = make_post(title="Coast", kind=Post.Kind.PAGE, parent=guides)
    about = make_post(title="About", kind=Post.Kind.PAGE)
    return [
        heron,
        make_post(edition=fr, title="Le héron", published_at=day, translation_of=heron),
        make_post(title="Alone & happy", published_at=day),
        make_post(
            edition=fr,
            title="Inachevé",
            published_at=day,
            translation_of=draft_original,
            tags=[maree],
        ),
        coast,
        make_post(title="Cliffs", kind=Post.Kind.PAGE, parent=coast),
        about,
        make_post(edition=fr, title="À propos", kind=Post.Kind.PAGE, translation_of=about),
    ]


def test_the_sitemap_of_two_editions_is_written_byte_for_byte(client, make_post, en, fr):
    posts = site_of_two_editions(make_post, en, fr)
    day = {p.pk: timezone.localtime(p.updated_at).date().isoformat() for p in posts}
    heron, le_heron, alone, inacheve, coast, cliffs, about, a_propos = (p.pk for p in posts)

    def link(lang: str, path: str) -> str:
        return f'<xhtml:link rel="alternate" hreflang="{lang}" href="{BASE_URL}{path}"/>'

    def url(path: str, lastmod: str, *links: str) -> str:
        return f"<url><loc>{BASE_URL}{path}</loc><lastmod>{lastmod}</lastmod>{''.join(links)}</url>"

    homes = link("en", "/") + link("fr", "/fr/") + link("x-default", "/")
    heron_links = (
        link("en", "/2024/05/02/the-heron/"),
        link("fr", "/fr/2024/05/02/le-h%C3%A9ron/"),
        link("x-default", "/2024/05/02/the-heron/"),
    )
    about_links = (
        link("en", "/about/"),
        link("fr", "/fr/%C3%A0-propos/"),
        link("x-default", "/about/"),
    )
    urls = [
        url("/", max(day[heron], day[alone]), homes),
        url("/fr/", max(day[le_heron], day[inacheve]), homes),
        url("/2024/05/02/the-heron/", day[heron], *heron_links),
        url("/guides/coast/", day[coast]),
        url("/about/", day[about], *about_links),
        url("/fr/2024/05/02/le-h%C3%A9ron/", day[le_heron], *heron_links),
        url("/2024/05/02/alone-happy/", day[alone]),
        url("/fr/2024/05/02/inachev%C3%A9/", day[inacheve]),
        url("/guides/coast/cliffs/", day[cliffs]),
        url("/fr/%C3%A0-propos/", day[a_propos], *about_links),
    ]
    terms = "<url><loc>{0}/category/walks/</loc></url><url><loc>{0}/fr/tag/mar%C3%A9e/</loc></url>"
    expected = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
        'xmlns:xhtml="http://www.w3.org/1999/xhtml">\n'
        f"{''.join(urls)}{terms.format(BASE_URL)}\n"
        "</urlset>\n"
    )
    assert client.get("/sitemap.xml").content.decode() == expected


@pytest.mark.parametrize("with_posts", [False, True], ids=["no posts", "two editions"])
def test_the_sitemap_is_what_django_s_own_template_writes(
    client, rf, make_post, en, fr, with_posts
):
    if with_posts:
        site_of_two_editions(make_post, en, fr)
    django_s = sitemap(rf.get("/sitemap.xml"), sitemaps=SITEMAPS)  # its sitemap.xml template
    assert client.get("/sitemap.xml").content == django_s.render().content


def test_the_sitemap_reads_the_database_the_same_few_times_however_many_posts(
    client, make_post, en, fr, django_assert_num_queries
):
    site_of_two_editions(make_post, en, fr)
    parent = Post.objects.get(title="Cliffs")
    for title in ["Ledges", "Nests", "Eggs"]:  # a page path of six levels
        parent = make_post(title=title, kind=Post.Kind.PAGE, parent=parent)
    # Editions, each home's date, posts, their parent pages, categories, tags.
    with django_assert_num_queries(7):
        client.get("/sitemap.xml")
