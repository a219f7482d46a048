"""`carnet build`: the whole site as files a static host can serve, rebuilt incrementally."""

from __future__ import annotations

import datetime
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.utils import timezone

from carnet.blog.models import Category, Page, Tag
from carnet.comments.models import Comment
from carnet.publishing.build import build

pytestmark = pytest.mark.django_db

BENCH = Path(__file__).resolve().parents[2] / "bench"


@pytest.fixture
def site(en, fr, make_post):
    """Twelve English posts (two pages of ten on the home), one French, a page, a category.

    Comments are closed and each post has one approved comment, so that a page renders the
    same twice (an open comment form carries the time it was made).
    """
    birds = Category.objects.create(edition=en, name="Birds")
    tide = Tag.objects.create(edition=en, name="Tide")
    start = datetime.datetime(2024, 1, 5, 12, tzinfo=datetime.UTC)
    posts = [
        make_post(
            title=f"Post {n}",
            published_at=start + datetime.timedelta(days=20 * n),
            comments_open=False,
            categories=[birds] if n % 2 else [],
            tags=[tide],
        )
        for n in range(12)
    ]
    posts.append(make_post(edition=fr, title="Billet", comments_open=False))
    for post in posts:
        Comment.objects.create(
            post=post,
            author_name="Bo",
            body="Hello",
            status="approved",
            created_at=post.published_at + datetime.timedelta(hours=1),
        )
    Page.objects.create(edition=en, title="About", status="published", body="Me.")
    return posts


def test_the_build_writes_every_public_page_of_both_editions(site, tmp_path):
    out = tmp_path / "out"
    report = build(out, workers=1)
    assert report.failed == []
    expected = [
        "index.html",
        "page/2/index.html",
        "about/index.html",
        "archives/index.html",
        "category/birds/index.html",
        "category/birds/feed/index.atom",
        "category/birds/feed/rss/index.rss",
        "tag/tide/index.html",
        "tag/tide/page/2/index.html",
        "author/annie/index.html",
        "2024/index.html",
        "2024/01/index.html",
        "feed/index.atom",
        "feed/rss/index.rss",
        "sitemap.xml",
        "robots.txt",
        "404.html",
        "fr/index.html",
        "fr/feed/index.atom",
        "fr/404.html",
        "static/carnet/theme.css",
        site[0].get_absolute_url().strip("/") + "/index.html",
        site[-1].get_absolute_url().strip("/") + "/index.html",
    ]
    missing = [name for name in expected if not (out / name).is_file()]
    assert missing == []
    assert (out / "index.html.gz").is_file() and (out / "index.html.br").is_file()
    assert "Page not found" in (out / "404.html").read_text()


def test_a_second_build_rewrites_nothing_that_did_not_change(site, tmp_path):
    out = tmp_path / "out"
    first = build(out, workers=1)
    assert first.written > 0
    second = build(out, workers=1)
    assert (second.written, second.removed) == (0, 0)
    assert second.unchanged == first.written


def test_pages_with_an_open_comment_form_are_not_rewritten_by_a_second_build(
    en, make_post, tmp_path
):
    post = make_post(title="Open", comments_open=True)
    out = tmp_path / "out"
    build(out, workers=1)
    page = out / post.get_absolute_url().strip("/") / "index.html"
    assert 'name="token"' in page.read_text()
    assert build(out, workers=1).written == 0


def test_an_edited_post_rewrites_its_pages_and_leaves_the_others_alone(site, tmp_path):
    out = tmp_path / "out"
    build(out, workers=1)
    untouched = out / site[0].get_absolute_url().strip("/") / "index.html"
    before = untouched.stat().st_mtime_ns
    site[6].title = "Post 6, revised"
    site[6].save()
    report = build(out, workers=1)
    assert 0 < report.written < report.unchanged
    assert (
        "Post 6, revised"
        in (out / site[6].get_absolute_url().strip("/") / "index.html").read_text()
    )
    assert untouched.stat().st_mtime_ns == before


