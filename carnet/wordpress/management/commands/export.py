"""`carnet export wordpress OUT.xml` and `carnet export markdown DIR [--flavour pelican]`."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from carnet.wordpress.export_markdown import FLAVOURS, export_markdown
from carnet.wordpress.export_wxr import export_wxr


class Command(BaseCommand):
    help = (
        "Export the whole site: as a WordPress WXR file (wordpress OUT.xml), or as one "
        "Markdown file per post and page with front matter (markdown DIR)."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("format", choices=["wordpress", "markdown"])
        parser.add_argument("target", type=Path, help="the WXR file, or the Markdown folder")
        parser.add_argument(
            "--flavour",
            choices=FLAVOURS,
            default="hugo",
            help="markdown front matter: YAML for Hugo (default) or Pelican's Key: value lines",
        )

    def handle(self, *args, format: str, target: Path, flavour: str, **options) -> None:
        try:
            if format == "wordpress":
                if target.is_dir():
                    raise CommandError(f"{target} is a folder; name the .xml file to write.")
                partial = target.with_name(target.name + ".part")
                with partial.open("w", encoding="utf-8") as out:
                    counts = export_wxr(out)
                partial.replace(target)
                summary = ", ".join(f"{kind} {n}" for kind, n in counts.items())
                self.stdout.write(f"Wrote {target}: {summary}")
            else:
                if target.exists() and not target.is_dir():
                    raise CommandError(f"{target} is a file; name a folder to write into.")
                count = export_markdown(target, flavour)
                self.stdout.write(f"Wrote {count} Markdown files into {target}")
        except OSError as error:
            raise CommandError(f"{error.filename or target}: {error.strerror}.") from None
