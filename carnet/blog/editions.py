"""Create the editions that carnet.toml lists, with titles and texts in their language."""

from __future__ import annotations

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _

from carnet.blog.models import Edition


def default_texts(language: str) -> dict[str, str]:
    """A new edition's title and texts, in its own language."""
    with translation.override(language):
        return {
            "title": _("My weblog"),
            "more_text": _("Continue reading"),
            "footer_credit": _("Published with Carnet"),
        }


def ensure_editions(**kwargs) -> list[Edition]:
    """One edition per configured language; existing editions are left as they are."""
    created = []
    for code, _name in settings.LANGUAGES:
        edition, was_created = Edition.objects.get_or_create(
            language=code, defaults=default_texts(code)
        )
        if was_created:
            created.append(edition)
    return created
