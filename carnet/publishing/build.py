"""`carnet build`: every public page of every edition rendered to files, ahead of time.

The output is a page store (see store.py for how addresses map to files), so it serves from
nginx with the documented configuration, or from any static host: a folder address is a
folder with `index.html` in it (feeds: `index.atom`, `index.rss`), `404.html` is the not-found
page of the first edition (`fr/404.html` of the French one), the theme's files are copied to
`static/` and uploaded media to `media/`.

The site is read into memory once (sitedata.py) and its pages rendered from there with the
views' own templates, context and feeds (rendering.py), in worker processes forked from this
one, one per core; the few pages of which an edition has one go through Django itself (its
request handler, through every middleware), in a process that starts on them while the site
is read. Comment forms are dated at the start of the day, so a page renders the same all day
long. The build is incremental: a file whose content has not changed is left as it is, and a
file the site no longer has is removed.
"""

from __future__ import annotations

import contextlib
import logging
import os
import shutil
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote

from django.conf import settings
from django.core.handlers.wsgi import WSGIHandler, WSGIRequest
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.http import HttpResponse
from django.template import engines

from carnet.blog.models import Edition
from carnet.comments import tokens
from carnet.publishing import sitedata
from carnet.publishing.middleware import NO_STORE
from carnet.publishing.rendering import Page, django_pages, site_pages, wsgi_environ
from carnet.publishing.store import PageStore, UnsafePath, write_page
from carnet.publishing.workers import Aside, in_workers

NOT_FOUND = "404.html"
CHUNK = 100  # pages per task given to a worker
DAY = 86400


class BuildError(Exception):
    """The build cannot go on; the message says where and what to do."""


@dataclass
class Report:
    written: int = 0
    unchanged: int = 0
    removed: int = 0
    failed: list[str] = field(default_factory=list)
    copied: int = 0
    seconds: float = 0.0
    files: list[str] = field(default_factory=list, repr=False)  # the pages, under the output

    def summary(self) -> str:
        pages = self.written + self.unchanged
        text = (
            f"{pages} pages: {self.written} written, {self.unchanged} unchanged, "
            f"{self.removed} removed; {self.copied} static and media files copied"
        )
        return f"{text}, in {self.seconds:.1f} s"


# Rendering -------------------------------------------------------------------------------

# The pages of the build under way, set before the worker processes are forked.
_pages: list[Page] = []
# In a build into an empty folder, the folders each process has made (see write_page).
_folders: set[str] | None = None


def render_chunk(task: tuple[str, int, int, bool]) -> tuple[int, int, list[str], list[str]]:
    """Render `_pages[start:end]` into the output; (written, unchanged, files, failures)."""
    out, start, end, compress = task
    store = PageStore(out)
    written = unchanged = 0
    files, failed = [], []
    client = LazyClient()
    for page in _pages[start:end]:
        status, content, content_type = rendered(page, client)
        target = file_of(page, content_type, store)
        if status != page.status or target is None:
            failed.append(f"{page.address} ({status})")
            continue
        if write_page(target, content, compress, _folders):
            written += 1
        else:
            unchanged += 1
        files.append(relative_name(target, store.root_name))
    return written, unchanged, files, failed


def rendered(page: Page, client: LazyClient) -> tuple[int, bytes, str]:
    """(status, content, Content-Type) of a page, made from memory or by Django."""
    if page.make is not None:
        return 200, *page.make()
    with _unlogged() if page.status == 404 else contextlib.nullcontext():
        response = client.get(page.address)
    return response.status_code, response.content, response.get("Content-Type", "")


@contextlib.contextmanager
def _unlogged() -> Iterator[None]:
    """Django's log of a request left quiet: a 404 page is wanted here."""
    request_log = logging.getLogger("django.request")
    level, request_log.level = request_log.level, logging.ERROR
    try:
        yield
    finally:
        request_log.level = level


