"""The comment form's fields, written out by the theme, are what Django's widgets write."""

from __future__ import annotations

import pytest
from django.template import engines
from django.utils import translation

from carnet.comments.forms import CommentForm

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
