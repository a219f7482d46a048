"""Make a benchmark corpus: a Carnet site with N posts in two editions, and the same posts as
Markdown files for Hugo and for Pelican.

    .venv/bin/python bench/corpus.py --posts 1000 --out /tmp/carnet-bench/1000

writes OUT/site (a Carnet site directory, SQLite), OUT/hugo (a Hugo site) and OUT/pelican
(a Pelican project). Half the posts are English originals, half their French translations;
each has a category, two or three tags, a figure in one post of ten, comments on one in four,
the more-marker in one in three. The text is made up, the same for every run (seeded).
"""

from __future__ import annotations

import argparse
import datetime
import io
import os
import random
import sys
from pathlib import Path

WORD_LIST = """
tide river harbour ferry bridge dyke marsh bird lighthouse library bench market town council
walk book train salt wind boat quay mill lock meadow heron reed flood road marée rivière port
passeur pont digue marais oiseau phare bibliothèque banc marché ville
"""
WORDS = WORD_LIST.split()
CATEGORIES = ["Walking", "Books", "Public life", "Rivers", "Towns", "Weather", "Food", "Trains"]
# No digit at the end: Pelican names a tag's page 2 `NAME2.html`, so "topic 1" would clash.
TAGS = [f"{word} notes" for word in WORDS[:30]]
PER_PAGE = 10


def sentence(rng: random.Random, words: int = 12) -> str:
    text = " ".join(rng.choice(WORDS) for _ in range(words))
    return text[0].upper() + text[1:] + "."


def paragraph(rng: random.Random) -> str:
    return " ".join(sentence(rng, rng.randint(8, 16)) for _ in range(rng.randint(3, 6)))


def post_texts(count: int, seed: int = 5) -> list[dict]:
    """The posts as plain data: the same list for Carnet, Hugo and Pelican."""
    rng = random.Random(seed)
    start = datetime.datetime(2015, 1, 1, 9, tzinfo=datetime.UTC)
    originals = (count + 1) // 2
    step = datetime.timedelta(days=3650) / max(1, originals)
    posts = []
    for n in range(originals):
        when = start + step * n
        paragraphs = [paragraph(rng) for _ in range(rng.randint(3, 7))]
        if n % 3 == 0:
            paragraphs.insert(1, "<!--more-->")
        base = {
            "n": n,
            "date": when,
            "category": CATEGORIES[n % len(CATEGORIES)],
            "tags": rng.sample(TAGS, rng.randint(2, 3)),
            "figure": n % 10 == 0,
            "comments": 3 if n % 4 == 0 else 0,
        }
        title = f"{sentence(rng, 5)[:-1]} {n}"
        posts.append({**base, "lang": "en", "title": title, "body": paragraphs})
        if len(posts) < count:
            title = f"{sentence(rng, 5)[:-1]} {n}"
            tags = [f"{tag} fr" for tag in base["tags"]]
            french = {"category": f"{base['category']} fr", "tags": tags}
            posts.append({**base, **french, "lang": "fr", "title": title, "body": paragraphs})
    return posts


def markdown_body(post: dict, figure_url: str) -> str:
    paragraphs = list(post["body"])
    if post["figure"]:
        image = f'![A view of the harbour]({figure_url} "The harbour at dawn [Annie]")'
        paragraphs.insert(0, image)
    return "\n\n".join(paragraphs) + "\n"


# Carnet ---------------------------------------------------------------------------------


def make_carnet_site(root: Path, posts: list[dict]) -> None:
    """A site directory with the posts, loaded in bulk (no signals: nothing is stored yet)."""
    from carnet.site import create_site

    create_site(root, languages=["en", "fr"], time_zone="Europe/Paris")
    os.environ["CARNET_SITE"] = str(root)
    os.environ["DJANGO_SETTINGS_MODULE"] = "carnet.settings"
    os.environ.pop("DATABASE_URL", None)
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)
    load_posts(posts)
    call_command("reindex", verbosity=0)


