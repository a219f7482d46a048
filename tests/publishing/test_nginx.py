"""nginx in front of Carnet with the documented configuration: stored pages come from nginx,
and an approved comment shows because its page was removed and Carnet rendered it again.

These tests start Debian's nginx as a subprocess on a free loopback port (pid file and logs in
a temporary folder). Without nginx they are skipped, except in CI (env CI set), where nginx
must be there (scripts/ensure-nginx installs it) and its absence fails them.
"""

from __future__ import annotations

import getpass
import os
import shutil
import socket
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from carnet.comments.models import Comment
from carnet.publishing.nginx import TEMPLATE, nginx_config

DEPLOY_DOC = Path(__file__).resolve().parents[2] / "docs" / "deploy.md"


def nginx_binary() -> str:
    found = shutil.which("nginx") or shutil.which("nginx", path="/usr/sbin:/usr/local/sbin")
    if found:
        return found
    if os.environ.get("CI"):
        pytest.fail("nginx is not installed, and CI must test it: run scripts/ensure-nginx")
    pytest.skip("nginx is not installed (Debian: apt-get install nginx, or scripts/ensure-nginx)")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def get(url: str, **headers: str) -> tuple[int, dict[str, str], str]:
    request = urllib.request.Request(url, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            found = {k.lower(): v for k, v in response.headers.items()}
            body = response.read()
            text = "" if "content-encoding" in found else body.decode()
            return response.status, found, text
    except urllib.error.HTTPError as error:
        return error.code, {k.lower(): v for k, v in error.headers.items()}, ""


MAIN_CONFIG = """\
daemon off;
user {user};
worker_processes 1;
pid {prefix}/nginx.pid;
error_log {prefix}/error.log;
events {{ worker_connections 64; }}
http {{
    access_log off;
    client_body_temp_path {prefix}/body;
    proxy_temp_path {prefix}/proxy;
    fastcgi_temp_path {prefix}/fastcgi;
    uwsgi_temp_path {prefix}/uwsgi;
    scgi_temp_path {prefix}/scgi;
    include {prefix}/carnet.conf;
}}
"""


@pytest.fixture
def nginx(live_server, store, tmp_path):
    """nginx serving the test's page store and passing the rest to Carnet's live server."""
    binary = nginx_binary()
    prefix = tmp_path / "nginx"
    prefix.mkdir()
    store.root.mkdir(parents=True, exist_ok=True)
    port = free_port()
    upstream = live_server.url.split("://", 1)[1]
    site = nginx_config(listen=f"127.0.0.1:{port}", upstream=upstream, public_dir=store.root)
    (prefix / "carnet.conf").write_text(site)
    (prefix / "nginx.conf").write_text(MAIN_CONFIG.format(prefix=prefix, user=getpass.getuser()))
    command = [binary, "-p", str(prefix), "-c", str(prefix / "nginx.conf"), "-e", "stderr"]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_for(port, process)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=10)


def _wait_for(port: int, process: subprocess.Popen) -> None:
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"nginx stopped: {process.stdout.read().decode()}")
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.05)
    raise AssertionError("nginx did not start")


@pytest.mark.nginx
@pytest.mark.django_db(transaction=True)
def test_nginx_serves_a_stored_page_itself_with_djangos_headers(nginx, make_post):
    url = nginx + make_post(title="Harbour news").get_absolute_url()
    status, first, body = get(url)
    assert status == 200 and "Harbour news" in body
    assert first.get("x-page-store") is None  # rendered by Carnet, and stored
    status, second, again = get(url)
    assert second.get("x-page-store") == "nginx"
    assert again == body
    for name in ("content-type", "content-security-policy", "x-frame-options", "referrer-policy"):
        assert second[name] == first[name], name


@pytest.mark.nginx
@pytest.mark.django_db(transaction=True)
def test_nginx_sends_feeds_with_their_content_type_and_the_gzip_copy(nginx, make_post):
    make_post()
    _status, live, _body = get(nginx + "/feed/")
    _status, stored, _body = get(nginx + "/feed/", **{"Accept-Encoding": "gzip"})
    assert stored.get("x-page-store") == "nginx"
    assert stored["content-type"] == live["content-type"] == "application/atom+xml; charset=utf-8"
    assert stored.get("content-encoding") == "gzip"


@pytest.mark.nginx
@pytest.mark.django_db(transaction=True)
def test_an_approved_comment_shows_through_nginx(nginx, make_post):
    post = make_post(title="Harbour news")
    url = nginx + post.get_absolute_url()
    get(url)
    comment = Comment.objects.create(post=post, author_name="Bo", body="Lovely harbour.")
    _status, headers, body = get(url)
    assert headers.get("x-page-store") == "nginx" and "Lovely harbour." not in body
    comment.status = Comment.Status.APPROVED
    comment.save()
    _status, headers, body = get(url)
    assert headers.get("x-page-store") is None  # removed: nginx fell back to Carnet
    assert "Lovely harbour." in body
    _status, headers, body = get(url)
    assert headers.get("x-page-store") == "nginx" and "Lovely harbour." in body


@pytest.mark.nginx
@pytest.mark.django_db(transaction=True)
def test_a_writers_request_and_a_query_string_go_past_nginx_to_carnet(nginx, make_post):
    url = nginx + make_post().get_absolute_url()
    get(url)
    assert get(url)[1].get("x-page-store") == "nginx"
    assert get(url, Cookie="sessionid=abc")[1].get("x-page-store") is None
    assert get(url + "?utm_source=x")[1].get("x-page-store") is None


@pytest.mark.nginx
@pytest.mark.django_db(transaction=True)
def test_nginx_refuses_the_stores_own_files(nginx, store, make_post):
    make_post()
    store.invalidate(["/nothing/"])  # writes .generation
    assert get(nginx + "/.generation")[0] == 404


def test_the_deploy_guide_shows_the_template_that_is_tested():
    assert TEMPLATE.read_text().strip() in DEPLOY_DOC.read_text()
