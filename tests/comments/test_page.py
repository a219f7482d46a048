"""The comment form and the comments on the post page, the same for every reader."""

from __future__ import annotations

import re

import pytest

from carnet.comments import tokens
from carnet.comments.models import Comment

pytestmark = pytest.mark.django_db


def form_of(html: str) -> str:
    return re.search(r'<form class="comment-form".*?</form>', html, re.S)[0]


def test_the_post_page_has_the_comment_form_with_a_token_for_this_post(client, post, carnet):
    carnet(min_seconds=0)
    page = client.get(post.get_absolute_url()).text
    form = form_of(page)
    assert f'action="/comments/post/{post.pk}/"' in form and 'method="post"' in form
    token = re.search(r'name="token" value="([^"]+)"', form)[1]
    assert tokens.check_token(token, post.pk).post_id == post.pk
    for field in ("name", "email", "url", "body"):
        assert f'name="{field}"' in form


def test_the_post_page_carries_no_per_reader_state(client, post):
    response = client.get(post.get_absolute_url())
    assert "csrfmiddlewaretoken" not in response.text
    assert response.cookies == {}
    assert "Cookie" not in response.get("Vary", "")


def test_two_readers_get_the_same_page_but_for_the_token_time(client, post):
    first = client.get(post.get_absolute_url()).text
    other = type(client)().get(post.get_absolute_url()).text
    strip = lambda html: re.sub(r'name="token" value="[^"]+"', "", html)  # noqa: E731
    assert strip(first) == strip(other)


def test_the_honeypot_is_labelled_for_screen_readers_and_hidden_by_the_stylesheet(client, post):
    form = form_of(client.get(post.get_absolute_url()).text)
    hidden = re.search(r'<p class="comment-form-extra">.*?</p>', form, re.S)[0]
    assert "Leave this field empty" in hidden and 'name="homepage"' in hidden
    assert 'tabindex="-1"' in hidden and 'autocomplete="off"' in hidden
    css = client.get("/static/carnet/comments.css")
    assert b".comment-form-extra { position: absolute; left: -10000px" in b"".join(
        css.streaming_content
    )


def test_the_form_speaks_the_language_of_the_edition(client, make_post, fr):
    billet = make_post(edition=fr, title="Les horaires du bac")
    form = form_of(client.get(billet.get_absolute_url()).text)
    assert "Laisser un commentaire" in form and "Envoyer le commentaire" in form
    assert "Laissez ce champ vide" in form and "Site web" in form


def test_the_form_tells_the_sites_moderation_policy(client, post, carnet):
    carnet(moderation="all")
    assert "once the writer has approved them" in client.get(post.get_absolute_url()).text
    carnet(moderation="none")
    assert "appears as soon as you send it" in client.get(post.get_absolute_url()).text


def test_a_closed_post_shows_no_form_and_no_reply_links(client, make_post, carnet):
    closed = make_post(title="Closed", comments_open=False)
    Comment.objects.create(post=closed, author_name="B", body="Old", status="approved")
    page = client.get(closed.get_absolute_url()).text
    assert "Comments are closed." in page
    assert 'class="comment-form"' not in page and "/comments/reply/" not in page


def test_each_comment_has_a_permalink_and_a_reply_link_that_needs_no_javascript(client, post):
    comment = Comment.objects.create(post=post, author_name="Bea", body="Hi", status="approved")
    page = client.get(post.get_absolute_url()).text
    assert f'id="comment-{comment.pk}"' in page and f'href="#comment-{comment.pk}"' in page
    assert f'href="/comments/reply/{comment.pk}/"' in page
    assert "<script" not in page


def test_the_reply_page_quotes_the_comment_and_carries_its_form(client, post):
    comment = Comment.objects.create(
        post=post, author_name="Bea", body="Hi there", status="approved"
    )
    response = client.get(f"/comments/reply/{comment.pk}/")
    assert response.status_code == 200 and "no-store" in response["Cache-Control"]
    assert "Reply to Bea" in response.text and "Hi there" in response.text
    assert f'name="parent" value="{comment.pk}"' in response.text
    assert response.cookies == {}


def test_there_is_no_reply_page_for_a_comment_not_published(client, post):
    comment = Comment.objects.create(post=post, author_name="Bea", body="Hi", status="pending")
    assert client.get(f"/comments/reply/{comment.pk}/").status_code == 404


def test_counts_on_listings_and_post_pages_leave_out_pending_spam_and_trash(client, post):
    for status in ("approved", "approved", "pending", "spam", "trash"):
        Comment.objects.create(post=post, author_name="X", body=status, status=status)
    assert "2 comments" in client.get("/").text
    assert "2 comments" in client.get(post.get_absolute_url()).text


def test_a_commenters_website_is_linked_only_when_it_is_a_web_address(client, post):
    Comment.objects.create(
        post=post, author_name="Web", author_url="https://web.example/", body="a", status="approved"
    )
    Comment.objects.create(
        post=post, author_name="Bad", author_url="javascript:alert(1)", body="b", status="approved"
    )
    page = client.get(post.get_absolute_url()).text
    assert '<a href="https://web.example/" rel="nofollow ugc external">Web</a>' in page
    assert "javascript:" not in page


def test_comment_text_becomes_paragraphs_and_nofollow_links(client, post):
    Comment.objects.create(
        post=post,
        author_name="B",
        status="approved",
        body="First line\nsame paragraph\n\nSee https://example.org/a?b=1&c=2.",
    )
    page = client.get(post.get_absolute_url()).text
    assert "<p>First line<br>same paragraph</p>" in page
    assert (
        '<a href="https://example.org/a?b=1&amp;c=2" rel="nofollow ugc">'
        "https://example.org/a?b=1&amp;c=2</a>."
    ) in page
