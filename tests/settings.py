"""Test settings: a real site directory made for this test run, then Carnet's own settings."""

import atexit
import os
import shutil
import tempfile

from carnet.site import create_site

_root = tempfile.mkdtemp(prefix="carnet-test-site-")
atexit.register(shutil.rmtree, _root, ignore_errors=True)
create_site(f"{_root}/site", languages=["en", "fr"], time_zone="Europe/Paris")
os.environ["CARNET_SITE"] = f"{_root}/site"

from carnet.settings import *  # noqa: E402,F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # fast logins in tests

if os.environ.get("CACHE_URL"):
    # One Redis database per test process (xdist worker), so one's cache.clear() can't
    # empty the counters another is testing.
    from urllib.parse import urlsplit, urlunsplit

    _worker = int(os.environ.get("PYTEST_XDIST_WORKER", "gw0").removeprefix("gw") or 0)
    _url = urlsplit(os.environ["CACHE_URL"])
    CACHES["default"]["LOCATION"] = urlunsplit(_url._replace(path=f"/{_worker + 1}"))  # noqa: F405
