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
