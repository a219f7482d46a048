"""The readers' comment form, the same for every reader: no session, a signed token instead."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.core.validators import URLValidator
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from carnet.comments.text import count_links

# The honeypot: hidden from people by the stylesheet, named so that browsers do not fill it.
HONEYPOT = "homepage"


class CommentForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=100)
    email = forms.EmailField(
        label=_("Email"),
        max_length=254,
        help_text=_("Never shown; the writer may use it to answer you."),
    )
    url = forms.URLField(
        label=_("Website"),
        required=False,
        max_length=500,
        assume_scheme="https",
        validators=[URLValidator(schemes=["http", "https"])],
    )
    body = forms.CharField(
        label=_("Comment"),
        max_length=10_000,
        widget=forms.Textarea(attrs={"rows": 8, "cols": 60}),
        help_text=_("Plain text: leave a blank line between paragraphs; links become clickable."),
    )
    parent = forms.IntegerField(required=False, widget=forms.HiddenInput)
    token = forms.CharField(widget=forms.HiddenInput)
    homepage = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("auto_id", "comment-%s")
        super().__init__(*args, **kwargs)
        self.fields["name"].widget.attrs["autocomplete"] = "name"
        self.fields["email"].widget.attrs["autocomplete"] = "email"
        self.fields["url"].widget.attrs["autocomplete"] = "url"

    def clean_email(self) -> str:
        return self.cleaned_data["email"].strip().lower()

    def clean_body(self) -> str:
        body = self.cleaned_data["body"]
        limit = settings.CARNET["comment_max_links"]
        links = count_links(body)
        if links > limit:
            message = ngettext(
                "Your comment has %(links)d links; %(limit)d is the most a comment may have. "
                "Remove some and send it again.",
                "Your comment has %(links)d links; %(limit)d are the most a comment may have. "
                "Remove some and send it again.",
                limit,
            )
            raise forms.ValidationError(message % {"links": links, "limit": limit})
        return body

    @property
    def caught_by_honeypot(self) -> bool:
        return bool(self.data.get(HONEYPOT, "").strip())
