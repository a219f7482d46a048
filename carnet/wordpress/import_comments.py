"""Comments of an imported post: threaded, with their statuses and kinds, in a few queries."""

from __future__ import annotations

import html
import ipaddress
import re
from typing import TYPE_CHECKING

from carnet.blog.models import Post
from carnet.comments.models import Comment
from carnet.wordpress.content import digest
from carnet.wordpress.models import ImportedObject
from carnet.wordpress.wxr import Comment as WXRComment
from carnet.wordpress.wxr import Item

if TYPE_CHECKING:
    from carnet.wordpress.importer import WordPressImport

STATUSES = {
    "1": Comment.Status.APPROVED,
    "approve": Comment.Status.APPROVED,
    "0": Comment.Status.PENDING,
    "": Comment.Status.PENDING,
    "hold": Comment.Status.PENDING,
    "spam": Comment.Status.SPAM,
}
KINDS = {"pingback": Comment.Kind.PINGBACK, "trackback": Comment.Kind.TRACKBACK}

_LINK = re.compile(r"""<a\b[^>]*?href\s*=\s*["']([^"']*)["'][^>]*>(.*?)</a>""", re.I | re.S)
_BREAK = re.compile(r"<br\s*/?>|</p>", re.I)
_TAG = re.compile(r"<[^>]*>")


def comment_text(markup: str) -> str:
    """A WordPress comment (a little HTML) as the plain text Carnet keeps: links spelt out."""

    def spell(match: re.Match[str]) -> str:
        url, words = match.group(1).strip(), _TAG.sub("", match.group(2)).strip()
        return url if not words or words == url else f"{words} ({url})"

    text = _LINK.sub(spell, markup)
    text = _BREAK.sub(lambda m: "\n\n" if m.group(0).lower() == "</p>" else "\n", text)
    return html.unescape(_TAG.sub("", text)).strip()


def _ip(text: str) -> str | None:
    try:
        return str(ipaddress.ip_address(text.strip()))
    except ValueError:
        return None


def fill_comment(run: WordPressImport, comment: Comment, found: WXRComment) -> None:
    from carnet.wordpress.importer import wp_datetime

    comment.kind = KINDS.get(found.type, Comment.Kind.COMMENT)
    comment.status = STATUSES[found.approved]
    comment.author_name = (html.unescape(found.author) or "Anonymous")[:100]
    comment.author_email = found.author_email[:254]
    comment.author_url = found.author_url[:500]
    comment.ip_address = _ip(found.author_ip)
    comment.body = comment_text(found.content)
    comment.created_at = wp_datetime(found.date, found.date_gmt) or run.now
    comment.user = run.users_by_id.get(found.user_id) if found.user_id not in ("", "0") else None


def import_comments(run: WordPressImport, entries: list[tuple[Item, Post, bool]]) -> None:
    """The comments of a batch of items: created, updated or kept, then threaded.

    `entries` holds (item, the post its comments go to, whether that post is new); only the
    comments of posts that existed before can have been imported before.
    """
    keys_of = {
        id(item): [c.wp_id or f"{item.key}#{n}" for n, c in enumerate(item.comments)]
        for item, _post, _new in entries
    }
    known = [key for item, _post, new in entries if not new for key in keys_of[id(item)]]
    existing = (
        {
            m.wp_id: m
            for m in ImportedObject.objects.filter(
                source=run.source, edition=run.edition, kind="comment", wp_id__in=known
            )
        }
        if known
        else {}
    )
    pk_of = {key: m.object_id for key, m in existing.items()}
    created: list[tuple[str, Comment, str]] = []
    threaded: list[tuple[str, WXRComment]] = []
    for item, post, _new in entries:
        for key, found in zip(keys_of[id(item)], item.comments, strict=True):
            if found.approved not in STATUSES:
                run.report.skip("comments", "in the trash")
                continue
            if _keep_or_update(run, found, existing.get(key), created, key, post):
                threaded.append((key, found))
    Comment.objects.bulk_create([comment for _key, comment, _sum in created], batch_size=500)
    ImportedObject.objects.bulk_create(
        [
            ImportedObject(
                source=run.source,
                edition=run.edition,
                kind="comment",
                wp_id=key[:200],
                object_id=comment.pk,
                checksum=checksum,
                imported_at=run.now,
            )
            for key, comment, checksum in created
        ],
        batch_size=500,
    )
    for key, comment, _sum in created:
        pk_of[key] = comment.pk
        run.report.done("comments", "imported")
    _thread(threaded, pk_of)


def _keep_or_update(
    run: WordPressImport,
    found: WXRComment,
    mapping: ImportedObject | None,
    created: list[tuple[str, Comment, str]],
    key: str,
    post: Post,
) -> bool:
    """Count an unchanged comment, save a changed one, queue a new one; True unless unchanged."""
    checksum = digest(found)
    if mapping is not None and mapping.checksum == checksum:
        run.report.done("comments", "unchanged")
        return False
    comment = Comment.objects.filter(pk=mapping.object_id).first() if mapping else None
    if comment is None:
        comment = Comment(post=post)
        fill_comment(run, comment, found)
        created.append((key, comment, checksum))
        return True
    fill_comment(run, comment, found)
    comment.save()
    mapping.checksum, mapping.imported_at = checksum, run.now
    mapping.save(update_fields=["checksum", "imported_at"])
    run.report.done("comments", "updated")
    return True


def _thread(comments: list[tuple[str, WXRComment]], pk_of: dict[str, int]) -> None:
    """Set each reply's parent; a reply to a comment that was not imported starts a thread."""
    changed = []
    for key, found in comments:
        parent = pk_of.get(found.parent) if found.parent not in ("", "0") else None
        if parent == pk_of[key]:
            parent = None
        if parent is not None:
            changed.append(Comment(pk=pk_of[key], parent_id=parent))
    Comment.objects.bulk_update(changed, ["parent"], batch_size=500)
