"""Approved comments arranged as a tree of replies, for the post page."""

from __future__ import annotations

from dataclasses import dataclass, field

from carnet.comments.models import Comment


@dataclass
class Thread:
    comment: Comment
    replies: list[Thread] = field(default_factory=list)


def comment_tree(post) -> list[Thread]:
    """Top-level threads in date order; a reply whose parent is not shown starts a thread."""
    comments = list(post.comments.approved().order_by("created_at", "pk"))
    threads = {c.pk: Thread(c) for c in comments}
    roots: list[Thread] = []
    for comment in comments:
        parent = threads.get(comment.parent_id)
        (parent.replies if parent else roots).append(threads[comment.pk])
    return roots
