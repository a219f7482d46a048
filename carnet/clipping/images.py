"""An article's image downloaded through the safe fetcher, and checked before it is kept.

The server's Content-Type is checked first (`fetch`), then Pillow reads the image's header:
only JPEG, PNG, GIF and WebP of a sane size are kept, so nothing else lands in media/.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from PIL import Image

from carnet.clipping import ClipError
from carnet.clipping.fetch import IMAGE_TYPES, MAX_IMAGE_BYTES, fetch

# An image larger than this is refused before it is decoded (about 8000 × 5000).
MAX_PIXELS = 40_000_000
EXTENSIONS = {"JPEG": "jpg", "PNG": "png", "GIF": "gif", "WEBP": "webp"}


@dataclass(frozen=True)
class DownloadedImage:
    """The bytes of an image that Pillow could read, and what it found."""

    url: str
    data: bytes
    extension: str
    width: int
    height: int


def download_image(url: str) -> DownloadedImage:
    """Fetch `url` as an image and check it; ClipError says why one is refused."""
    fetched = fetch(url, accept=IMAGE_TYPES, max_bytes=MAX_IMAGE_BYTES)
    return check_image(fetched.body, fetched.url)


def check_image(data: bytes, url: str) -> DownloadedImage:
    """The image in `data` if Pillow reads it as one of the kept formats, of a sane size."""
    try:
        with Image.open(io.BytesIO(data)) as image:
            kind, (width, height) = image.format, image.size
            if kind not in EXTENSIONS:
                raise ClipError(f"{url} is a {kind} image; Carnet keeps JPEG, PNG, GIF and WebP.")
            if width * height > MAX_PIXELS:
                raise ClipError(f"{url} is too large an image ({width} × {height} pixels).")
            image.verify()
    except (OSError, SyntaxError, ValueError, Image.DecompressionBombError) as error:
        raise ClipError(f"{url} is not an image Carnet can read ({error}).") from error
    return DownloadedImage(url, data, EXTENSIONS[kind], width, height)
