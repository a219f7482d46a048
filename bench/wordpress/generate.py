"""Write a synthetic WordPress export (WXR 1.2) of any size, for the import benchmark.

    python bench/wordpress/generate.py OUT.xml [--posts 10000] [--comments 50000] [--seed 1]

Posts are classic-editor or block-editor text of a few paragraphs, in 20 categories and with
some of 200 tags; comments are spread over the posts, a third of them replies, a few pending,
spam or pingbacks. The same seed writes the same file.
"""

from __future__ import annotations

import argparse
import datetime
import random
from pathlib import Path

# fmt: off
WORDS = [
    "tide", "marsh", "heron", "ferry", "dyke", "harbour", "wind", "salt", "reed", "creek",
    "boat", "bridge", "market", "library", "bench", "council", "village", "walk",
    "lighthouse", "gull", "swift", "rain", "morning", "evening",
]
# fmt: on

HEADER = """<?xml version="1.0" encoding="UTF-8" ?>
<rss version="2.0"
	xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/"
	xmlns:content="http://purl.org/rss/1.0/modules/content/"
	xmlns:wfw="http://wellformedweb.org/CommentAPI/"
	xmlns:dc="http://purl.org/dc/elements/1.1/"
	xmlns:wp="http://wordpress.org/export/1.2/"
>
<channel>
	<title>Benchmark blog</title>
	<link>https://bench.example.org</link>
	<description>A generated blog</description>
	<language>en-GB</language>
	<wp:wxr_version>1.2</wp:wxr_version>
	<wp:base_site_url>https://bench.example.org</wp:base_site_url>
	<wp:base_blog_url>https://bench.example.org</wp:base_blog_url>
	<wp:author><wp:author_id>1</wp:author_id><wp:author_login>writer</wp:author_login>
		<wp:author_email>writer@bench.example.org</wp:author_email>
		<wp:author_display_name><![CDATA[The Writer]]></wp:author_display_name></wp:author>
"""


def sentence(rng: random.Random, words: int = 12) -> str:
    text = " ".join(rng.choice(WORDS) for _ in range(words))
    return text[0].upper() + text[1:] + "."


def body(rng: random.Random, number: int) -> str:
    paragraphs = [" ".join(sentence(rng) for _ in range(4)) for _ in range(rng.randint(3, 7))]
    if number % 3 == 0:  # block editor
        blocks = [f"<!-- wp:paragraph -->\n<p>{p}</p>\n<!-- /wp:paragraph -->" for p in paragraphs]
        blocks.insert(1, "<!-- wp:more -->\n<!--more-->\n<!-- /wp:more -->")
        return "\n\n".join(blocks)
    paragraphs.insert(1, "<!--more-->")
    return "\n\n".join(paragraphs)


def comment(rng: random.Random, cid: int, parent: int, day: datetime.datetime) -> str:
    approved = rng.choices(["1", "0", "spam"], weights=[90, 7, 3])[0]
    kind = "pingback" if rng.random() < 0.03 else "comment"
    date = day + datetime.timedelta(hours=rng.randint(1, 500))
    stamp = date.strftime("%Y-%m-%d %H:%M:%S")
    return (
        f"\t\t<wp:comment><wp:comment_id>{cid}</wp:comment_id>"
        f"<wp:comment_author><![CDATA[Reader {cid % 997}]]></wp:comment_author>"
        f"<wp:comment_author_email>reader{cid % 997}@example.net</wp:comment_author_email>"
        f"<wp:comment_author_url></wp:comment_author_url>"
        f"<wp:comment_author_IP><![CDATA[192.0.2.{cid % 250}]]></wp:comment_author_IP>"
        f"<wp:comment_date><![CDATA[{stamp}]]></wp:comment_date>"
        f"<wp:comment_date_gmt><![CDATA[{stamp}]]></wp:comment_date_gmt>"
        f"<wp:comment_content><![CDATA[{sentence(rng, 20)}]]></wp:comment_content>"
        f"<wp:comment_approved><![CDATA[{approved}]]></wp:comment_approved>"
        f"<wp:comment_type><![CDATA[{kind}]]></wp:comment_type>"
        f"<wp:comment_parent>{parent}</wp:comment_parent>"
        f"<wp:comment_user_id>0</wp:comment_user_id></wp:comment>\n"
    )