def test_a_deleted_post_is_removed_from_the_output(site, tmp_path):
    out = tmp_path / "out"
    build(out, workers=1)
    gone = out / site[3].get_absolute_url().strip("/") / "index.html"
    assert gone.exists()
    site[3].delete()
    report = build(out, workers=1)
    assert report.removed >= 1
    assert not gone.exists()
    assert not gone.with_name("index.html.gz").exists()


def test_a_scheduled_post_is_not_built(site, tmp_path, make_post):
    later = make_post(title="Later", published_at=timezone.now() + datetime.timedelta(days=1))
    out = tmp_path / "out"
    build(out, workers=1)
    assert not (out / later.get_absolute_url().strip("/")).exists()


def test_the_bench_corpus_builds_with_carnet_build_in_parallel(tmp_path):
    """Smoke test of bench/corpus.py and of `carnet build` as a user runs it (two workers)."""
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "CARNET_SITE")}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    made = subprocess.run(
        [sys.executable, str(BENCH / "corpus.py"), "--posts", "12", "--out", str(tmp_path / "c")],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert made.returncode == 0, made.stderr
    assert len(list((tmp_path / "c" / "hugo" / "content").rglob("*.md"))) == 12
    assert len(list((tmp_path / "c" / "pelican" / "content").glob("*.md"))) == 12
    out = tmp_path / "out"
    command = [sys.executable, "-m", "carnet.cli", "--site", str(tmp_path / "c" / "site")]
    built = subprocess.run(
        [*command, "build", "--out", str(out), "--workers", "2"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert built.returncode == 0, built.stderr
    assert "0 removed" in built.stdout
    assert (out / "index.html").is_file()
    assert (out / "fr" / "feed" / "index.atom").is_file()
    assert len(list(out.rglob("post-*/index.html"))) == 12
    # Made aside, by Django, while the site was read:
    for made_by_django in ("sitemap.xml", "robots.txt", "404.html", "fr/404.html"):
        assert (out / made_by_django).is_file()
    listed = re.findall(r"<loc>[^<]*/(post-[^/<]+)/</loc>", (out / "sitemap.xml").read_text())
    assert sorted(listed) == sorted(p.parent.name for p in out.rglob("post-*/index.html"))


def test_compressed_copies_come_and_go_with_the_compress_choice(site, tmp_path):
    out = tmp_path / "out"
    build(out, workers=1, compress=False)
    assert (out / "index.html").is_file() and not (out / "index.html.gz").exists()
    report = build(out, workers=1, compress=True)
    assert report.unchanged == 0
    assert (out / "index.html.gz").is_file() and (out / "index.html.br").is_file()
    build(out, workers=1, compress=False)
    assert not (out / "index.html.gz").exists() and not (out / "index.html.br").exists()


def test_the_command_compresses_the_page_store_but_not_another_folder(site, tmp_path, settings):
    from django.core.management import call_command

    settings.CARNET_PAGE_STORE = str(tmp_path / "public")
    call_command("build", "--quiet", "--workers", "1")
    assert (tmp_path / "public" / "index.html.gz").is_file()
    out = tmp_path / "static-copy"
    call_command("build", "--out", str(out), "--quiet", "--workers", "1")
    assert (out / "index.html").is_file() and not (out / "index.html.gz").exists()
    call_command("build", "--out", str(out), "--quiet", "--workers", "1", "--compress")
    assert (out / "index.html.gz").is_file()


def test_a_page_django_answers_with_another_status_than_expected_is_a_failure(en, tmp_path):
    from carnet.publishing import build as building
    from carnet.publishing.rendering import Page as SitePage

    building._pages = [SitePage("/", file="404.html", status=404)]  # "/" is the home: a 200
    try:
        written, _unchanged, files, failed = building.render_chunk((str(tmp_path), 0, 1, False))
    finally:
        building._pages = []
    assert (written, files, failed) == (0, [], ["/ (200)"])
    assert not (tmp_path / "404.html").exists()
