"""The reader's pages, through the real URLs and templates."""

from __future__ import annotations

import datetime
import re

import pytest
from django.utils import timezone

from carnet.blog.models import Category, Page, Post, RelatedLink, Tag
from carnet.comments.models import Comment

pytestmark = pytest.mark.django_db


def html(client, url: str, status: int = 200) -> str:
    response = client.get(url)
    assert response.status_code == status, (url, response.status_code)
    return response.content.decode()


def days_ago(n: float) -> datetime.datetime:
    return timezone.now() - datetime.timedelta(days=n)


# Home pages ------------------------------------------------------------------


def test_home_lists_posts_newest_first(client, make_post):
    make_post(title="Older post", published_at=days_ago(3))
    make_post(title="Newer post", published_at=days_ago(1))
    page = html(client, "/")
    assert page.index("Newer post") < page.index("Older post")


def test_home_shows_each_post_up_to_its_more_marker_then_the_more_link(client, make_post, en):
    post = make_post(title="Cut", body="Opening words.\n\n<!--more-->\n\nHidden remainder.")
    page = html(client, "/")
    assert "Opening words." in page
    assert "Hidden remainder." not in page
    assert f'href="{post.get_absolute_url()}#more"' in page
    assert "Continue reading" in page


def test_a_custom_more_text_replaces_the_editions_default(client, make_post):
    make_post(body="First part.\n\n<!--more to be continued here-->\n\nRest.")
    page = html(client, "/")
    assert "to be continued here" in page
    assert "Continue reading" not in page


def test_the_more_link_text_defaults_to_the_editions_own(client, make_post, en):
    en.more_text = "Keep going"
    en.save()
    make_post(body="A.\n\n<!--more-->\n\nB.")
    assert "Keep going" in html(client, "/")


def test_a_post_without_more_marker_is_shown_whole_without_a_more_link(client, make_post):
    make_post(body="All of it, short.")
    page = html(client, "/")
    assert "All of it, short." in page
    assert "more-link" not in page


def test_home_shows_date_author_terms_and_comment_count(client, make_post, en):
    category = Category.objects.create(edition=en, name="Rivers")
    tag = Tag.objects.create(edition=en, name="floods")
    post = make_post(categories=[category], tags=[tag])
    Comment.objects.create(post=post, author_name="R", body="Hi", status="approved")
    Comment.objects.create(post=post, author_name="S", body="Spam", status="spam")
    Comment.objects.create(post=post, author_name="P", body="Wait", status="pending")
    page = html(client, "/")
    assert 'href="/category/rivers/"' in page and 'href="/tag/floods/"' in page
    assert 'href="/author/annie/"' in page and "Annie" in page
    assert post.published_at.strftime("%Y-%m-%d") in page
    assert "1 comment<" in page


def test_home_is_paginated_with_page_addresses(client, make_post, en):
    en.posts_per_page = 2
    en.save()
    for n in range(5):
        make_post(title=f"Post number {n}", published_at=days_ago(10 - n))
    first = html(client, "/")
    assert "Post number 4" in first and "Post number 2" not in first
    assert 'href="/page/2/"' in first
    second = html(client, "/page/2/")
    assert "Post number 2" in second and 'href="/"' in second
    assert "Post number 0" in html(client, "/page/3/")
    html(client, "/page/4/", status=404)


def test_sticky_posts_come_first_on_the_home_page(client, make_post):
    make_post(title="Pinned old post", published_at=days_ago(30), sticky=True)
    make_post(title="Fresh post", published_at=days_ago(1))
    page = html(client, "/")
    assert page.index("Pinned old post") < page.index("Fresh post")


def test_drafts_private_and_future_posts_are_not_shown(client, make_post):
    make_post(title="A draft", status=Post.Status.DRAFT)
    make_post(title="Private thoughts", status=Post.Status.PRIVATE)
    scheduled = make_post(
        title="Tomorrow's post", published_at=timezone.now() + datetime.timedelta(hours=2)
    )
    page = html(client, "/")
    assert "A draft" not in page and "Private thoughts" not in page and "Tomorrow" not in page
    html(client, scheduled.get_absolute_url(), status=404)


