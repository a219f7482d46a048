"""`carnet createuser`: add a writer who can sign in to the admin and publish."""

from __future__ import annotations

import getpass
import sys

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

WRITER_APPS = ("blog", "comments")


def writers_group() -> Group:
    """The "Writers" group: every permission on the blog's and comments' content."""
    group, _created = Group.objects.get_or_create(name="Writers")
    group.permissions.set(Permission.objects.filter(content_type__app_label__in=WRITER_APPS))
    return group


class Command(BaseCommand):
    help = "Add a writer account (staff, in the Writers group); --admin gives every right."

    def add_arguments(self, parser) -> None:
        parser.add_argument("username")
        parser.add_argument("--email", default="")
        parser.add_argument("--name", default="", help="the name shown on posts")
        parser.add_argument("--admin", action="store_true", help="make a superuser")
        parser.add_argument(
            "--password-stdin", action="store_true", help="read the password from standard input"
        )

    def handle(
        self,
        *args,
        username: str,
        email: str,
        name: str,
        admin: bool,
        password_stdin: bool,
        **options,
    ) -> None:
        User = get_user_model()
        if User.objects.filter(username=username).exists():
            raise CommandError(f"a user called {username!r} exists already; choose another name.")
        password = self.read_password(password_stdin)
        first, _sep, last = name.partition(" ")
        user = User(
            username=username,
            email=email,
            first_name=first,
            last_name=last,
            is_staff=True,
            is_superuser=admin,
        )
        try:
            validate_password(password, user)
        except ValidationError as error:
            raise CommandError("password refused: " + " ".join(error.messages)) from error
        user.set_password(password)
        user.save()
        user.groups.add(writers_group())
        role = "administrator" if admin else "writer"
        self.stdout.write(f"Created {role} {username!r}; sign in at /admin/.")

    def read_password(self, from_stdin: bool) -> str:
        if from_stdin:
            return sys.stdin.readline().rstrip("\n")
        if not sys.stdin.isatty():
            raise CommandError("no terminal to ask for a password: pass --password-stdin.")
        first = getpass.getpass("Password: ")
        if first != getpass.getpass("Password (again): "):
            raise CommandError("the two passwords differ.")
        return first
