"""makemessages that reads the theme's Jinja2 templates too, so their strings stay in the catalogue.

Django's own reads Django templates only and would mark the theme's strings obsolete. For each
template in a `theme/` folder, xgettext gets instead a stand-in Python file with the template's
strings on the template's line numbers, so references (`#: theme/base.html:21`) stay right.
"""

from __future__ import annotations

from pathlib import Path

from django.core.management.commands import makemessages

from carnet.theme.environment import environment


def stand_in(template: str) -> str:
    """Python source with a gettext or ngettext call per string, on the string's own line."""
    lines: list[list[str]] = [[] for _ in template.splitlines()] or [[]]
    for number, function, message in environment().extract_translations(template):
        parts = (message,) if isinstance(message, str) else message
        arguments = ", ".join("1" if part is None else repr(part) for part in parts)
        call = f"{'gettext' if function == '_' else function}({arguments})"
        lines[number - 1].append(call)
    return "\n".join("; ".join(calls) for calls in lines) + "\n"


class ThemeFile(makemessages.BuildFile):
    def preprocess(self) -> None:
        if not (self.is_templatized and "theme" in Path(self.path).parent.parts):
            return super().preprocess()
        template = Path(self.path).read_text(encoding="utf-8")
        Path(self.work_path).write_text(stand_in(template), encoding="utf-8")


class Command(makemessages.Command):
    build_file_class = ThemeFile
