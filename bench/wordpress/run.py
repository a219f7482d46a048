"""Import benchmark: Carnet's `carnet import wordpress` against Nikola's `nikola import_wordpress`
on the same generated export (10,000 posts, 50,000 comments by default), side by side.

    .venv/bin/python bench/wordpress/run.py [--posts 10000] [--comments 50000] [--skip-nikola]

Writes everything under bench/out/ (git-ignored); makes bench/.venv-nikola with Nikola from
PyPI the first time. Each command runs as a child process; its wall time comes from the clock
and its peak memory (max RSS) from os.wait4, so nothing else is needed.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import time
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "bench" / "out"
NIKOLA_VENV = ROOT / "bench" / ".venv-nikola"
NIKOLA_PACKAGES = ["nikola~=8.3", "phpserialize~=1.3", "jinja2~=3.1"]


def measure(
    command: list[str], cwd: Path, log: Path, env: dict | None = None
) -> tuple[float, float, int]:
    """Run a command; (seconds, peak MiB, exit code). Its output goes to `log`."""
    with log.open("w") as output:
        start = time.monotonic()
        process = subprocess.Popen(
            command, cwd=cwd, stdout=output, stderr=subprocess.STDOUT, env=env
        )
        _pid, status, usage = os.wait4(process.pid, 0)
        seconds = time.monotonic() - start
    return seconds, usage.ru_maxrss / 1024, os.waitstatus_to_exitcode(status)


def carnet_env() -> dict[str, str]:
    env = dict(os.environ)
    env.pop("DATABASE_URL", None)  # the SQLite file of the site directory
    return env


def run_carnet(export: Path) -> list[tuple[str, float, float, int]]:
    site = OUT / "carnet-site"
    shutil.rmtree(site, ignore_errors=True)
    carnet = [sys.executable, "-m", "carnet.cli"]
    subprocess.run(
        [*carnet, "init", str(site)],
        cwd=ROOT,
        check=True,
        env=carnet_env(),
        stdout=subprocess.DEVNULL,
    )
    rows = []
    for label in ("carnet import (first)", "carnet import (again, unchanged)"):
        log = OUT / f"{label.split()[0]}-{len(rows)}.log"
        command = [*carnet, "--site", str(site), "import", "wordpress", str(export)]
        rows.append((label, *measure(command, ROOT, log, carnet_env())))
    return rows


def nikola_ready() -> Path:
    nikola = NIKOLA_VENV / "bin" / "nikola"
    if not nikola.exists():
        print(f"Installing Nikola into {NIKOLA_VENV} (once)…", file=sys.stderr)
        venv.create(NIKOLA_VENV, with_pip=True)
        subprocess.run(
            [NIKOLA_VENV / "bin" / "pip", "install", "--quiet", *NIKOLA_PACKAGES], check=True
        )
    return nikola


def run_nikola(export: Path) -> list[tuple[str, float, float, int]]:
    nikola = nikola_ready()
    target = OUT / "nikola-site"
    shutil.rmtree(target, ignore_errors=True)
    command = [str(nikola), "import_wordpress", "--no-downloads", "--export-comments"]
    command += ["-o", str(target), str(export)]
    env = dict(os.environ, PATH=f"{NIKOLA_VENV / 'bin'}{os.pathsep}{os.environ.get('PATH', '')}")
    return [("nikola import_wordpress", *measure(command, OUT, OUT / "nikola.log", env))]


def table(rows: list[tuple[str, float, float, int]], posts: int, comments: int, size: int) -> str:
    lines = [
        f"Import of {posts:,} posts and {comments:,} comments ({size / 2**20:.0f} MiB of WXR)",
        "",
        f"| {'command':<34} | {'time (s)':>9} | {'peak memory (MiB)':>17} | {'exit':>4} |",
        f"|{'-' * 36}|{'-' * 11}|{'-' * 19}|{'-' * 6}|",
    ]
    lines += [f"| {n:<34} | {s:>9.1f} | {m:>17.0f} | {c:>4} |" for n, s, m, c in rows]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=10_000)
    parser.add_argument("--comments", type=int, default=50_000)
    parser.add_argument("--skip-nikola", action="store_true")
    options = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    export = OUT / f"wxr-{options.posts}-{options.comments}.xml"
    if not export.exists():
        subprocess.run(
            [
                sys.executable,
                str(ROOT / "bench/wordpress/generate.py"),
                str(export),
                "--posts",
                str(options.posts),
                "--comments",
                str(options.comments),
            ],
            check=True,
        )
    rows = run_carnet(export)
    if not options.skip_nikola:
        rows += run_nikola(export)
    result = table(rows, options.posts, options.comments, export.stat().st_size)
    (OUT / "wordpress-import.md").write_text(result + "\n")
    print(result)


if __name__ == "__main__":
    main()
