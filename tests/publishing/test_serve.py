"""`carnet serve` for real: granian workers, the fast path in front of Django, a clean stop."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

POST = """
from carnet.blog.models import Edition, Post
Post.objects.create(edition=Edition.objects.get(language="en"), title="Served",
    body="Words.", status="published")
"""


def carnet(*args: str, site: Path | None = None, **kwargs) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "CARNET_SITE")}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    prefix = ["--site", str(site)] if site else []
    return subprocess.run(
        [sys.executable, "-m", "carnet.cli", *prefix, *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        **kwargs,
    )


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def get(url: str, **headers: str) -> tuple[int, dict[str, str], bytes]:
    request = urllib.request.Request(url, headers=headers)
    with urllib.request.urlopen(request, timeout=10) as response:
        return response.status, {k.lower(): v for k, v in response.headers.items()}, response.read()


def wait_for(url: str, process: subprocess.Popen, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"carnet serve stopped: {process.stdout.read()}")
        try:
            get(url)
            return
        except OSError:
            time.sleep(0.2)
    raise AssertionError(f"carnet serve did not answer at {url}")


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """A new site with one post, served by `carnet serve` with two workers."""
    site = tmp_path_factory.mktemp("serve") / "site"
    assert carnet("init", str(site)).returncode == 0
    made = carnet("shell", "-c", POST, site=site)
    assert made.returncode == 0, made.stderr
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "CARNET_SITE")}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    process = subprocess.Popen(
        [sys.executable, "-m", "carnet.cli", "--site", str(site), "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_for(base + "/robots.txt", process)
        yield base, site, process
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()


def post_url(base: str) -> str:
    _status, _headers, body = get(base + "/")
    path = body.decode().split('rel="bookmark"')[0].rsplit('href="', 1)[1].split('"')[0]
    return base + path


def test_a_readers_second_request_comes_from_the_page_store(server):
    base, site, _process = server
    url = post_url(base)
    status, first, _body = get(url)
    assert status == 200 and "x-page-store" not in first
    status, second, body = get(url)
    assert second.get("x-page-store") == "carnet"
    assert b"Served" in body
    assert (site / "public").is_dir()


def test_a_stored_page_is_sent_compressed_to_a_reader_who_accepts_it(server):
    base, _site, _process = server
    url = post_url(base)
    get(url)
    _status, headers, _body = get(url, **{"Accept-Encoding": "br, gzip"})
    assert headers.get("content-encoding") == "br"


def test_a_reader_with_a_session_cookie_gets_a_live_page(server):
    base, _site, _process = server
    url = post_url(base)
    get(url)
    _status, headers, body = get(url, Cookie="sessionid=abc")
    assert "x-page-store" not in headers
    assert b"Served" in body


def test_sigterm_stops_the_server_and_its_watcher(server):
    _base, _site, process = server
    watchers = _watchers_of(process.pid)
    assert watchers, "no `carnet golive --watch` beside the server"
    process.send_signal(signal.SIGTERM)
    process.wait(timeout=60)
    assert all(not _alive(pid) for pid in watchers)


def _watchers_of(parent: int) -> list[int]:
    pids = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
                cmdline = (entry / "cmdline").read_bytes()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == parent and b"golive" in cmdline:
                pids.append(int(entry.name))
    return pids


def _alive(pid: int) -> bool:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"
