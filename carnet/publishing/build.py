"""`carnet build`: every public page of every edition rendered to files, ahead of time.

The output is a page store (see store.py for how addresses map to files), so it serves from
nginx with the documented configuration, or from any static host: a folder address is a
folder with `index.html` in it (feeds: `index.atom`, `index.rss`), `404.html` is the not-found
page of the first edition (`fr/404.html` of the French one), the theme's files are copied to
`static/` and uploaded media to `media/`.

Pages are rendered by Django itself (its test client, through every middleware) in worker
processes, one per core. The build is incremental: a file whose content has not changed is
left as it is, and a file the site no longer has is removed.
"""

from __future__ import annotations

import logging
import math
import multiprocessing
import os
import shutil
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote

from django.conf import settings
from django.db import connections
from django.db.models import Count
from django.db.models.functions import TruncMonth, TruncYear
from django.urls import NoReverseMatch, reverse
from django.utils import translation

from carnet.blog.models import Category, Edition, Post, Tag
from carnet.publishing.middleware import NO_STORE
from carnet.publishing.store import PageStore, UnsafePath, write_page

NOT_FOUND = "404.html"
CHUNK = 40  # pages per task given to a worker


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

    def summary(self) -> str:
        pages = self.written + self.unchanged
        text = (
            f"{pages} pages: {self.written} written, {self.unchanged} unchanged, "
            f"{self.removed} removed; {self.copied} static and media files copied"
        )
        return f"{text}, in {self.seconds:.1f} s"


# What to render --------------------------------------------------------------------------


def page_count(posts: int, per_page: int) -> int:
    return max(1, math.ceil(posts / max(1, per_page)))


def paged(edition: Edition, name: str, posts: int, **kwargs) -> Iterator[str]:
    """A listing's addresses: its first page and `page/N/` for the others."""
    yield edition.reverse(name, **kwargs)
    for number in range(2, page_count(posts, edition.posts_per_page) + 1):
        yield edition.reverse(f"{name}_page", page=number, **kwargs)


def optional(edition: Edition, name: str, **kwargs) -> list[str]:
    """An address of a view another app may or may not provide."""
    try:
        return [edition.reverse(name, **kwargs)]
    except NoReverseMatch:
        return []


def edition_addresses(edition: Edition) -> Iterator[str]:
    """Every public address of one edition."""
    public = Post.objects.public().filter(edition=edition)
    posts = public.posts()
    yield from paged(edition, "home", posts.count())
    yield from (edition.reverse("feed"), edition.reverse("feed_rss"), edition.reverse("archives"))
    yield from optional(edition, "comments_feed")
    for model, name in ((Category, "category"), (Tag, "tag")):
        terms = model.objects.filter(edition=edition).annotate(
            count=Count("posts", filter=_public_filter(), distinct=True)
        )
        for term in terms:
            yield from paged(edition, name, term.count, slug=term.slug)
            yield edition.reverse(f"{name}_feed", slug=term.slug)
            yield edition.reverse(f"{name}_feed_rss", slug=term.slug)
    authors = posts.exclude(author=None).values("author__username").annotate(count=Count("pk"))
    for row in authors:
        yield from paged(edition, "author", row["count"], username=row["author__username"])
    for row in posts.annotate(at=TruncYear("published_at")).values("at").annotate(n=Count("pk")):
        yield from paged(edition, "year", row["n"], year=row["at"].year)
    for row in posts.annotate(at=TruncMonth("published_at")).values("at").annotate(n=Count("pk")):
        month = f"{row['at'].month:02d}"
        yield from paged(edition, "month", row["n"], year=row["at"].year, month=month)
    for post in public.select_related("edition", "parent").order_by("pk"):
        url = post.get_absolute_url()
        yield url
        if post.kind == Post.Kind.POST and optional(edition, "comments_feed"):
            yield url + "comments/feed/"


def _public_filter():
    from django.db.models import Q
    from django.utils import timezone

    return Q(posts__status=Post.Status.PUBLISHED, posts__published_at__lte=timezone.now())


def site_addresses() -> list[str]:
    """Every public address of the site, decoded (as request.path and nginx's $uri are)."""
    addresses = [reverse("sitemap"), reverse("robots")]
    for edition in Edition.objects.in_site_order():
        with translation.override(edition.language):
            addresses.extend(edition_addresses(edition))
    return list(dict.fromkeys(unquote(a) for a in addresses))


# Rendering -------------------------------------------------------------------------------


