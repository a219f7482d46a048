"""The page store: public pages kept as files under the site's `public/`, one file per address.

An address maps to one file, the way nginx's `try_files` looks it up (nginx decodes the URI, so
`/caf%C3%A9/` is the folder `café/`):

    /2026/03/05/a-walk/      2026/03/05/a-walk/index.html
    /fr/feed/                fr/feed/index.atom      (the extension follows the Content-Type)
    /feed/rss/               feed/rss/index.rss
    /sitemap.xml             sitemap.xml             (an address without a final slash is a file)
    /robots.txt              robots.txt

Each file has a gzip copy (`.gz`) and a brotli copy (`.br`) beside it. Files are written to a
temporary name and renamed into place, and the compressed copies before the page itself, so a
reader never sees half a file. Removing a file that is already gone is not an error: several
workers and several app servers may share one `public/` and remove the same page at once.

A render that started before a write and finishes after it would store a stale page. The
*generation* file (`public/.generation`, its modification time in nanoseconds) prevents that:
every removal bumps it first, and a page is kept only if the generation it was rendered in is
still the current one once the file is in place.
"""

from __future__ import annotations

import contextlib
import gzip
import os
import shutil
import socket
import threading
import time
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

try:
    import brotli
except ImportError:  # pragma: no cover - brotli is a dependency, but the store works without it
    brotli = None

# The file extension of each content type the store keeps, and the Content-Type it is served
# with: exactly what Django sent, so nginx's `types` block and the fast path agree with it.
CONTENT_TYPES = {
    "html": "text/html; charset=utf-8",
    "atom": "application/atom+xml; charset=utf-8",
    "rss": "application/rss+xml; charset=utf-8",
    "xml": "application/xml",
    "txt": "text/plain; charset=utf-8",
}
EXTENSIONS = {media_type.split(";")[0]: ext for ext, media_type in CONTENT_TYPES.items()}
# The index files a folder address may have, in the order they are looked for.
INDEX_NAMES = tuple(f"index.{ext}" for ext in ("html", "atom", "rss"))
ENCODINGS = (("br", ".br"), ("gzip", ".gz"))
GENERATION = ".generation"
TRASH = ".trash"
# Top-level folders of public/ that hold files, not pages: `carnet build` copies them there.
NOT_PAGES = frozenset({"static", "media"})
MAX_NAME_BYTES = 255


class UnsafePath(ValueError):
    """An address that cannot be a file in the store (a `..`, a hidden name, a NUL…)."""


def extension_for(content_type: str) -> str | None:
    """The file extension the store uses for a Content-Type, or None if it keeps no such files."""
    return EXTENSIONS.get(content_type.split(";")[0].strip().lower())


def segments(path: str) -> list[str]:
    """The folder and file names of an address; raises UnsafePath for one the store refuses."""
    if not path.startswith("/") or "\x00" in path:
        raise UnsafePath(path)
    names = path[1:].split("/")
    if names and names[-1] == "":
        names.pop()
    for name in names:
        if not name or name.startswith(".") or len(name.encode()) > MAX_NAME_BYTES:
            raise UnsafePath(path)
    return names


@dataclass(frozen=True)
class StoredFile:
    """A page found in the store: its file and the Content-Type it is served with."""

    path: Path
    content_type: str


