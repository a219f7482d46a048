"""`carnet clip URL|FILE`: in-process against the test database, and once for real as a user
would run it, to see a refusal printed as one line."""

from __future__ import annotations

import io
import sqlite3
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from carnet.blog.models import Post
from tests.clipping.conftest import DATA, png
from tests.commandline import carnet


def clip(*args: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("clip", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


@pytest.mark.django_db
def test_clip_makes_a_draft_and_says_where_to_edit_it(news_site, local_allowed, en, writer):
    out, err = clip(news_site.fixture("/ferry", "article_with_figure.html"), "--author", "annie")
    post = Post.objects.get()
    assert out == (
        "Made the draft “Harbour town votes to keep its night ferry” in the en edition; "
        f"edit and publish it at http://127.0.0.1:8000/admin/blog/post/{post.pk}/change/\n"
    )
    assert err == ""
    assert post.author == writer


@pytest.mark.django_db
def test_the_author_is_the_first_administrator_unless_named(
    news_site, local_allowed, en, django_user_model
):
    django_user_model.objects.create_user("staff", is_staff=True)
    admin = django_user_model.objects.create_superuser("boss", password="x")
    clip(news_site.fixture("/ferry", "article_with_figure.html"))
    assert Post.objects.get().author == admin


@pytest.mark.django_db
def test_an_unknown_author_is_refused_before_anything_is_fetched(news_site, local_allowed, en):
    url = news_site.fixture("/ferry", "article_with_figure.html")
    with pytest.raises(CommandError, match="--author: no user called 'nobody'"):
        clip(url, "--author", "nobody")
    assert news_site.requests == []


@pytest.mark.django_db
def test_a_saved_file_is_clipped_into_the_edition_asked_for(en, fr, connections):
    clip(str(DATA / "french_article.html"), "--edition", "en", "--url", "https://abers.example/f")
    post = Post.objects.get()
    assert post.edition.language == "en"
    assert post.source_url == "https://echo-abers.example/lanvoen/forge-communale"
    assert connections == []


@pytest.mark.django_db
def test_images_that_cannot_be_downloaded_are_reported_as_warnings(
    news_site, local_allowed, en, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    news_site.page("/media/ferry-at-dusk.jpg", png(), content_type="image/png")
    url = news_site.fixture("/ferry", "article_with_figure.html")
    _out, err = clip(url, "--download-images")
    assert err.startswith("warning: image not downloaded, linked instead:")
    assert "img.ledger.example" in err
    assert Post.objects.get().featured_figure is not None


@pytest.mark.django_db
def test_a_refusal_is_a_command_error_and_no_draft(news_site, local_refused, en):
    with pytest.raises(CommandError, match="refused: 127.0.0.1 is a loopback address"):
        clip(news_site.fixture("/ferry", "article_with_figure.html"))
    assert not Post.objects.exists()


@pytest.mark.django_db
def test_a_name_that_is_neither_an_address_nor_a_file_says_what_to_give(en):
    with pytest.raises(CommandError, match=r"no such file. To clip a web page, give its whole"):
        clip("www.ledger.example/ferry")


# The real command ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    parent = tmp_path_factory.mktemp("clip")
    result = carnet("init", "site", cwd=parent)
    assert result.returncode == 0, result.stderr
    return parent / "site"


@pytest.mark.parametrize(
    ("source", "message"),
    [
        ("http://127.0.0.1:9/article", "refused: 127.0.0.1 is a loopback address"),
        (str(DATA / "annual_report.pdf"), "annual_report.pdf is not"),
    ],
)
def test_the_command_prints_a_refusal_as_one_line_without_a_traceback(site, source, message):
    result = carnet("clip", source, cwd=site)
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and message in lines[0], result.stderr


def test_the_command_clips_a_file_into_the_site_database(site):
    result = carnet("clip", str(DATA / "live_blog.html"), cwd=site)
    assert result.returncode == 0, result.stderr
    with sqlite3.connect(site / "carnet.sqlite3") as db:
        title, status = db.execute("SELECT title, status FROM blog_post").fetchone()
    assert (title, status) == ("Live: storm Odile reaches the coast", "draft")
