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


# The moderation queue ------------------------------------------------------------------


def test_the_queue_shows_comments_waiting_for_a_decision_first(staff, comments):
    response = staff.get("/admin/comments/comment/")
    names = [c.author_name for c in response.context["cl"].result_list]
    assert names[:2] == ["Spammer", "Bea"] and names[2] == "Carl"


def test_every_admin_page_shows_how_many_comments_are_pending(staff, comments):
    for url in ("/admin/", "/admin/blog/post/", "/admin/comments/comment/"):
        page = staff.get(url).text
        assert "<strong>2 comments pending</strong>" in page, url
    assert 'href="/admin/comments/comment/?status__exact=pending"' in page


def test_the_pending_count_says_so_when_none_wait(staff, comments):
    Comment.objects.update(status="approved")
    assert "No comment pending" in staff.get("/admin/").text


def test_the_pending_count_is_not_shown_to_whoever_may_not_moderate(
    client, comments, django_user_model
):
    visitor = django_user_model.objects.create_user("v", password="x", is_staff=True)
    client.force_login(visitor)
    assert "pending" not in client.get("/admin/").text


def test_replying_publishes_the_writers_answer_under_the_comment_and_approves_it(
    staff, comments, writer
):
    writer.email = "annie@example.org"
    writer.save()
    bea = comments[0]
    form = staff.get(f"/admin/comments/comment/{bea.pk}/reply/")
    assert form.status_code == 200 and "replying approves it" in form.text
    response = staff.post(
        f"/admin/comments/comment/{bea.pk}/reply/", {"body": "You're welcome!"}, follow=True
    )
    assert "Your reply is published" in response.text
    reply = Comment.objects.get(parent=bea)
    assert (reply.author_name, reply.author_email, reply.user, reply.status) == (
        "Annie",
        "annie@example.org",
        writer,
        "approved",
    )
    assert Comment.objects.get(pk=bea.pk).status == "approved"


def test_a_reply_needs_words(staff, comments):
    response = staff.post(f"/admin/comments/comment/{comments[0].pk}/reply/", {"body": ""})
    assert response.status_code == 200 and "This field is required." in response.text
    assert not Comment.objects.filter(parent=comments[0]).exists()


def test_the_queue_links_each_comment_to_its_reply_page(staff, comments):
    assert (
        f'href="/admin/comments/comment/{comments[2].pk}/reply/"'
        in staff.get("/admin/comments/comment/").text
    )


@pytest.fixture
def bea_twice(comments) -> list[Comment]:
    """Bea's comment and another of hers, under another case of her address."""
    bea = comments[0]
    bea.author_email = "bea@example.org"
    bea.author_url = "https://bea.example"
    bea.save()
    again = Comment.objects.create(
        post=bea.post,
        author_name="Bea B.",
        author_email="BEA@example.org",
        ip_address="192.0.2.8",
        body="Me again",
        status="approved",
    )
    return [bea, again]


def test_erasing_a_commenter_asks_first_naming_the_address_and_the_count(staff, bea_twice):
    response = act(staff, "erase_commenters", bea_twice[:1])
    assert "bea@example.org — 2 comments" in response.text
    assert Comment.objects.filter(author_email="bea@example.org").count() == 2


def test_erasing_a_commenter_anonymises_all_their_comments(staff, bea_twice):
    response = staff.post(
        "/admin/comments/comment/",
        {
            "action": "erase_commenters",
            "_selected_action": [bea_twice[0].pk],
            "confirm": "anonymise",
        },
        follow=True,
    )
    assert "2 comments anonymised." in response.text
    erased = Comment.objects.filter(pk__in=[c.pk for c in bea_twice])
    assert {(c.author_name, c.author_email, c.author_url, c.ip_address) for c in erased} == {
        ("Anonymous", "", "", None)
    }


def test_erasing_a_commenter_may_delete_their_comments(staff, bea_twice):
    staff.post(
        "/admin/comments/comment/",
        {"action": "erase_commenters", "_selected_action": [bea_twice[1].pk], "confirm": "delete"},
    )
    assert not Comment.objects.filter(pk__in=[c.pk for c in bea_twice]).exists()
    assert Comment.objects.count() == 2
