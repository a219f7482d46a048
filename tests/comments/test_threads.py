"""Approved comments as a tree of replies, at most [comments] max_depth levels deep."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from carnet.comments.models import Comment
from carnet.comments.threads import comment_tree

pytestmark = pytest.mark.django_db


def chain(post, length: int, status: str = "approved") -> list[Comment]:
    """A comment, a reply to it, a reply to the reply… `length` comments, a minute apart."""
    start, comments, parent = timezone.now() - datetime.timedelta(hours=1), [], None
    for n in range(length):
        parent = Comment.objects.create(
            post=post,
            parent=parent,
            author_name=f"C{n + 1}",
            body=f"Level {n + 1}",
            status=status,
            created_at=start + datetime.timedelta(minutes=n),
        )
        comments.append(parent)
    return comments


def shape(threads, depth: int = 0) -> list[tuple[int, str]]:
    rows = []
    for thread in threads:
        rows.append((depth, thread.comment.author_name))
        rows += shape(thread.replies, depth + 1)
    return rows


def test_replies_nest_up_to_the_maximum_depth(post):
    chain(post, 5)
    assert shape(comment_tree(post, max_depth=5)) == [
        (0, "C1"),
        (1, "C2"),
        (2, "C3"),
        (3, "C4"),
        (4, "C5"),
    ]


def test_replies_deeper_than_the_maximum_join_the_deepest_level_in_date_order(post):
    comments = chain(post, 5)
    tree = comment_tree(post, max_depth=3)
    assert shape(tree) == [(0, "C1"), (1, "C2"), (2, "C3"), (2, "C4"), (2, "C5")]
    deepest = tree[0].replies[0].replies
    assert [t.replying_to for t in deepest] == [None, comments[2], comments[3]]
    assert [t.depth for t in deepest] == [3, 3, 3]


def test_a_maximum_depth_of_one_shows_every_comment_at_the_top(post):
    chain(post, 3)
    assert shape(comment_tree(post, max_depth=1)) == [(0, "C1"), (0, "C2"), (0, "C3")]


def test_the_sites_default_depth_is_five(post, settings):
    chain(post, 7)
    assert settings.CARNET["comment_max_depth"] == 5
    assert max(depth for depth, _name in shape(comment_tree(post))) == 4


def test_a_reply_whose_parent_is_hidden_starts_a_thread(post):
    hidden, shown = chain(post, 2)
    hidden.status = "pending"
    hidden.save()
    assert shape(comment_tree(post)) == [(0, "C2")]


def test_a_reply_dated_before_its_parent_still_hangs_under_it(post):
    parent = Comment.objects.create(post=post, author_name="P", body="p", status="approved")
    Comment.objects.create(
        post=post,
        parent=parent,
        author_name="R",
        body="r",
        status="approved",
        created_at=parent.created_at - datetime.timedelta(days=1),
    )
    assert shape(comment_tree(post)) == [(0, "P"), (1, "R")]


def test_the_post_page_says_whom_a_flattened_reply_answers(client, post, carnet):
    carnet(max_depth=2)
    chain(post, 3)
    page = client.get(post.get_absolute_url()).text
    c2 = Comment.objects.get(author_name="C2")
    assert f'in reply to <a href="#comment-{c2.pk}">C2</a>' in page
