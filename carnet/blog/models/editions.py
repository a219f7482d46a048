"""An edition: the blog in one language, with its own title, home, archives and feeds."""

from __future__ import annotations

from collections.abc import Iterable
from contextvars import ContextVar
from functools import lru_cache

from django.conf import settings
from django.core.signals import request_finished, request_started, setting_changed
from django.db import models
from django.urls import get_script_prefix, get_urlconf
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from carnet.blog import reversing

# The editions read once per request: a page asks for them a dozen times (the context
# processor, the view, every link's language prefix). None outside a request, where every
# call reads the database; emptied when a request starts and ends and when an edition is saved
# or deleted, so a page never sees editions older than its request.
_request_editions: ContextVar[list[Edition] | None] = ContextVar("request_editions", default=None)


def _start_request(**kwargs: object) -> None:
    _request_editions.set([])


def _end_request(**kwargs: object) -> None:
    _request_editions.set(None)


def _edition_changed(**kwargs: object) -> None:
    if _request_editions.get() is not None:
        _request_editions.set([])


def _reverse(language: str, name: str, kwargs: dict, urlconf: str | None, prefix: str) -> str:
    return reversing.reverse_in(language, f"blog:{name}", None, kwargs, urlconf, prefix)


# A page links to the same few dozen addresses again and again (each made as Django's reverse()
# makes it in the edition's language); the URL configuration and script prefix in force are
# part of the key, and a change of settings empties it as it empties Django's own.
# The sitemap links to every post: room for a site of some 30,000 (a few MB).
@lru_cache(maxsize=32768)
def _cached_reverse(language: str, name: str, key: tuple, urlconf: str | None, prefix: str) -> str:
    return _reverse(language, name, dict(key), urlconf, prefix)


def _settings_changed(**kwargs: object) -> None:
    _cached_reverse.cache_clear()


setting_changed.connect(_settings_changed, dispatch_uid="carnet-editions-reverse")
request_started.connect(_start_request, dispatch_uid="carnet-editions-request-started")
request_finished.connect(_end_request, dispatch_uid="carnet-editions-request-finished")


class EditionQuerySet(models.QuerySet):
    def _all_editions(self) -> list[Edition]:
        """Every edition, read once per request when this is the unfiltered manager's query."""
        memo = _request_editions.get()
        if memo is None or self.query.where or self.query.is_sliced or self._db:
            return list(self.all())
        if not memo:
            memo.extend(self.all())
            if not memo:  # no edition yet: nothing to keep
                return []
        return memo

    def current(self) -> Edition:
        """The edition of the language active for this request."""
        language = translation.get_language() or settings.LANGUAGE_CODE
        if _request_editions.get() is None:
            return self.get(language=language)
        for edition in self._all_editions():
            if edition.language == language:
                return edition
        raise self.model.DoesNotExist(f"No edition in {language!r}.")

    def by_pk(self) -> dict[int, Edition]:
        """Every edition by id: what a post or term links with, rather than a join per query."""
        return {edition.pk: edition for edition in self._all_editions()}

    def attach_to(self, items: Iterable[models.Model]) -> None:
        """Give each post or term its edition from `by_pk`, so that its links need no query."""
        editions = self.by_pk()
        for item in items:
            edition = editions.get(item.edition_id)
            if edition is not None:
                item.edition = edition

    def in_site_order(self) -> list[Edition]:
        """Editions in the order carnet.toml lists their languages."""
        order = [code for code, _name in settings.LANGUAGES]
        editions = [e for e in self._all_editions() if e.language in order]
        return sorted(editions, key=lambda e: order.index(e.language))


class Edition(models.Model):
    language = models.CharField(_("language"), max_length=10, unique=True)
    title = models.CharField(_("title"), max_length=200)
    tagline = models.CharField(_("tagline"), max_length=300, blank=True)
    description = models.TextField(
        _("description"), blank=True, help_text=_("Shown to search engines and in feeds.")
    )
    edition_note = models.CharField(
        _("edition note"),
        max_length=300,
        blank=True,
        help_text=_(
            "Shown at the top of every page, followed by links to the other editions, "
            "e.g. “I have a parallel blog in French at”."
        ),
    )
    more_text = models.CharField(
        _("more-link text"),
        max_length=200,
        blank=True,
        help_text=_("The link after an excerpt, unless the post's <!--more …--> marker names one."),
    )
    footer_credit = models.CharField(_("footer credit"), max_length=300, blank=True)
    posts_per_page = models.PositiveSmallIntegerField(_("posts per page"), default=10)

    objects = EditionQuerySet.as_manager()

    class Meta:
        verbose_name = _("edition")
        verbose_name_plural = _("editions")
        ordering = ["language"]

    def __str__(self) -> str:
        return f"{self.title} ({self.language})"

    def get_absolute_url(self) -> str:
        return self.reverse("home")

    @property
    def is_default(self) -> bool:
        return self.language == settings.LANGUAGE_CODE

    @property
    def language_name(self) -> str:
        return translation.get_language_info(self.language)["name_local"]

    def reverse(self, name: str, **kwargs: object) -> str:
        """The path of a named blog URL in this edition (with its language prefix)."""
        urlconf, prefix = get_urlconf(), get_script_prefix()
        try:
            key = tuple(kwargs.items())
            hash(key)
        except TypeError:
            return _reverse(self.language, name, kwargs, urlconf, prefix)
        return _cached_reverse(self.language, name, key, urlconf, prefix)

    def others(self) -> list[Edition]:
        return [e for e in Edition.objects.in_site_order() if e.pk != self.pk]


models.signals.post_save.connect(
    _edition_changed, sender=Edition, dispatch_uid="carnet-editions-saved"
)
models.signals.post_delete.connect(
    _edition_changed, sender=Edition, dispatch_uid="carnet-editions-deleted"
)
