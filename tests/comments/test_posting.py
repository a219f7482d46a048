"""Posting a comment through the real endpoint: what is filed, and what the reader is told."""

from __future__ import annotations

import datetime
import re

import pytest
from django.utils import timezone

from carnet.comments import tokens
from carnet.comments.models import Comment
from tests.comments.conftest import old_token

pytestmark = pytest.mark.django_db


def token_in(html: str) -> str:
    return re.search(r'name="token" value="([^"]+)"', html)[1]


# What the reader is told ---------------------------------------------------------------


def test_a_comment_is_redirected_to_a_thank_you_page_that_says_it_awaits_moderation(send, post):
    response = send(post)
    assert response.status_code == 303
    assert response["Location"].startswith("/comments/posted/?c=")
    thanks = send(post, follow=True, email="other@example.org")
    assert "Your comment awaits moderation" in thanks.text
    assert post.get_absolute_url() in thanks.text
    assert Comment.objects.filter(status="pending").count() == 2


def test_a_published_comment_is_announced_with_a_link_to_it(send, post, carnet):
    carnet(moderation="none")
    thanks = send(post, follow=True)
    comment = Comment.objects.get()
    assert comment.status == Comment.Status.APPROVED
    assert "Your comment is published." in thanks.text
    assert f'href="{post.get_absolute_url()}#comment-{comment.pk}"' in thanks.text


def test_the_thank_you_page_is_never_cached_and_sets_no_cookie(send, post):
    thanks = send(post, follow=True)
    assert "no-store" in thanks["Cache-Control"]
    assert thanks.cookies == {} and send(post).cookies == {}


def test_a_thank_you_link_that_was_not_signed_by_the_site_is_not_found(client, send, post):
    send(post)
    pk = Comment.objects.get().pk
    assert client.get(f"/comments/posted/?c={pk}").status_code == 404


def test_the_comment_is_filed_with_its_author_address_and_browser(send, post):
    send(
        post,
        name=" Femke ",
        email="Femke@Example.ORG",
        url="example.org/me",
        headers={"Origin": "http://testserver", "User-Agent": "Test/1.0"},
    )
    comment = Comment.objects.get()
    assert comment.author_name == "Femke" and comment.author_email == "femke@example.org"
    assert comment.author_url == "https://example.org/me"
    assert comment.ip_address == "127.0.0.1" and comment.user_agent == "Test/1.0"
    assert comment.post == post and comment.parent is None


def test_a_french_post_answers_in_french(send, make_post, fr):
    billet = make_post(edition=fr, title="Les horaires du bac")
    thanks = send(billet, follow=True)
    assert "Votre commentaire attend la modération" in thanks.text
    assert '<html lang="fr">' in thanks.text


# Replies -------------------------------------------------------------------------------


def test_a_reply_is_filed_under_the_comment_it_answers(send, post):
    top = Comment.objects.create(post=post, author_name="Bea", body="Hi", status="approved")
    send(post, parent=str(top.pk))
    assert Comment.objects.get(author_name="Femke").parent == top


def test_a_reply_to_a_comment_not_published_starts_its_own_thread(send, post, make_post):
    hidden = Comment.objects.create(post=post, author_name="Bot", body="x", status="spam")
    elsewhere = Comment.objects.create(
        post=make_post(title="Other"), author_name="Bea", body="y", status="approved"
    )
    send(post, parent=str(hidden.pk))
    send(post, parent=str(elsewhere.pk), email="two@example.org")
    assert list(Comment.objects.filter(author_name="Femke").values_list("parent", flat=True)) == [
        None,
        None,
    ]


# Where it comes from -------------------------------------------------------------------


def test_a_comment_from_another_site_is_refused_and_the_text_given_back(send, post):
    response = send(post, headers={"Origin": "https://evil.example"}, body="My careful words")
    assert response.status_code == 403
    assert "not sent from this site" in response.text and "My careful words" in response.text
    assert not Comment.objects.exists()


def test_the_referer_decides_when_the_browser_sends_no_origin(send, post):
    assert send(post, headers={"Referer": "https://evil.example/x"}).status_code == 403
    assert send(post, headers={"Origin": "null", "Referer": "http://evil/"}).status_code == 403
    ok = send(post, headers={"Referer": f"http://testserver{post.get_absolute_url()}"})
    assert ok.status_code == 303


def test_a_post_with_neither_origin_nor_referer_is_refused(send, post):
    assert send(post, headers={}).status_code == 403


