"""Every page of a filled site, the admin's included, carries the CSP and the security headers,
and holds nothing the CSP would block (inline scripts, style attributes, event handlers).

The test crawls the site as a reader (from / and /fr/, every same-site link: feeds, sitemap,
archives, pages, posts, search, media) and then as a writer through the admin.
"""

from __future__ import annotations

import datetime
import io
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import pytest
from django.conf import settings
from django.contrib import admin
from django.core.files.base import ContentFile
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from PIL import Image

from carnet.blog.models import Category, Figure, Post, Tag
from carnet.comments.models import Comment

pytestmark = pytest.mark.django_db

HTML_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
}
DATA_SCRIPTS = {"application/json", "application/ld+json"}
NEVER_FOLLOWED = ("/admin/logout/",)
MAX_PAGES = 400


class PageParser(HTMLParser):
    """The links of a page, and what in it a strict CSP would refuse to run or apply."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.blocked: list[str] = []
        self.in_inline_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        for name, value in attrs:
            if name.startswith("on"):
                self.blocked.append(f"<{tag} {name}=…>")
            if name == "style":
                self.blocked.append(f"<{tag} style={value!r}>")
            if name in ("href", "src", "action") and value:
                if value.strip().lower().startswith("javascript:"):
                    self.blocked.append(f"<{tag} {name}={value!r}>")
                elif not (tag == "form" and (found.get("method") or "get").lower() == "post"):
                    self.links.append(value)
        has_nonce = bool(found.get("nonce"))
        script_type = (found.get("type") or "").lower()
        if tag == "script" and not (found.get("src") or has_nonce or script_type in DATA_SCRIPTS):
            self.blocked.append("inline <script>")
        if tag == "style" and not has_nonce:
            self.blocked.append("inline <style>")


def same_site_path(base: str, link: str) -> str | None:
    """The path (and query) of a link to this site, or None for another site or a fragment."""
    url = urljoin(base, link.split("#", 1)[0])
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https"):
        return None
    if parts.netloc not in ("testserver", urlsplit(settings.BASE_URL).netloc):
        return None
    return parts.path + (f"?{parts.query}" if parts.query else "")


def check_page(client, path: str, problems: list[str]) -> list[str]:
    """Fetch one address, note what is wrong with it, and return the addresses it links to."""
    response = client.get(path, follow=False)
    if response.status_code in (301, 302):
        return [response["Location"]]
    if response.status_code >= 500:
        problems.append(f"{path}: status {response.status_code}")
        return []
    if response.get("X-Content-Type-Options") != "nosniff":
        problems.append(f"{path}: no X-Content-Type-Options: nosniff")
    if not response.get("Content-Type", "").startswith("text/html") or response.streaming:
        return []
    for name, value in HTML_HEADERS.items():
        if response.get(name) != value:
            problems.append(f"{path}: {name} is {response.get(name)!r}")
    policy = response.get("Content-Security-Policy", "")
    if "script-src 'self'" not in policy or "unsafe-inline" in policy:
        problems.append(f"{path}: Content-Security-Policy is {policy!r}")
    if "frame-ancestors 'none'" not in policy:
        problems.append(f"{path}: the CSP lets other sites frame it")
    if "camera=()" not in response.get("Permissions-Policy", ""):
        problems.append(f"{path}: no Permissions-Policy")
    parser = PageParser()
    parser.feed(response.content.decode("utf-8"))
    problems.extend(f"{path}: {what}" for what in parser.blocked)
    return parser.links


def crawl(
    client, starts: list[str], inside: tuple[str, ...] = ("/",), queries: bool = True
) -> tuple[set[str], list[str]]:
    """Visit every same-site address reachable from `starts` (under `inside`).

    Without `queries`, links with a query string (the admin's sorting and filters: the same
    pages again) are not followed.
    """
    queue, seen, problems = list(starts), set(), []
    while queue and len(seen) < MAX_PAGES:
        path = queue.pop(0)
        if path in seen or path.startswith(NEVER_FOLLOWED) or not path.startswith(inside):
            continue
        seen.add(path)
        for link in check_page(client, path, problems):
            found = same_site_path(f"http://testserver{path}", link)
            if found and found not in seen and (queries or "?" not in found):
                queue.append(found)
    return seen, problems


@pytest.fixture
def filled_site(en, fr, writer, make_post):
    """Posts in both editions with terms, a page, approved comments and a figure."""
    buffer = io.BytesIO()
    Image.new("RGB", (800, 500), "#446688").save(buffer, format="JPEG")
    figure = Figure(slug="harbour", alt="Boats")
    figure.image = ContentFile(buffer.getvalue(), name="harbour.jpg")
    figure.save()
    for edition in (en, fr):
        walks = Category.objects.create(edition=edition, name="Walks", slug="walks")
        rain = Tag.objects.create(edition=edition, name="Rain", slug="rain")
        for number in range(3):
            post = make_post(
                edition=edition,
                title=f"Walk {number} {edition.language}",
                body="Intro.\n\n[figure harbour]\n\n<!--more-->\n\nThe rest.",
                categories=[walks],
                tags=[rain],
                published_at=timezone.now() - datetime.timedelta(days=40 * number + 1),
            )
            Comment.objects.create(
                post=post, author_name="Reader", body="Nice.", status=Comment.Status.APPROVED
            )
        make_post(edition=edition, kind=Post.Kind.PAGE, title="About", body="Me.")
    return figure


def test_every_readers_page_carries_the_csp_and_security_headers(client, filled_site):
    seen, problems = crawl(client, ["/", "/fr/", "/sitemap.xml", "/search/?q=walk", "/admin/"])
    assert problems == []
    kinds = ("/feed/", "/sitemap.xml", "/archives/", "/category/walks/", "/fr/tag/rain/")
    for expected in (*kinds, "/about/", "/media/", "/static/", "/admin/login/"):
        assert any(path.startswith(expected) for path in seen), f"the crawl missed {expected}"
    assert any("/walk-0-en/" in path for path in seen)


def admin_pages() -> list[str]:
    """The admin's index, and each registered model's list and add page."""
    pages = ["/admin/", "/admin/password_change/"]
    for model in admin.site._registry:
        meta = model._meta
        for view in ("changelist", "add"):
            try:
                pages.append(reverse(f"admin:{meta.app_label}_{meta.model_name}_{view}"))
            except NoReverseMatch:
                continue
    return pages


def test_every_admin_page_carries_the_csp_and_holds_nothing_it_would_block(
    client, filled_site, django_user_model
):
    boss = django_user_model.objects.create_superuser("boss", password="a long password 42")
    client.force_login(boss)
    post = Post.objects.filter(kind=Post.Kind.POST).first()
    starts = [*admin_pages(), f"/admin/blog/post/{post.pk}/change/", f"/preview/{post.pk}/"]
    seen, problems = crawl(client, starts, inside=("/admin/", "/preview/"), queries=False)
    assert problems == []
    assert (
        "/admin/blog/post/add/" in seen and f"/admin/blog/figure/{filled_site.pk}/change/" in seen
    )


def test_the_admin_sign_in_page_carries_the_csp_and_security_headers(client):
    problems: list[str] = []
    check_page(client, "/admin/login/", problems)
    assert problems == []


def test_uploaded_media_is_served_with_nosniff(client, filled_site):
    response = client.get(filled_site.image.url)
    assert response.status_code == 200
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Type"] == "image/jpeg"
