"""Running the real `carnet` command in a subprocess, as a user would, for the CLI tests."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

# What the test process sets for itself and a user's shell would not have.
TEST_ONLY_VARIABLES = ("DATABASE_URL", "CARNET_SITE", "DJANGO_SETTINGS_MODULE")


def user_environment() -> dict[str, str]:
    """The environment without the test run's settings: commands use the site's SQLite file."""
    return {name: value for name, value in os.environ.items() if name not in TEST_ONLY_VARIABLES}


def carnet(
    *args: str, cwd: Path, stdin: str = "", timeout: int = 180
) -> subprocess.CompletedProcess[str]:
    """Run `carnet ARGS` in `cwd` and wait for it."""
    return subprocess.run(
        [sys.executable, "-m", "carnet.cli", *args],
        cwd=cwd,
        env=user_environment(),
        input=stdin,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
