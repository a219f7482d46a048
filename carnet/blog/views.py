"""The reader's pages: homes, posts, pages, archives, search, robots.txt and the 404 page."""

from __future__ import annotations

import calendar
import datetime
from urllib.parse import unquote

from django.conf import settings
from django.contrib.admin.views.decorators import staff_member_required
from django.contrib.auth import get_user_model
from django.core.paginator import EmptyPage, Paginator
from django.db.models import Count, prefetch_related_objects
from django.db.models.functions import TruncMonth
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from carnet.blog import search as search_index
from carnet.blog.models import Category, Edition, Post, Tag
from carnet.comments.models import Comment
from carnet.comments.threads import arrange


def listing(
    request: HttpRequest,
    posts,
    page: int,
    title: str,
    url_name: str,
    url_kwargs: dict,
    extra: dict | None = None,
    if_empty: str | None = None,
) -> HttpResponse:
    """One page of a list of posts, with links to the pages before and after.

    With `if_empty`, a list without posts is not found (`if_empty` says why); without, it is
    an empty page.
    """
    edition = Edition.objects.current()
    # The list is sorted and paged on the posts' ids alone, then the page's posts are read
    # whole: sorting thousands of full rows took longer than rendering the page.
    paginator = Paginator(posts.values_list("pk", flat=True), edition.posts_per_page)
    if if_empty is not None and not paginator.count:
        raise Http404(if_empty)
    try:
        page_obj = paginator.page(page)
    except EmptyPage as missing:
        raise Http404(_("No such page.")) from missing
    ids = list(page_obj.object_list)
    # By id alone and unsorted: with the list's filters repeated, SQLite walked the edition's
    # index instead, and the ids are already in the list's order.
    found = Post.objects.select_related("author").order_by().in_bulk(ids)
    page_obj.object_list = count_comments(with_terms([found[pk] for pk in ids]))
    Edition.objects.attach_to(page_obj.object_list)
    context = listing_context(edition, page_obj, title, url_name, url_kwargs, extra)
    return render(request, "blog/listing.html", context)


def listing_context(
    edition: Edition, page_obj, title: str, url_name: str, url_kwargs: dict, extra: dict | None
) -> dict:
    """What a listing page shows of one page of posts (`carnet build` makes it too)."""
    return {
        "title": title,
        "posts": page_obj.object_list,
        "page_obj": page_obj,
        "previous_url": page_url(edition, url_name, url_kwargs, page_obj.previous_page_number())
        if page_obj.has_previous()
        else None,
        "next_url": page_url(edition, url_name, url_kwargs, page_obj.next_page_number())
        if page_obj.has_next()
        else None,
        **(extra or {}),
    }


def with_terms(posts: list[Post]) -> list[Post]:
    """Read the posts' categories and tags in two queries, each term given its edition.

    Their editions come from the request's own list: joining them into both queries cost more.
    """
    prefetch_related_objects(posts, "categories", "tags")
    Edition.objects.attach_to(
        term for shown in posts for term in (*shown.categories.all(), *shown.tags.all())
    )
    return posts


def count_comments(posts: list[Post]) -> list[Post]:
    """Set `approved_comments` on the posts of one page, in one query.

    Counted for the page's posts only: annotating the whole list (a join and GROUP BY over
    every post) took over a second per page at 10,000 posts.
    """
    counts = dict(
        Comment.objects.approved()
        .filter(post__in=[p.pk for p in posts])
        .order_by()
        .values_list("post")
        .annotate(Count("pk"))
    )
    for shown in posts:
        shown.approved_comments = counts.get(shown.pk, 0)
    return posts


def page_url(edition: Edition, url_name: str, kwargs: dict, number: int) -> str:
    if number == 1:
        return edition.reverse(url_name, **kwargs)
    return edition.reverse(f"{url_name}_page", page=number, **kwargs)


def edition_posts():
    """The current edition's public posts, newest first."""
    edition = Edition.objects.current()
    return Post.objects.public().posts().filter(edition=edition).order_by("-published_at", "-pk")


def home(request: HttpRequest, page: int = 1) -> HttpResponse:
    edition = Edition.objects.current()
    # Sticky posts head every page's order, so they show once, at the top of page 1.
    posts = edition_posts().order_by("-sticky", "-published_at", "-pk")
    return listing(request, posts, page, edition.title, "home", {}, {"is_home": True})


def term_archive(request: HttpRequest, model, slug: str, page: int) -> HttpResponse:
    """The posts filed under one category or tag of the current edition."""
    edition = Edition.objects.current()
    term = get_object_or_404(model, edition=edition, slug=slug)
    term.edition = edition
    field = "categories" if model is Category else "tags"
    posts = edition_posts().filter(**{field: term})
    name, title, extra = term_heading(term)
    return listing(request, posts, page, title, name, {"slug": slug}, extra)


def term_heading(term: Category | Tag) -> tuple[str, str, dict]:
    """A term archive's URL name, title and extra context."""
    if isinstance(term, Category):
        name, title = "category", _("Category: %(name)s") % {"name": term.name}
    else:
        name, title = "tag", _("Tag: %(name)s") % {"name": term.name}
    return (
        name,
        title,
        {"term": term, "feed_url": term.edition.reverse(f"{name}_feed", slug=term.slug)},
    )


def category(request: HttpRequest, slug: str, page: int = 1) -> HttpResponse:
    return term_archive(request, Category, slug, page)


def tag(request: HttpRequest, slug: str, page: int = 1) -> HttpResponse:
    return term_archive(request, Tag, slug, page)


def author(request: HttpRequest, username: str, page: int = 1) -> HttpResponse:
    person = get_object_or_404(get_user_model(), username=username)
    posts = edition_posts().filter(author=person)
    title, kwargs = author_title(person), {"username": username}
    return listing(
        request, posts, page, title, "author", kwargs, if_empty=_("No posts by this author.")
    )