def test_a_scheduled_post_goes_live_at_its_time_without_any_step(client, make_post):
    post = make_post(title="Timed post", published_at=timezone.now() + datetime.timedelta(hours=1))
    assert "Timed post" not in html(client, "/")
    Post.objects.filter(pk=post.pk).update(
        published_at=timezone.now() - datetime.timedelta(seconds=1)
    )
    assert "Timed post" in html(client, "/")


def test_each_edition_home_shows_only_its_own_posts(client, make_post, fr):
    make_post(title="English words")
    make_post(title="Mots français", edition=fr)
    assert "Mots français" not in html(client, "/")
    french = html(client, "/fr/")
    assert "Mots français" in french and "English words" not in french


# Post pages ------------------------------------------------------------------


def test_a_post_lives_at_its_dated_permalink(client, make_post):
    post = make_post(
        title="Dated",
        slug="dated",
        published_at=timezone.make_aware(datetime.datetime(2026, 3, 7, 10)),
    )
    assert post.get_absolute_url() == "/2026/03/07/dated/"
    page = html(client, "/2026/03/07/dated/")
    assert '<h1 class="post-title">Dated</h1>' in page


def test_a_post_under_the_wrong_date_redirects_to_its_permalink(client, make_post):
    post = make_post(
        slug="moved", published_at=timezone.make_aware(datetime.datetime(2026, 3, 7, 10))
    )
    response = client.get("/2025/01/01/moved/")
    assert response.status_code == 301 and response["Location"] == post.get_absolute_url()


def test_a_post_with_a_non_ascii_slug_is_served_without_redirect(client, make_post, fr):
    post = make_post(title="Élection à Vellmouth", edition=fr)
    assert "élection" in post.slug
    response = client.get(post.get_absolute_url())
    assert response.status_code == 200


def test_post_page_shows_full_body_standfirst_and_more_anchor(client, make_post):
    post = make_post(
        standfirst="In one line.", body="Intro.\n\n<!--more-->\n\n## Sub-heading\n\nRest."
    )
    page = html(client, post.get_absolute_url())
    assert '<p class="standfirst">In one line.</p>' in page
    assert '<span id="more"></span>' in page and "Rest." in page
    assert re.search(r"<h2[^>]*>Sub-heading</h2>", page)


def test_post_page_links_its_translations_visibly_and_with_hreflang(client, make_post, fr):
    original = make_post(title="The bridge")
    translation = make_post(title="Le pont", edition=fr, translation_of=original)
    english = html(client, original.get_absolute_url())
    assert (
        f'<link rel="alternate" hreflang="fr" href="http://127.0.0.1:8000{translation.get_absolute_url()}">'
        in english
    )
    assert f'href="{translation.get_absolute_url()}" hreflang="fr"' in english
    assert "Le pont" in english
    french = html(client, translation.get_absolute_url())
    assert f'hreflang="en" href="http://127.0.0.1:8000{original.get_absolute_url()}"' in french


def test_an_unpublished_translation_is_not_linked(client, make_post, fr):
    original = make_post(title="The bridge")
    make_post(title="Le pont", edition=fr, translation_of=original, status=Post.Status.DRAFT)
    assert "Le pont" not in html(client, original.get_absolute_url())


def test_post_page_links_previous_and_next_posts_of_the_same_edition(client, make_post, fr):
    first = make_post(title="First one", published_at=days_ago(3))
    middle = make_post(title="Middle one", published_at=days_ago(2))
    make_post(title="Autre édition", edition=fr, published_at=days_ago(2.5))
    last = make_post(title="Last one", published_at=days_ago(1))
    page = html(client, middle.get_absolute_url())
    assert f'href="{first.get_absolute_url()}" rel="prev"' in page
    assert f'href="{last.get_absolute_url()}" rel="next"' in page
    assert "Autre édition" not in page


def test_post_page_shows_source_attribution_and_read_more_links(client, make_post):
    post = make_post(
        source_publication="The Lowland Courier",
        source_author="J. Peeters",
        source_title="Dyke repairs",
        source_date=datetime.date(2026, 5, 2),
        source_url="https://courier.example.com/dyke",
    )
    RelatedLink.objects.create(post=post, title="Flood plan", url="https://example.org/plan")
    page = html(client, post.get_absolute_url())
    assert '<a href="https://courier.example.com/dyke"' in page
    assert "The Lowland Courier" in page and "J. Peeters" in page and "2026-05-02" in page
    assert "Read more on this issue:" in page
    assert '<a href="https://example.org/plan">Flood plan</a>' in page