class PageStore:
    """The files of one `public/` folder (the page store, or the output of `carnet build`)."""

    def __init__(self, root: Path | str) -> None:
        self.root = Path(root)
        self.root_name = str(self.root)

    # Addresses and files ---------------------------------------------------------------

    def file_for(self, path: str, content_type: str) -> Path:
        """The file that holds the page at `path`; raises UnsafePath if it cannot be stored."""
        return Path(self.file_name_for(path, content_type))

    def file_name_for(self, path: str, content_type: str) -> str:
        """`file_for` as a string, quicker to make: a build asks for tens of thousands."""
        ext = extension_for(content_type)
        names = segments(path)
        if ext is None:
            raise UnsafePath(path)
        if path.endswith("/"):
            return os.path.join(self.root_name, *names, f"index.{ext}")
        if not names or not names[-1].endswith(f".{ext}"):
            raise UnsafePath(path)
        return os.path.join(self.root_name, *names)

    def find(self, path: str) -> StoredFile | None:
        """The stored page for an address, if there is one."""
        try:
            names = segments(path)
        except UnsafePath:
            return None
        folder = self.root.joinpath(*names)
        candidates = [folder / name for name in INDEX_NAMES] if path.endswith("/") else [folder]
        for candidate in candidates:
            ext = candidate.suffix[1:]
            if ext in CONTENT_TYPES and candidate.is_file():
                return StoredFile(candidate, CONTENT_TYPES[ext])
        return None

    # Generations -----------------------------------------------------------------------

    def generation(self) -> int:
        """The current generation: it changes whenever pages are removed."""
        try:
            return os.stat(self.root / GENERATION).st_mtime_ns
        except FileNotFoundError:
            return 0

    def bump_generation(self) -> None:
        marker = self.root / GENERATION
        self.root.mkdir(parents=True, exist_ok=True)
        now = max(time.time_ns(), self.generation() + 1)
        with contextlib.suppress(FileExistsError):
            marker.touch()
        os.utime(marker, ns=(now, now))

    # Writing ---------------------------------------------------------------------------

    def save(
        self, path: str, content: bytes, content_type: str, generation: int | None = None
    ) -> bool:
        """Store a page; True if a file was written, False if the stored one was the same.

        With `generation`, the page is kept only if nothing was removed since that generation
        (the page may have been rendered from data that has changed since).
        """
        target = self.file_for(path, content_type)
        written = write_page(target, content)
        if generation is not None and self.generation() != generation:
            remove_page(target)
            return False
        return written

    # Removing --------------------------------------------------------------------------

    def invalidate(self, paths: Iterable[str]) -> None:
        """Remove the stored pages at these addresses; `/x/*` removes `/x/` and all below it."""
        paths = list(paths)
        if not paths:
            return
        self.bump_generation()
        for path in paths:
            if path.endswith("*"):
                self.remove_tree(path[:-1])
            else:
                self.remove(path)

    def remove(self, path: str) -> None:
        """Remove the stored page at one address (its index file, whatever its type)."""
        try:
            names = segments(path)
        except UnsafePath:
            return
        folder = self.root.joinpath(*names)
        if path.endswith("/"):
            for name in INDEX_NAMES:
                remove_page(folder / name)
        elif names:
            remove_page(folder)

    def remove_tree(self, path: str, keep: Iterable[str] = ()) -> None:
        """Remove every page at or below a folder address, except the top-level folders `keep`."""
        try:
            folder = self.root.joinpath(*segments(path))
        except UnsafePath:
            return
        if folder == self.root:
            keep = set(keep) | NOT_PAGES
            for child in list_dir(self.root):
                if child.name in keep or child.name.startswith("."):
                    continue
                self.discard(child)
        else:
            self.discard(folder)

    def discard(self, path: Path) -> None:
        """Take a folder out of the store at once, and delete its files in the background.

        A folder is renamed into `.trash/` (one system call, however many pages it holds) and
        deleted by a thread: deleting thousands of files one by one takes seconds on some
        disks, and a write should not wait for it.
        """
        if not path.is_dir() or path.is_symlink():
            with contextlib.suppress(FileNotFoundError):
                os.unlink(path)
            return
        trash = self.root / TRASH
        trash.mkdir(exist_ok=True)
        try:
            os.rename(path, trash / f"{time.time_ns()}-{os.getpid()}-{threading.get_ident()}")
        except FileNotFoundError:
            return
        threading.Thread(target=empty_trash, args=(trash,), daemon=True).start()

    def clear(self, keep: Iterable[str] = ()) -> None:
        """Remove every stored page (not the copies of static files and media)."""
        self.bump_generation()
        self.remove_tree("/", keep=keep)