def author_title(person) -> str:
    return _("Posts by %(name)s") % {"name": person.get_full_name() or person.username}


def _local_range(start: datetime.date, end: datetime.date) -> tuple[datetime.datetime, ...]:
    zone = timezone.get_current_timezone()
    return tuple(
        datetime.datetime.combine(day, datetime.time.min, tzinfo=zone) for day in (start, end)
    )


def year(request: HttpRequest, year: int, page: int = 1) -> HttpResponse:
    if not 1 <= year <= 9998:
        raise Http404
    start, end = _local_range(datetime.date(year, 1, 1), datetime.date(year + 1, 1, 1))
    posts = edition_posts().filter(published_at__gte=start, published_at__lt=end)
    if_empty = _("No posts in %(year)s.") % {"year": year}
    return listing(request, posts, page, str(year), "year", {"year": year}, if_empty=if_empty)


def month(request: HttpRequest, year: int, month: str, page: int = 1) -> HttpResponse:
    if not (month.isdigit() and len(month) == 2 and 1 <= int(month) <= 12 and 1 <= year <= 9998):
        raise Http404
    first = datetime.date(year, int(month), 1)
    last_day = calendar.monthrange(year, int(month))[1]
    start, end = _local_range(first, first + datetime.timedelta(days=last_day))
    posts = edition_posts().filter(published_at__gte=start, published_at__lt=end)
    title, kwargs = date_format(first, "YEAR_MONTH_FORMAT"), {"year": year, "month": month}
    return listing(request, posts, page, title, "month", kwargs, if_empty="")


def post(request: HttpRequest, year: int, month: str, day: str, slug: str) -> HttpResponse:
    edition = Edition.objects.current()
    posts = Post.objects.public().filter(edition=edition, kind=Post.Kind.POST, slug=slug)
    found = get_object_or_404(posts.select_related("author"))
    found.edition = edition
    canonical = found.get_absolute_url()
    if request.path != unquote(canonical):
        return redirect(canonical, permanent=True)
    return render_post(request, found)


def render_post(request: HttpRequest, shown: Post, preview: bool = False) -> HttpResponse:
    """A post or page with its comments, translations and neighbours."""
    comments = list(shown.comments.approved().order_by("created_at", "pk"))
    shown.approved_comments = len(comments)
    with_terms([shown])
    context = post_context(
        shown,
        translations=shown.translations_list() if preview else shown.public_translations(),
        threads=arrange(comments),
        preview=preview,
    )
    if shown.kind == Post.Kind.POST:
        context["previous_post"], context["next_post"] = shown.neighbours()
    return render(request, "blog/post.html", context)


def post_context(
    shown: Post, translations: list[Post], threads: list, preview: bool = False
) -> dict:
    """What a post or page shows besides its neighbours (`carnet build` makes it too).

    `shown.approved_comments` holds its number of approved comments.
    """
    return {
        "post": shown,
        "title": shown.title,
        "preview": preview,
        "translations": translations,
        # Like its text, a password-protected post's comments are not shown to readers.
        "comments": [] if shown.password and not preview else threads,
        "comment_count": shown.approved_comments,
        "related_links": list(shown.related_links.all()),
    }


def page(request: HttpRequest, path: str) -> HttpResponse:
    slug = path.rstrip("/").rsplit("/", 1)[-1]
    edition = Edition.objects.current()
    pages = Post.objects.public().pages().filter(edition=edition, slug=slug)
    found = get_object_or_404(pages.select_related("parent"))
    found.edition = edition
    if found.page_path() != path.strip("/"):
        return redirect(found.get_absolute_url(), permanent=True)
    return render_post(request, found)


@staff_member_required
def preview(request: HttpRequest, pk: int) -> HttpResponse:
    """Any post as readers would see it, drafts and scheduled posts included; writers only."""
    shown = get_object_or_404(Post.objects.select_related("edition"), pk=pk)
    with translation.override(shown.edition.language):
        request.LANGUAGE_CODE = shown.edition.language
        response = render_post(request, shown, preview=True)
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex"
    return response


def archives(request: HttpRequest) -> HttpResponse:
    edition = Edition.objects.current()
    posts = edition_posts()
    months = (
        posts.annotate(month=TruncMonth("published_at"))
        .values("month")
        .annotate(count=Count("pk"))
        .order_by("-month")
    )
    context = {
        "title": _("Archives"),
        "months": months,
        "categories": Category.objects.filter(edition=edition, posts__in=posts)
        .select_related("edition")
        .annotate(count=Count("posts", distinct=True))
        .order_by("name"),
        "tags": Tag.objects.filter(edition=edition, posts__in=posts)
        .select_related("edition")
        .annotate(count=Count("posts", distinct=True))
        .order_by("name"),
    }
    return render(request, "blog/archives.html", context)


def search(request: HttpRequest) -> HttpResponse:
    edition = Edition.objects.current()
    query = request.GET.get("q", "").strip()[:200]
    results = search_index.search_posts(edition, query)[:50] if query else []
    context = {"title": _("Search"), "query": query, "results": results}
    response = render(request, "blog/search.html", context)
    response["X-Robots-Tag"] = "noindex"
    return response


def robots_txt(request: HttpRequest) -> HttpResponse:
    sitemap_url = settings.BASE_URL + reverse("sitemap")
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /preview/",
        "",
        f"Sitemap: {sitemap_url}",
    ]
    for edition in Edition.objects.in_site_order():
        lines.insert(3, f"Disallow: {edition.reverse('search')}")
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """The 404 page, in the language of the edition the address belongs to."""
    response = render(request, "404.html", {"title": _("Page not found")}, status=404)
    return response
