"""What an import did, counted per kind, and the progress line shown while it runs."""

from __future__ import annotations

import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from typing import TextIO

KINDS = ("authors", "categories", "tags", "posts", "pages", "attachments", "comments", "other")


@dataclass
class KindCounts:
    imported: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: Counter[str] = field(default_factory=Counter)

    @property
    def total_skipped(self) -> int:
        return sum(self.skipped.values())

    def line(self, kind: str) -> str:
        parts = [
            f"imported {self.imported}",
            f"updated {self.updated}",
            f"unchanged {self.unchanged}",
            f"skipped {self.total_skipped}",
        ]
        reasons = ", ".join(f"{reason}: {n}" for reason, n in sorted(self.skipped.items()))
        return f"{kind:<12} " + ", ".join(parts) + (f" ({reasons})" if reasons else "")


@dataclass
class ImportReport:
    counts: dict[str, KindCounts] = field(default_factory=lambda: {k: KindCounts() for k in KINDS})
    repairs: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    unpaired: list[str] = field(default_factory=list)

    def __getitem__(self, kind: str) -> KindCounts:
        return self.counts[kind]

    def done(self, kind: str, how: str) -> None:
        """Count one object: how is "imported", "updated" or "unchanged"."""
        counts = self.counts[kind]
        setattr(counts, how, getattr(counts, how) + 1)

    def skip(self, kind: str, reason: str) -> None:
        self.counts[kind].skipped[reason] += 1

    def lines(self, unpaired_shown: int = 20) -> list[str]:
        lines = [f"repaired: {note}" for note in self.repairs]
        lines += [self.counts[kind].line(kind) for kind in KINDS]
        lines += [f"note: {note}" for note in self.notes]
        if self.unpaired:
            lines.append(f"unpaired: {len(self.unpaired)} posts have no translation:")
            lines += [f"  {url}" for url in self.unpaired[:unpaired_shown]]
            if len(self.unpaired) > unpaired_shown:
                lines.append(f"  … and {len(self.unpaired) - unpaired_shown} more")
        return lines


class Progress:
    """One line on stderr: redrawn in place on a terminal, printed every few items otherwise."""

    def __init__(self, total: int, report: ImportReport, stream: TextIO | None = None) -> None:
        self.total = total
        self.report = report
        # Django's OutputWrapper ends every write with a newline (and colours it): write past it.
        self.stream = getattr(stream, "_out", stream) or sys.stderr
        self.is_tty = hasattr(self.stream, "isatty") and self.stream.isatty()
        self.every = max(100, total // 20)
        self.seen = 0
        self.last_draw = 0.0

    def text(self) -> str:
        counts = self.report.counts
        done = sum(counts[k].imported + counts[k].updated + counts[k].unchanged for k in KINDS[3:6])
        return (
            f"items {self.seen}/{self.total} · posts and pages {done} · "
            f"comments {counts['comments'].imported + counts['comments'].updated}"
        )

    def step(self) -> None:
        self.seen += 1
        if self.is_tty:
            now = time.monotonic()
            if now - self.last_draw > 0.1 or self.seen == self.total:
                self.stream.write("\r" + self.text())
                self.stream.flush()
                self.last_draw = now
        elif self.seen % self.every == 0:
            self.stream.write(self.text() + "\n")
            self.stream.flush()

    def finish(self) -> None:
        if self.is_tty and self.seen:
            self.stream.write("\r" + self.text() + "\n")
            self.stream.flush()
