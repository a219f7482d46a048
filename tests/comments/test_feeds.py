"""Comment feeds, per edition and per post: approved comments only, never an email or IP."""

from __future__ import annotations

import feedparser
import pytest

from carnet.comments.models import Comment

pytestmark = pytest.mark.django_db


@pytest.fixture
def comments(post) -> list[Comment]:
    return [
        Comment.objects.create(
            post=post,
            author_name=name,
            author_email=f"{name.lower()}@example.org",
            author_url=url,
            ip_address="192.0.2.44",
            body=body,
            status=status,
        )
        for name, url, body, status in [
            ("Bea", "https://bea.example/", "Thanks for https://ferry.example", "approved"),
            ("Carl", "", "Waiting words", "pending"),
            ("Spammer", "", "Buy things", "spam"),
        ]
    ]


def read(client, url: str):
    response = client.get(url)
    assert response.status_code == 200, url
    assert "192.0.2.44" not in response.text and "@example.org" not in response.text
    return feedparser.parse(response.content)


def test_the_post_comments_feed_lists_its_approved_comments(client, post, comments):
    feed = read(client, f"{post.get_absolute_url()}comments/feed/")
    assert not feed.bozo
    assert feed.feed.title == "Comments on “The ferry timetable”"
    assert [e.title for e in feed.entries] == ["By Bea"]
    entry = feed.entries[0]
    assert entry.link == f"http://127.0.0.1:8000{post.get_absolute_url()}#comment-{comments[0].pk}"
    assert entry.author == "Bea"
    assert '<a href="https://ferry.example" rel="nofollow ugc">' in entry.summary


def test_the_edition_comments_feed_lists_comments_of_its_posts_only(
    client, post, comments, make_post, fr
):
    billet = make_post(edition=fr, title="Le bac")
    Comment.objects.create(post=billet, author_name="Fanny", body="Merci", status="approved")
    english = read(client, "/comments/feed/")
    french = read(client, "/fr/comments/feed/")
    assert [e.title for e in english.entries] == ["Bea on “The ferry timetable”"]
    assert [e.title for e in french.entries] == ["Fanny sur « Le bac »"]
    assert french.feed.language == "fr"


def test_a_post_comments_feed_with_the_wrong_date_is_not_found(client, post):
    url = post.get_absolute_url().replace(f"/{post.local_date.year}/", "/1999/")
    assert client.get(f"{url}comments/feed/").status_code == 404


def test_comments_on_posts_not_public_stay_out_of_the_feeds(client, make_post):
    draft = make_post(title="Draft", status="draft")
    Comment.objects.create(post=draft, author_name="Early", body="x", status="approved")
    assert read(client, "/comments/feed/").entries == []


def test_comments_on_a_password_protected_post_stay_out_of_the_feeds(client, make_post):
    locked = make_post(title="Locked", password="open sesame")
    Comment.objects.create(post=locked, author_name="Insider", body="secret", status="approved")
    assert read(client, "/comments/feed/").entries == []
    assert client.get(f"{locked.get_absolute_url()}comments/feed/").status_code == 404