class LazyClient:
    """Django's request handler, through every middleware as a server's request goes, made at
    the first page that needs it (loading the middleware takes about 15 ms)."""

    def __init__(self) -> None:
        self.handler: WSGIHandler | None = None

    def get(self, address: str) -> HttpResponse:
        self.handler = self.handler or WSGIHandler()
        environ = wsgi_environ(address, **{NO_STORE: "1"})
        with _connection_kept():
            request_started.send(sender=WSGIHandler, environ=environ)
            try:
                return self.handler.get_response(WSGIRequest(environ))
            finally:
                request_finished.send(sender=WSGIHandler)


@contextlib.contextmanager
def _connection_kept() -> Iterator[None]:
    """A request's signals without Django's closing of the database connection after it: the
    build keeps one connection for all its pages (as Django's test client does)."""
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    try:
        yield
    finally:
        for signal in (request_started, request_finished):
            signal.connect(close_old_connections)


def file_of(page: Page, content_type: str, store: PageStore) -> str | None:
    """Where the page is stored; None for an address the store refuses."""
    if page.file:
        return os.path.join(store.root_name, page.file)
    try:
        return store.file_name_for(page.address, content_type)
    except UnsafePath:
        return None


def relative_name(path: Path | str, root: Path | str) -> str:
    """`path` under `root`, as a string (Path.relative_to is slow for thirty thousand files)."""
    return str(path)[len(str(root)) + 1 :]


def not_found_pages(editions: Iterable[Edition]) -> list[Page]:
    """Each edition's 404 page (what Django answers at an address the edition does not have),
    stored as `404.html`, `fr/404.html`…"""
    pages = []
    for edition in editions:
        prefix = unquote(edition.reverse("home"))
        file = prefix.lstrip("/") + NOT_FOUND
        pages.append(Page(prefix + "-/not-found/", file=file, status=404))
    return pages


# Static files and media ------------------------------------------------------------------


def static_sources() -> Iterator[tuple[str, Path]]:
    """(name under /static/, file) for every static file the finders know."""
    from django.contrib.staticfiles.finders import get_finders

    seen = set()
    for finder in get_finders():
        for name, storage in finder.list(["CVS", ".*", "*~"]):
            if name not in seen and not name.startswith("admin/"):  # no admin on a static host
                seen.add(name)
                yield name, Path(storage.path(name))


def media_sources() -> Iterator[tuple[str, Path]]:
    """Uploaded media kept on this machine; none on object storage, whose addresses pages use."""
    from django.core.files.storage import FileSystemStorage, default_storage

    if not isinstance(default_storage, FileSystemStorage):
        return
    root = Path(settings.MEDIA_ROOT)
    for folder, _dirs, names in os.walk(root):
        for name in names:
            if not name.startswith("."):
                path = Path(folder, name)
                yield str(path.relative_to(root)), path


def copy_files(sources: Iterable[tuple[str, Path]], into: Path) -> tuple[int, list[str]]:
    """Copy files whose size or time differ; (copied, relative names of every file)."""
    copied, names = 0, []
    for name, source in sources:
        target = into / name
        names.append(str(target))
        found, wanted = _stat(target), source.stat()
        if found and found.st_size == wanted.st_size and found.st_mtime_ns == wanted.st_mtime_ns:
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(source, target)
        copied += 1
    return copied, names


def _stat(path: Path):
    try:
        return path.stat()
    except OSError:
        return None


# Removing what the site no longer has ----------------------------------------------------


def remove_stale(out: Path, keep: set[str]) -> int:
    """Remove files of earlier builds that this one did not produce; the number removed."""
    removed = 0
    for folder, _dirs, names in os.walk(out, topdown=False):
        for name in names:
            path = os.path.join(folder, name)
            relative = relative_name(path, out)
            if name.startswith(".") or relative.split(os.sep)[0].startswith("."):
                continue
            base = relative.removesuffix(".gz").removesuffix(".br")
            if base not in keep:
                with contextlib.suppress(FileNotFoundError):
                    os.unlink(path)
                removed += relative == base
        if folder != str(out) and not os.listdir(folder):
            os.rmdir(folder)
    return removed


# The build -------------------------------------------------------------------------------