def test_the_base_url_is_an_origin_of_the_site(send, post, settings):
    settings.BASE_URL = "https://blog.example.org"
    assert send(post, headers={"Origin": "https://blog.example.org"}).status_code == 303


def test_the_endpoint_takes_no_get_and_no_post_that_is_not_public(client, send, make_post, post):
    assert client.get(f"/comments/post/{post.pk}/").status_code == 405
    draft = make_post(title="Draft", status="draft")
    assert send(draft).status_code == 404


# The form token ------------------------------------------------------------------------


def test_a_form_sent_too_soon_after_its_page_was_made_is_shown_again(send, post):
    response = send(post, token=tokens.make_token(post.pk), body="Quick words")
    assert response.status_code == 200
    assert "very quickly" in response.text and "Quick words" in response.text
    assert not Comment.objects.exists()


def test_an_expired_form_keeps_the_readers_text_and_offers_a_fresh_token(send, post):
    stale = old_token(post, seconds=8 * 86400)
    response = send(post, token=stale, name="Gert", body="Written long ago")
    assert response.status_code == 200 and "no-store" in response["Cache-Control"]
    assert "older than this site accepts" in response.text
    assert "Written long ago" in response.text and 'value="Gert"' in response.text
    fresh = token_in(response.text)
    assert fresh != stale
    assert tokens.check_token(fresh, post.pk, now=datetime.datetime.now().timestamp() + 10)
    assert not Comment.objects.exists()


def test_a_forged_or_misplaced_token_is_not_accepted(send, post, make_post):
    other = make_post(title="Other")
    assert send(post, token="forged:token").status_code == 200
    assert send(post, token=old_token(other)).status_code == 200
    assert not Comment.objects.exists()


# What it holds -------------------------------------------------------------------------


def test_missing_fields_show_the_form_again_with_the_errors(send, post):
    response = send(post, email="", body="Kept words")
    assert response.status_code == 400
    assert "This field is required." in response.text and "Kept words" in response.text


def test_a_website_must_be_a_web_address(send, post):
    response = send(post, url="javascript:alert(1)")
    assert response.status_code == 400 and not Comment.objects.exists()


def test_too_many_links_are_refused_with_a_clear_message(send, post, carnet):
    carnet(max_links=2)
    body = "See http://a.example, http://b.example and HTTPS://c.example"
    response = send(post, body=body)
    assert response.status_code == 400
    assert "Your comment has 3 links; 2 are the most a comment may have." in response.text
    assert send(post, body="Only http://a.example and http://b.example").status_code == 303


def test_the_honeypot_files_the_comment_as_spam_without_telling(send, post):
    thanks = send(post, follow=True, homepage="http://spam.example")
    assert Comment.objects.get().status == Comment.Status.SPAM
    assert "awaits moderation" in thanks.text


@pytest.mark.parametrize(
    ("entry", "fields"),
    [
        ("casino", {"body": "Best CASINO bonus"}),
        ("spammer@example.net", {"email": "Spammer@example.net"}),
        ("@junk.example", {"email": "anyone@junk.example"}),
        ("127.0.0.0/8", {}),
        ("cheap-pills", {"url": "https://cheap-pills.example"}),
    ],
)
def test_a_comment_matching_the_blocklist_is_filed_as_spam(send, post, carnet, entry, fields):
    carnet(blocklist=[entry])
    send(post, **fields)
    assert Comment.objects.get().status == Comment.Status.SPAM


def test_a_comment_not_matching_the_blocklist_is_not_spam(send, post, carnet):
    carnet(blocklist=["casino", "10.0.0.0/8", "bad@example.net"])
    send(post)
    assert Comment.objects.get().status == Comment.Status.PENDING


# Closed comments -----------------------------------------------------------------------


def test_comments_closed_on_a_post_are_refused_and_the_text_given_back(send, make_post):
    closed = make_post(title="Closed", comments_open=False)
    response = send(closed, body="Too late words")
    assert response.status_code == 403
    assert "Comments are closed" in response.text and "Too late words" in response.text


def test_comments_close_by_themselves_after_the_sites_number_of_days(send, make_post, carnet):
    carnet(close_after_days=30)
    old = make_post(title="Old", published_at=timezone.now() - datetime.timedelta(days=31))
    recent = make_post(title="Recent", published_at=timezone.now() - datetime.timedelta(days=29))
    assert send(old).status_code == 403
    assert send(recent).status_code == 303
