"""`carnet nginxconf`: print the nginx configuration that serves this site's page store."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from carnet.publishing.nginx import nginx_config


class Command(BaseCommand):
    help = (
        "Print an nginx configuration (for nginx's http block) that serves readers' pages "
        "from the page store and passes everything else to `carnet serve`."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--listen", default="80", help="nginx's listen: port or address")
        parser.add_argument("--server-name", default="_", help="the site's host name(s)")
        parser.add_argument(
            "--upstream", default="127.0.0.1:8000", help="where `carnet serve` listens"
        )

    def handle(self, *args, listen: str, server_name: str, upstream: str, **options) -> None:
        self.stdout.write(nginx_config(listen=listen, server_name=server_name, upstream=upstream))
