"""Scheduled posts going live with no write: the watch that the fast path and the watcher run."""

from __future__ import annotations

import datetime
import time

import pytest
from django.core.management import call_command
from django.utils import timezone

from carnet.blog.models import Post
from carnet.publishing.scheduler import CHECK_EVERY, MARK, Watch, checked_until
from carnet.publishing.store import write_atomically

pytestmark = pytest.mark.django_db


def went_live_a_minute_ago(post: Post) -> None:
    """The clock passes a scheduled post's time: saved two minutes ago, due one minute ago."""
    now = timezone.now()
    Post.objects.filter(pk=post.pk).update(
        published_at=now - datetime.timedelta(minutes=1),
        updated_at=now - datetime.timedelta(minutes=2),
    )
    post.refresh_from_db()


@pytest.fixture
def scheduled(store, make_post, visit):
    """A scheduled post, and the home page stored (without it) since the last check."""
    post = make_post(title="Soon", published_at=timezone.now() + datetime.timedelta(hours=1))
    ten_minutes_ago = timezone.now() - datetime.timedelta(minutes=10)
    write_atomically(store.root / MARK, ten_minutes_ago.isoformat().encode())
    visit("/")
    return post


def test_the_watch_removes_the_pages_of_a_post_whose_time_came(store, scheduled):
    went_live_a_minute_ago(scheduled)
    Watch()()
    assert store.find("/") is None


def test_the_watch_records_when_it_last_checked(store, scheduled):
    before = timezone.now()
    Watch().check()
    assert checked_until(store) >= before


def test_the_watch_checks_again_when_the_next_post_is_due_if_that_is_sooner(store, make_post):
    due = timezone.now() + datetime.timedelta(seconds=CHECK_EVERY / 3)
    make_post(published_at=due)
    watch = Watch()
    watch.check()
    assert watch.next_check == pytest.approx(due.timestamp())


def test_the_watch_does_nothing_before_its_next_check(store, scheduled):
    watch = Watch()
    watch.next_check = time.time() + 3600
    went_live_a_minute_ago(scheduled)
    watch()
    assert store.find("/") is not None


def test_carnet_golive_refreshes_due_posts_once(store, scheduled, capsys):
    went_live_a_minute_ago(scheduled)
    call_command("golive")
    assert scheduled.get_absolute_url() in capsys.readouterr().out
    assert store.find("/") is None
    call_command("golive")
    assert capsys.readouterr().out == ""