def test_post_page_shows_approved_comments_threaded_and_hides_the_rest(client, make_post):
    post = make_post()
    top = Comment.objects.create(post=post, author_name="Femke", body="First!", status="approved")
    Comment.objects.create(
        post=post, parent=top, author_name="Annie", body="A reply.", status="approved"
    )
    Comment.objects.create(post=post, author_name="Bot", body="Buy pills", status="spam")
    Comment.objects.create(post=post, author_name="New", body="Awaiting", status="pending")
    page = html(client, post.get_absolute_url())
    assert f'id="comment-{top.pk}"' in page and "A reply." in page
    assert page.index("First!") < page.index('class="comment-replies"') < page.index("A reply.")
    assert "Buy pills" not in page and "Awaiting" not in page
    assert "2 comments" in page


def test_commenters_emails_and_addresses_never_reach_the_page(client, make_post):
    post = make_post()
    Comment.objects.create(
        post=post,
        author_name="R",
        author_email="secret@example.org",
        ip_address="192.0.2.7",
        body="Hello",
        status="approved",
    )
    page = html(client, post.get_absolute_url())
    assert "secret@example.org" not in page and "192.0.2.7" not in page


def test_post_page_has_canonical_url_and_opengraph_metadata(client, make_post):
    post = make_post(title="Meta", standfirst="Summary line.")
    page = html(client, post.get_absolute_url())
    assert f'<link rel="canonical" href="http://127.0.0.1:8000{post.get_absolute_url()}">' in page
    assert '<meta property="og:title" content="Meta">' in page
    assert '<meta property="og:type" content="article">' in page
    assert '<meta property="og:description" content="Summary line.">' in page


def test_hostile_html_in_a_post_never_reaches_the_page(client, make_post):
    post = make_post(
        body='<script>alert(1)</script><img src=x onerror="alert(2)">[x](javascript:alert(3))',
        title="Hostile",
    )
    page = html(client, post.get_absolute_url())
    assert "<script" not in page and "onerror" not in page
    assert not re.search(r"(href|src)=\"\s*javascript:", page, re.IGNORECASE)


# Pages -----------------------------------------------------------------------


def test_a_page_lives_at_its_slug_and_is_in_the_navigation(client, en, writer):
    Page.objects.create(
        edition=en, title="About", slug="about", body="Who I am.", status="published"
    )
    page = html(client, "/about/")
    assert "Who I am." in page
    assert '<a href="/about/">About</a>' in html(client, "/")


def test_a_child_page_lives_under_its_parent(client, en):
    parent = Page.objects.create(edition=en, title="Guides", slug="guides", status="published")
    child = Page.objects.create(
        edition=en, title="Walks", slug="walks", status="published", parent=parent
    )
    assert child.get_absolute_url() == "/guides/walks/"
    assert "Walks" in html(client, "/guides/walks/")
    assert client.get("/walks/").status_code == 301


def test_a_draft_page_is_not_served(client, en):
    Page.objects.create(edition=en, title="Secret", slug="secret", status="draft")
    html(client, "/secret/", status=404)


# Archives --------------------------------------------------------------------


def test_year_and_month_archives_list_the_posts_of_that_time(client, make_post):
    zone = timezone.get_current_timezone()
    make_post(title="March post", published_at=datetime.datetime(2026, 3, 31, 23, 30, tzinfo=zone))
    make_post(title="April post", published_at=datetime.datetime(2026, 4, 1, 0, 30, tzinfo=zone))
    make_post(title="Last year", published_at=datetime.datetime(2025, 6, 1, tzinfo=zone))
    year = html(client, "/2026/")
    assert "March post" in year and "April post" in year and "Last year" not in year
    march = html(client, "/2026/03/")
    assert "March post" in march and "April post" not in march
    html(client, "/2026/13/", status=404)
    html(client, "/1999/", status=404)


