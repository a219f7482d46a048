"""The `carnet` command: make a site, then run any of Carnet's or Django's commands inside it."""

from __future__ import annotations

import argparse
import gc
import os
import sys
from pathlib import Path

from carnet.site import SiteError, create_site, find_site, load_site

USAGE = """\
usage: carnet [--site DIR] COMMAND [ARGS]

Make a site:
  init DIR [--languages en,fr] [--time-zone ZONE]   create an empty site directory
  restore ARCHIVE DIR      make a site directory from a backup

Inside a site (the current directory or one above it, or --site DIR):
  demo                     load the demo blog
  serve [--port N]         serve the site (http://127.0.0.1:8000/ by default)
  createuser NAME          add a writer (--admin for full rights)
  reindex                  rebuild the search index
  backup ARCHIVE           database, media and settings in one .tar.gz
  clip URL|FILE            make a draft post from a news article (--edition fr)
  any Django command       e.g. migrate, changepassword, shell, check

`carnet help COMMAND` tells more about one command; `carnet help` lists them all.
"""


def main(argv: list[str] | None = None) -> int:
    """Entry point of the installed `carnet` command."""
    args = list(sys.argv[1:] if argv is None else argv)
    site_arg, args = _take_site_option(args)
    if not args or args[0] in ("-h", "--help") or args == ["help"]:
        print(USAGE, end="")
        return 0
    try:
        if args[0] == "init":
            return init(args[1:])
        if args[0] == "restore":
            return restore(args[1:])
        root = find_site(site_arg)
        load_site(root)
    except SiteError as error:
        print(f"carnet: {error}", file=sys.stderr)
        return 2
    code = run_django(root, args)
    # The process ends next: its objects go back to the system with it, rather than through
    # a last pass of the cycle collector (0.2 s after building a site of 1,000 posts).
    gc.freeze()
    return code


def _take_site_option(args: list[str]) -> tuple[str | None, list[str]]:
    """Pull `--site DIR` (or `--site=DIR`) out of the arguments, wherever it stands."""
    site, rest, i = None, [], 0
    while i < len(args):
        if args[i] == "--site" and i + 1 < len(args):
            site, i = args[i + 1], i + 2
        elif args[i].startswith("--site="):
            site, i = args[i].split("=", 1)[1], i + 1
        else:
            rest.append(args[i])
            i += 1
    return site, rest


def init(args: list[str]) -> int:
    """Create a site directory and its database."""
    parser = argparse.ArgumentParser(prog="carnet init", description="Create an empty Carnet site.")
    parser.add_argument("directory", type=Path)
    parser.add_argument("--languages", default="en,fr", help="edition languages, default first")
    parser.add_argument("--time-zone", default="Europe/Paris")
    options = parser.parse_args(args)
    languages = [code.strip() for code in options.languages.split(",") if code.strip()]
    site = create_site(options.directory, languages=languages, time_zone=options.time_zone)
    code = run_django(site.root, ["migrate", "--no-input", "--verbosity", "0"])
    if code == 0:
        print(f"Created a Carnet site in {site.root}")
        print(f"Next: carnet --site {site.root} createuser NAME --admin")
        print(f"Then: carnet --site {site.root} serve")
    return code


def restore(args: list[str]) -> int:
    """Make a new site directory from a backup archive; like `init`, it needs no site."""
    from carnet.backup import BackupError
    from carnet.backup.restore import restore_message

    parser = argparse.ArgumentParser(prog="carnet restore", description="Restore a backup.")
    parser.add_argument("archive", type=Path)
    parser.add_argument("directory", type=Path, help="a new (or empty) site directory")
    options = parser.parse_args(args)
    try:
        print(restore_message(options.archive, options.directory, os.environ.get("DATABASE_URL")))
    except BackupError as error:
        print(f"carnet: {error}", file=sys.stderr)
        return 2
    return 0


def run_django(root: Path, args: list[str]) -> int:
    """Run a management command with Django set up for the site at `root`."""
    os.environ["CARNET_SITE"] = str(root)
    os.environ["DJANGO_SETTINGS_MODULE"] = "carnet.settings"
    from django.core.management import execute_from_command_line

    try:
        execute_from_command_line(["carnet", *args])
    except SystemExit as exit_:
        return exit_.code if isinstance(exit_.code, int) else 1
    except KeyboardInterrupt:
        print("carnet: interrupted", file=sys.stderr)
        return 130
    return 0


if __name__ == "__main__":
    sys.exit(main())
