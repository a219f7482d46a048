"""`carnet restore ARCHIVE DIR`: a new site directory made from a backup archive."""

from __future__ import annotations

import os
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from carnet.backup import BackupError
from carnet.backup.restore import restore_message


class Command(BaseCommand):
    help = "Make a new site directory DIR from a backup archive (DIR must not exist or be empty)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("archive", type=Path)
        parser.add_argument("directory", type=Path)

    def handle(self, *args, archive: Path, directory: Path, **options) -> None:
        try:
            self.stdout.write(restore_message(archive, directory, os.environ.get("DATABASE_URL")))
        except BackupError as error:
            raise CommandError(str(error)) from error
