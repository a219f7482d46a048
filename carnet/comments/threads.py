"""Approved comments arranged as a tree of replies, for the post page."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.conf import settings

from carnet.comments.models import Comment

if TYPE_CHECKING:
    from carnet.blog.models import Post


@dataclass
class Thread:
    comment: Comment
    replies: list[Thread] = field(default_factory=list)
    depth: int = 1
    # Set when the reply is shown under another comment than the one it answers
    # (its parent is deeper than the site's max_depth allows).
    replying_to: Comment | None = None


def comment_tree(post: Post, max_depth: int | None = None) -> list[Thread]:
    """The approved comments of `post` as threads (see `arrange`)."""
    return arrange(list(post.comments.approved().order_by("created_at", "pk")), max_depth)


def arrange(comments: list[Comment], max_depth: int | None = None) -> list[Thread]:
    """Top-level threads in date order, nested at most `max_depth` levels ([comments] max_depth).

    `comments` are one post's approved comments in date order. A reply deeper than the limit
    joins the deepest level, after the comment it answers; a reply whose parent is not shown
    (pending, spam) starts a thread of its own.
    """
    limit = max_depth or settings.CARNET["comment_max_depth"]
    threads = {c.pk: Thread(c) for c in comments}
    children: dict[int, list[Thread]] = {}
    roots: list[Thread] = []
    for comment in comments:
        if comment.parent_id in threads:
            children.setdefault(comment.parent_id, []).append(threads[comment.pk])
        else:
            roots.append(threads[comment.pk])
    # Place parents before their replies, whatever their dates say.
    waiting = list(roots)
    while waiting:
        parent = waiting.pop(0)
        for thread in children.get(parent.comment.pk, []):
            _place(thread, parent, threads, roots, limit)
            waiting.append(thread)
    for thread in threads.values():
        thread.replies.sort(key=_date_order)
    return sorted(roots, key=_date_order)


def _date_order(thread: Thread) -> tuple:
    return (thread.comment.created_at, thread.comment.pk)


def _place(
    thread: Thread, parent: Thread, threads: dict[int, Thread], roots: list[Thread], limit: int
) -> None:
    """Hang `thread` under its parent, or under the nearest ancestor with room for it."""
    holder: Thread | None = parent
    while holder is not None and holder.depth >= limit:
        holder = threads.get(holder.comment.parent_id)
    if holder is not parent:
        thread.replying_to = parent.comment
    if holder is None:
        roots.append(thread)
        return
    thread.depth = holder.depth + 1
    holder.replies.append(thread)
