"""`carnet backup ARCHIVE`: database, media and settings in one archive, while the site serves."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from carnet.backup import BackupError
from carnet.backup.archive import bucket_words, write_backup


class Command(BaseCommand):
    help = (
        "Back up the site (database, media, carnet.toml) into one .tar.gz archive; media kept "
        "in a bucket stay there."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("archive", type=Path, help="the file to write, e.g. blog.tar.gz")
        parser.add_argument(
            "--overwrite", action="store_true", help="replace ARCHIVE if it already exists"
        )

    def handle(self, *args, archive: Path, overwrite: bool, **options) -> None:
        try:
            manifest = write_backup(settings.SITE, connection.settings_dict, archive, overwrite)
        except BackupError as error:
            raise CommandError(str(error)) from error
        size = sum(entry["size"] for entry in manifest["files"])
        self.stdout.write(
            f"Backed up {settings.SITE.root} ({manifest['database']} database, "
            f"{len(manifest['files']) - 1} files, {size / 1e6:.1f} MB) to {archive}"
        )
        if manifest["media"]["storage"] != "local":
            self.stdout.write(
                f"Media are not in the archive: they stay in {bucket_words(manifest['media'])}; "
                "keep copies of the bucket with your provider's versioning or replication."
            )
