"""Debian's Chromium driven by Playwright, for the browser tests.

One place for the binary, its flags, and the rule: a missing browser or Playwright skips the
test, saying why, except in CI (CI set), where it fails. Playwright never downloads a browser.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import NoReturn

import pytest

CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def missing(problem: str) -> NoReturn:
    if os.environ.get("CI"):
        pytest.fail(f"browser tests cannot run in CI: {problem}")
    pytest.skip(f"browser tests skipped: {problem}")


def sync_playwright_or_skip() -> Callable:
    """Playwright's `sync_playwright`, once Chromium and Playwright are known to be there."""
    if not CHROMIUM.exists():
        missing(f"{CHROMIUM} is missing (scripts/ensure-chromium installs Debian's chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        missing("the playwright package is missing (pip install -e '.[test]')")
    return sync_playwright


def launch(playwright):
    """A headless Debian Chromium in a running Playwright."""
    return playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
