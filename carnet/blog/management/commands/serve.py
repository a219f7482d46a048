"""`carnet serve`: run the site with granian, a production-grade server, on a local port."""

from __future__ import annotations

import os

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Serve the site (migrating the database first if Carnet was upgraded)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--host", default="127.0.0.1", help="address to listen on")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument(
            "--workers",
            type=int,
            default=max(1, min(4, os.cpu_count() or 1)),
            help="worker processes (default: one per core, up to 4)",
        )

    def handle(self, *args, host: str, port: int, workers: int, **options) -> None:
        from granian import Granian
        from granian.constants import Interfaces

        if not 0 < port < 65536:
            raise CommandError(f"--port {port}: choose a port between 1 and 65535.")
        call_command("migrate", interactive=False, verbosity=0)
        self.stdout.write(
            f"Carnet is serving {os.environ['CARNET_SITE']} at http://{host}:{port}/ (Ctrl-C stops)"
        )
        server = Granian(
            "carnet.wsgi:application",
            address=host,
            port=port,
            interface=Interfaces.WSGI,
            workers=workers,
        )
        server.serve()
