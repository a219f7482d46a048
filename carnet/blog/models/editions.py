"""An edition: the blog in one language, with its own title, home, archives and feeds."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _


class EditionQuerySet(models.QuerySet):
    def current(self) -> Edition:
        """The edition of the language active for this request."""
        return self.get(language=translation.get_language() or settings.LANGUAGE_CODE)

    def in_site_order(self) -> list[Edition]:
        """Editions in the order carnet.toml lists their languages."""
        order = [code for code, _name in settings.LANGUAGES]
        editions = [e for e in self.all() if e.language in order]
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
        with translation.override(self.language):
            return reverse(f"blog:{name}", kwargs=kwargs or None)

    def others(self) -> list[Edition]:
        return [e for e in Edition.objects.in_site_order() if e.pk != self.pk]
