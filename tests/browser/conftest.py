"""Headless Chromium (Debian's, at /usr/bin/chromium) through Playwright, and axe-core from npm.

Without Chromium, Playwright or npm these tests are skipped, saying why, except in CI (CI set),
where they fail. Playwright never downloads a browser here: it drives the system one.
axe-core is installed from npm at test time into .cache/npm/ (git-ignored), not vendored.
"""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.chromium import launch, missing, sync_playwright_or_skip
from tests.realsite import REPO

NPM_PREFIX = REPO / ".cache" / "npm"
AXE = NPM_PREFIX / "node_modules" / "axe-core" / "axe.min.js"


@pytest.fixture(scope="module")
def chromium() -> Iterator:
    """A headless Chromium for one test module (Playwright allows one sync driver at a time)."""
    sync_playwright = sync_playwright_or_skip()
    # Playwright's sync API keeps an event loop running in this thread, which makes Django
    # refuse database work here; the tests' own queries are not async, so allow them.
    with pytest.MonkeyPatch.context() as patch, sync_playwright() as playwright:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "1")
        browser = launch(playwright)
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def axe_script() -> Path:
    """axe.min.js, installed from npm into .cache/npm/ the first time."""
    if not AXE.exists():
        npm = shutil.which("npm")
        if not npm:
            missing("npm is missing, so axe-core cannot be installed (apt-get install npm)")
        done = subprocess.run(
            [npm, "install", "--prefix", str(NPM_PREFIX), "--no-audit", "--no-fund"]
            + ["--silent", "axe-core@4"],
            capture_output=True,
            text=True,
            timeout=300,
        )
        if done.returncode != 0 or not AXE.exists():
            missing(f"npm install axe-core@4 failed: {done.stderr.strip()[-300:]}")
    return AXE
