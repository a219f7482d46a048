"""A copy of the WordPress uploads folder (`--media DIR`): files copied into the site's media
(media/, or the bucket of `[media] storage = "s3"`), and the addresses of uploads in posts
pointed at the copies.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.core.files import File
from django.core.files.storage import default_storage

# Where WordPress serves uploads: self-hosted (/wp-content/uploads/…) or WordPress.com.
_UPLOAD_PATH = re.compile(r"/wp-content/uploads/(?P<rel>.+)$|\.files\.wordpress\.com/(?P<com>.+)$")
_UPLOAD_URL = re.compile(
    r"""(?P<url>https?://[^\s"'<>()]+?(?:/wp-content/uploads/|\.files\.wordpress\.com/)"""
    r"""[^\s"'<>()?]+)(?:\?[^\s"'<>()]*)?"""
)
MEDIA_FOLDER = "wordpress"


def upload_path(url: str, attached_file: str = "") -> str:
    """The path of an upload inside the uploads folder: `2014/05/photo.jpg`, or ""."""
    if attached_file.strip():
        return attached_file.strip().lstrip("/")
    found = _UPLOAD_PATH.search(unquote(urlsplit(url).path if "//" in url else url))
    if found is None:
        full = unquote(url)
        found = _UPLOAD_PATH.search(urlsplit(full).netloc + urlsplit(full).path)
    return (found.group("rel") or found.group("com")) if found else ""


class MediaFolder:
    """The uploads folder given with --media, if any, and the files copied from it so far."""

    def __init__(self, root: Path | None) -> None:
        self.root = root.resolve() if root else None
        self.copied: list[str] = []

    def copy(self, relative: str) -> str:
        """Copy one upload into the media's wordpress/; its storage name, or "" if not there.

        A copy of the same size is kept, so running an import again uploads nothing new.
        """
        if self.root is None or not relative:
            return ""
        source = (self.root / relative).resolve()
        if not source.is_relative_to(self.root) or not source.is_file():
            return ""
        name = f"{MEDIA_FOLDER}/{source.relative_to(self.root).as_posix()}"
        if default_storage.exists(name):
            if default_storage.size(name) == source.stat().st_size:
                return name
            default_storage.delete(name)  # replaced, under the same name posts link to
        with source.open("rb") as stream:
            saved = default_storage.save(name, File(stream, name=source.name))
        self.copied.append(saved)
        return saved

    def rewrite_urls(self, html: str) -> str:
        """Point the uploads a post shows at their copies, where the copy exists."""
        if self.root is None:
            return html

        def copied(match: re.Match[str]) -> str:
            name = self.copy(upload_path(match.group("url")))
            return default_storage.url(name) if name else match.group(0)

        return _UPLOAD_URL.sub(copied, html)

    def forget_copies(self) -> None:
        """Remove the files this import copied (the import was rolled back)."""
        for name in self.copied:
            default_storage.delete(name)
        self.copied.clear()