def compressed_copies(content: bytes) -> list[tuple[str, bytes]]:
    """The `.br` and `.gz` copies of a page, as (suffix, bytes)."""
    copies = [(".gz", gzip.compress(content, compresslevel=9, mtime=0))]
    if brotli is not None:
        copies.insert(0, (".br", brotli.compress(content, quality=6)))
    return copies


def write_page(
    target: Path | str, content: bytes, compress: bool = True, folders: set[str] | None = None
) -> bool:
    """Write a page and its compressed copies atomically; False when the file already held it.

    Without `compress`, the page is written alone and copies left by an earlier write go.
    `folders` is for a build into an empty folder: nothing is there to compare with or remove,
    and the set keeps the folders already made, so each is made once.
    """
    target = os.fspath(target)
    if folders is None:
        if _holds(target, content) and compress == os.path.exists(target + ".gz"):
            return False
        if not compress:
            for suffix in (".br", ".gz"):
                with contextlib.suppress(FileNotFoundError):
                    os.unlink(target + suffix)
    else:
        _make_folder(os.path.dirname(target), folders)
    if compress:
        for suffix, data in compressed_copies(content):
            write_atomically(target + suffix, data)
    write_atomically(target, content)
    return True


def _holds(target: str, content: bytes) -> bool:
    try:
        with open(target, "rb") as file:
            return file.read() == content
    except OSError:
        return False


def _make_folder(name: str, made: set[str]) -> None:
    if name in made:
        return
    parent = os.path.dirname(name)
    try:
        if parent in made:
            os.mkdir(name)  # one system call, where makedirs looks at each parent
        else:
            os.makedirs(name, exist_ok=True)
    except FileExistsError:  # made meanwhile by another process of the build
        pass
    made.add(name)


WRITE_FLAGS = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_NOFOLLOW | os.O_CLOEXEC
HOST = socket.gethostname()  # app servers on several machines may share one public/


def write_atomically(target: Path | str, content: bytes) -> None:
    """Write to a temporary file beside `target`, then rename it into place.

    The temporary file is named after the writing machine, process and thread: no two writers
    share one, and a writer renames it before its next write in the folder.
    """
    folder = os.path.dirname(target)
    temporary = os.path.join(folder, f".tmp-{HOST}-{os.getpid()}-{threading.get_ident()}")
    try:
        handle = os.open(temporary, WRITE_FLAGS, 0o644)
    except FileNotFoundError:
        os.makedirs(folder, exist_ok=True)
        handle = os.open(temporary, WRITE_FLAGS, 0o644)
    try:
        try:
            os.fchmod(handle, 0o644)  # whatever the umask: nginx reads the pages
            _write_all(handle, content)
        finally:
            os.close(handle)
        os.replace(temporary, target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
        raise


def _write_all(handle: int, content: bytes) -> None:
    view = memoryview(content)
    while view:
        view = view[os.write(handle, view) :]


def remove_page(target: Path) -> None:
    """Remove a page, then its compressed copies; already gone is fine."""
    for name in (target.name, target.name + ".br", target.name + ".gz"):
        with contextlib.suppress(FileNotFoundError, NotADirectoryError, IsADirectoryError):
            os.unlink(target.with_name(name))


def empty_trash(trash: Path) -> None:
    """Delete what `discard` put aside (and what an earlier process left there)."""
    for entry in list_dir(trash):
        shutil.rmtree(entry, ignore_errors=True)


def list_dir(folder: Path) -> list[Path]:
    try:
        return list(folder.iterdir())
    except FileNotFoundError:
        return []


def page_store() -> PageStore:
    """The site's page store (its `public/` folder, or settings.CARNET_PAGE_STORE)."""
    from django.conf import settings

    return PageStore(getattr(settings, "CARNET_PAGE_STORE", None) or settings.SITE.public_dir)