def build(
    out: Path,
    workers: int | None = None,
    progress: Callable[[int, int], None] | None = None,
    compress: bool = True,
) -> Report:
    """Render the whole site into `out`; `progress(done, total)` is called as pages finish.

    With `compress`, each page gets its gzip and brotli copies (for nginx's gzip_static and
    the fast path); a static host that compresses by itself does not need them.
    """
    started = time.perf_counter()
    out = Path(out).resolve()
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise BuildError(f"{out}: cannot create the output folder ({error.strerror}).") from error
    try:
        return _build_into(out, workers, progress, compress, started)
    except OSError as error:  # a full or read-only disk, here or in a worker process
        raise BuildError(
            f"{out}: writing the site failed ({error.strerror or error}); pages already written "
            "are whole. Free some space or choose another --out, then build again."
        ) from error


def _build_into(
    out: Path,
    workers: int | None,
    progress: Callable[[int, int], None] | None,
    compress: bool,
    started: float,
) -> Report:
    with os.scandir(out) as entries:
        empty = next(entries, None) is None  # then nothing can be left over from a build
    report, produced = Report(), set()
    with tokens.dated(int(time.time() // DAY * DAY)):
        _render_pages(out, workers or os.cpu_count() or 1, progress, compress, empty, report)
        produced.update(report.files)
    for sources, folder in ((static_sources(), "static"), (media_sources(), "media")):
        copied, names = copy_files(sources, out / folder)
        report.copied += copied
        produced.update(relative_name(Path(name), out) for name in names)
    report.removed = 0 if empty else remove_stale(out, produced)
    report.seconds = time.perf_counter() - started
    return report


def _render_pages(
    out: Path,
    workers: int,
    progress: Callable[[int, int], None] | None,
    compress: bool,
    empty: bool,
    report: Report,
) -> None:
    """Every page of the site into `out`, in worker processes; counts go to `report`.

    With more than one worker, the pages Django renders itself need no snapshot of the site:
    a process of their own starts on them while this one reads the site.
    """
    global _pages, _folders
    _folders = set() if empty else None
    editions = Edition.objects.in_site_order()
    _pages = by_django = django_pages(editions) + not_found_pages(editions)
    engines["jinja2"]  # the theme's engine (Jinja2 imported, about 40 ms), made for all processes
    aside = Aside(render_chunk, (str(out), 0, len(_pages), compress)) if workers > 1 else None
    try:
        with sitedata.collector_paused():  # the pages, like the site, last the whole build
            from_memory = site_pages(sitedata.load())
        _pages = from_memory if aside else by_django + from_memory
        total = len(by_django) + len(from_memory)
        tasks = [
            (str(out), i, min(i + CHUNK, len(_pages)), compress)
            for i in range(0, len(_pages), CHUNK)
        ]
        for counts in in_workers(render_chunk, tasks, workers):
            _count(report, counts, progress, total)
        if aside:
            _count(report, aside.result(), progress, total)
    finally:
        _pages, _folders = [], None
        if aside:
            aside.stop()


def _count(
    report: Report,
    counts: tuple[int, int, list[str], list[str]],
    progress: Callable[[int, int], None] | None,
    total: int,
) -> None:
    written, unchanged, files, failed = counts
    report.written += written
    report.unchanged += unchanged
    report.failed += failed
    report.files += files
    if progress:
        progress(report.written + report.unchanged + len(report.failed), total)


def progress_bar(stream=sys.stderr) -> Callable[[int, int], None]:
    """A one-line progress bar on a terminal; a line every 10 % elsewhere."""
    interactive = stream.isatty()
    last = [-1]

    def show(done: int, total: int) -> None:
        share = done / total if total else 1.0
        if interactive:
            bar = "#" * int(share * 30)
            stream.write(f"\r[{bar:<30}] {done}/{total} pages")
            if done >= total:
                stream.write("\n")
        elif int(share * 10) != last[0]:
            last[0] = int(share * 10)
            stream.write(f"{done}/{total} pages\n")
        stream.flush()

    return show
