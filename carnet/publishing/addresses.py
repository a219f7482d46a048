"""Which stored pages show an object: the addresses a write to it must remove.

They are computed from the model, not recorded when pages are stored. A page of the store
shows a post in a few ways only, each with an address that follows from the post: its own
page, its translations' pages (their links and hreflang), the pages before and after it (their
"previous/next" links), the listings it appears in (its edition's home and all of its pages,
its year, month, categories, tags and author, the archives index), its edition's feeds and the
sitemap. A writer's name is on the bylines of their posts, in those pages and lists; a
figure's image is the `og:image` of the posts it is featured on. A listing's later pages
(`/page/2/`…) shift when one post comes or goes, so a listing is removed whole: `/x/*` stands
for `/x/` and everything stored below it (feeds included); `@en` for a whole edition.
"""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet
from django.urls import NoReverseMatch

from carnet.blog.models import Category, Edition, Figure, Post, Tag
from carnet.comments.models import Comment

SITEMAP = "/sitemap.xml"
ALL_EDITIONS = "@all"
NAV_FIELDS = ("title", "slug", "menu_order", "parent_id", "edition_id")


def edition_wipe(edition: Edition) -> str:
    """The token that stands for every stored page of an edition."""
    return f"@{edition.language}"


def listing(path: str) -> set[str]:
    """A listing's first page and its later pages (`page/2/`…), nothing else below it."""
    return {path, f"{path}page/*"}


def with_terms(posts: QuerySet[Post]) -> QuerySet[Post]:
    """Posts read with what their listings' addresses need: edition, author and terms."""
    return posts.select_related("edition", "author").prefetch_related("categories", "tags")


def term_trees(post: Post) -> set[str]:
    """The archives of a post's categories and tags, their later pages and feeds included."""
    urls = set()
    for term in (*post.categories.all(), *post.tags.all()):
        if term.edition_id == post.edition_id:
            term.edition = post.edition  # the same row: spares a query for each term
        urls.add(term.get_absolute_url() + "*")
    return urls


def post_listings(post: Post) -> set[str]:
    """The listings a public post appears in: home, year, month, its terms and its author."""
    edition = post.edition
    day = post.local_date
    urls = listing(edition.reverse("home"))
    urls |= listing(edition.reverse("year", year=day.year))
    urls |= listing(edition.reverse("month", year=day.year, month=f"{day.month:02d}"))
    urls |= term_trees(post)
    if post.author is not None:
        urls.add(edition.reverse("author", username=post.author.get_username()) + "*")
    return urls


def neighbours(post: Post) -> list[Post]:
    """The public posts before and after a post in its edition (their links name it)."""
    siblings = Post.objects.public().posts().filter(edition_id=post.edition_id).exclude(pk=post.pk)
    siblings = siblings.select_related("edition")
    before = siblings.filter(
        Q(published_at__lt=post.published_at) | Q(published_at=post.published_at, pk__lt=post.pk)
    ).order_by("-published_at", "-pk")
    after = siblings.filter(
        Q(published_at__gt=post.published_at) | Q(published_at=post.published_at, pk__gt=post.pk)
    ).order_by("published_at", "pk")
    return [p for p in (before.first(), after.first()) if p is not None]


def post_pages(post: Post, with_links: bool = True) -> set[str]:
    """Every stored page that shows a post as it is in this instance.

    Its translations and neighbours show its title and address only: `with_links=False` leaves
    them out, for a write that changes neither.
    """
    if post.pk is None or post.edition_id is None:
        return set()
    urls = {post.get_absolute_url() + "*"}  # its page, and its comment feed below it
    if with_links:
        urls |= {p.get_absolute_url() for p in post.translation_group()}
    if not post.is_public:
        return urls
    urls |= {SITEMAP, *comment_feeds(post.edition)}
    if post.kind == Post.Kind.PAGE:  # its subpages' addresses, below its own, hold its slug
        return urls
    edition = post.edition
    urls |= post_listings(post)
    urls |= {edition.reverse("archives"), edition.reverse("feed") + "*"}
    if with_links:
        urls |= {p.get_absolute_url() for p in neighbours(post)}
    return urls


def nav_entry(post: Post) -> tuple | None:
    """What the menu of every page shows of a top-level public page (None: not in the menu)."""
    if post.kind != Post.Kind.PAGE or post.parent_id is not None or not post.is_public:
        return None
    return tuple(getattr(post, field) for field in NAV_FIELDS)


def comment_feeds(edition: Edition) -> set[str]:
    """The edition's feed of comments, if the comments app has one."""
    try:
        return {edition.reverse("comments_feed") + "*"}
    except NoReverseMatch:
        return set()


def comment_pages(comment: Comment) -> set[str]:
    """The pages that show a comment or count it: its post's page and the post's listings."""
    post = comment.post
    if not post.is_public:
        return set()
    urls = {post.get_absolute_url() + "*"}  # the page, and its comment feed below it
    urls |= comment_feeds(post.edition)
    if post.kind == Post.Kind.POST:
        urls |= post_listings(post)
    return urls


def term_pages(term: Category | Tag) -> set[str]:
    """The pages that name a category or tag: its own, its posts' and the lists they are in."""
    edition = term.edition
    urls = {term.get_absolute_url() + "*", edition.reverse("archives"), SITEMAP}
    urls.add(edition.reverse("feed") + "*")
    for post in with_terms(term.posts.public()):
        urls.add(post.get_absolute_url())
        urls |= post_listings(post)
    return urls


def author_pages(author) -> set[str]:
    """The pages whose bylines name a writer: their posts', the lists and feeds they are in.

    The writer of half or more of an edition's posts is on nearly every page of it: that
    edition is removed whole, far quicker to work out and to do for a blog of one writer.
    """
    posts = Post.objects.public().posts()
    theirs = dict(per_edition(posts.filter(author=author)))
    everyone = dict(per_edition(posts.filter(edition_id__in=theirs)))
    most = [edition for edition, count in theirs.items() if 2 * count >= everyone[edition]]
    urls = {edition_wipe(edition) for edition in Edition.objects.filter(pk__in=most)}
    others = with_terms(posts.filter(author=author).exclude(edition_id__in=most))
    for post in others.iterator(chunk_size=500):  # SQLite limits a prefetch's parameters
        urls |= {post.get_absolute_url(), post.edition.reverse("feed") + "*"}
        urls |= post_listings(post)
    return urls


def per_edition(posts: QuerySet[Post]) -> QuerySet:
    """(edition id, number of posts) for each edition these posts are in."""
    return posts.order_by().values_list("edition_id").annotate(count=Count("pk"))


def featuring_pages(figure: Figure) -> set[str]:
    """The pages whose `og:image` is this figure: those of the public posts it is featured on."""
    posts = Post.objects.public().filter(featured_figure=figure).select_related("edition")
    return {post.get_absolute_url() for post in posts}
