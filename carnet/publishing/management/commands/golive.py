"""`carnet golive`: refresh the pages of scheduled posts whose time has come."""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand

from carnet.publishing.scheduler import CHECK_EVERY, Watch, refresh_due_posts


class Command(BaseCommand):
    help = (
        "Remove the stored pages that scheduled posts change once they go live. "
        "`carnet serve` does this by itself; run it from cron when another server serves "
        "the site, or with --watch to keep checking."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--watch", action="store_true", help="keep running, checking when a post is due"
        )
        parser.add_argument(
            "--every", type=float, default=CHECK_EVERY, help="seconds between checks (--watch)"
        )

    def handle(self, *args, watch: bool, every: float, **options) -> None:
        if not watch:
            for post in refresh_due_posts():
                self.stdout.write(f"went live: {post.get_absolute_url()}")
            return
        clock = Watch(every=max(1.0, every))
        try:
            while True:
                time.sleep(clock.check())
        except KeyboardInterrupt:
            pass
