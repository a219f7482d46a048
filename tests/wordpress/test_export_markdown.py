"""`carnet export markdown`: one file per post and page, drafts included, with front matter."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import call_command

from carnet.blog.models import Post

pytestmark = pytest.mark.django_db


def exported(tmp_path, *options: str):
    out = tmp_path / "content"
    call_command("export", "markdown", str(out), *options, stdout=io.StringIO())
    return out


def front_matter(text: str) -> dict[str, str]:
    head = text.split("\n---\n", 1)[0].removeprefix("---\n")
    return dict(line.split(": ", 1) for line in head.splitlines() if ": " in line)


def test_every_post_and_page_gets_a_file_drafts_included(run_import, tmp_path):
    run_import("classic_blog.xml")
    out = exported(tmp_path)
    files = sorted(p.relative_to(out).as_posix() for p in out.rglob("*.md"))
    assert len(files) == Post.objects.count() == 9
    assert "en/posts/2020-05-02-heron-back.md" in files
    assert "en/pages/about/tide-tables.md" in files
    assert any("ferry-timetable-draft" in name for name in files)


def test_hugo_front_matter_says_what_the_post_is(run_import, tmp_path):
    run_import("classic_blog.xml")
    text = (exported(tmp_path) / "en/posts/2020-05-02-heron-back.md").read_text()
    meta = front_matter(text)
    assert json.loads(meta["title"]) == "The heron is back & fishing"
    assert json.loads(meta["date"]).startswith("2020-05-02T10:30:00")
    assert json.loads(meta["slug"]) == "heron-back"
    assert json.loads(meta["status"]) == "published"
    assert meta["draft"] == "false"
    assert json.loads(meta["language"]) == "en"
    assert json.loads(meta["tags"]) == ["Low water", "Tides"]
    assert json.loads(meta["categories"]) == ["Waders"]
    assert "<figure" in text.split("\n---\n", 1)[1]


def test_translations_are_named_in_the_front_matter(run_import, tmp_path):
    run_import("polylang.xml")
    text = (exported(tmp_path) / "fr/posts/2019-05-02-le-bac.md").read_text()
    assert 'translationKey: "post-' in text
    assert "translations:\n  en: " in text and "/2019/05/02/the-ferry/" in text


def test_a_markdown_post_keeps_its_markdown(make_post, tmp_path):
    make_post(title="In Markdown", slug="in-markdown", body="Some **bold** words.")
    files = list(exported(tmp_path).rglob("*in-markdown.md"))
    assert files[0].read_text().endswith("\n---\nSome **bold** words.\n")


def test_the_pelican_flavour_writes_key_value_metadata(run_import, tmp_path):
    run_import("classic_blog.xml")
    text = (
        exported(tmp_path, "--flavour", "pelican") / "en/posts/2020-05-02-heron-back.md"
    ).read_text()
    assert text.startswith("Title: The heron is back & fishing\nDate: 2020-05-02 10:30\n")
    assert "\nTags: Low water, Tides\n" in text
    assert "\nCategory: Waders\n" in text
    assert "\nStatus: published\n" in text


def test_a_password_protected_post_is_exported_as_a_draft(run_import, tmp_path):
    run_import("classic_blog.xml")
    out = exported(tmp_path)
    meta = front_matter((out / "en/posts/2020-06-06-secret-garden.md").read_text())
    assert meta["draft"] == "true" and meta["protected"] == "true"
    pelican = exported(tmp_path / "p", "--flavour", "pelican")
    assert "\nStatus: draft\n" in (pelican / "en/posts/2020-06-06-secret-garden.md").read_text()
