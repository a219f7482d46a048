"""Scheduled posts: when a post's time comes, the stored pages it changes are removed.

A post dated in the future is published by the clock, not by a write, so no signal fires.
`refresh_due_posts()` finds the posts that went live since the last check (the time of that
check is kept in the page store, `public/.live-until`, shared by every worker and app server)
and removes their pages. It runs in three places: `carnet serve`'s watcher process every
30 seconds (one per server, so pages served by nginx are refreshed too), each worker of the
fast path on the first request after a post's time (a cheap clock comparison), and `carnet
golive` for a cron job where Carnet's server is not running.
"""

from __future__ import annotations

import datetime
import logging
import threading
import time

from django.db import DatabaseError, close_old_connections
from django.db.models import F
from django.utils import timezone

from carnet.blog.models import Post
from carnet.publishing.addresses import edition_wipe, nav_entry, post_pages
from carnet.publishing.invalidation import remove_now
from carnet.publishing.store import PageStore, page_store, write_atomically

logger = logging.getLogger(__name__)

MARK = ".live-until"
CHECK_EVERY = 30.0  # seconds
# How far back the first check of a new page store looks.
FIRST_LOOK_BACK = datetime.timedelta(days=1)


def checked_until(store: PageStore) -> datetime.datetime | None:
    try:
        text = (store.root / MARK).read_text(encoding="ascii").strip()
        return datetime.datetime.fromisoformat(text)
    except (OSError, ValueError):
        return None


def refresh_due_posts(now: datetime.datetime | None = None) -> list[Post]:
    """Remove the stored pages of the posts that went live since the last check."""
    store = page_store()
    now = now or timezone.now()
    since = checked_until(store) or now - FIRST_LOOK_BACK
    # A post saved after its time was refreshed by that save; only those that were waiting.
    due = list(
        Post.objects.filter(
            status=Post.Status.PUBLISHED,
            published_at__gt=since,
            published_at__lte=now,
            updated_at__lt=F("published_at"),
        ).select_related("edition", "author")
    )
    urls: set[str] = set()
    for post in due:
        urls |= post_pages(post)
        if nav_entry(post) is not None:
            urls.add(edition_wipe(post.edition))
    if urls:
        remove_now(urls)
    write_atomically(store.root / MARK, now.isoformat().encode("ascii"))
    return due


def next_due(now: datetime.datetime | None = None) -> datetime.datetime | None:
    """When the next scheduled post goes live, if one is waiting."""
    return (
        Post.objects.filter(status=Post.Status.PUBLISHED, published_at__gt=now or timezone.now())
        .order_by("published_at")
        .values_list("published_at", flat=True)
        .first()
    )


class Watch:
    """Runs `refresh_due_posts` when a post is due, and at least every CHECK_EVERY seconds."""

    def __init__(self, every: float = CHECK_EVERY) -> None:
        self.every = every
        self.next_check = 0.0  # time.time() of the next check; the first request checks
        self.lock = threading.Lock()

    def __call__(self) -> None:
        """Cheap when nothing is due: one comparison of two floats."""
        if time.time() >= self.next_check and self.lock.acquire(blocking=False):
            try:
                self.check()
            finally:
                self.lock.release()

    def check(self) -> float:
        """Check now; returns the seconds until the next check."""
        now = time.time()
        self.next_check = now + self.every
        try:
            went_live = refresh_due_posts()
            upcoming = next_due()
        except (DatabaseError, OSError) as error:
            logger.warning("scheduled posts: check failed: %s", error)
            return self.every
        finally:
            close_old_connections()
        for post in went_live:
            logger.info("scheduled post went live: %s", post.get_absolute_url())
        if upcoming is not None:
            self.next_check = min(self.next_check, upcoming.timestamp())
        return max(0.5, self.next_check - now)
