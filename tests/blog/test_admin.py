"""The writer's admin: posts and pages, the live preview, translations, figures, editions."""

from __future__ import annotations

import datetime
import io
import re
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django.utils.formats import date_format
from PIL import Image

from carnet.blog.management.commands.createuser import writers_group
from carnet.blog.models import Category, Edition, Figure, Page, Post, Tag

PASSWORD = "a long enough password 42"


@pytest.fixture
def staff(client, writer) -> Client:
    """The test client, signed in as a writer of the Writers group."""
    writer.groups.add(writers_group())
    client.force_login(writer)
    return client


@pytest.fixture
def media(settings, tmp_path) -> Path:
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def jpeg(width: int = 2000, height: int = 1200, name: str = "harbour.jpg") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), (40, 90, 160)).save(buffer, format="JPEG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


def form_data(post: Post | None = None, **fields) -> dict:
    """What the admin's post form sends: `post`'s values (or a new post's), changed by `fields`."""
    when = timezone.localtime(post.published_at if post else timezone.now())
    links = list(post.related_links.all()) if post else []
    data = {
        "title": post.title if post else "",
        "standfirst": post.standfirst if post else "",
        "body": post.body if post else "",
        "body_format": post.body_format if post else "markdown",
        "excerpt": "",
        "edition": post.edition_id if post else Edition.objects.get(language="en").pk,
        "status": post.status if post else "draft",
        "published_at_0": when.strftime("%Y-%m-%d"),
        "published_at_1": when.strftime("%H:%M:%S"),
        "author": (post.author_id or "") if post else "",
        "slug": post.slug if post else "",
        "comments_open": "on",
        "translation_of": (post.translation_of_id or "") if post else "",
        "featured_figure": "",
        "source_publication": "",
        "source_author": "",
        "source_title": "",
        "source_date": "",
        "source_url": "",
        "menu_order": "0",
        "parent": "",
        "related_links-TOTAL_FORMS": str(len(links)),
        "related_links-INITIAL_FORMS": str(len(links)),
        "related_links-MIN_NUM_FORMS": "0",
        "related_links-MAX_NUM_FORMS": "1000",
    }
    for n, link in enumerate(links):
        data.update(
            {
                f"related_links-{n}-id": link.pk,
                f"related_links-{n}-post": post.pk,
                f"related_links-{n}-title": link.title,
                f"related_links-{n}-url": link.url,
                f"related_links-{n}-position": link.position,
            }
        )
    if post is not None:
        data["categories"] = [c.pk for c in post.categories.all()]
        data["tags"] = [t.pk for t in post.tags.all()]
    data.update(fields)
    return data


def change_url(post: Post) -> str:
    return f"/admin/blog/{'page' if post.kind == 'page' else 'post'}/{post.pk}/change/"


# Every screen opens -----------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "/admin/",
        "/admin/blog/post/",
        "/admin/blog/post/add/",
        "/admin/blog/page/",
        "/admin/blog/page/add/",
        "/admin/blog/edition/",
        "/admin/blog/category/",
        "/admin/blog/category/add/",
        "/admin/blog/tag/",
        "/admin/blog/tag/add/",
        "/admin/blog/figure/",
        "/admin/blog/figure/add/",
    ],
)
def test_every_list_and_add_form_opens_for_a_writer(staff, en, fr, url):
    assert staff.get(url).status_code == 200


def test_every_change_form_opens_for_a_writer(staff, en, make_post, media):
    category = Category.objects.create(edition=en, name="Politics")
    tag = Tag.objects.create(edition=en, name="Ferries")
    post = make_post(title="A post", categories=[category], tags=[tag])
    page = Page.objects.create(edition=en, title="About")
    figure = Figure.objects.create(slug="harbour", alt="The harbour", image=jpeg(600, 400))
    for url in [
        change_url(post),
        change_url(page),
        f"/admin/blog/edition/{en.pk}/change/",
        f"/admin/blog/category/{category.pk}/change/",
        f"/admin/blog/tag/{tag.pk}/change/",
        f"/admin/blog/figure/{figure.pk}/change/",
    ]:
        assert staff.get(url).status_code == 200, url


