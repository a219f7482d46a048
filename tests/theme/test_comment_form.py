"""The comment form's fields, written out by the theme, are what Django's widgets write."""

from __future__ import annotations

import pytest
from django.template import engines
from django.urls import reverse
from django.utils import translation

from carnet.comments import tokens
from carnet.comments.forms import CommentForm
from carnet.theme.environment import comment_form

SENT = {
    "name": 'Zoé "Z" <b>',
    "email": "not an address",
    "url": "https://example.org/?a=1&b='2'",
    "body": "Line & <i>one</i>\n\nhttps://a.example https://b.example https://c.example",
    "parent": "7",
    "token": "signed:token",
    "homepage": "",
}


def written(form: CommentForm) -> str:
    template = engines["jinja2"].get_template("comments/form.html")
    return template.render({"form": form, "action": "/comments/post/1/", "moderation": "first"})


@pytest.mark.parametrize("language", ["en", "fr"])
@pytest.mark.parametrize(
    "form",
    [
        lambda: CommentForm(initial={"token": "signed:token"}),
        lambda: CommentForm(initial={**SENT, "parent": 7}),
        lambda: CommentForm(SENT),
    ],
    ids=["new", "sent again", "with errors"],
)
def test_every_field_and_label_is_what_django_would_write(form, language):
    with translation.override(language):
        shown = form()
        html = written(shown)
        for field in shown:
            assert str(field) in html, field.name
            if not field.is_hidden:
                assert field.label_tag() in html, field.name


def test_a_form_with_errors_marks_its_fields_and_keeps_what_was_written():
    shown = CommentForm(SENT)
    assert not shown.is_valid()
    html = written(shown)
    assert 'aria-invalid="true"' in html
    assert 'value="Zoé &quot;Z&quot; &lt;b&gt;"' in html
    assert "Line &amp; &lt;i&gt;one&lt;/i&gt;" in html
    assert html.count('class="comment-form-error"') == len(shown.errors)


@pytest.mark.parametrize("moderation", ["all", "first", "none"])
@pytest.mark.parametrize("language", ["en", "fr"])
def test_the_form_on_a_post_is_the_template_rendered_for_that_post(
    make_post, settings, moderation, language
):
    """comment_form() fills a form rendered once; it must be what rendering it anew gives."""
    settings.CARNET = {**settings.CARNET, "comment_moderation": moderation}
    post = make_post(title="Open")
    env = engines["jinja2"].env
    with translation.override(language), tokens.dated(1_700_000_000):
        expected = env.get_template("comments/form.html").render(
            form=CommentForm(initial={"token": tokens.make_token(post.pk)}),
            action=reverse("comments:post", args=[post.pk]),
            moderation=moderation,
        )
        assert comment_form(env, post) == expected
        assert comment_form(env, post) == expected  # the second time, from the kept form


def test_a_post_closed_to_comments_says_so(make_post):
    post = make_post(title="Closed", comments_open=False)
    with translation.override("fr"):
        assert "Les commentaires sont fermés." in comment_form(engines["jinja2"].env, post)
