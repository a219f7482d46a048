"""The end of an import, once every item is in: what links items that may come in any order."""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING

from django.utils import timezone

from carnet.blog import search
from carnet.blog.models import Post
from carnet.wordpress.content import GALLERY, shortcode_attributes
from carnet.wordpress.import_comments import import_comments
from carnet.wordpress.models import Attachment, ImportedObject
from carnet.wordpress.pairing import link_pairs, read_pairs, unpaired_posts

if TYPE_CHECKING:
    from carnet.wordpress.importer import WordPressImport


def finish_import(run: WordPressImport) -> None:
    if run.posts.created:
        search.rebuild_index()  # bulk-made posts skipped the signal that indexes them
    run.terms.finish()
    _page_parents(run)
    _attachment_parents(run)
    _featured_images(run)
    _galleries(run)
    _polylang_groups(run)
    _comments_of_bare_items(run)
    if run.options.pairs_file is not None:
        link_pairs(read_pairs(run.options.pairs_file), run.report)
    # What this run wrote is dated after its last save, so that "changed in Carnet since the
    # last import" only ever means a writer's edit.
    ImportedObject.objects.filter(source=run.source, imported_at=run.now).update(
        imported_at=timezone.now()
    )
    _forget_stored_pages()
    several = len(run.editions_used) > 1
    if run.options.pairs_file is not None or not run.edition.is_default or several:
        run.report.unpaired = unpaired_posts(run.source)


def _forget_stored_pages() -> None:
    """An import touches most pages: the page store is emptied once it commits."""
    try:
        from carnet.publishing.invalidation import ALL_EDITIONS, invalidate
    except ImportError:  # a Carnet without the page store
        return
    invalidate({ALL_EDITIONS})


def _post_pk(run: WordPressImport, wp_id: str, edition_id: int) -> int | None:
    mapping = ImportedObject.objects.filter(
        source=run.source, edition_id=edition_id, kind="post", wp_id=wp_id
    ).first()
    return mapping.object_id if mapping else None


def _attachment(run: WordPressImport, wp_id: str) -> Attachment | None:
    mapping = ImportedObject.objects.filter(
        source=run.source, edition=run.edition, kind="attachment", wp_id=wp_id
    ).first()
    return Attachment.objects.filter(pk=mapping.object_id).first() if mapping else None


def _page_parents(run: WordPressImport) -> None:
    """A page's parent may come after it in the file."""
    for pk, edition_id, parent_wp_id in run.page_parents:
        parent = _post_pk(run, parent_wp_id, edition_id)
        if parent is not None and parent != pk:
            Post.objects.filter(pk=pk).update(parent_id=parent)


def _attachment_parents(run: WordPressImport) -> None:
    for pk, parent_wp_id in run.attachments.parents:
        parent = _post_pk(run, parent_wp_id, run.edition.pk)
        if parent is not None:
            Attachment.objects.filter(pk=pk).update(post_id=parent)


def _featured_images(run: WordPressImport) -> None:
    """`_thumbnail_id`: the figure when the image was copied, else the attachment's address."""
    for pk, attachment_wp_id in run.featured:
        attachment = _attachment(run, attachment_wp_id)
        if attachment is None:
            continue
        attachment.featured_in.add(pk)
        if attachment.figure_id:
            Post.objects.filter(pk=pk).update(featured_figure_id=attachment.figure_id)


def gallery_html(attachments: list[Attachment]) -> str:
    figures = []
    for attachment in attachments:
        caption = escape(attachment.caption.strip())
        figcaption = f"<figcaption>{caption}</figcaption>" if caption else ""
        url = escape(attachment.get_absolute_url())
        alt = escape(attachment.alt or attachment.title)
        figures.append(
            f'<figure class="figure"><a href="{url}"><img src="{url}" alt="{alt}" '
            f'loading="lazy"></a>{figcaption}</figure>'
        )
    return f'<div class="gallery">{"".join(figures)}</div>'


def _galleries(run: WordPressImport) -> None:
    """`[gallery ids="…"]`, or a bare `[gallery]` (the post's own images), as figures."""
    for post in Post.objects.filter(pk__in=run.galleries).select_related("edition"):

        def gallery(match, post=post) -> str:
            ids = shortcode_attributes(match.group("attrs")).get("ids", "")
            if ids:
                found = [_attachment(run, wp_id.strip()) for wp_id in ids.split(",")]
                attachments = [a for a in found if a is not None]
            else:
                attachments = list(post.attachments.order_by("pk"))
            images = [a for a in attachments if a.is_image]
            return gallery_html(images) if images else ""

        post.body = GALLERY.sub(gallery, post.body)
        post.save()


def _comments_of_bare_items(run: WordPressImport) -> None:
    """Items that only carry comments (no post type) give them to the post of the same id."""
    for item in run.comment_items:
        post_pk = _post_pk(run, item.post_id, run.edition.pk)
        post = Post.objects.filter(pk=post_pk).first() if post_pk else None
        if post is None:
            run.report.skip("other", "no post type")
            for _comment in item.comments:
                run.report.skip("comments", "their post was not imported")
            continue
        import_comments(run, [(item, post, False)])


def _polylang_groups(run: WordPressImport) -> None:
    """Posts sharing a `post_translations` term: the one in the first edition is the original."""
    order = list(run.editions.values())
    for pks in run.groups.values():
        posts = list(Post.objects.filter(pk__in=pks).select_related("edition"))
        if len(posts) < 2:
            continue
        posts.sort(key=lambda p: (order.index(p.edition) if p.edition in order else 99, p.pk))
        original = posts[0]
        for post in posts[1:]:
            if post.translation_of_id != original.pk:
                post.translation_of = original
                post.mark_translation_up_to_date()
                post.save(update_fields=["translation_of", "source_synced_at"])
