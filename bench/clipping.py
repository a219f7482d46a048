"""How long clipping takes to read a page: decoding and extraction, for the test pages and for
made-up articles up to the 5 MB cap.

    .venv/bin/python bench/clipping.py

prints, for each page, its size and the median of five runs of `read_html` + `extract_article`
(no network, no database). The made-up articles are seeded, the same for every run.
"""

from __future__ import annotations

import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from carnet.clipping.extract import extract_article  # noqa: E402
from carnet.clipping.pages import read_html  # noqa: E402

DATA = Path(__file__).resolve().parent.parent / "tests" / "clipping" / "data"
WORDS = ["tide", "harbour", "ferry", "council", "quay", "boat", "night", "crossing", "shore"]


def made_up_article(paragraphs: int, seed: int = 6) -> bytes:
    """A news page of `paragraphs` paragraphs, a sub-heading and a figure every twenty."""
    rng = random.Random(seed)
    parts = ["<html lang='en'><head><title>A long read</title></head><body><article>"]
    parts.append("<h1>A long read</h1>")
    for number in range(paragraphs):
        if number % 20 == 19:
            parts.append(f"<h2>Part {number // 20 + 1}</h2>")
            parts.append(
                f"<figure><img src='https://img.example/{number}.jpg' alt='View {number}'>"
                f"<figcaption>Caption {number}. [Agency {number}]</figcaption></figure>"
            )
        words = " ".join(rng.choice(WORDS) for _ in range(rng.randint(40, 90)))
        parts.append(f"<p>{words.capitalize()}.</p>")
    parts.append("</article><footer>© A made-up paper</footer></body></html>")
    return "\n".join(parts).encode()


def timed(data: bytes, runs: int = 5) -> float:
    durations = []
    for _ in range(runs):
        start = time.perf_counter()
        extract_article(read_html(data), url="https://paper.example/long-read")
        durations.append(time.perf_counter() - start)
    return statistics.median(durations)


def main() -> None:
    pages = [(path.name, path.read_bytes()) for path in sorted(DATA.glob("*.html"))]
    pages += [(f"made-up, {n} paragraphs", made_up_article(n)) for n in (100, 1000, 10000)]
    for name, data in pages:
        print(f"{name:40} {len(data) / 1024:9.1f} KB {timed(data) * 1000:9.1f} ms")


if __name__ == "__main__":
    main()