def test_category_tag_and_author_archives(client, make_post, en):
    rivers = Category.objects.create(edition=en, name="Rivers")
    floods = Tag.objects.create(edition=en, name="Floods")
    make_post(title="On the river", categories=[rivers], tags=[floods])
    make_post(title="Elsewhere")
    for url in ("/category/rivers/", "/tag/floods/", "/author/annie/"):
        page = html(client, url)
        assert "On the river" in page
    assert "Elsewhere" not in html(client, "/category/rivers/")
    html(client, "/category/nothing/", status=404)
    html(client, "/author/nobody/", status=404)


def test_archives_index_lists_months_categories_and_tags(client, make_post, en):
    rivers = Category.objects.create(edition=en, name="Rivers")
    make_post(
        categories=[rivers], published_at=timezone.make_aware(datetime.datetime(2026, 2, 3, 12))
    )
    page = html(client, "/archives/")
    assert 'href="/2026/02/"' in page and 'href="/category/rivers/"' in page


# The frame of every page -----------------------------------------------------


def test_every_page_has_landmarks_skip_link_edition_note_and_up_link(client, make_post, en, fr):
    page = html(client, "/")
    assert '<a class="skip-link" href="#content">' in page and '<main id="content"' in page
    assert "<header" in page and "<nav" in page and "<footer" in page
    note = 'I have a parallel blog in French at <a href="/fr/" hreflang="fr" lang="fr">'
    assert note + "Carnet de terrain</a>" in page
    assert '<a href="#top">' in page and "↑" in page
    assert 'id="top"' in page


def test_the_footer_credit_is_the_editions_own(client, en):
    en.footer_credit = "Blog at my own server"
    en.save()
    assert "Blog at my own server" in html(client, "/")


def test_pages_need_no_javascript_and_carry_no_session(client, make_post):
    post = make_post()
    response = client.get(post.get_absolute_url())
    assert "<script" not in response.content.decode()
    assert "sessionid" not in response.cookies and "csrftoken" not in response.cookies


def test_unknown_address_gets_a_404_page_in_the_editions_language(client, en, fr):
    english = html(client, "/no/such/thing/", status=404)
    assert '<html lang="en">' in english and "Page not found" in english
    french = html(client, "/fr/rien/du/tout/", status=404)
    assert '<html lang="fr">' in french and "Page introuvable" in french


# Previews --------------------------------------------------------------------


def test_writers_preview_drafts_and_readers_cannot(client, make_post, writer):
    draft = make_post(title="Work in progress", status=Post.Status.DRAFT)
    response = client.get(f"/preview/{draft.pk}/")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
    client.force_login(writer)
    page = html(client, f"/preview/{draft.pk}/")
    assert "Work in progress" in page and "preview-bar" in page
    assert response.get("Cache-Control") != "public"


def test_a_preview_shows_a_french_draft_in_french(client, make_post, writer, fr):
    draft = make_post(title="Brouillon", edition=fr, status=Post.Status.DRAFT)
    client.force_login(writer)
    assert '<html lang="fr">' in html(client, f"/preview/{draft.pk}/")


# The French edition ----------------------------------------------------------


ENGLISH_INTERFACE = (
    "Skip to content",
    "Search this blog",
    "Continue reading",
    "Published with Carnet",
    "comments<",
    "Read more on this issue",
    "Previous post",
    "Page not found",
    "Tags:",
    ">Up ",
)


def test_the_french_edition_interface_is_entirely_in_french(client, make_post, fr):
    fr.more_text = ""
    fr.footer_credit = ""
    fr.save()
    older = make_post(title="Avant", edition=fr, published_at=days_ago(3))
    post = make_post(
        title="Après", edition=fr, body="Début.\n\n<!--more-->\n\nFin.", published_at=days_ago(1)
    )
    RelatedLink.objects.create(post=post, title="Lien", url="https://example.org/")
    pages = [
        html(client, "/fr/"),
        html(client, post.get_absolute_url()),
        html(client, "/fr/archives/"),
        html(client, "/fr/search/?q=avant"),
        html(client, "/fr/introuvable/", status=404),
    ]
    for page in pages:
        assert '<html lang="fr">' in page
        for english in ENGLISH_INTERFACE:
            assert english not in page, english
    assert "Aller au contenu" in pages[0] and "Lire la suite" in pages[0]
    assert "Publié avec Carnet" in pages[0]
    assert "À lire aussi sur le sujet" in pages[1] and older.title in pages[1]
    assert "Page introuvable" in pages[4]
