"""Load proof for comments: many readers posting at once through the real server.

    .venv/bin/python bench/comments/run.py --db sqlite
    .venv/bin/python bench/comments/run.py --db postgres    # DATABASE_URL, or the local server

Makes a site directory of its own in a temporary folder (and, for PostgreSQL, a scratch
database, dropped afterwards), serves it with `carnet serve` on a free loopback port, and
starts --clients threads that together post --comments comments. Each client fetches the
post page, reads the comment form's action and token from it, waits until the token is as
old as the site's min_seconds asks (3 s, the default), then posts its share of comments
one after another, with an Origin header as a browser sends.

The bench site keeps every default of carnet.toml but the rate limits, which are turned
off (max_per_ip = 0, max_per_email = 0): every client posts from 127.0.0.1, and the point
is to load the database, not to watch the limiter refuse.

Prints, and writes as JSON to --json: comments sent, answers by status, comments found in
the database afterwards (lost = accepted - found), comments per second and latency
percentiles of the POSTs. Loopback only; every request has a timeout, and the run as a
whole stops after --deadline seconds.
"""

from __future__ import annotations

import argparse
import contextlib
import http.client
import json
import os
import re
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path
from urllib.parse import urlencode, urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parents[2]
CARNET = [sys.executable, "-m", "carnet.cli"]
HOST = "127.0.0.1"

SETUP = """
from django.contrib.auth import get_user_model
from carnet.blog.models import Edition, Post
author = get_user_model().objects.create_user("bench", password=None)
post = Post.objects.create(edition=Edition.objects.get(language="en"), title="Busy post",
                           body="Tell me everything.", status="published", author=author)
print(post.get_absolute_url())
"""
COUNT = "from carnet.comments.models import Comment; print(Comment.objects.count())"


class Site:
    """A bench site directory, and the DATABASE_URL it runs with (None: its SQLite file)."""

    def __init__(self, root: Path, database_url: str | None) -> None:
        self.root, self.database_url = root, database_url

    def env(self) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "CARNET_SITE")}
        env.pop("DJANGO_SETTINGS_MODULE", None)
        env["PYTHONPATH"] = str(ROOT)
        if self.database_url:
            env["DATABASE_URL"] = self.database_url
        return env

    def carnet(self, *args: str) -> str:
        done = subprocess.run(
            [*CARNET, "--site", str(self.root), *args],
            env=self.env(),
            capture_output=True,
            text=True,
            timeout=300,
        )
        if done.returncode:
            raise SystemExit(f"carnet {' '.join(args)} failed:\n{done.stdout}{done.stderr}")
        return done.stdout


@contextlib.contextmanager
def scratch_postgres(server_url: str):
    """A new database on the server `server_url` names; its URL, dropped afterwards."""
    import psycopg

    parts = urlsplit(server_url)
    name = f"carnet_bench_comments_{uuid.uuid4().hex[:8]}"
    admin = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    try:
        yield urlunsplit(parts._replace(path=f"/{name}"))
    finally:
        with psycopg.connect(admin, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def make_site(folder: Path, database_url: str | None, moderation: str) -> Site:
    site = Site(folder / "site", database_url)
    subprocess.run(
        [*CARNET, "init", str(site.root), "--languages", "en,fr"],
        env=site.env(),
        check=True,
        capture_output=True,
        timeout=300,
    )
    config = site.root / "carnet.toml"
    text = config.read_text()
    for key in ("max_per_ip", "max_per_email"):
        text = re.sub(rf"^{key} = \d+$", f"{key} = 0", text, flags=re.M)
    text = re.sub(r'^moderation = "\w+"$', f'moderation = "{moderation}"', text, flags=re.M)
    config.write_text(text)
    return site


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


def wait_until_serving(port: int, server: subprocess.Popen, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"carnet serve stopped with code {server.returncode}")
        with contextlib.suppress(OSError):
            connection = http.client.HTTPConnection(HOST, port, timeout=2)
            connection.request("GET", "/robots.txt")
            if connection.getresponse().status == 200:
                return
        time.sleep(0.2)
    raise SystemExit(f"carnet serve did not answer on port {port} within {seconds:.0f} s")


class Client(threading.Thread):
    """One reader: fetch the form, then post `count` comments, timing each POST."""

    def __init__(self, number: int, port: int, path: str, count: int, min_seconds: float):
        super().__init__(daemon=True)
        self.number, self.port, self.path, self.count = number, port, path, count
        self.min_seconds = min_seconds
        self.latencies: list[float] = []
        self.first_post_at = self.last_answer_at = 0.0
        self.statuses: dict[str, int] = {}
        self.ready = threading.Event()
        self.go = threading.Event()

    def run(self) -> None:
        try:
            connection = http.client.HTTPConnection(HOST, self.port, timeout=30)
            connection.request("GET", self.path)
            page = connection.getresponse().read().decode()
            action = re.search(r'<form class="comment-form"[^>]* action="([^"]+)"', page)[1]
            token = re.search(r'name="token" value="([^"]+)"', page)[1]
            fetched = time.monotonic()
        except Exception as error:  # counted and reported, like any other failure
            self._count(f"form error: {type(error).__name__}")
            self.ready.set()
            return
        self.ready.set()
        self.go.wait()
        time.sleep(max(0.0, fetched + self.min_seconds + 0.1 - time.monotonic()))
        self.first_post_at = time.monotonic()
        for n in range(self.count):
            self._post(connection, action, token, n)
        self.last_answer_at = time.monotonic()

    def _post(self, connection, action: str, token: str, n: int) -> None:
        fields = {
            "name": f"Reader {self.number}",
            "email": f"reader{self.number}@example.org",
            "url": "",
            "body": f"Comment {n} from reader {self.number}.\n\nhttps://example.org/{n}",
            "token": token,
            "homepage": "",
        }
        headers = {
            "Content-Type": "application/x-www-form-urlencoded",
            "Origin": f"http://{HOST}:{self.port}",
        }
        started = time.monotonic()
        try:
            connection.request("POST", action, body=urlencode(fields), headers=headers)
            response = connection.getresponse()
            response.read()
            self.latencies.append(time.monotonic() - started)
            self._count(str(response.status))
        except (OSError, http.client.HTTPException) as error:
            self._count(f"connection error: {type(error).__name__}")
            connection.close()

    def _count(self, what: str) -> None:
        self.statuses[what] = self.statuses.get(what, 0) + 1


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))] if ordered else 0.0


