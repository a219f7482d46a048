"""Editions are read once per request, and a change to one is seen by the next request."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext

from carnet.blog.models import Edition
from carnet.blog.models import editions as edition_module


def edition_queries(queries: CaptureQueriesContext) -> list[str]:
    return [q["sql"] for q in queries.captured_queries if 'FROM "blog_edition"' in q["sql"]]


def test_a_page_reads_the_editions_once(client, make_post, en, fr):
    post = make_post(title="Once")
    with CaptureQueriesContext(connection) as queries:
        response = client.get(post.get_absolute_url())
    assert response.status_code == 200
    assert len(edition_queries(queries)) == 1


def test_an_edition_changed_between_requests_shows_on_the_next_page(client, en, fr):
    assert "Field Notes" in client.get("/").text
    en.title = "New Notes"
    en.save()
    assert "New Notes" in client.get("/").text
    Edition.objects.filter(pk=fr.pk).update(title="Autres notes")  # no signal: a new request
    assert "Autres notes" in client.get("/").text


def test_an_edition_saved_during_a_request_is_read_again(en, fr):
    # What request_started and request_finished do (sending them would also close the
    # database connection the test runs in).
    edition_module._start_request()
    try:
        assert Edition.objects.current().title == "Field Notes"
        en.title = "Saved meanwhile"
        en.save()
        assert Edition.objects.current().title == "Saved meanwhile"
        assert [e.language for e in fr.others()] == ["en"]
    finally:
        edition_module._end_request()


def test_outside_a_request_every_call_reads_the_database(en):
    Edition.objects.filter(pk=en.pk).update(title="Changed")
    assert Edition.objects.current().title == "Changed"
    with CaptureQueriesContext(connection) as queries:
        Edition.objects.in_site_order()
        Edition.objects.in_site_order()
    assert len(edition_queries(queries)) == 2


def test_an_edition_links_to_the_same_addresses_as_django_reverse(en, fr):
    from django.urls import reverse
    from django.utils import translation

    for edition in (en, fr):
        for name, kwargs in (
            ("home", {}),
            ("post", {"year": 2024, "month": "03", "day": "05", "slug": "café"}),
            ("page", {"path": "about/team"}),
            ("category_page", {"slug": "rivers", "page": 2}),
        ):
            with translation.override(edition.language):
                expected = reverse(f"blog:{name}", kwargs=kwargs or None)
            assert edition.reverse(name, **kwargs) == expected
            assert edition.reverse(name, **kwargs) == expected  # from the cache
