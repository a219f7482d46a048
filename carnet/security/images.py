"""Uploaded images: only what Pillow decodes as JPEG, PNG, GIF or WebP, within size limits,
and stored re-encoded, so no metadata, trailing payload or second file format survives.
"""

from __future__ import annotations

import io
import shutil
import warnings
from pathlib import PurePosixPath

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile, File
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

# Pillow's format name, the file extension it is stored with, and how it is written again.
FORMATS = {
    "JPEG": ("jpg", {"quality": 90, "optimize": True}),
    "PNG": ("png", {"optimize": True}),
    "GIF": ("gif", {}),
    "WEBP": ("webp", {"quality": 90}),
}
_SNIFF_BYTES = 1024
# What a re-encoded image keeps of the original's extras: what transparency and animation need.
# Comments, EXIF, XMP, ICC profiles and text chunks are left behind.
_KEPT_INFO = frozenset({"transparency", "duration", "loop", "background", "disposal"})


def _looks_like_svg(head: bytes) -> bool:
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return text.startswith((b"<?xml", b"<svg", b"<!doctype svg")) or b"<svg" in text


def _limits() -> tuple[int, int]:
    return (
        settings.CARNET["upload_max_megabytes"] * 1_000_000,
        settings.CARNET["upload_max_megapixels"] * 1_000_000,
    )


def _open(upload: File, name: str) -> Image.Image:
    """Pillow's image of the upload, after the checks that need no decoding."""
    max_bytes, max_pixels = _limits()
    if upload.size is not None and upload.size > max_bytes:
        raise ValidationError(
            _("%(name)s is larger than %(limit)s MB; upload a smaller image.")
            % {"name": name, "limit": max_bytes // 1_000_000},
            code="too_large",
        )
    upload.seek(0)
    if _looks_like_svg(upload.read(_SNIFF_BYTES)):
        raise ValidationError(
            _("%(name)s is an SVG drawing, which can carry scripts; upload a PNG instead.")
            % {"name": name},
            code="svg",
        )
    upload.seek(0)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(upload)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
        raise _too_many_pixels(name, max_pixels) from error
    except UnidentifiedImageError:
        image = None
    if image is None or image.format not in FORMATS:
        raise ValidationError(
            _("%(name)s is not a JPEG, PNG, GIF or WebP image.") % {"name": name}, code="format"
        )
    if image.width * image.height > max_pixels:
        raise _too_many_pixels(name, max_pixels)
    return image


def _too_many_pixels(name: str, max_pixels: int) -> ValidationError:
    return ValidationError(
        _("%(name)s has more than %(limit)s megapixels; upload a smaller image.")
        % {"name": name, "limit": max_pixels // 1_000_000},
        code="too_many_pixels",
    )


def clean_image(upload: File) -> ContentFile:
    """The upload decoded and written again in its own format; ValidationError if refused."""
    name = PurePosixPath(upload.name or "image").name
    image = _open(upload, name)
    kind = image.format
    extension, options = FORMATS[kind]
    try:
        frames = getattr(image, "n_frames", 1)
        if kind == "JPEG":
            image = ImageOps.exif_transpose(image)  # keep the photo upright without its EXIF
        image.load()
        image.info = {key: value for key, value in image.info.items() if key in _KEPT_INFO}
        output = io.BytesIO()
        if frames > 1 and kind in ("GIF", "WEBP"):
            image.save(output, format=kind, save_all=True, **options)
        else:
            image.save(output, format=kind, **options)
    except (OSError, SyntaxError, ValueError) as error:
        raise ValidationError(
            _("%(name)s is damaged or incomplete (%(reason)s); upload it again.")
            % {"name": name, "reason": error},
            code="damaged",
        ) from error
    data = output.getvalue()
    _check_room(name, len(data))
    return ContentFile(data, name=f"{PurePosixPath(name).stem}.{extension}")


def _check_room(name: str, size: int) -> None:
    """Refuse an upload the media disk has no room for (with its resized copies), before writing."""
    try:
        free = shutil.disk_usage(settings.MEDIA_ROOT).free
    except OSError:
        return  # a folder not made yet, or storage elsewhere: the write will tell
    if free < 3 * size + 64_000:
        raise ValidationError(
            _(
                "There is no room left on the server's disk for %(name)s (%(free)s kB free); "
                "free some space, then upload it again."
            )
            % {"name": name, "free": free // 1000},
            code="disk_full",
        )


def clean_uploaded_image(image) -> None:
    """Put the cleaned copy in place of an image file just uploaded to a model's ImageField.

    Stored files are left alone; ValidationError if the upload is refused.
    """
    if not image or image._committed or getattr(image.file, "carnet_cleaned", False):
        return
    cleaned = clean_image(image.file)
    cleaned.carnet_cleaned = True
    setattr(image.instance, image.field.attname, cleaned)


class UploadedImageField(forms.ImageField):
    """A form's image field that says why an upload is refused, and keeps the cleaned copy."""

    def to_python(self, data):
        if data in self.empty_values or not hasattr(data, "read"):
            return super().to_python(data)
        cleaned = clean_image(data)
        cleaned.carnet_cleaned = True
        return super().to_python(cleaned)
