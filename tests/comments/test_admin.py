"""Comments in the admin: the list, the form and the moderation actions."""

from __future__ import annotations

import pytest
from django.test import Client

from carnet.blog.management.commands.createuser import writers_group
from carnet.comments.models import Comment


@pytest.fixture
def staff(client, writer) -> Client:
    """The test client, signed in as a writer of the Writers group."""
    writer.groups.add(writers_group())
    client.force_login(writer)
    return client


@pytest.fixture
def comments(make_post) -> list[Comment]:
    post = make_post(title="The ferry timetable")
    return [
        Comment.objects.create(
            post=post, author_name=name, body=body, status=status, ip_address="192.0.2.7"
        )
        for name, body, status in [
            ("Bea", "Thank you for the timetable, it helped me catch the early boat.", "pending"),
            ("Spammer", "Cheap watches at example.com", "pending"),
            ("Carl", "Is there a winter timetable?", "approved"),
        ]
    ]


def test_the_comments_list_shows_author_post_excerpt_and_status(staff, comments):
    response = staff.get("/admin/comments/comment/")
    assert response.status_code == 200
    assert "Bea" in response.text and "The ferry timetable" in response.text
    assert "Thank you for the timetable, it helped me catch the early" in response.text
    assert "Pending" in response.text and "Approved" in response.text


def test_the_comments_list_is_filtered_by_status(staff, comments):
    response = staff.get("/admin/comments/comment/", {"status__exact": "approved"})
    assert [c.author_name for c in response.context["cl"].result_list] == ["Carl"]


def test_a_comments_ip_address_is_shown_but_not_editable(staff, comments):
    response = staff.get(f"/admin/comments/comment/{comments[0].pk}/change/")
    assert response.status_code == 200
    assert "192.0.2.7" in response.text
    assert "ip_address" not in response.context["adminform"].form.fields


def act(staff: Client, action: str, chosen: list[Comment]):
    return staff.post(
        "/admin/comments/comment/",
        {"action": action, "_selected_action": [c.pk for c in chosen]},
        follow=True,
    )


def test_approving_comments_publishes_them(staff, comments):
    response = act(staff, "approve", comments[:1])
    assert "1 comment approved." in response.text
    assert Comment.objects.get(pk=comments[0].pk).status == Comment.Status.APPROVED


def test_marking_comments_as_spam(staff, comments):
    act(staff, "mark_as_spam", comments[1:2])
    assert Comment.objects.get(pk=comments[1].pk).status == Comment.Status.SPAM
    assert Comment.objects.get(pk=comments[0].pk).status == Comment.Status.PENDING


def test_moving_comments_to_the_trash(staff, comments):
    response = act(staff, "move_to_trash", comments)
    assert "3 comments moved to the trash." in response.text
    assert set(Comment.objects.values_list("status", flat=True)) == {Comment.Status.TRASH}
