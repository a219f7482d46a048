"""Real site directories for tests that drive Carnet in separate processes (backup, faults, …).

Each site gets its own SQLite file or, when the suite runs with DATABASE_URL, its own scratch
PostgreSQL database on that server, dropped afterwards.
"""

from __future__ import annotations

import contextlib
import http.client
import os
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

REPO = Path(__file__).resolve().parent.parent
CARNET = Path(sys.executable).parent / "carnet"


def suite_database_url() -> str | None:
    """The PostgreSQL server this run of the suite uses, if any."""
    return os.environ.get("DATABASE_URL") or None


def _with_database(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"/{name}"))


@contextlib.contextmanager
def scratch_database(prefix: str) -> Iterator[str]:
    """A new, empty database on the suite's PostgreSQL server; its URL, dropped afterwards."""
    import psycopg

    server = suite_database_url()
    name = f"{prefix}_{uuid.uuid4().hex[:10]}"
    admin = _with_database(server, "postgres")
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    try:
        yield _with_database(server, name)
    finally:
        with psycopg.connect(admin, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@dataclass
class RealSite:
    """A site directory, and the DATABASE_URL (or None for its SQLite file) it runs with."""

    root: Path
    database_url: str | None = None

    def env(self, **extra: str) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "CARNET_SITE")}
        env.update(
            CARNET_SITE=str(self.root),
            DJANGO_SETTINGS_MODULE="carnet.settings",
            PYTHONPATH=str(REPO),
            **extra,
        )
        if self.database_url:
            env["DATABASE_URL"] = self.database_url
        return env

    def carnet(self, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        """Run `carnet --site ROOT ARGS…` and return what it did."""
        done = subprocess.run(
            [str(CARNET), "--site", str(self.root), *args],
            env=self.env(),
            capture_output=True,
            text=True,
            timeout=300,
        )
        if check and done.returncode != 0:
            raise AssertionError(f"carnet {' '.join(args)} failed:\n{done.stdout}{done.stderr}")
        return done

    def python(self, *args: str, **popen) -> subprocess.Popen:
        """Start `python ARGS…` inside the site (Django's settings point at it)."""
        return subprocess.Popen([sys.executable, *args], env=self.env(), cwd=REPO, **popen)

    def run_python(self, *args: str) -> str:
        done = subprocess.run(
            [sys.executable, *args], env=self.env(), cwd=REPO, capture_output=True, text=True
        )
        assert done.returncode == 0, done.stdout + done.stderr
        return done.stdout


def make_site(root: Path, database_url: str | None = None) -> RealSite:
    """`carnet init` a new site at `root` (migrated, on SQLite or on `database_url`)."""
    site = RealSite(root, database_url)
    done = subprocess.run(
        [str(CARNET), "init", str(root)], env=site.env(), capture_output=True, text=True
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return site


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextlib.contextmanager
def serving(site: RealSite, workers: int = 1) -> Iterator[str]:
    """`carnet serve` in the background; yields its base URL, stops it afterwards."""
    with server_process(site, workers) as (base, _server):
        yield base


@contextlib.contextmanager
def server_process(site: RealSite, workers: int = 1) -> Iterator[tuple[str, subprocess.Popen]]:
    """`carnet serve` in its own process group; yields its base URL and its process."""
    port = free_port()
    server = subprocess.Popen(
        [str(CARNET), "--site", str(site.root), "serve", "--port", str(port)]
        + ["--workers", str(workers)],
        env=site.env(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_for(base + "/robots.txt", server)
        yield base, server
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def wait_for(url: str, process: subprocess.Popen | None = None, attempts: int = 300) -> None:
    """Poll `url` until the server answers anything (at most `attempts` tries, 0.1 s apart)."""
    address = urlsplit(url)
    for _attempt in range(attempts):
        if process is not None and process.poll() is not None:
            raise AssertionError(f"the server stopped: {process.stderr.read().decode()[-2000:]}")
        connection = http.client.HTTPConnection(address.hostname, address.port, timeout=2)
        try:
            connection.request("GET", address.path)
            connection.getresponse().read()
            return
        except OSError:
            time.sleep(0.1)
        finally:
            connection.close()
    raise AssertionError(f"{url} never answered")
