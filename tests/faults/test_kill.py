"""kill -9 in the middle of the work: a burst of comments, a build, an import.

Each time the SQLite database must pass `PRAGMA integrity_check`, nothing acknowledged may be
lost, and the site must serve again. These run on the site's SQLite file whatever the suite's
database is: a killed PostgreSQL client cannot damage the server's files.
"""

from __future__ import annotations

import http.client
import os
import re
import signal
import sqlite3
import subprocess
import threading
import time
from html.parser import HTMLParser
from urllib.parse import urlencode, urlsplit

import pytest

from tests.realsite import CARNET, RealSite, make_site, server_process, serving
from tests.wordpress.generated import make_wxr

SITEWORK = "tests/backup/sitework.py"
QUICK_COMMENTS = {
    "min_seconds = 3": "min_seconds = 0",
    "max_per_ip = 10": "max_per_ip = 0",
    "max_per_email = 5": "max_per_email = 0",
    'moderation = "first"': 'moderation = "none"',
    "notify_authors = true": "notify_authors = false",
}


def configure(site: RealSite, changes: dict[str, str]) -> None:
    text = (site.root / "carnet.toml").read_text()
    for old, new in changes.items():
        assert old in text, old
        text = text.replace(old, new)
    (site.root / "carnet.toml").write_text(text)


def integrity(site: RealSite) -> str:
    with sqlite3.connect(site.root / "carnet.sqlite3") as connection:
        result = connection.execute("PRAGMA integrity_check").fetchone()[0]
    connection.close()
    return result


def writing(site: RealSite) -> bool:
    """True while another process holds the database's write lock (a transaction under way)."""
    connection = sqlite3.connect(site.root / "carnet.sqlite3", timeout=0, isolation_level=None)
    try:
        connection.execute("BEGIN IMMEDIATE")
        connection.execute("ROLLBACK")
        return False
    except sqlite3.OperationalError:
        return True
    finally:
        connection.close()


def count(site: RealSite, table: str) -> int:
    with sqlite3.connect(site.root / "carnet.sqlite3") as connection:
        result = connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
    connection.close()
    return result


def request(base: str, method: str, path: str, body: str | None = None, **headers):
    address = urlsplit(base)
    connection = http.client.HTTPConnection(address.hostname, address.port, timeout=30)
    try:
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        return response.status, response.read().decode("utf-8", "replace")
    finally:
        connection.close()


def assert_serves(site: RealSite, *paths: str) -> None:
    with serving(site) as base:
        for path in paths:
            status, page = request(base, "GET", path)
            assert status == 200, path
            assert "</html>" in page


def kill(process: subprocess.Popen) -> None:
    os.killpg(process.pid, signal.SIGKILL)
    process.wait()


@pytest.fixture
def site(tmp_path) -> RealSite:
    site = make_site(tmp_path / "site")
    site.run_python(SITEWORK, "many", "2")
    return site


class CommentForm(HTMLParser):
    """The comment form of a post page: its action and the values of its fields."""

    def __init__(self) -> None:
        super().__init__()
        self.action, self.fields, self.inside = "", {}, False

    def handle_starttag(self, tag, attrs) -> None:
        attrs = dict(attrs)
        if tag == "form" and attrs.get("id") == "respond":
            self.action, self.inside = attrs["action"], True
        elif tag == "input" and self.inside and attrs.get("name"):
            self.fields[attrs["name"]] = attrs.get("value") or ""

    def handle_endtag(self, tag) -> None:
        if tag == "form":
            self.inside = False


def first_post_path(page: str) -> str:
    return re.search(r'href="(/\d{4}/\d{2}/\d{2}/[^"/]+/)"', page).group(1)


def test_a_comment_burst_killed_midway_loses_no_acknowledged_comment(site):
    configure(site, QUICK_COMMENTS)
    acknowledged: list[str] = []
    lock = threading.Lock()

    def send(base: str, form: CommentForm, writer: int) -> None:
        for number in range(200):
            body = f"Burst {writer}-{number}"
            email = f"reader{writer}@example.org"
            fields = {**form.fields, "name": "Reader", "email": email, "body": body}
            try:
                status, _page = request(
                    base,
                    "POST",
                    form.action,
                    urlencode(fields),
                    **{"Content-Type": "application/x-www-form-urlencoded", "Origin": base},
                )
            except OSError:
                return  # the server is gone
            if status == 303:
                with lock:
                    acknowledged.append(body)

    with server_process(site, workers=2) as (base, server):
        _status, home = request(base, "GET", "/")
        _status, page = request(base, "GET", first_post_path(home))
        form = CommentForm()
        form.feed(page)
        assert form.action and "token" in form.fields
        senders = [threading.Thread(target=send, args=(base, form, n)) for n in range(4)]
        for sender in senders:
            sender.start()
        for _attempt in range(3000):
            if len(acknowledged) >= 40 or not any(s.is_alive() for s in senders):
                break
            time.sleep(0.01)
        os.killpg(server.pid, signal.SIGKILL)
        for sender in senders:
            sender.join(timeout=60)
    assert len(acknowledged) >= 40, "the burst ended before the kill"
    assert integrity(site) == "ok"
    with sqlite3.connect(site.root / "carnet.sqlite3") as connection:
        stored = {row[0] for row in connection.execute("SELECT body FROM comments_comment")}
    connection.close()
    assert set(acknowledged) <= stored
    assert_serves(site, "/", first_post_path(home))


def test_a_build_killed_midway_leaves_a_sound_database_and_only_whole_pages(site):
    site.run_python(SITEWORK, "many", "30")
    build = subprocess.Popen(
        [str(CARNET), "--site", str(site.root), "build", "--quiet", "--workers", "1"],
        env=site.env(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    public = site.root / "public"
    for _attempt in range(6000):
        if len(list(public.rglob("index.html"))) >= 5 or build.poll() is not None:
            break
        time.sleep(0.005)
    finished = build.poll() is not None
    kill(build)
    assert not finished, "the build finished before it could be killed: give it more pages"
    assert integrity(site) == "ok"
    pages = list(public.rglob("index.html"))
    assert pages
    for page in pages:
        assert page.read_text().rstrip().endswith("</html>"), f"{page} is cut short"
    assert site.carnet("build", "--quiet").returncode == 0
    assert_serves(site, "/", "/fr/", "/archives/")


def test_an_import_killed_midway_leaves_the_database_as_it_was(site, tmp_path):
    export = tmp_path / "export.xml"
    export.write_bytes(make_wxr(400))
    posts_before = count(site, "blog_post")
    importing = subprocess.Popen(
        [str(CARNET), "--site", str(site.root), "import", "wordpress", str(export)],
        env=site.env(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    held = 0
    for _attempt in range(6000):
        held = held + 1 if writing(site) else 0
        if held >= 3 or importing.poll() is not None:
            break  # the import's one long transaction is under way
        time.sleep(0.005)
    finished = importing.poll() is not None
    kill(importing)
    assert not finished, "the import finished before it could be killed: give it more posts"
    assert integrity(site) == "ok"
    assert count(site, "blog_post") == posts_before
    assert site.carnet("import", "wordpress", str(export)).returncode == 0
    assert count(site, "blog_post") == posts_before + 400
    assert_serves(site, "/", "/2020/05/02/post-1/")
