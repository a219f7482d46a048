"""A copy of the WordPress uploads folder (`--media DIR`): files copied into the site's media/,
and the addresses of uploads in posts pointed at the copies.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings

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
        self.copied: list[Path] = []

    def copy(self, relative: str) -> str:
        """Copy one upload into media/wordpress/; its storage name, or "" when it is not there."""
        if self.root is None or not relative:
            return ""
        source = (self.root / relative).resolve()
        if not source.is_relative_to(self.root) or not source.is_file():
            return ""
        name = f"{MEDIA_FOLDER}/{source.relative_to(self.root).as_posix()}"
        target = Path(settings.MEDIA_ROOT) / name
        if not (target.is_file() and target.stat().st_size == source.stat().st_size):
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, target)
            self.copied.append(target)
        return name

    def rewrite_urls(self, html: str) -> str:
        """Point the uploads a post shows at their local copies, where the copy exists."""
        if self.root is None:
            return html

        def local(match: re.Match[str]) -> str:
            name = self.copy(upload_path(match.group("url")))
            return f"{settings.MEDIA_URL}{name}" if name else match.group(0)

        return _UPLOAD_URL.sub(local, html)

    def forget_copies(self) -> None:
        """Remove the files this import copied (the import was rolled back)."""
        for path in self.copied:
            path.unlink(missing_ok=True)
        self.copied.clear()
