"""The site's policy: who waits for moderation, when comments close, erasing a commenter."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from carnet.comments.models import Comment
from carnet.comments.moderation import (
    comments_are_open,
    erase_commenter,
    status_for_new_comment,
)

pytestmark = pytest.mark.django_db


def test_policy_all_holds_every_comment_even_from_a_known_commenter(post, carnet):
    carnet(moderation="all")
    Comment.objects.create(
        post=post, author_name="B", author_email="b@example.org", body="x", status="approved"
    )
    assert status_for_new_comment("b@example.org") == Comment.Status.PENDING


def test_policy_none_publishes_at_once(carnet):
    carnet(moderation="none")
    assert status_for_new_comment("new@example.org") == Comment.Status.APPROVED


def test_policy_first_trusts_an_address_with_an_approved_comment_only(post, carnet):
    carnet(moderation="first")
    for status, email in [
        ("approved", "known@example.org"),
        ("pending", "waiting@example.org"),
        ("spam", "spam@example.org"),
    ]:
        Comment.objects.create(
            post=post, author_name="X", author_email=email, body="x", status=status
        )
    assert status_for_new_comment("Known@Example.org") == Comment.Status.APPROVED
    assert status_for_new_comment("waiting@example.org") == Comment.Status.PENDING
    assert status_for_new_comment("spam@example.org") == Comment.Status.PENDING
    assert status_for_new_comment("") == Comment.Status.PENDING


def test_a_first_time_commenter_waits_then_comes_straight_through_once_approved(send, post):
    send(post)
    first = Comment.objects.get()
    assert first.status == Comment.Status.PENDING
    first.status = Comment.Status.APPROVED
    first.save()
    send(post, body="Second thoughts.")
    assert Comment.objects.get(body="Second thoughts.").status == Comment.Status.APPROVED


def test_comments_are_open_by_the_posts_switch_and_the_sites_age_limit(make_post, carnet):
    now = timezone.now()
    carnet(close_after_days=0)
    assert comments_are_open(make_post(title="a", published_at=now - datetime.timedelta(999)))
    assert not comments_are_open(make_post(title="b", comments_open=False))
    carnet(close_after_days=10)
    assert comments_are_open(make_post(title="c", published_at=now - datetime.timedelta(9)))
    assert not comments_are_open(make_post(title="d", published_at=now - datetime.timedelta(11)))


@pytest.fixture
def thread(post) -> dict[str, Comment]:
    """Gert's comment, Bea's reply to it, Gert's answer to Bea, and Gert elsewhere."""
    gert = Comment.objects.create(
        post=post,
        author_name="Gert",
        author_email="gert@example.org",
        author_url="https://g.example",
        ip_address="192.0.2.1",
        user_agent="Firefox",
        body="Gert's words",
        status="approved",
    )
    bea = Comment.objects.create(
        post=post,
        parent=gert,
        author_name="Bea",
        author_email="bea@example.org",
        body="Bea's reply",
        status="approved",
    )
    answer = Comment.objects.create(
        post=post,
        parent=bea,
        author_name="Gert",
        author_email="GERT@example.org",
        body="Gert answers",
        status="pending",
    )
    return {"gert": gert, "bea": bea, "answer": answer}


def test_erasing_a_commenter_anonymises_every_comment_of_theirs(thread):
    assert erase_commenter("gert@example.org") == 2
    for comment in Comment.objects.filter(pk__in=[thread["gert"].pk, thread["answer"].pk]):
        assert (comment.author_name, comment.author_email, comment.author_url) == (
            "Anonymous",
            "",
            "",
        )
        assert comment.ip_address is None and comment.user_agent == ""
    kept = Comment.objects.get(pk=thread["gert"].pk)
    assert kept.body == "Gert's words" and kept.status == "approved"
    assert Comment.objects.get(pk=thread["bea"].pk).author_email == "bea@example.org"


def test_deleting_a_commenter_keeps_other_peoples_replies_in_the_thread(thread):
    assert erase_commenter("gert@example.org", delete=True) == 2
    assert list(Comment.objects.values_list("author_name", flat=True)) == ["Bea"]
    assert Comment.objects.get().parent is None
