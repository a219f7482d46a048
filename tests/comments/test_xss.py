"""Our XSS corpus, posted as comments through the real endpoint and written as posts in both
formats: nothing active survives in the HTML (parsed as a browser would, by html5lib).

tests/comments/test_xss_browser.py loads the same HTML in headless Chromium.
"""

from __future__ import annotations

import pytest

from carnet.blog.models import Post
from carnet.comments.models import Comment
from carnet.comments.text import comment_html
from carnet.content import render
from tests.comments.active_html import findings
from tests.comments.conftest import payload_posts
from tests.comments.xss_payloads import PAYLOADS

pytestmark = pytest.mark.django_db


def test_the_corpus_holds_at_least_150_distinct_payloads():
    assert len(set(PAYLOADS)) == len(PAYLOADS) >= 150


def test_the_checker_finds_what_it_looks_for():
    assert findings('<img src=x onerror="alert(1)">', fragment=True)
    assert findings('<a href="java&#x09;script:alert(1)">x</a>', fragment=True)
    assert findings("<svg><a xlink:href='javascript:alert(1)'>x</a></svg>", fragment=True)
    assert findings('<p><form action="x"></form></p>', fragment=True)
    assert findings('<meta http-equiv="refresh" content="0;url=x">')
    assert findings('<div class="post-body"><input autofocus></div>')
    assert findings('<img srcset="https://ok.example/a.png 1x, data:x 2x">', fragment=True)
    assert not findings('<a href="https://ok.example/?q=javascript:1">javascript:</a>', True)


@pytest.mark.parametrize("payload", PAYLOADS)
def test_a_payload_leaves_nothing_active_once_rendered(payload):
    for fmt in (Post.Format.HTML, Post.Format.MARKDOWN):
        assert findings(render(payload, fmt).body_html, fragment=True) == [], fmt
    assert findings(comment_html(payload), fragment=True) == []


def test_payloads_posted_through_the_comment_form_leave_nothing_active_on_the_page(
    send, post, carnet, client
):
    carnet(moderation="none", max_links=10, max_per_ip=0, max_per_email=0)
    answers = [send(post, body=p, name=p[:100]).status_code for p in PAYLOADS]
    refused = [p for p, code in zip(PAYLOADS, answers, strict=True) if code != 303]
    # Django's forms refuse NUL characters outright; everything else is taken and shown.
    assert all("\x00" in p for p in refused)
    assert Comment.objects.approved().count() == len(PAYLOADS) - len(refused)
    page = client.get(post.get_absolute_url()).text
    assert findings(page) == []


def test_a_website_field_holding_a_payload_is_refused_or_shown_inert(send, post, client, carnet):
    carnet(moderation="none", max_per_ip=0, max_per_email=0)
    for payload in ("javascript:alert(1)", "data:text/html,x", '" onmouseover="alert(1)'):
        send(post, url=payload)
    assert findings(client.get(post.get_absolute_url()).text) == []


def test_payloads_written_as_posts_leave_nothing_active_on_the_home_page(post, en, client):
    en.posts_per_page = 2 * len(PAYLOADS) + 1
    en.save()
    Post.objects.bulk_create(payload_posts(post))
    page = client.get("/").text
    assert page.count('class="post post-excerpt') == 2 * len(PAYLOADS) + 1
    assert findings(page) == []
