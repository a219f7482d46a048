"""Categories and tags: each belongs to one edition, named in its language."""

from __future__ import annotations

from django.db import models
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _


class Term(models.Model):
    edition = models.ForeignKey("blog.Edition", on_delete=models.CASCADE, verbose_name=_("edition"))
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=200, allow_unicode=True, blank=True)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        abstract = True
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        if not self.slug:
            self.slug = slugify(self.name, allow_unicode=True) or "term"
        super().save(*args, **kwargs)


class Category(Term):
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="children",
        verbose_name=_("parent"),
    )

    class Meta(Term.Meta):
        verbose_name = _("category")
        verbose_name_plural = _("categories")
        constraints = [
            models.UniqueConstraint(fields=["edition", "slug"], name="category_slug_per_edition")
        ]

    def get_absolute_url(self) -> str:
        return self.edition.reverse("category", slug=self.slug)


class Tag(Term):
    class Meta(Term.Meta):
        verbose_name = _("tag")
        verbose_name_plural = _("tags")
        constraints = [
            models.UniqueConstraint(fields=["edition", "slug"], name="tag_slug_per_edition")
        ]

    def get_absolute_url(self) -> str:
        return self.edition.reverse("tag", slug=self.slug)