def test_the_admin_is_called_carnet_and_links_to_the_site(staff, en):
    response = staff.get("/admin/")
    assert response.context["site_header"] == "Carnet"
    assert response.context["site_title"] == "Carnet"
    assert response.context["site_url"] == "/"
    assert "<title>" in response.text and "| Carnet</title>" in response.text


def test_admin_pages_carry_no_inline_script(staff, make_post):
    post = make_post()
    for url in ["/admin/blog/post/", change_url(post), "/admin/blog/post/add/"]:
        html = staff.get(url).text
        for tag in re.findall(r"<script[^>]*>", html):
            assert "src=" in tag or 'type="application/json"' in tag, (url, tag)
        assert " style=" not in html


# Writing and saving -----------------------------------------------------------


def test_writing_a_post_through_the_admin_renders_its_body(staff, en, writer):
    data = form_data(
        title="The ferry timetable",
        body="The *new* timetable.\n\n<!--more-->\n\nThe rest.",
        author=writer.pk,
        **{
            "related_links-TOTAL_FORMS": "1",
            "related_links-INITIAL_FORMS": "0",
            "related_links-0-title": "The operator's page",
            "related_links-0-url": "https://example.com/ferry",
            "related_links-0-position": "0",
        },
    )
    response = staff.post("/admin/blog/post/add/", data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    post = Post.objects.get(title="The ferry timetable")
    assert post.kind == Post.Kind.POST
    assert "<em>new</em>" in post.body_html
    assert post.has_more and post.excerpt_html.strip() == "<p>The <em>new</em> timetable.</p>"
    assert post.slug == "the-ferry-timetable"
    assert post.author == writer
    assert [link.url for link in post.related_links.all()] == ["https://example.com/ferry"]


def test_a_new_post_is_by_the_writer_signed_in_and_in_the_default_edition(staff, en, writer):
    form = staff.get("/admin/blog/post/add/").context["adminform"].form
    assert form["author"].value() == writer.pk
    assert form["edition"].value() == en.pk


def test_a_page_written_in_the_admin_is_a_page_with_its_parent(staff, en):
    about = Page.objects.create(edition=en, title="About", status="published")
    data = form_data(title="Colophon", body="Made with care.", parent=about.pk, menu_order="3")
    response = staff.post("/admin/blog/page/add/", data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    page = Post.objects.get(title="Colophon")
    assert page.kind == Post.Kind.PAGE
    assert page.parent == about and page.menu_order == 3


def test_the_posts_list_leaves_pages_out_and_the_pages_list_posts(staff, en, make_post):
    make_post(title="A real post")
    Page.objects.create(edition=en, title="An about page")
    posts = staff.get("/admin/blog/post/").text
    pages = staff.get("/admin/blog/page/").text
    assert "A real post" in posts and "An about page" not in posts
    assert "An about page" in pages and "A real post" not in pages


def test_a_post_is_found_by_a_word_of_its_body(staff, make_post):
    make_post(title="Timetables", body="The ferry leaves at dawn.")
    make_post(title="Elections", body="Votes were counted.")
    response = staff.get("/admin/blog/post/", {"q": "dawn"})
    assert [p.title for p in response.context["cl"].result_list] == ["Timetables"]


def test_categories_offered_are_those_of_the_posts_edition(staff, en, fr, make_post):
    ours = Category.objects.create(edition=en, name="Politics")
    Category.objects.create(edition=fr, name="Politique")
    post = make_post(edition=en)
    form = staff.get(change_url(post)).context["adminform"].form
    assert list(form.fields["categories"].queryset) == [ours]


def test_a_category_of_another_edition_is_refused(staff, en, fr, make_post):
    theirs = Category.objects.create(edition=fr, name="Politique")
    post = make_post(edition=en)
    response = staff.post(change_url(post), form_data(post, categories=[theirs.pk]))
    assert response.status_code == 200
    assert "categories" in response.context["adminform"].form.errors
    assert not post.categories.exists()


def test_translation_of_offers_only_originals_in_other_editions(staff, en, fr, make_post):
    english = make_post(edition=en, title="Ferry")
    french = make_post(edition=fr, title="Bac", translation_of=english)
    other_english = make_post(edition=en, title="Elections")
    form = staff.get(change_url(french)).context["adminform"].form
    offered = set(form.fields["translation_of"].queryset)
    assert english in offered and other_english in offered
    assert french not in offered
    form = staff.get(change_url(english)).context["adminform"].form
    assert set(form.fields["translation_of"].queryset) == set()


# The live preview -------------------------------------------------------------


def test_the_body_textarea_carries_the_preview_endpoint_and_its_script(staff, en):
    response = staff.get("/admin/blog/post/add/")
    assert 'data-preview-url="/admin/blog/post/markdown-preview/"' in response.text
    assert 'src="/static/carnet/admin/preview.js"' in response.text
    assert 'href="/static/carnet/admin/writing.css"' in response.text


def test_the_preview_renders_markdown(staff, en):
    response = staff.post(
        "/admin/blog/post/markdown-preview/",
        {
            "body": "Some *emphasis* and a [link](https://example.com).",
            "body_format": "markdown",
            "edition": en.pk,
        },
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    html = response.json()["html"]
    assert "<em>emphasis</em>" in html and 'href="https://example.com"' in html


def test_the_preview_sanitises_scripts(staff, en):
    body = 'Hello <script>alert("x")</script><img src="x" onerror="alert(1)">'
    html = staff.post("/admin/blog/post/markdown-preview/", {"body": body}).json()["html"]
    assert "<script" not in html and "alert" not in html and "onerror" not in html


def test_the_preview_renders_imported_html_too(staff, en):
    body = "<p>Imported <b>text</b></p><script>bad()</script>"
    data = {"body": body, "body_format": "html"}
    response = staff.post("/admin/blog/post/markdown-preview/", data)
    assert response.json()["html"] == "<p>Imported <b>text</b></p>"


def test_the_preview_shows_where_the_excerpt_ends(staff, en):
    body = "The opening.\n\n<!--more Read the whole story-->\n\nThe rest."
    html = staff.post("/admin/blog/post/markdown-preview/", {"body": body}).json()["html"]
    opening, rest = html.split('class="carnet-more-cut"')
    assert "The opening." in opening and "The rest." in rest
    assert "Excerpt ends here" in rest and "Read the whole story" in rest


def test_the_preview_shows_figures_by_their_slug_in_the_editions_language(staff, en, fr, media):
    figure = Figure.objects.create(slug="harbour", alt="The harbour", image=jpeg(600, 400))
    figure.translations.create(language="fr", alt="Le port")
    html = staff.post(
        "/admin/blog/post/markdown-preview/", {"body": "[figure harbour]", "edition": fr.pk}
    ).json()["html"]
    assert '<figure class="figure">' in html and 'alt="Le port"' in html


def test_the_preview_refuses_anonymous_visitors(client, en):
    response = client.post("/admin/blog/post/markdown-preview/", {"body": "x"})
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_the_preview_refuses_get(staff, en):
    assert staff.get("/admin/blog/post/markdown-preview/", {"body": "x"}).status_code == 405


def test_the_preview_requires_the_csrf_token(writer, en):
    writer.groups.add(writers_group())
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(writer)
    assert browser.post("/admin/blog/post/markdown-preview/", {"body": "*x*"}).status_code == 403
    form_page = browser.get("/admin/blog/post/add/")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form_page.text).group(1)
    response = browser.post(
        "/admin/blog/post/markdown-preview/", {"body": "*x*"}, headers={"X-CSRFToken": token}
    )
    assert response.status_code == 200
    assert "<em>x</em>" in response.json()["html"]


def test_the_preview_refuses_staff_who_may_not_write(client, django_user_model, en):
    reader = django_user_model.objects.create_user("reader", password=PASSWORD, is_staff=True)
    client.force_login(reader)
    assert client.post("/admin/blog/post/markdown-preview/", {"body": "x"}).status_code == 403


# Drafts, previews, scheduling and actions -------------------------------------


def test_a_draft_links_to_its_preview_and_a_public_post_to_its_address(staff, make_post):
    draft = make_post(title="Unfinished", status=Post.Status.DRAFT)
    public = make_post(title="Out there")
    listing = staff.get("/admin/blog/post/").text
    assert f'href="/preview/{draft.pk}/">Preview</a>' in listing
    assert f'href="{public.get_absolute_url()}">View on site</a>' in listing
    form = staff.get(change_url(draft)).text
    assert f'href="/preview/{draft.pk}/" class="viewsitelink">Preview</a>' in form


def test_a_scheduled_post_links_to_its_preview(staff, make_post):
    later = timezone.now() + datetime.timedelta(days=3)
    scheduled = make_post(title="Tomorrow's news", published_at=later)
    assert f'href="/preview/{scheduled.pk}/">Preview</a>' in staff.get("/admin/blog/post/").text


def test_the_preview_page_shows_a_draft_to_writers_only(staff, make_post):
    draft = make_post(title="Unfinished", status=Post.Status.DRAFT)
    assert staff.get(f"/preview/{draft.pk}/").status_code == 200
    anonymous = Client().get(f"/preview/{draft.pk}/")
    assert anonymous.status_code == 302 and "/admin/login/" in anonymous["Location"]


def test_a_scheduled_post_is_listed_as_scheduled_for_its_date(staff, make_post):
    later = timezone.now() + datetime.timedelta(days=3)
    make_post(title="Tomorrow's news", published_at=later)
    make_post(title="Yesterday's news")
    listing = staff.get("/admin/blog/post/").text
    assert listing.count("Scheduled for ") == 1
    assert f"Scheduled for {date_format(timezone.localtime(later), 'DATETIME_FORMAT')}" in listing


def test_the_status_filter_tells_scheduled_posts_from_live_ones(staff, make_post):
    make_post(title="Tomorrow's news", published_at=timezone.now() + datetime.timedelta(days=3))
    make_post(title="Yesterday's news")
    make_post(title="Unfinished", status=Post.Status.DRAFT)

    def titles(status: str) -> list[str]:
        response = staff.get("/admin/blog/post/", {"status": status})
        return [p.title for p in response.context["cl"].result_list]

    assert titles("scheduled") == ["Tomorrow's news"]
    assert titles("live") == ["Yesterday's news"]
    assert titles("draft") == ["Unfinished"]


def test_publish_now_publishes_drafts_and_scheduled_posts_at_once(staff, make_post):
    long_ago = timezone.now() - datetime.timedelta(days=30)
    draft = make_post(status=Post.Status.DRAFT, published_at=long_ago)
    scheduled = make_post(published_at=timezone.now() + datetime.timedelta(days=3))
    before = timezone.now()
    response = staff.post(
        "/admin/blog/post/",
        {"action": "publish_now", "_selected_action": [draft.pk, scheduled.pk]},
        follow=True,
    )
    assert "2 items published." in response.text
    for post in (draft, scheduled):
        post.refresh_from_db()
        assert post.is_public and post.published_at >= before


def test_make_draft_takes_posts_off_the_site(staff, make_post):
    post = make_post()
    staff.post("/admin/blog/post/", {"action": "make_draft", "_selected_action": [post.pk]})
    post.refresh_from_db()
    assert post.status == Post.Status.DRAFT
    assert not Post.objects.public().filter(pk=post.pk).exists()


# Translations -----------------------------------------------------------------


def test_the_translations_panel_offers_to_translate_a_missing_edition(staff, en, fr, make_post):
    original = make_post(edition=en, title="Ferry")
    panel = staff.get(change_url(original)).text
    assert "carnet-state-missing" in panel
    assert f'href="/admin/blog/post/add/?translation_of={original.pk}&amp;edition={fr.pk}"' in panel
    assert "(this post)" in panel and "original" in panel


def test_the_translate_link_prefills_the_add_form_from_the_original(staff, en, fr, make_post):
    Category.objects.create(edition=en, name="Politics")
    politique = Category.objects.create(edition=fr, name="Politique")
    original = make_post(edition=en, title="Ferry", standfirst="Boats.", body="The *ferry*.")
    response = staff.get("/admin/blog/post/add/", {"translation_of": original.pk, "edition": fr.pk})
    form = response.context["adminform"].form
    assert form["translation_of"].value() == str(original.pk)
    assert form["edition"].value() == str(fr.pk)
    assert form["title"].value() == "Ferry"
    assert form["standfirst"].value() == "Boats."
    assert form["body"].value() == "The *ferry*."
    assert form["translation_up_to_date"].value() is True
    assert list(form.fields["categories"].queryset) == [politique]


def test_a_translation_saved_as_up_to_date_shows_so_in_the_panel(staff, en, fr, make_post):
    original = make_post(edition=en, title="Ferry", body="The ferry.")
    data = form_data(
        title="Bac",
        body="Le bac.",
        edition=fr.pk,
        translation_of=original.pk,
        translation_up_to_date="on",
    )
    assert staff.post("/admin/blog/post/add/", data).status_code == 302
    translation = Post.objects.get(title="Bac")
    assert translation.translation_state() == "up to date"
    panel = staff.get(change_url(original)).text
    assert "carnet-state-up-to-date" in panel and "carnet-state-missing" not in panel
    assert f'href="{change_url(translation)}"' in panel


def test_editing_the_original_makes_its_translation_outdated(staff, en, fr, make_post):
    original = make_post(edition=en, title="Ferry", body="The ferry.")
    staff.post(
        "/admin/blog/post/add/",
        form_data(
            title="Bac",
            body="Le bac.",
            edition=fr.pk,
            translation_of=original.pk,
            translation_up_to_date="on",
        ),
    )
    translation = Post.objects.get(title="Bac")
    assert "carnet-state-up-to-date" in staff.get(change_url(translation)).text
    response = staff.post(change_url(original), form_data(original, body="The ferry, again."))
    assert response.status_code == 302
    panel = staff.get(change_url(translation)).text
    assert "carnet-state-outdated" in panel
    assert "source changed since the translation" in panel


def test_ticking_up_to_date_brings_an_outdated_translation_back(staff, en, fr, make_post):
    original = make_post(edition=en, title="Ferry")
    translation = make_post(edition=fr, title="Bac", translation_of=original)
    assert translation.translation_state() == "outdated"
    staff.post(change_url(translation), form_data(translation))
    translation.refresh_from_db()
    assert translation.translation_state() == "outdated"  # not ticked: unchanged
    staff.post(change_url(translation), form_data(translation, translation_up_to_date="on"))
    translation.refresh_from_db()
    assert translation.translation_state() == "up to date"


def test_the_side_by_side_page_shows_the_original_and_its_translations(staff, en, fr, make_post):
    original = make_post(edition=en, title="Ferry", standfirst="Boats.", body="The *ferry*.")
    make_post(
        edition=fr, title="Bac", standfirst="Bateaux.", body="Le *bac*.", translation_of=original
    )
    response = staff.get(f"/admin/blog/post/{original.pk}/translations/")
    assert response.status_code == 200
    columns = response.text.split('class="carnet-column ')[1:]
    assert len(columns) == 2
    assert "Ferry" in columns[0] and "Boats." in columns[0] and "<em>ferry</em>" in columns[0]
    assert "Bac" in columns[1] and "Bateaux." in columns[1] and "<em>bac</em>" in columns[1]
    form = staff.get(change_url(original)).text
    assert f'href="/admin/blog/post/{original.pk}/translations/"' in form


def test_the_side_by_side_page_is_for_writers_only(client, make_post):
    original = make_post()
    response = client.get(f"/admin/blog/post/{original.pk}/translations/")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_the_posts_list_shows_each_posts_languages(staff, en, fr, make_post):
    original = make_post(edition=en, title="Ferry")
    translation = make_post(edition=fr, title="Bac", translation_of=original)
    make_post(edition=en, title="Alone")
    cl = staff.get("/admin/blog/post/").text
    rows = {
        title: row
        for row in cl.split("<tr")
        for title in ("Ferry", "Bac", "Alone")
        if f">{title}<" in row
    }
    assert "EN ✓" in rows["Ferry"] and "FR ⚠" in rows["Ferry"]
    assert "EN ✓" in rows["Bac"] and "FR ⚠" in rows["Bac"]
    assert "EN ✓" in rows["Alone"] and "FR ✗" in rows["Alone"]
    translation.mark_translation_up_to_date()
    translation.save()
    assert "FR ⚠" not in staff.get("/admin/blog/post/").text


def test_the_posts_list_takes_as_many_queries_for_many_posts_as_for_few(staff, en, fr, make_post):
    def add_group(n: int) -> None:
        original = make_post(edition=en, title=f"Original {n}")
        make_post(edition=fr, title=f"Traduction {n}", translation_of=original)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert staff.get("/admin/blog/post/").status_code == 200
        return len(captured)

    add_group(0)
    few = queries()
    for n in range(1, 8):
        add_group(n)
    assert queries() == few


# Figures ----------------------------------------------------------------------


def test_uploading_a_figure_makes_its_renditions(staff, media):
    response = staff.post(
        "/admin/blog/figure/add/",
        {
            "image": jpeg(2000, 1200),
            "slug": "harbour",
            "alt": "Boats in the harbour at dawn",
            "caption": "The harbour",
            "credit": "Annie",
            "translations-TOTAL_FORMS": "1",
            "translations-INITIAL_FORMS": "0",
            "translations-MIN_NUM_FORMS": "0",
            "translations-MAX_NUM_FORMS": "1000",
            "translations-0-language": "fr",
            "translations-0-alt": "Des bateaux au port",
            "translations-0-caption": "Le port",
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    figure = Figure.objects.get(slug="harbour")
    assert (figure.width, figure.height) == (2000, 1200)
    for width in (480, 960, 1600):
        with Image.open(media / figure.rendition_name(width)) as rendition:
            assert rendition.width == width
    assert figure.text_in("fr") == ("Des bateaux au port", "Le port")


def test_a_figure_needs_its_alt_text(staff, media):
    response = staff.post(
        "/admin/blog/figure/add/",
        {
            "image": jpeg(800, 600),
            "slug": "harbour",
            "alt": "",
            "translations-TOTAL_FORMS": "0",
            "translations-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 200
    assert "alt" in response.context["adminform"].form.errors
    assert not Figure.objects.exists()


def test_figures_show_their_smallest_rendition_and_shortcode(staff, media):
    figure = Figure.objects.create(slug="harbour", alt="The harbour", image=jpeg(2000, 1200))
    listing = staff.get("/admin/blog/figure/").text
    assert f'src="/media/{figure.rendition_name(480)}"' in listing
    assert "[figure harbour]" in listing
    form = staff.get(f"/admin/blog/figure/{figure.pk}/change/").text
    assert '<code class="carnet-shortcode">[figure harbour]</code>' in form
    assert 'class="carnet-thumb"' in form


def test_a_small_figure_is_its_own_thumbnail(staff, media):
    figure = Figure.objects.create(slug="icon", alt="An icon", image=jpeg(300, 200))
    assert f'src="{figure.image.url}"' in staff.get("/admin/blog/figure/").text


# Editions, categories, tags ---------------------------------------------------


def test_editions_are_edited_but_never_added_or_deleted(staff, en):
    assert staff.get("/admin/blog/edition/add/").status_code == 403
    assert staff.get(f"/admin/blog/edition/{en.pk}/delete/").status_code == 403
    data = {
        "title": "Notes from the field",
        "tagline": "Small news",
        "description": "",
        "edition_note": "",
        "more_text": "More",
        "footer_credit": "",
        "posts_per_page": "5",
    }
    assert staff.post(f"/admin/blog/edition/{en.pk}/change/", data).status_code == 302
    en.refresh_from_db()
    assert (en.title, en.posts_per_page, en.language) == ("Notes from the field", 5, "en")


def test_categories_are_listed_by_edition(staff, en, fr):
    Category.objects.create(edition=en, name="Politics")
    Category.objects.create(edition=fr, name="Politique")
    response = staff.get("/admin/blog/category/", {"edition__id__exact": fr.pk})
    assert [c.name for c in response.context["cl"].result_list] == ["Politique"]


def test_a_tag_is_added_with_its_slug(staff, fr):
    response = staff.post(
        "/admin/blog/tag/add/", {"edition": fr.pk, "name": "Élections", "slug": "elections"}
    )
    assert response.status_code == 302
    assert Tag.objects.get(edition=fr).slug == "elections"
    assert "slug" in staff.get("/admin/blog/tag/add/").context["prepopulated_fields_json"]
