"""Writing a site's backup archive: a tar.gz of the database, media and settings, with a manifest.

The archive holds `database/carnet.sqlite3` (or `database/carnet.pgdump`, pg_dump's custom
format), `carnet.toml`, the folders `media/`, `theme/` and `templates/` (the site's own theme
and admin templates, if any) and, last, `manifest.json`: Carnet's version, the database kind,
where the media are and every file's size and sha256. Media kept in a bucket (`[media]
storage = "s3"`) stay there and are not in the archive; the manifest names the bucket. The
archive is written under a temporary name beside the final one and renamed when complete, so
an interrupted backup never leaves a half archive under the name asked for.
"""

from __future__ import annotations

import datetime
import hashlib
import io
import json
import os
import tarfile
import tempfile
from collections.abc import Iterator
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any, BinaryIO

from carnet.backup import BackupError
from carnet.backup.database import (
    POSTGRESQL,
    SQLITE,
    copy_sqlite,
    database_kind,
    dump_postgresql,
)
from carnet.site import CONFIG_NAME, Site

MANIFEST = "manifest.json"
FORMAT = 1
DATABASE_MEMBERS = {SQLITE: "database/carnet.sqlite3", POSTGRESQL: "database/carnet.pgdump"}
SITE_FOLDERS = ("media", "theme", "templates")


def carnet_version() -> str:
    try:
        return version("carnet")
    except PackageNotFoundError:  # pragma: no cover - running from a bare checkout
        return "unknown"


class _Hashing:
    """A file read through once: tarfile copies it, and its sha256 is taken on the way."""

    def __init__(self, stream: BinaryIO) -> None:
        self.stream, self.sha256 = stream, hashlib.sha256()

    def read(self, size: int = -1) -> bytes:
        data = self.stream.read(size)
        self.sha256.update(data)
        return data


def media_place(site: Site) -> dict[str, str]:
    """Where the site's media are, for the manifest: in the archive, or in a bucket left as is."""
    if site.setting("media", "storage", "local") != "s3":
        return {"storage": "local"}
    return {
        "storage": "s3",
        "bucket": site.setting("media", "bucket"),
        "endpoint_url": site.setting("media", "endpoint_url", ""),
        "location": site.setting("media", "location", ""),
    }


def bucket_words(place: dict[str, str]) -> str:
    """The bucket of a manifest's "media", in words: `the bucket "b" at https://…, under p/`."""
    words = f'the bucket "{place.get("bucket")}"'
    if place.get("endpoint_url"):
        words += f" at {place['endpoint_url']}"
    if place.get("location"):
        words += f", under {place['location'].strip('/')}/"
    return words


def site_files(site: Site) -> Iterator[tuple[str, Path]]:
    """(name in the archive, file) for the settings and every regular file of the site folders."""
    yield CONFIG_NAME, site.config_path
    blocklist = site.setting("comments", "blocklist_file", "")
    if blocklist and (site.root / blocklist).is_file():
        yield Path(blocklist).as_posix(), site.root / blocklist
    in_bucket = media_place(site)["storage"] != "local"
    for folder in SITE_FOLDERS:
        if folder == "media" and in_bucket:
            continue  # what media/ holds then is no longer the site's (left from before)
        top = site.root / folder
        for path in sorted(top.rglob("*")) if top.is_dir() else []:
            if path.is_file() and not path.is_symlink():
                yield path.relative_to(site.root).as_posix(), path


def _add(archive: tarfile.TarFile, name: str, path: Path) -> dict[str, Any]:
    with path.open("rb") as stream:
        info = archive.gettarinfo(arcname=name, fileobj=stream)
        info.uid = info.gid = 0
        info.uname = info.gname = ""
        hashing = _Hashing(stream)
        archive.addfile(info, hashing)
    return {"name": name, "size": info.size, "sha256": hashing.sha256.hexdigest()}


def _add_manifest(archive: tarfile.TarFile, manifest: dict[str, Any]) -> None:
    data = json.dumps(manifest, indent=2, ensure_ascii=False).encode("utf-8")
    info = tarfile.TarInfo(MANIFEST)
    info.size, info.mtime, info.mode = len(data), int(manifest["created"]), 0o644
    archive.addfile(info, io.BytesIO(data))


def _copy_database(database: dict[str, Any], target_dir: Path) -> tuple[str, Path]:
    kind = database_kind(database)
    copy = target_dir / Path(DATABASE_MEMBERS[kind]).name
    if kind == SQLITE:
        copy_sqlite(Path(database["NAME"]), copy)
    else:
        dump_postgresql(database, copy)
    return kind, copy


def write_backup(site: Site, database: dict[str, Any], archive: Path, overwrite: bool) -> dict:
    """Back up the site to `archive` and return the manifest written into it."""
    archive = archive.expanduser().absolute()
    if archive.exists() and not overwrite:
        raise BackupError(f"{archive}: already exists; choose another name or pass --overwrite.")
    if not archive.parent.is_dir():
        raise BackupError(f"{archive}: the folder {archive.parent} does not exist; create it.")
    partial = None
    try:
        with tempfile.TemporaryDirectory(prefix=".carnet-backup-", dir=archive.parent) as work:
            kind, copy = _copy_database(database, Path(work))
            handle, partial = tempfile.mkstemp(
                prefix=f".{archive.name}.", suffix=".partial", dir=archive.parent
            )
            with os.fdopen(handle, "wb") as raw:
                manifest = _write_members(raw, kind, copy, site)
                raw.flush()
                os.fsync(raw.fileno())
        os.replace(partial, archive)
        partial = None
    except OSError as error:
        reason = error.strerror or str(error)
        raise BackupError(
            f"{archive}: cannot write the backup ({reason}); free some space or choose "
            "another place. No archive was left under that name."
        ) from error
    finally:
        if partial:
            Path(partial).unlink(missing_ok=True)
    return manifest


def _write_members(raw: BinaryIO, kind: str, copy: Path, site: Site) -> dict[str, Any]:
    manifest: dict[str, Any] = {
        "format": FORMAT,
        "carnet_version": carnet_version(),
        "created": datetime.datetime.now(datetime.UTC).timestamp(),
        "database": kind,
        "media": media_place(site),
        "files": [],
    }
    with tarfile.open(fileobj=raw, mode="w:gz", compresslevel=6, format=tarfile.PAX_FORMAT) as tar:
        manifest["files"].append(_add(tar, DATABASE_MEMBERS[kind], copy))
        for name, path in site_files(site):
            try:
                manifest["files"].append(_add(tar, name, path))
            except FileNotFoundError:
                continue  # deleted while the backup ran: the database copy no longer needs it
        _add_manifest(tar, manifest)
    return manifest
