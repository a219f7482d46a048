"""`carnet build [--out DIR]`: render every public page to files, for nginx or a static host."""

from __future__ import annotations

import argparse
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from carnet.publishing.build import BuildError, build, progress_bar
from carnet.publishing.store import page_store


class Command(BaseCommand):
    help = (
        "Render every public page of every edition (homes, posts, pages, archives, feeds, "
        "sitemap), the 404 pages, static files and media into a folder that any static host "
        "can serve. Only files whose content changed are rewritten."
    )
    # Django's system checks look at the code and settings, not at the posts; they cost a
    # tenth of a second of every build, and `carnet check` and `carnet serve` run them.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--out",
            type=Path,
            help="output folder (default: the site's page store, public/)",
        )
        parser.add_argument(
            "--workers", type=int, help="processes rendering pages (default: one per core)"
        )
        parser.add_argument("--quiet", action="store_true", help="no progress bar")
        parser.add_argument(
            "--compress",
            action=argparse.BooleanOptionalAction,
            help="write a gzip and a brotli copy of each page (default: only into public/, "
            "where nginx and carnet serve use them; static hosts compress by themselves)",
        )

    def handle(self, *args, out: Path | None, workers: int | None, quiet: bool, **options):
        store = page_store().root.resolve()
        out = Path(out).resolve() if out else store
        compress = options["compress"]
        if compress is None:  # nginx and carnet serve use the copies; static hosts don't
            compress = out == store
        if workers is not None and workers < 1:
            raise CommandError("--workers must be 1 or more.")
        progress = None if quiet else progress_bar()
        try:
            report = build(out, workers=workers, progress=progress, compress=compress)
        except BuildError as error:
            raise CommandError(str(error)) from error
        for failure in report.failed:
            self.stderr.write(f"not rendered: {failure}")
        self.stdout.write(f"Built {Path(out).resolve()}: {report.summary()}")
        if report.failed:
            raise CommandError(
                f"{len(report.failed)} page(s) could not be rendered (listed above); "
                "fix them and build again."
            )
