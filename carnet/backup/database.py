"""Copies of the database taken while the site serves: SQLite's backup API, or pg_dump."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from pathlib import Path
from typing import Any

import dj_database_url

from carnet.backup import BackupError

SQLITE, POSTGRESQL = "sqlite", "postgresql"


def database_kind(database: dict[str, Any]) -> str:
    """ "sqlite" or "postgresql", from a Django DATABASES entry."""
    engine = database["ENGINE"]
    if engine.endswith("sqlite3"):
        return SQLITE
    if "postgresql" in engine:
        return POSTGRESQL
    raise BackupError(f"{engine}: Carnet backs up SQLite and PostgreSQL databases only.")


def copy_sqlite(source: Path, target: Path) -> None:
    """A consistent copy of a live SQLite file: one step of the backup API, under a read lock.

    In WAL mode the copy sees the last committed transaction and writers go on meanwhile.
    """
    if not source.is_file():
        raise BackupError(f"{source}: the site's database is missing; nothing to back up.")
    origin = sqlite3.connect(source, timeout=30)
    copy = sqlite3.connect(target)
    try:
        origin.backup(copy)
        # One file, without a -wal beside it: what a restore puts back is complete.
        copy.execute("PRAGMA journal_mode=DELETE")
    except sqlite3.Error as error:
        raise BackupError(f"{source}: cannot be read for a backup: {error}.") from error
    finally:
        copy.close()
        origin.close()


def check_sqlite(path: Path, where: str) -> None:
    """Refuse a SQLite file that SQLite itself finds damaged."""
    try:
        with sqlite3.connect(path) as connection:
            result = connection.execute("PRAGMA integrity_check").fetchone()[0]
        connection.close()
    except sqlite3.Error as error:
        raise BackupError(f"{where}: its database cannot be read ({error}).") from error
    if result != "ok":
        raise BackupError(f"{where}: its database is damaged ({result}).")


def _client_environment(database: dict[str, Any]) -> dict[str, str]:
    """libpq's variables for a DATABASES entry, so no password shows in a process list."""
    env = dict(os.environ)
    pairs = {
        "PGHOST": database.get("HOST"),
        "PGPORT": database.get("PORT"),
        "PGUSER": database.get("USER"),
        "PGPASSWORD": database.get("PASSWORD"),
        "PGDATABASE": database.get("NAME"),
        "PGSSLMODE": database.get("OPTIONS", {}).get("sslmode"),
    }
    env.update({name: str(value) for name, value in pairs.items() if value})
    return env


def _client(program: str) -> str:
    found = shutil.which(program)
    if not found:
        raise BackupError(
            f"{program} not found on PATH: install PostgreSQL's client programs "
            "(Debian: apt-get install postgresql-client), at least as new as the server."
        )
    return found


def _run(command: list[str], database: dict[str, Any], what: str) -> None:
    done = subprocess.run(
        command, env=_client_environment(database), capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        lines = [line for line in done.stderr.splitlines() if line.strip()]
        reason = lines[-1] if lines else f"exit status {done.returncode}"
        raise BackupError(f"{what}: {reason}")


def dump_postgresql(database: dict[str, Any], target: Path) -> None:
    """pg_dump in its custom format: one snapshot of the whole database, in one transaction."""
    command = [_client("pg_dump"), "--format=custom", "--no-owner", "--no-privileges"]
    _run([*command, f"--file={target}"], database, f"pg_dump of {database.get('NAME')} failed")


def parse_database_url(url: str) -> dict[str, Any]:
    """A DATABASES entry from a PostgreSQL DATABASE_URL; refuse any other kind."""
    try:
        database = dj_database_url.parse(url)
    except (ValueError, KeyError) as error:
        raise BackupError(f"DATABASE_URL cannot be read: {error}.") from error
    if "postgresql" not in database.get("ENGINE", ""):
        raise BackupError("DATABASE_URL must name a PostgreSQL database (postgres://…).")
    return database


def is_empty_postgresql(database: dict[str, Any]) -> bool:
    """True when the database holds no table, view or sequence of its own."""
    import psycopg

    try:
        with psycopg.connect(
            dbname=database.get("NAME"),
            host=database.get("HOST") or None,
            port=database.get("PORT") or None,
            user=database.get("USER") or None,
            password=database.get("PASSWORD") or None,
            sslmode=database.get("OPTIONS", {}).get("sslmode"),
        ) as connection:
            row = connection.execute(
                "SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                "WHERE c.relkind IN ('r', 'p', 'v', 'm', 'S') AND n.nspname NOT IN "
                "('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_%'"
            ).fetchone()
    except psycopg.Error as error:
        name = database.get("NAME")
        raise BackupError(f"DATABASE_URL: cannot connect to {name}: {error}".strip()) from error
    return row[0] == 0


def restore_postgresql(database: dict[str, Any], dump: Path, where: str) -> None:
    """pg_restore into an empty database, in one transaction: all of it or nothing."""
    name = database.get("NAME")
    if not is_empty_postgresql(database):
        raise BackupError(
            f"DATABASE_URL: the database {name} is not empty; create an empty one "
            f"(createdb NAME) and point DATABASE_URL at it to restore {where}."
        )
    command = [
        _client("pg_restore"),
        "--no-owner",
        "--no-privileges",
        "--exit-on-error",
        "--single-transaction",
        f"--dbname={name}",
        str(dump),
    ]
    _run(command, database, f"{where}: pg_restore into {name} failed")
