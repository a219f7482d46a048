"""The site's comment policy: when comments are open, which wait for the writer, erasure."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from carnet.comments.models import Comment

if TYPE_CHECKING:
    from carnet.blog.models import Post


def closes_at(post: Post) -> datetime.datetime | None:
    """When comments on `post` close by age ([comments] close_after_days), or None."""
    days = settings.CARNET["comment_close_after_days"]
    return post.published_at + datetime.timedelta(days=days) if days else None


def comments_are_open(post: Post) -> bool:
    """Open on this post (its own switch) and not past the site's age limit."""
    if not post.comments_open:
        return False
    closing = closes_at(post)
    return closing is None or timezone.now() < closing


def status_for_new_comment(email: str) -> str:
    """Pending or approved, by the site's policy ([comments] moderation).

    "first": a commenter whose address already has an approved comment is trusted.
    """
    policy = settings.CARNET["comment_moderation"]
    if policy == "none":
        return Comment.Status.APPROVED
    if policy == "first" and Comment.objects.approved().by_email(email).exists():
        return Comment.Status.APPROVED
    return Comment.Status.PENDING


ANONYMOUS = "Anonymous"
PERSONAL_FIELDS = ["author_name", "author_email", "author_url", "ip_address", "user_agent"]


def erase_commenter(email: str, delete: bool = False) -> int:
    """Erase what Carnet holds about the person writing as `email`; returns the comments touched.

    Either every comment of theirs is deleted (other people's replies to them move up to
    the nearest comment kept), or each is kept with its text but without the person: name
    "Anonymous", no email, website, IP address or browser.
    """
    comments = Comment.objects.by_email(email)
    with transaction.atomic():
        if delete:
            doomed = {c.pk: c.parent_id for c in comments}
            _lift_replies(doomed)
            comments.delete()
            return len(doomed)
        erased = []
        for comment in comments:
            comment.author_name, comment.author_email, comment.author_url = ANONYMOUS, "", ""
            comment.ip_address, comment.user_agent = None, ""
            comment.save(update_fields=PERSONAL_FIELDS)
            erased.append(comment)
        return len(erased)


def _lift_replies(doomed: dict[int, int | None]) -> None:
    """Attach the replies to comments about to be deleted to the nearest kept ancestor."""
    for reply in Comment.objects.filter(parent_id__in=doomed).exclude(pk__in=doomed):
        parent, seen = reply.parent_id, set()
        while parent in doomed and parent not in seen:
            seen.add(parent)
            parent = doomed[parent]
        parent = None if parent in doomed else parent
        reply.parent_id = parent
        reply.save(update_fields=["parent"])
