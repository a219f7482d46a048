"""`carnet export markdown DIR`: one file per post and page, drafts included, for static sites.

`DIR/<language>/posts/<date>-<slug>.md` and `DIR/<language>/pages/<path>.md`. The front matter
is YAML between `---` lines for Hugo (the default), or Pelican's `Key: value` lines with
`--flavour pelican`. The body is the post's Markdown when it was written in Markdown, its HTML
otherwise (Markdown lets HTML through). A password-protected post is written as a draft: a
static site cannot ask for the password; so is a scheduled post (Pelican has no schedule).
"""

from __future__ import annotations

import json
from pathlib import Path

from django.conf import settings
from django.utils import timezone

from carnet.blog.models import Post

FLAVOURS = ("hugo", "pelican")
PELICAN_STATUSES = {
    "published": "published",
    "draft": "draft",
    "pending": "draft",
    "private": "hidden",
}


def _quoted(text: str) -> str:
    """A YAML double-quoted string (JSON's escapes are YAML's)."""
    return json.dumps(text, ensure_ascii=False)


def front_matter(post: Post) -> dict[str, object]:
    """What a static site generator needs to know about a post, in Carnet's words."""
    translations = {
        other.edition.language: settings.BASE_URL + other.get_absolute_url()
        for other in post.translations_list()
    }
    source = {
        "publication": post.source_publication,
        "author": post.source_author,
        "title": post.source_title,
        "date": post.source_date.isoformat() if post.source_date else "",
        "url": post.source_url,
    }
    return {
        "title": post.title,
        "date": timezone.localtime(post.published_at).isoformat(),
        "slug": post.slug,
        "status": post.status,
        "language": post.edition.language,
        "url": post.get_absolute_url(),
        "author": (post.author.get_full_name() or post.author.username) if post.author else "",
        "summary": post.excerpt or post.standfirst,
        "categories": [c.name for c in post.categories.all()],
        "tags": [t.name for t in post.tags.all()],
        "translation_key": f"post-{post.translation_root.pk}",
        "translations": translations,
        "source": {k: v for k, v in source.items() if v},
    }


def is_open(post: Post) -> bool:
    """Public now and without a password: what a static site may show to everyone."""
    return post.is_public and not post.password


def hugo_front_matter(meta: dict[str, object], post: Post) -> str:
    lines = ["---"]
    for key in ("title", "date", "slug", "status", "language", "url", "author", "summary"):
        if meta[key]:
            lines.append(f"{key}: {_quoted(str(meta[key]))}")
    lines.append(f"draft: {'false' if is_open(post) else 'true'}")
    if post.password:
        lines.append("protected: true")
    lines.append(f"translationKey: {_quoted(str(meta['translation_key']))}")
    for key in ("categories", "tags"):
        lines.append(f"{key}: [{', '.join(_quoted(v) for v in meta[key])}]")
    for key in ("translations", "source"):
        mapping = meta[key]
        if mapping:
            lines.append(f"{key}:")
            lines += [f"  {name}: {_quoted(str(value))}" for name, value in mapping.items()]
    lines.append("---")
    return "\n".join(lines)


def pelican_front_matter(meta: dict[str, object], post: Post) -> str:
    def one_line(text: object) -> str:
        return " ".join(str(text).split())

    lines = [
        f"Title: {one_line(meta['title'])}",
        f"Date: {timezone.localtime(post.published_at).strftime('%Y-%m-%d %H:%M')}",
        f"Slug: {post.slug}",
        f"Lang: {meta['language']}",
        f"Status: {PELICAN_STATUSES[post.status] if is_open(post) else 'draft'}",
        f"Translation_key: {meta['translation_key']}",
    ]
    if meta["author"]:
        lines.append(f"Author: {one_line(meta['author'])}")
    if meta["summary"]:
        lines.append(f"Summary: {one_line(meta['summary'])}")
    if meta["categories"] and post.kind == Post.Kind.POST:
        lines.append(f"Category: {one_line(meta['categories'][0])}")
    if meta["tags"]:
        lines.append(f"Tags: {', '.join(one_line(t).replace(',', ' ') for t in meta['tags'])}")
    for name, value in dict(meta["source"]).items():
        lines.append(f"Source_{name}: {one_line(value)}")
    return "\n".join(lines) + "\n"


def post_file(root: Path, post: Post) -> Path:
    folder = root / post.edition.language
    if post.kind == Post.Kind.PAGE:
        return folder / "pages" / f"{post.page_path()}.md"
    day = timezone.localtime(post.published_at).date().isoformat()
    return folder / "posts" / f"{day}-{post.slug}.md"


def export_markdown(root: Path, flavour: str = "hugo") -> int:
    """Write every post and page under `root`; the number of files written."""
    count = 0
    posts = (
        Post.objects.select_related("edition", "author", "parent", "translation_of")
        .prefetch_related("categories", "tags")
        .order_by("pk")
    )
    for post in posts.iterator(chunk_size=200):
        meta = front_matter(post)
        header = (hugo_front_matter if flavour == "hugo" else pelican_front_matter)(meta, post)
        path = post_file(root, post)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f"{header}\n{post.body.strip()}\n", encoding="utf-8")
        count += 1
    return count
