"""The draft post: its attribution, its quoted Markdown body, its figures, its edition."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest

from carnet.blog.models import Figure, Post
from carnet.clipping import ClipError, draft
from carnet.clipping.draft import clip_html, clip_url, escape_markdown
from carnet.content import render
from tests.clipping.conftest import DATA, png

pytestmark = pytest.mark.django_db


@pytest.fixture
def media(settings, tmp_path) -> Path:
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def ferry(news_site, local_allowed, en, fr) -> Post:
    """The harbour article clipped from the local news site, images left on the site."""
    url = news_site.fixture("/2026/03/04/night-ferry", "article_with_figure.html")
    return clip_url(url).post


def test_the_draft_carries_the_article_and_its_source(ferry, writer):
    assert ferry.status == Post.Status.DRAFT
    assert ferry.edition.language == "en"
    assert ferry.title == "Harbour town votes to keep its night ferry"
    assert ferry.slug == "harbour-town-votes-to-keep-its-night-ferry"
    assert ferry.standfirst.startswith("After a year of trial crossings")
    assert ferry.source_publication == "The Coastal Ledger"
    assert ferry.source_author == "Maud Kerleau, Tobias Wren"
    assert ferry.source_title == "Harbour town votes to keep its night ferry"
    assert ferry.source_date == datetime.date(2026, 3, 4)
    assert ferry.source_url == "https://ledger.example/2026/03/04/night-ferry"


def test_the_draft_links_to_the_original_under_read_more(ferry):
    (link,) = ferry.related_links.all()
    assert link.title == "Harbour town votes to keep its night ferry"
    assert link.url == "https://ledger.example/2026/03/04/night-ferry"


def test_the_body_quotes_the_article_with_its_sub_headings_quotes_and_lists(ferry):
    body = ferry.body
    assert "> The council of Port Avel voted on Tuesday evening" in body
    assert "> ## A boat for the night shift" in body
    assert "> > Before the ferry, I slept in my car twice a week." in body
    assert "> - the regional transport board, for a third;" in body
    html = ferry.body_html
    assert html.count("<blockquote>") >= 2
    assert '<h2 id="a-boat-for-the-night-shift">A boat for the night shift</h2>' in html


def test_the_more_marker_follows_the_first_two_paragraphs(ferry):
    intro, rest = ferry.body.split("\n\n<!--more-->\n\n")
    assert intro.rstrip().endswith("with a review in December.")
    assert rest.startswith("> ## A boat for the night shift")
    assert ferry.has_more and ferry.more_text == ""
    assert "Nineteen councillors" in ferry.excerpt_html
    assert "night shift" not in ferry.excerpt_html


def test_figures_left_on_the_source_site_show_their_caption_and_credit(ferry, news_site):
    lead = f"http://127.0.0.1:{news_site.port}/media/ferry-at-dusk.jpg"
    expected = (
        f"![A small white ferry leaving the quay at dusk]({lead} "
        '"The last crossing of the evening leaves the north quay. [Ines Calloway]")'
    )
    assert expected in ferry.body
    assert '<span class="figure-credit">[Arno Pell]</span>' in ferry.body_html


def test_a_french_article_becomes_a_draft_of_the_french_edition(news_site, local_allowed, fr):
    url = news_site.fixture("/forge", "french_article.html")
    post = clip_url(url).post
    assert post.edition.language == "fr"
    assert post.title == "À Lanvoën, la dernière forge du canton rallume ses feux"
    assert post.slug == "à-lanvoën-la-dernière-forge-du-canton-rallume-ses-feux"


def test_the_edition_asked_for_wins_over_the_article_language(news_site, local_allowed, en):
    url = news_site.fixture("/forge", "french_article.html")
    assert clip_url(url, edition="en").post.edition.language == "en"


def test_an_edition_the_site_does_not_have_is_refused(news_site, local_allowed, en):
    url = news_site.fixture("/forge", "french_article.html")
    with pytest.raises(ClipError, match="no 'de' edition; it has en, fr"):
        clip_url(url, edition="de")
    assert not Post.objects.exists()


def test_a_paywalled_article_warns_that_only_its_free_part_was_clipped(
    news_site, local_allowed, en
):
    clipping = clip_url(news_site.fixture("/cannery", "paywall_teaser.html"))
    assert clipping.warnings == ["the article is for subscribers: only its free part was clipped."]
    assert "Subscribe" not in clipping.post.body


def test_pasted_html_makes_a_draft_without_fetching_anything(en, connections):
    html = (DATA / "photo_credit_in_brackets.html").read_text()
    post = clip_html(html, source_url="https://courier.example/n/bees").post
    assert connections == []
    assert post.source_url == "https://courier.example/news/beekeepers-winter-losses?ref=home"
    assert '"Hives above the village of Sorle after the March snowfall. ' in post.body
    assert '[Lena Ortiz / Courier Pictures]")' in post.body


def test_bold_italic_and_links_of_the_article_are_kept(en):
    html = (
        "<html><head><title>Tide tables</title></head><body><article><h1>Tide tables</h1>"
        "<p>The harbour office publishes <strong>new tables</strong> every <em>spring</em>, "
        'on <a href="/tides">its own page</a> and in the local paper, as it has done for '
        "more than forty years without a single missed season.</p>"
        "<p>Fishermen say the printed booklet is still the one they trust most at sea.</p>"
        "</article></body></html>"
    )
    body = clip_html(html, source_url="https://harbour.example/news/tides").post.body
    assert "**new tables**" in body
    assert "*spring*" in body
    assert "[its own page](https://harbour.example/tides)" in body


@pytest.mark.parametrize(
    "text",
    [
        "Stars like *these* and _those_",
        "[figure secret-plan] is not a figure",
        "<script>alert(1)</script> stays text",
        "# not a heading",
        "1. not a list",
        "- not a list either",
        "<!--more--> is not a marker",
        "[a](javascript:alert(1)) is not a link",
        "A & B &amp; C",
    ],
)
def test_article_text_is_shown_as_written_never_as_markdown(text):
    html = render(escape_markdown(text)).body_html
    assert html.startswith("<p>") and html.endswith("</p>\n") or html.endswith("</p>")
    assert "<em>" not in html and "<figure" not in html and "<a " not in html
    assert "<script" not in html and "<h1" not in html and "<ol" not in html and "<ul" not in html
    assert not render(escape_markdown(text)).has_more


def test_a_page_that_is_not_an_article_leaves_the_posts_as_they_were(en):
    with pytest.raises(ClipError, match="not an HTML page"):
        clip_html((DATA / "annual_report.pdf").read_bytes(), where="annual_report.pdf")
    assert not Post.objects.exists()


# Downloaded images -----------------------------------------------------------------------


@pytest.fixture
def ferry_with_images(news_site, local_allowed, en, media):
    news_site.page("/media/ferry-at-dusk.jpg", png(), content_type="image/png")
    url = news_site.fixture("/2026/03/04/night-ferry", "article_with_figure.html")
    return clip_url(url, download_images=True)


def test_downloaded_images_become_figures_with_their_caption_and_credit(ferry_with_images):
    post = ferry_with_images.post
    figure = Figure.objects.get()
    assert figure.slug == "harbour-town-votes-to-keep-its-night-ferry-1"
    assert figure.alt == "A small white ferry leaving the quay at dusk"
    assert figure.caption == "The last crossing of the evening leaves the north quay."
    assert figure.credit == "Ines Calloway"
    assert (figure.width, figure.height) == (640, 400)
    assert post.body.startswith("[figure harbour-town-votes-to-keep-its-night-ferry-1]\n")
    assert post.featured_figure == figure
    assert f'src="{figure.image.url}"' in post.body_html


def test_an_image_that_cannot_be_downloaded_stays_a_link_with_a_warning(ferry_with_images):
    (warning,) = ferry_with_images.warnings
    assert warning.startswith("image not downloaded, linked instead:")
    assert "img.ledger.example" in warning
    assert "![Passengers queueing on a wet quay](https://img.ledger.example/quay-queue.jpg" in (
        ferry_with_images.post.body
    )


def test_an_image_behind_a_redirect_is_downloaded_too(news_site, local_allowed, en, media):
    news_site.redirect("/media/ferry-at-dusk.jpg", "/cdn/7/ferry.png", status=301)
    news_site.page("/cdn/7/ferry.png", png(), content_type="image/png")
    url = news_site.fixture("/ferry", "article_with_figure.html")
    post = clip_url(url, download_images=True).post
    assert post.body.startswith("[figure harbour-town-votes-to-keep-its-night-ferry-1]")


@pytest.mark.parametrize(
    ("content_type", "body", "reason"),
    [
        ("text/html", b"<html><body>not a picture</body></html>", "is not an image"),
        ("image/png", b"\x89PNG\r\n\x1a\n but then nothing", "not an image Carnet can read"),
        ("image/svg+xml", b"<svg xmlns='http://www.w3.org/2000/svg'/>", "is not an image"),
    ],
)
def test_what_is_not_a_picture_is_not_saved(
    news_site, local_allowed, en, media, content_type, body, reason
):
    news_site.page("/media/ferry-at-dusk.jpg", body, content_type=content_type)
    url = news_site.fixture("/ferry", "article_with_figure.html")
    clipping = clip_url(url, download_images=True)
    assert reason in clipping.warnings[0]
    assert not Figure.objects.exists()
    assert not any(path.is_file() for path in media.rglob("*"))


def test_a_failure_after_the_images_were_saved_leaves_no_figure_nor_file(
    news_site, local_allowed, en, media, monkeypatch
):
    news_site.page("/media/ferry-at-dusk.jpg", png(), content_type="image/png")
    url = news_site.fixture("/ferry", "article_with_figure.html")

    def broken(*args, **kwargs):
        raise RuntimeError("the database went away")

    monkeypatch.setattr(draft, "_save_post", broken)
    with pytest.raises(RuntimeError):
        clip_url(url, download_images=True)
    assert not Figure.objects.exists() and not Post.objects.exists()
    assert not any(path.is_file() for path in media.rglob("*"))