def host() -> str:
    return settings.BASE_URL.split("://", 1)[1].split("/")[0]


def render_chunk(task: tuple[str, list[str]]) -> tuple[int, int, list[str], list[str]]:
    """Render some addresses into the output; (written, unchanged, files, failures)."""
    from django.test import Client

    out, addresses = task
    store = PageStore(out)
    client = Client(HTTP_HOST=host(), raise_request_exception=False)
    written = unchanged = 0
    files, failed = [], []
    for address in addresses:
        response = client.get(address, secure=is_secure(), **{NO_STORE: True})
        content_type = response.get("Content-Type", "")
        try:
            target = store.file_for(address, content_type)
        except UnsafePath:
            target = None
        if response.status_code != 200 or target is None:
            failed.append(f"{address} ({response.status_code})")
            continue
        if write_page(target, response.content):
            written += 1
        else:
            unchanged += 1
        files.append(str(target.relative_to(store.root)))
    return written, unchanged, files, failed


def render_not_found(out: Path) -> list[str]:
    """Each edition's 404 page: `404.html`, `fr/404.html`…"""
    from django.test import Client

    client, files = Client(HTTP_HOST=host(), raise_request_exception=False), []
    request_log = logging.getLogger("django.request")
    for edition in Edition.objects.in_site_order():
        prefix = unquote(edition.reverse("home"))
        level, request_log.level = request_log.level, logging.ERROR  # a 404 is wanted here
        try:
            response = client.get(prefix + "-/not-found/", secure=is_secure(), **{NO_STORE: True})
        finally:
            request_log.level = level
        relative = prefix.lstrip("/") + NOT_FOUND
        write_page(out / relative, response.content)
        files.append(relative)
    return files


def is_secure() -> bool:
    return settings.BASE_URL.startswith("https://")


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
    """Uploaded media kept on this machine (object storage serves its own)."""
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
            path = Path(folder, name)
            relative = str(path.relative_to(out))
            if name.startswith(".") or relative.split(os.sep)[0].startswith("."):
                continue
            base = relative.removesuffix(".gz").removesuffix(".br")
            if base not in keep:
                path.unlink(missing_ok=True)
                removed += relative == base
        if folder != str(out) and not os.listdir(folder):
            os.rmdir(folder)
    return removed


# The build -------------------------------------------------------------------------------


def build(
    out: Path,
    workers: int | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> Report:
    """Render the whole site into `out`; `progress(done, total)` is called as pages finish."""
    started = time.perf_counter()
    out = Path(out).resolve()
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise BuildError(f"{out}: cannot create the output folder ({error.strerror}).") from error
    try:
        return _build_into(out, workers, progress, started)
    except OSError as error:  # a full or read-only disk, here or in a worker process
        raise BuildError(
            f"{out}: writing the site failed ({error.strerror or error}); pages already written "
            "are whole. Free some space or choose another --out, then build again."
        ) from error


def _build_into(
    out: Path, workers: int | None, progress: Callable[[int, int], None] | None, started: float
) -> Report:
    addresses = site_addresses()
    report, produced = Report(), set()
    tasks = [(str(out), addresses[i : i + CHUNK]) for i in range(0, len(addresses), CHUNK)]
    done = 0
    for written, unchanged, files, failed in _run(tasks, workers or os.cpu_count() or 1):
        report.written += written
        report.unchanged += unchanged
        report.failed += failed
        produced.update(files)
        done += written + unchanged + len(failed)
        if progress:
            progress(done, len(addresses))
    produced.update(render_not_found(out))
    for sources, folder in ((static_sources(), "static"), (media_sources(), "media")):
        copied, names = copy_files(sources, out / folder)
        report.copied += copied
        produced.update(str(Path(name).relative_to(out)) for name in names)
    report.removed = remove_stale(out, produced)
    report.seconds = time.perf_counter() - started
    return report


def _run(tasks: list, workers: int) -> Iterator[tuple[int, int, list[str], list[str]]]:
    """Render the tasks in `workers` forked processes (in this one when there is one)."""
    if workers <= 1 or len(tasks) <= 1:
        yield from map(render_chunk, tasks)
        return
    connections.close_all()  # each worker opens its own connection after the fork
    context = multiprocessing.get_context("fork")
    with context.Pool(workers, initializer=_fresh_connections) as pool:
        yield from pool.imap_unordered(render_chunk, tasks)


def _fresh_connections() -> None:
    for connection in connections.all(initialized_only=True):
        connection.close()


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
