"""Comments: threaded by their parents, with statuses and kinds kept, trash left out."""

from __future__ import annotations

import pytest

from carnet.blog.models import Post
from carnet.comments.models import Comment

pytestmark = pytest.mark.django_db


def by_author(name: str) -> Comment:
    return Comment.objects.get(author_name=name)


def test_comments_are_counted_and_trash_is_skipped(run_import):
    result = run_import("classic_blog.xml")
    assert "imported 6" in result.line("comments")
    assert "(in the trash: 1)" in result.line("comments")
    assert not Comment.objects.filter(author_name="Binned").exists()


def test_a_reply_listed_before_its_parent_is_still_threaded(run_import):
    run_import("classic_blog.xml")
    assert by_author("Claire").parent == by_author("Dan")
    assert by_author("Dan").parent is None


def test_statuses_are_kept_spam_included(run_import):
    run_import("classic_blog.xml")
    assert by_author("Dan").status == Comment.Status.APPROVED
    assert by_author("Eve").status == Comment.Status.PENDING
    assert by_author("Cheap Pills").status == Comment.Status.SPAM


def test_pingbacks_and_trackbacks_stay_what_they_are(run_import):
    run_import("classic_blog.xml")
    assert by_author("Birding Weekly").kind == Comment.Kind.PINGBACK
    assert by_author("Coast Diary").kind == Comment.Kind.TRACKBACK
    assert by_author("Dan").kind == Comment.Kind.COMMENT


def test_comment_fields_dates_and_links_are_kept(run_import):
    run_import("classic_blog.xml")
    claire = by_author("Claire")
    assert claire.post == Post.objects.get(slug="heron-back")
    assert claire.author_email == "claire@example.net"
    assert claire.author_url == "https://claire.example.net/"
    assert str(claire.ip_address) == "192.0.2.7"
    assert claire.created_at.isoformat() == "2020-05-02T10:00:00+00:00"
    assert claire.body == "Replying to Dan: yes, this one (https://birds.example.com/heron)."
    assert by_author("Dan").ip_address is None  # "not an address"


def test_the_post_page_shows_the_thread_and_hides_pending_and_spam(run_import, client):
    run_import("classic_blog.xml")
    page = client.get(Post.objects.get(slug="heron-back").get_absolute_url()).content.decode()
    assert "Is it the same heron as last year?" in page
    assert "https://birds.example.com/heron" in page
    assert "Waiting for approval." not in page
    assert "Buy now!" not in page
