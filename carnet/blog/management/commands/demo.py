"""`carnet demo`: fill the current site with the demo blog (both editions)."""

from __future__ import annotations

import secrets

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand

from carnet.blog.management.commands.createuser import writers_group
from carnet.demo.loader import load_demo


class Command(BaseCommand):
    help = "Load the demo blog into this site; running it again refreshes the demo content."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--no-admin", action="store_true", help="do not create the 'demo' administrator"
        )

    def handle(self, *args, no_admin: bool, **options) -> None:
        call_command("migrate", interactive=False, verbosity=0)
        counts = load_demo()
        self.stdout.write(
            "Loaded the demo: {posts} posts, {pages} pages, {figures} figures, "
            "{comments} comments.".format(**counts)
        )
        if not no_admin:
            self.make_demo_admin()

    def make_demo_admin(self) -> None:
        """An administrator with a fresh random password, printed once, to try the admin."""
        User = get_user_model()
        if User.objects.filter(is_superuser=True).exists():
            return
        password = secrets.token_urlsafe(12)
        user = User.objects.create_superuser("demo", password=password)
        user.groups.add(writers_group())
        self.stdout.write(f"Sign in at /admin/ as 'demo' with the password {password}")