def load(site: Site, clients: int, comments: int, workers: int, deadline: float) -> dict:
    """Serve the site, run the clients, count the comments; the measurements."""
    path = site.carnet("shell", "-c", SETUP).strip().splitlines()[-1]
    port = free_port()
    # The server's output goes to a file: a pipe nobody reads would fill up and stop it.
    log = site.root / "serve.log"
    with log.open("w") as output:
        server = subprocess.Popen(
            [*CARNET, "--site", str(site.root), "serve", "--host", HOST, "--port", str(port),
             "--workers", str(workers)],
            env=site.env(),
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )  # fmt: skip
    try:
        wait_until_serving(port, server)
        shares = [comments // clients + (n < comments % clients) for n in range(clients)]
        readers = [Client(n, port, path, share, 3.0) for n, share in enumerate(shares)]
        for reader in readers:
            reader.start()
        for reader in readers:
            reader.ready.wait(timeout=60)
        started = time.monotonic()
        for reader in readers:
            reader.go.set()
        for reader in readers:
            reader.join(timeout=max(1.0, deadline - (time.monotonic() - started)))
        stuck = sum(reader.is_alive() for reader in readers)
        posting = [r for r in readers if r.first_post_at]
        # From the first POST to the last answer: the wait for tokens to come of age is not load.
        busy = max(r.last_answer_at or time.monotonic() for r in posting) - min(
            r.first_post_at for r in posting
        )
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()
    server_log = log.read_text(errors="replace")
    statuses: dict[str, int] = {}
    for reader in readers:
        for what, number in reader.statuses.items():
            statuses[what] = statuses.get(what, 0) + number
    latencies = [latency for reader in readers for latency in reader.latencies]
    found = int(site.carnet("shell", "-c", COUNT).strip().splitlines()[-1])
    accepted = statuses.get("303", 0)
    return {
        "clients": clients,
        "comments_sent": comments,
        "answers": dict(sorted(statuses.items())),
        "server_errors": sum(n for what, n in statuses.items() if what.startswith("5")),
        "accepted": accepted,
        "found_in_database": found,
        "lost": accepted - found,
        "clients_still_running": stuck,
        "seconds": round(busy, 2),
        "comments_per_second": round(accepted / busy, 1) if busy > 0 else None,
        "latency_ms": {
            name: round(1000 * percentile(latencies, share), 1)
            for name, share in (("p50", 0.5), ("p95", 0.95), ("p99", 0.99), ("max", 1.0))
        },
        "tracebacks_in_server_log": server_log.count("Traceback"),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument("--comments", type=int, default=2000)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument(
        "--moderation",
        choices=["first", "all", "none"],
        default="first",
        help="the site's policy; with none every comment is published (and its pages refreshed)",
    )
    parser.add_argument("--deadline", type=float, default=600, help="seconds, at most")
    parser.add_argument("--json", type=Path, help="also write the results here")
    options = parser.parse_args()
    # Stopped by SIGTERM, still stop the server and drop the scratch database.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    folder = tempfile.TemporaryDirectory(prefix="carnet-bench-comments-")
    with folder, contextlib.ExitStack() as stack:
        url = None
        if options.db == "postgres":
            server = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/carnet")
            url = stack.enter_context(scratch_postgres(server))
        site = make_site(Path(folder.name), url, options.moderation)
        results = {"database": options.db, "moderation": options.moderation}
        results["workers"] = options.workers
        results |= load(site, options.clients, options.comments, options.workers, options.deadline)
    print(json.dumps(results, indent=2))
    if options.json:
        options.json.write_text(json.dumps(results, indent=2) + "\n")
    failed = results["lost"] or results["server_errors"] or results["accepted"] != options.comments
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
