"""`carnet import wordpress EXPORT.xml [--edition fr] [--media DIR] [--pair FILE]`."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError

from carnet.blog.models import Edition
from carnet.wordpress import WXRError
from carnet.wordpress.importer import ImportOptions, WordPressImport
from carnet.wordpress.wxr import open_export


class Command(BaseCommand):
    help = (
        "Import a WordPress export (Tools → Export in WordPress) into an edition: authors, "
        "categories, tags, posts, pages, comments, attachments and the old addresses."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("source", choices=["wordpress"], help="where the export comes from")
        parser.add_argument("export", type=Path, help="the WXR file WordPress wrote")
        parser.add_argument(
            "--edition", help="the language of the edition to import into (default: the first)"
        )
        parser.add_argument(
            "--media", type=Path, help="a copy of the blog's wp-content/uploads folder"
        )
        parser.add_argument(
            "--pair", type=Path, help="a CSV of address pairs that are translations of each other"
        )

    def handle(self, *args, source: str, export: Path, **options) -> None:
        edition = self.edition(options["edition"])
        media = options["media"]
        if media is not None and not media.is_dir():
            raise CommandError(
                f"{media}: no such folder; --media names a copy of wp-content/uploads."
            )
        pairs = options["pair"]
        if pairs is not None and not pairs.is_file():
            raise CommandError(f"{pairs}: no such file; --pair names a CSV of address pairs.")
        try:
            readable = open_export(export)
        except WXRError as error:
            raise CommandError(str(error)) from None
        run = None
        try:
            run = WordPressImport(readable, ImportOptions(edition, media, pairs), None, self.stderr)
            report = run.run()
        except WXRError as error:
            raise CommandError(f"{error} Nothing was imported.") from None
        except DatabaseError as error:
            # A bug of the importer rather than of the file, but still one line, and no harm.
            line = run.line if run else 0
            raise CommandError(
                f"{export}, near line {line}: the database refused what was read there "
                f"({str(error).splitlines()[0]}); nothing was imported. Please report this."
            ) from None
        except KeyboardInterrupt:
            raise CommandError(
                "interrupted: nothing was imported, the database is as it was before."
            ) from None
        finally:
            readable.close()
        for line in report.lines():
            self.stdout.write(line)

    @staticmethod
    def edition(language: str | None) -> Edition:
        editions = Edition.objects.in_site_order()
        if not editions:
            raise CommandError("this site has no edition; run `carnet migrate` first.")
        if language is None:
            return editions[0]
        for edition in editions:
            if edition.language == language:
                return edition
        known = ", ".join(e.language for e in editions)
        raise CommandError(f"no {language!r} edition in this site (editions: {known}).")
