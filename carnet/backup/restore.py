"""Restoring a backup archive into a new site directory: all of it, checked, or nothing.

Everything is unpacked into a hidden folder beside the target and checked against the
manifest (sizes and sha256) before the database is put back; the folder is renamed to the
target only at the end, so a damaged archive or a failed step leaves no half-restored site.
A PostgreSQL backup goes into the empty database that DATABASE_URL names at restore time.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import shutil
import tarfile
import tempfile
import zlib
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from carnet.backup import BackupError
from carnet.backup.archive import DATABASE_MEMBERS, FORMAT, MANIFEST, bucket_words
from carnet.backup.database import (
    POSTGRESQL,
    SQLITE,
    check_sqlite,
    parse_database_url,
    restore_postgresql,
)
from carnet.site import DATABASE_NAME, SiteError, load_site

CHUNK = 1 << 20


@dataclass(frozen=True)
class Restored:
    """What a restore put back, for the command to report."""

    root: Path
    database: str
    files: int
    carnet_version: str
    media: dict[str, str]


def _damaged(archive: Path, reason: str) -> BackupError:
    return BackupError(
        f"{archive}: damaged or incomplete backup ({reason}); nothing was restored. "
        "Use another copy of the backup."
    )


def _safe_name(name: str) -> bool:
    path = PurePosixPath(name)
    return bool(name) and not path.is_absolute() and ".." not in path.parts and "\\" not in name


def _unpack(archive: Path, staging: Path) -> dict[str, tuple[int, str]]:
    """Unpack the regular files of the archive; return each one's (size, sha256)."""
    found: dict[str, tuple[int, str]] = {}
    with tarfile.open(archive, mode="r:gz") as tar:
        for member in tar:
            if not member.isfile() or not _safe_name(member.name) or member.name in found:
                raise _damaged(archive, f"unexpected entry {member.name!r}")
            target = staging / member.name
            target.parent.mkdir(parents=True, exist_ok=True)
            digest = hashlib.sha256()
            source = tar.extractfile(member)
            with target.open("wb") as out:
                while chunk := source.read(CHUNK):
                    digest.update(chunk)
                    out.write(chunk)
            found[member.name] = (target.stat().st_size, digest.hexdigest())
    return found


def _read_manifest(archive: Path, staging: Path, found: dict) -> dict[str, Any]:
    if MANIFEST not in found:
        raise _damaged(archive, f"no {MANIFEST}")
    try:
        manifest = json.loads((staging / MANIFEST).read_text(encoding="utf-8"))
        listed = {entry["name"]: (entry["size"], entry["sha256"]) for entry in manifest["files"]}
        kind = manifest["database"]
    except (ValueError, KeyError, TypeError) as error:
        raise _damaged(archive, f"{MANIFEST} cannot be read: {error}") from error
    if manifest.get("format") != FORMAT:
        raise BackupError(
            f"{archive}: backup format {manifest.get('format')!r} is not one this Carnet reads "
            f"({FORMAT}); restore it with the Carnet version that made it."
        )
    if kind not in DATABASE_MEMBERS or DATABASE_MEMBERS[kind] not in listed:
        raise _damaged(archive, "no database in it")
    unpacked = {name: facts for name, facts in found.items() if name != MANIFEST}
    for name in sorted(set(listed) | set(unpacked)):
        if listed.get(name) != unpacked.get(name):
            raise _damaged(archive, f"{name} does not match the manifest")
    return manifest


def _check_target(target: Path) -> None:
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise BackupError(
            f"{target}: already exists and is not empty; restore into a new directory."
        )


def restore_site(archive: Path, target: Path, database_url: str | None) -> Restored:
    """Make the new site directory `target` from `archive`."""
    archive, target = archive.expanduser().absolute(), target.expanduser().absolute()
    if not archive.is_file():
        raise BackupError(f"{archive}: no such backup file.")
    _check_target(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.restoring-", dir=target.parent))
    try:
        try:
            found = _unpack(archive, staging)
        except (tarfile.TarError, EOFError, zlib.error, gzip.BadGzipFile) as error:
            raise _damaged(archive, str(error) or type(error).__name__) from error
        manifest = _read_manifest(archive, staging, found)
        kind = manifest["database"]
        _put_database_back(archive, staging, kind, database_url)
        try:
            load_site(staging)  # the settings must be readable by the Carnet doing the restore
        except SiteError as error:
            raise BackupError(f"{archive}: its carnet.toml cannot be used: {error}") from error
        (staging / MANIFEST).unlink()
        for folder in ("media", "public", "static"):
            (staging / folder).mkdir(exist_ok=True)
        staging.chmod(0o755)
        _check_target(target)
        if target.exists():
            target.rmdir()
        staging.rename(target)
    except OSError as error:
        raise BackupError(
            f"{target}: cannot restore there ({error.strerror or error}); nothing was restored."
        ) from error
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    media = manifest.get("media")
    media = media if isinstance(media, dict) else {"storage": "local"}  # older: media/ inside
    return Restored(target, kind, len(found) - 2, str(manifest.get("carnet_version")), media)


def _put_database_back(archive: Path, staging: Path, kind: str, database_url: str | None) -> None:
    copy = staging / DATABASE_MEMBERS[kind]
    if kind == SQLITE:
        check_sqlite(copy, str(archive))
        copy.rename(staging / DATABASE_NAME)
    elif kind == POSTGRESQL:
        if not database_url:
            raise BackupError(
                f"{archive}: holds a PostgreSQL database; set DATABASE_URL to an empty "
                "PostgreSQL database to restore it into, then run the restore again."
            )
        restore_postgresql(parse_database_url(database_url), copy, str(archive))
        copy.unlink()
    copy.parent.rmdir()


def restore_message(archive: Path, directory: Path, url: str | None) -> str:
    """Restore, and say what was restored and what to do next; raises BackupError."""
    restored = restore_site(archive, directory, url)
    lines = [
        f"Restored {archive} (Carnet {restored.carnet_version}, {restored.database} database, "
        f"{restored.files} files) into {restored.root}"
    ]
    if restored.database == "sqlite" and url:
        lines.append("Its database is the SQLite file: unset DATABASE_URL to serve it.")
    if restored.media.get("storage", "local") != "local":
        lines.append(
            f"Its media were not in the archive: it reads them from {bucket_words(restored.media)}"
            ", as the site backed up did; set the bucket's keys (AWS_ACCESS_KEY_ID, "
            "AWS_SECRET_ACCESS_KEY) in the environment."
        )
    lines.append(f"Next: carnet --site {restored.root} serve")
    return "\n".join(lines)
