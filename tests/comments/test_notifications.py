"""An email to the post's author when a comment arrives (the console backend in development)."""

from __future__ import annotations

import socket

import pytest
from django.core import mail

from carnet.comments.models import Comment
from carnet.site import create_site
from tests.comments.conftest import settings_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def author(writer):
    writer.email = "annie@example.org"
    writer.save()
    return writer


def test_the_author_is_told_of_a_comment_waiting_for_approval(send, post, author):
    send(post, name="Femke", body="Lovely walk.")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["annie@example.org"]
    assert message.subject == "A comment awaits your approval on “The ferry timetable”"
    assert "Femke <femke@example.org> wrote" in message.body and "Lovely walk." in message.body
    assert "/admin/comments/comment/" in message.body


def test_the_author_is_told_of_a_published_comment_too(send, post, author, carnet):
    carnet(moderation="none")
    send(post)
    assert mail.outbox[0].subject == "New comment on “The ferry timetable”"


def test_nobody_is_told_of_spam(send, post, author):
    send(post, homepage="filled by a bot")
    assert mail.outbox == []


def test_an_author_without_an_email_address_or_a_site_that_says_no_gets_nothing(
    send, post, writer, carnet
):
    send(post)
    writer.email = "annie@example.org"
    writer.save()
    carnet(notify_authors=False)
    send(post, email="other@example.org")
    assert mail.outbox == []


def test_the_email_speaks_the_language_of_the_post(send, make_post, fr, author):
    send(make_post(edition=fr, title="Le bac"))
    assert mail.outbox[0].subject == "Un commentaire attend votre approbation sur « Le bac »"


def test_a_site_without_an_smtp_host_prints_emails_to_the_console(tmp_path, monkeypatch):
    made = settings_of(create_site(tmp_path / "site").root, monkeypatch)
    assert made["MAILERS"]["default"]["BACKEND"].endswith("console.EmailBackend")


def test_a_site_with_an_smtp_host_sends_emails_through_it(tmp_path, monkeypatch):
    root = create_site(tmp_path / "site").root
    config = root / "carnet.toml"
    config.write_text(
        config.read_text()
        .replace('smtp_host = ""', 'smtp_host = "mail.example.org"')
        .replace('from_address = "carnet@localhost"', 'from_address = "blog@example.org"')
    )
    made = settings_of(root, monkeypatch)
    mailer = made["MAILERS"]["default"]
    assert mailer["BACKEND"].endswith("smtp.EmailBackend")
    assert mailer["OPTIONS"]["host"] == "mail.example.org" and mailer["OPTIONS"]["use_tls"]
    assert made["DEFAULT_FROM_EMAIL"] == "blog@example.org"


def test_a_mail_server_that_does_not_answer_does_not_lose_the_comment(send, post, author, settings):
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": port, "timeout": 2},
        }
    }
    assert send(post).status_code == 303
    assert Comment.objects.get().author_email == "femke@example.org"