def load_posts(posts: list[dict]) -> None:
    from django.contrib.auth import get_user_model
    from django.core.files.base import ContentFile
    from django.db import transaction
    from PIL import Image

    from carnet.blog.models import Category, Edition, Figure, Post, Tag
    from carnet.comments.models import Comment

    editions = {e.language: e for e in Edition.objects.all()}
    for edition in editions.values():
        edition.posts_per_page = PER_PAGE
        edition.title = "Bench notes" if edition.language == "en" else "Notes de banc"
        edition.save()
    author = get_user_model().objects.create_user("annie", first_name="Annie")
    buffer = io.BytesIO()
    Image.new("RGB", (1800, 1200), (90, 140, 170)).save(buffer, format="JPEG", quality=80)
    figure = Figure(slug="harbour", alt="A view of the harbour", caption="The harbour at dawn")
    figure.image.save("harbour.jpg", ContentFile(buffer.getvalue()), save=False)
    figure.save()
    terms = {}
    for data in posts:
        edition = editions[data["lang"]]
        for kind, model, names in (("c", Category, [data["category"]]), ("t", Tag, data["tags"])):
            for name in names:
                if (data["lang"], kind, name) not in terms:
                    term = model.objects.create(edition=edition, name=name)
                    terms[data["lang"], kind, name] = term
    with transaction.atomic():
        rows, originals = [], {}
        for data in posts:
            post = Post(
                edition=editions[data["lang"]],
                title=data["title"],
                slug=f"post-{data['n']}-{data['lang']}",
                author=author,
                status=Post.Status.PUBLISHED,
                published_at=data["date"],
                body="\n\n".join((["[figure harbour]"] if data["figure"] else []) + data["body"]),
            )
            post.render_body()
            rows.append(post)
        Post.objects.bulk_create(rows, batch_size=500)
        for post, data in zip(rows, posts, strict=True):
            if data["lang"] == "en":
                originals[data["n"]] = post
        translations = []
        for post, data in zip(rows, posts, strict=True):
            if data["lang"] == "fr" and data["n"] in originals:
                post.translation_of = originals[data["n"]]
                translations.append(post)
        Post.objects.bulk_update(translations, ["translation_of"], batch_size=500)
        categories, tags, comments = [], [], []
        for post, data in zip(rows, posts, strict=True):
            lang = data["lang"]
            categories.append(
                Post.categories.through(post=post, category=terms[lang, "c", data["category"]])
            )
            for tag in data["tags"]:
                tags.append(Post.tags.through(post=post, tag=terms[lang, "t", tag]))
            for k in range(data["comments"]):
                comments.append(
                    Comment(
                        post=post,
                        author_name=f"Reader {k}",
                        body=f"A comment, number {k}, on a post about the harbour.",
                        status=Comment.Status.APPROVED,
                        created_at=data["date"] + datetime.timedelta(hours=k + 1),
                    )
                )
        Post.categories.through.objects.bulk_create(categories, batch_size=1000)
        Post.tags.through.objects.bulk_create(tags, batch_size=1000)
        Comment.objects.bulk_create(comments, batch_size=1000)


# Hugo and Pelican ----------------------------------------------------------------------

HUGO_CONFIG = """\
baseURL = "http://127.0.0.1:8000/"
title = "Bench notes"
defaultContentLanguage = "en"
defaultContentLanguageInSubdir = false
[pagination]
  pagerSize = {per_page}
[taxonomies]
  category = "categories"
  tag = "tags"
[languages.en]
  contentDir = "content/en"
  weight = 1
[languages.fr]
  contentDir = "content/fr"
  weight = 2
[markup.goldmark.renderer]
  unsafe = true
"""

PELICAN_CONFIG = """\
AUTHOR = "Annie"
SITENAME = "Bench notes"
SITEURL = ""
PATH = "content"
TIMEZONE = "Europe/Paris"
DEFAULT_LANG = "en"
DEFAULT_PAGINATION = {per_page}
FEED_ALL_ATOM = "feeds/all.atom.xml"
CATEGORY_FEED_ATOM = "feeds/{{slug}}.atom.xml"
TAG_FEED_ATOM = "feeds/tag-{{slug}}.atom.xml"
STATIC_PATHS = ["images"]
"""