def write_export(path: Path, posts: int, comments: int, seed: int = 1) -> None:
    rng = random.Random(seed)
    start = datetime.datetime(2005, 1, 1, 8, 0)
    next_comment = 1
    with path.open("w", encoding="utf-8") as out:
        out.write(HEADER)
        for n in range(20):
            out.write(
                f"\t<wp:category><wp:term_id>{n + 1}</wp:term_id><wp:category_nicename>"
                f"topic-{n}</wp:category_nicename><wp:category_parent>"
                f"{'topic-0' if n else ''}</wp:category_parent><wp:cat_name><![CDATA[Topic {n}]]>"
                f"</wp:cat_name></wp:category>\n"
            )
        for n in range(200):
            out.write(
                f"\t<wp:tag><wp:term_id>{n + 100}</wp:term_id><wp:tag_slug>tag-{n}</wp:tag_slug>"
                f"<wp:tag_name><![CDATA[Tag {n}]]></wp:tag_name></wp:tag>\n"
            )
        for number in range(1, posts + 1):
            day = start + datetime.timedelta(hours=number * 7)
            stamp = day.strftime("%Y-%m-%d %H:%M:%S")
            slug = f"post-{number}-{rng.choice(WORDS)}"
            out.write(
                f"\t<item>\n\t\t<title><![CDATA[{sentence(rng, 5)[:-1]}]]></title>\n"
                f"\t\t<link>https://bench.example.org/{day:%Y/%m/%d}/{slug}/</link>\n"
                f"\t\t<dc:creator><![CDATA[writer]]></dc:creator>\n"
                f'\t\t<guid isPermaLink="false">https://bench.example.org/?p={number}</guid>\n'
                f"\t\t<content:encoded><![CDATA[{body(rng, number)}]]></content:encoded>\n"
                f"\t\t<excerpt:encoded><![CDATA[]]></excerpt:encoded>\n"
                f"\t\t<wp:post_id>{number}</wp:post_id>\n"
                f"\t\t<wp:post_date><![CDATA[{stamp}]]></wp:post_date>\n"
                f"\t\t<wp:post_date_gmt><![CDATA[{stamp}]]></wp:post_date_gmt>\n"
                f"\t\t<wp:comment_status><![CDATA[open]]></wp:comment_status>\n"
                f"\t\t<wp:post_name><![CDATA[{slug}]]></wp:post_name>\n"
                f"\t\t<wp:status><![CDATA[publish]]></wp:status>\n"
                f"\t\t<wp:post_parent>0</wp:post_parent>\n"
                f"\t\t<wp:post_type><![CDATA[post]]></wp:post_type>\n"
                f"\t\t<wp:is_sticky>0</wp:is_sticky>\n"
                f'\t\t<category domain="category" nicename="topic-{number % 20}">'
                f"<![CDATA[Topic {number % 20}]]></category>\n"
            )
            for tag in rng.sample(range(200), 3):
                out.write(
                    f'\t\t<category domain="post_tag" nicename="tag-{tag}"><![CDATA[Tag {tag}]]>'
                    "</category>\n"
                )
            share = comments // posts + (1 if number <= comments % posts else 0)
            first = next_comment
            for _ in range(share):
                parent = (
                    rng.randint(first, next_comment - 1)
                    if next_comment > first and rng.random() < 0.33
                    else 0
                )
                out.write(comment(rng, next_comment, parent, day))
                next_comment += 1
            out.write("\t</item>\n")
        out.write("</channel>\n</rss>\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--posts", type=int, default=10_000)
    parser.add_argument("--comments", type=int, default=50_000)
    parser.add_argument("--seed", type=int, default=1)
    options = parser.parse_args()
    write_export(options.out, options.posts, options.comments, options.seed)


if __name__ == "__main__":
    main()
