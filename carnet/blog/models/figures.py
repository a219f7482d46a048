"""Figures: an uploaded image with alt text, caption and credit, and its resized renditions."""

from __future__ import annotations

import io
from pathlib import PurePosixPath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import models
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps

from carnet.content import FigureData
from carnet.security.images import clean_uploaded_image

RENDITION_WIDTHS = (480, 960, 1600)


class Figure(models.Model):
    slug = models.SlugField(
        _("slug"),
        max_length=100,
        unique=True,
        help_text=_("Put the figure in a post with a line of its own: [figure slug]"),
    )
    image = models.ImageField(
        _("image"), upload_to="figures/%Y/%m/", width_field="width", height_field="height"
    )
    width = models.PositiveIntegerField(editable=False, null=True)
    height = models.PositiveIntegerField(editable=False, null=True)
    alt = models.CharField(
        _("alt text"),
        max_length=300,
        help_text=_("What the image shows, for readers who can't see it."),
    )
    caption = models.CharField(_("caption"), max_length=500, blank=True)
    credit = models.CharField(_("credit"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("uploaded"), auto_now_add=True)

    class Meta:
        verbose_name = _("figure")
        verbose_name_plural = _("figures")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.slug

    def save(self, *args, **kwargs) -> None:
        clean_uploaded_image(self.image)
        if self.image and not self.width:
            self.width, self.height = self.image.width, self.image.height
        super().save(*args, **kwargs)
        if self.image:
            self.make_renditions()

    def clean(self) -> None:
        super().clean()
        try:
            clean_uploaded_image(self.image)  # only decodable images, re-encoded
        except ValidationError as error:
            raise ValidationError({"image": error.messages}) from error

    def rendition_name(self, width: int) -> str:
        stem = PurePosixPath(self.image.name).stem
        return f"renditions/{self.pk}-{stem}-{width}.jpg"

    def rendition_widths(self) -> list[int]:
        """The rendition widths smaller than the original (which serves the largest size)."""
        return [w for w in RENDITION_WIDTHS if self.width and w < self.width]

    def make_renditions(self) -> None:
        """Write the missing resized copies of the image (JPEG, EXIF orientation applied).

        The original is read through the storage, so this works as well on a bucket as in media/.
        """
        storage = self.image.storage
        missing = [w for w in self.rendition_widths() if not storage.exists(self.rendition_name(w))]
        if not missing:
            return
        with self.image.open("rb") as source, Image.open(source) as original:
            upright = ImageOps.exif_transpose(original).convert("RGB")
            for width in missing:
                height = round(upright.height * width / upright.width)
                copy = upright.resize((width, height), Image.Resampling.LANCZOS)
                buffer = io.BytesIO()
                copy.save(buffer, format="JPEG", quality=82, optimize=True, progressive=True)
                storage.save(self.rendition_name(width), ContentFile(buffer.getvalue()))

    def srcset(self) -> str:
        storage = self.image.storage
        parts = [f"{storage.url(self.rendition_name(w))} {w}w" for w in self.rendition_widths()]
        if parts and self.width:
            parts.append(f"{self.image.url} {self.width}w")
        return ", ".join(parts)

    @property
    def full_image_url(self) -> str:
        """The image's address with its host, for og:image and feeds: this site's media/, or
        the bucket's (or CDN's) address, which is whole already."""
        url = self.image.url
        return settings.BASE_URL + url if url.startswith("/") else url

    def text_in(self, language: str) -> tuple[str, str]:
        """(alt, caption) in `language`, falling back to the figure's own."""
        for translation in self.translations.all():
            if translation.language == language:
                return translation.alt or self.alt, translation.caption or self.caption
        return self.alt, self.caption

    def as_figure_data(self, language: str) -> FigureData:
        alt, caption = self.text_in(language)
        return FigureData(
            src=self.image.url,
            alt=alt,
            caption=caption,
            credit=self.credit,
            width=self.width,
            height=self.height,
            srcset=self.srcset(),
            sizes="(min-width: 48rem) 44rem, 100vw",
        )


class FigureTranslation(models.Model):
    """The alt text and caption of a figure in another edition's language."""

    figure = models.ForeignKey(Figure, on_delete=models.CASCADE, related_name="translations")
    language = models.CharField(_("language"), max_length=10)
    alt = models.CharField(_("alt text"), max_length=300, blank=True)
    caption = models.CharField(_("caption"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("figure translation")
        verbose_name_plural = _("figure translations")
        constraints = [
            models.UniqueConstraint(
                fields=["figure", "language"], name="one_translation_per_language"
            )
        ]

    def __str__(self) -> str:
        return f"{self.figure.slug} ({self.language})"