HUGO_HEAD = (
    '<!doctype html><html lang="{{ .Site.Language.Lang }}"><head><meta charset="utf-8">'
    "<title>{{ .Title }}</title></head><body><header>"
    '<a href="{{ .Site.Home.RelPermalink }}">{{ .Site.Title }}</a></header>'
)
HUGO_SINGLE = (
    '<article><h1>{{ .Title }}</h1><time>{{ .Date.Format "2 January 2006" }}</time>'
    "{{ range .Params.categories }}"
    '<a href="/categories/{{ . | urlize }}/">{{ . }}</a>{{ end }}{{ .Content }}'
    '{{ range .Translations }}<a href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end }}</article>'
    '{{ with .PrevInSection }}<a href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end }}'
    '{{ with .NextInSection }}<a href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end }}'
    "</body></html>"
)
HUGO_LIST = (
    '{{ range .Paginator.Pages }}<article><h2><a href="{{ .RelPermalink }}">'
    "{{ .Title }}</a></h2>{{ .Summary }}</article>{{ end }}"
    '{{ with .Paginator.Next }}<a href="{{ .URL }}">Older</a>{{ end }}</body></html>'
)
HUGO_HOME_PAGES = '(.Paginate (where .Site.RegularPages "Type" "posts")).Pages'


def write_hugo(root: Path, posts: list[dict], image: bytes) -> None:
    """A Hugo site with one layout set of its own (Hugo ships no theme)."""
    (root / "static" / "images").mkdir(parents=True, exist_ok=True)
    (root / "static" / "images" / "harbour.jpg").write_bytes(image)
    (root / "hugo.toml").write_text(HUGO_CONFIG.format(per_page=PER_PAGE), encoding="utf-8")
    layouts = root / "layouts" / "_default"
    layouts.mkdir(parents=True, exist_ok=True)
    (layouts / "single.html").write_text(HUGO_HEAD + HUGO_SINGLE, encoding="utf-8")
    (layouts / "list.html").write_text(HUGO_HEAD + HUGO_LIST, encoding="utf-8")
    home = HUGO_LIST.replace(".Paginator.Pages", HUGO_HOME_PAGES)
    (layouts / "index.html").write_text(HUGO_HEAD + home, encoding="utf-8")
    for data in posts:
        folder = root / "content" / data["lang"] / "posts"
        folder.mkdir(parents=True, exist_ok=True)
        tags = ", ".join(f'"{t}"' for t in data["tags"])
        front = (
            f'+++\ntitle = "{data["title"]}"\ndate = {data["date"].isoformat()}\n'
            f'slug = "post-{data["n"]}-{data["lang"]}"\ntranslationKey = "p{data["n"]}"\n'
            f'categories = ["{data["category"]}"]\ntags = [{tags}]\n+++\n\n'
        )
        body = markdown_body(data, "/images/harbour.jpg")
        (folder / f"post-{data['n']}-{data['lang']}.md").write_text(front + body, encoding="utf-8")


def write_pelican(root: Path, posts: list[dict], image: bytes) -> None:
    (root / "content" / "images").mkdir(parents=True, exist_ok=True)
    (root / "content" / "images" / "harbour.jpg").write_bytes(image)
    (root / "pelicanconf.py").write_text(PELICAN_CONFIG.format(per_page=PER_PAGE), encoding="utf-8")
    for data in posts:
        meta = (
            f"Title: {data['title']}\nDate: {data['date']:%Y-%m-%d %H:%M}\n"
            f"Category: {data['category']}\nTags: {', '.join(data['tags'])}\n"
            f"Slug: post-{data['n']}\nLang: {data['lang']}\n\n"
        )
        body = markdown_body(data, "{static}/images/harbour.jpg").replace("<!--more-->\n\n", "")
        name = f"post-{data['n']}-{data['lang']}.md"
        (root / "content" / name).write_text(meta + body, encoding="utf-8")


def make_corpus(out: Path, count: int) -> None:
    from PIL import Image

    posts = post_texts(count)
    buffer = io.BytesIO()
    Image.new("RGB", (1800, 1200), (90, 140, 170)).save(buffer, format="JPEG", quality=80)
    write_hugo(out / "hugo", posts, buffer.getvalue())
    write_pelican(out / "pelican", posts, buffer.getvalue())
    make_carnet_site(out / "site", posts)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--posts", type=int, default=1000)
    parser.add_argument("--out", type=Path, required=True)
    options = parser.parse_args()
    if options.out.exists() and any(options.out.iterdir()):
        print(f"corpus: {options.out} is not empty; choose a new folder.", file=sys.stderr)
        return 2
    make_corpus(options.out, options.posts)
    print(f"corpus: {options.posts} posts in {options.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
