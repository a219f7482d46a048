"""`carnet serve`: run the site with granian, a production-grade server, on a local port.

Readers' pages come from the page store through the fast path (carnet/publishing/fastpath.py)
without entering Django; a small watcher process refreshes the pages of scheduled posts when
their time comes. Ctrl-C or SIGTERM stops the server gracefully: workers finish the requests
under way (up to --graceful-timeout seconds), then the watcher stops.
"""

from __future__ import annotations

import os
import subprocess
import sys

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connections


class Command(BaseCommand):
    help = "Serve the site (migrating the database first if Carnet was upgraded)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--host", default="127.0.0.1", help="address to listen on")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument(
            "--workers",
            type=int,
            default=os.cpu_count() or 1,
            help="worker processes (default: one per core)",
        )
        parser.add_argument(
            "--threads", type=int, default=4, help="threads per worker for Django's views"
        )
        parser.add_argument(
            "--graceful-timeout",
            type=int,
            default=30,
            help="seconds a stopping worker may take to finish its requests",
        )
        parser.add_argument("--access-log", action="store_true", help="log every request")
        parser.add_argument(
            "--no-watch",
            action="store_true",
            help="do not refresh scheduled posts' pages from this server (another one does)",
        )

    def handle(self, *args, host: str, port: int, workers: int, **options) -> None:
        from granian import Granian
        from granian.constants import Interfaces

        if not 0 < port < 65536:
            raise CommandError(f"--port {port}: choose a port between 1 and 65535.")
        if workers < 1 or options["threads"] < 1:
            raise CommandError("--workers and --threads must be 1 or more.")
        call_command("migrate", interactive=False, verbosity=0)
        connections.close_all()  # the workers are forked: each opens its own connection
        self.stdout.write(
            f"Carnet is serving {os.environ['CARNET_SITE']} at http://{host}:{port}/ "
            f"with {workers} worker(s) (Ctrl-C stops)"
        )
        self.stdout.flush()
        server = Granian(
            "carnet.publishing.wsgi:application",
            address=host,
            port=port,
            interface=Interfaces.WSGI,
            workers=workers,
            blocking_threads=options["threads"],
            workers_kill_timeout=options["graceful_timeout"],
            respawn_failed_workers=True,
            log_access=options["access_log"],
        )
        watcher = None if options["no_watch"] else start_watcher()
        if watcher is not None:
            server.on_shutdown(lambda: stop(watcher))
        try:
            server.serve()
        finally:
            if watcher is not None:
                stop(watcher)


def start_watcher() -> subprocess.Popen:
    """`carnet golive --watch` beside the server: one per server, not one per worker."""
    command = [sys.executable, "-m", "carnet.cli", "--site", os.environ["CARNET_SITE"]]
    return subprocess.Popen([*command, "golive", "--watch"], stdin=subprocess.DEVNULL)


def stop(watcher: subprocess.Popen) -> None:
    if watcher.poll() is None:
        watcher.terminate()
        try:
            watcher.wait(timeout=5)
        except subprocess.TimeoutExpired:
            watcher.kill()
