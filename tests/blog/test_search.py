"""Full-text search within an edition, through the search pages and search_posts itself."""

from __future__ import annotations

import datetime
import html
import re

import pytest
from django.core import serializers
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from carnet.blog import search
from carnet.blog.models import Post

pytestmark = pytest.mark.django_db

sqlite_only = pytest.mark.skipif(
    connection.vendor != "sqlite", reason="only SQLite keeps a separate index table"
)


# A result's title on the search page (the Jinja2 theme gives tests no response.context).
RESULT_TITLE = re.compile(r'<li><h2><a href="[^"]*">(.*?)</a></h2>')


def found_titles(client, url: str) -> list[str]:
    """The titles of the results a reader sees, best first."""
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return [html.unescape(title) for title in RESULT_TITLE.findall(response.content.decode())]


def days_ago(n: float) -> datetime.datetime:
    return timezone.now() - datetime.timedelta(days=n)


# Accents and case -------------------------------------------------------------------


def test_a_word_typed_without_accents_finds_it_written_with_them(client, make_post, fr):
    make_post(edition=fr, title="Les élections municipales", body="Un dimanche de vote.")
    assert found_titles(client, "/fr/search/?q=elections") == ["Les élections municipales"]


def test_a_word_typed_with_accents_finds_it_written_without(client, make_post):
    make_post(title="Election night", body="Counting until dawn.")
    assert found_titles(client, "/search/?q=élection") == ["Election night"]


def test_capitals_and_accents_in_the_body_are_folded_too(client, make_post, fr):
    make_post(edition=fr, title="Au village", body="ÉLECTION du maire, un peu de pluie.")
    assert found_titles(client, "/fr/search/?q=Élection") == ["Au village"]
    assert found_titles(client, "/fr/search/?q=election") == ["Au village"]


def test_ligatures_are_found_spelt_out(client, make_post, fr):
    make_post(edition=fr, title="Le chef-d’œuvre", body="Une œuvre de jeunesse.")
    assert found_titles(client, "/fr/search/?q=oeuvre") == ["Le chef-d’œuvre"]


# What is searched ---------------------------------------------------------------------


def test_a_french_post_is_not_found_from_the_english_search_page(client, make_post, fr):
    make_post(edition=fr, title="Un marché aux puces", body="Brocante du dimanche.")
    make_post(title="A flea market", body="Brocante on Sunday.")
    assert found_titles(client, "/search/?q=brocante") == ["A flea market"]
    assert found_titles(client, "/fr/search/?q=brocante") == ["Un marché aux puces"]


def test_drafts_private_and_scheduled_posts_are_not_found(client, make_post):
    make_post(title="Draft heron", status=Post.Status.DRAFT)
    make_post(title="Private heron", status=Post.Status.PRIVATE)
    make_post(title="Scheduled heron", published_at=timezone.now() + datetime.timedelta(days=2))
    make_post(title="Published heron")
    assert found_titles(client, "/search/?q=heron") == ["Published heron"]


def test_pages_are_found_as_well_as_posts(client, make_post):
    make_post(title="About", kind=Post.Kind.PAGE, body="Who writes the moorland notes.")
    make_post(title="Moorland walk", body="Heather everywhere.")
    assert set(found_titles(client, "/search/?q=moorland")) == {"About", "Moorland walk"}


def test_standfirst_and_body_are_searched_but_not_html_tags(client, make_post):
    make_post(title="One", standfirst="A note on kestrels.")
    make_post(title="Two", body="Some **bold** words about buzzards.")
    assert found_titles(client, "/search/?q=kestrels") == ["One"]
    assert found_titles(client, "/search/?q=buzzards") == ["Two"]
    assert found_titles(client, "/search/?q=strong") == []


def test_every_word_of_the_query_must_match(client, make_post):
    make_post(title="Red kite", body="Seen over the valley.")
    make_post(title="Red squirrel", body="Seen in the pines.")
    assert found_titles(client, "/search/?q=red+valley") == ["Red kite"]


def test_the_last_word_also_matches_as_the_start_of_a_word(client, make_post):
    make_post(title="Lichens", body="Photographs taken close up.")
    assert found_titles(client, "/search/?q=photo") == ["Lichens"]


def test_a_match_in_the_title_ranks_above_matches_in_the_body(client, make_post):
    make_post(
        title="What I learnt about gardening in a wet year",
        body="Slugs, mostly. Then mildew, and a few good potatoes at the end of it all.",
        published_at=days_ago(5),
    )
    make_post(
        title="Weekly notes",
        body="Gardening, gardening, gardening: a week of it.",
        published_at=days_ago(1),
    )
    assert found_titles(client, "/search/?q=gardening") == [
        "What I learnt about gardening in a wet year",
        "Weekly notes",
    ]


# Keeping the index in step --------------------------------------------------------------


def test_an_edited_post_is_found_by_its_new_words_only(client, make_post):
    post = make_post(title="Swifts", body="They arrive in May.")
    post.body = "They leave in August."
    post.save()
    assert found_titles(client, "/search/?q=august") == ["Swifts"]
    assert found_titles(client, "/search/?q=may") == []


def test_a_deleted_post_is_no_longer_found(client, make_post):
    post = make_post(title="Nightjar", body="Churring at dusk.")
    post.delete()
    assert found_titles(client, "/search/?q=nightjar") == []


@sqlite_only
def test_a_deleted_post_leaves_the_index_table(make_post):
    def rows(pk: int) -> int:
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM blog_post_search WHERE rowid = %s", [pk])
            return cursor.fetchone()[0]

    post = make_post(title="Owl", body="Hooting.")
    pk = post.pk
    assert rows(pk) == 1
    post.delete()
    assert rows(pk) == 0


def test_a_post_loaded_from_a_fixture_is_found(client, make_post):
    post = make_post(title="Lapwing", body="Its call: peewit.")
    data = serializers.serialize("json", [post])
    post.delete()
    for loaded in serializers.deserialize("json", data):
        loaded.save()  # a raw save, as loaddata does
    assert found_titles(client, "/search/?q=peewit") == ["Lapwing"]


@sqlite_only
def test_reindex_rebuilds_a_lost_index(client, make_post, capsys):
    make_post(title="Curlew", body="A long bill.")
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM blog_post_search")
    assert found_titles(client, "/search/?q=curlew") == []
    call_command("reindex")
    assert "Indexed 1 posts" in capsys.readouterr().out
    assert found_titles(client, "/search/?q=curlew") == ["Curlew"]


def test_reindex_runs_on_every_database(make_post, capsys):
    make_post(title="Dunlin")
    call_command("reindex")
    assert capsys.readouterr().out.strip()


# Whatever the reader types ---------------------------------------------------------------

# Each of these is a syntax error, or worse, in FTS5 or to_tsquery when passed through raw.
# fmt: off
HOSTILE_QUERIES = [
    '"', "'", "*", "**", "-", ":", "^", "(", ")", "()", "\\", "\x00", "&", "|", "!",
    "NEAR(heron dusk)", "heron NEAR dusk", "heron OR dusk", "heron AND NOT dusk", "-heron",
    "title:heron", '"heron', "heron:*", "heron & | !dusk", "'heron'", "heron\\", "a <-> b",
    "x' OR '1'='1", "%", "%%_",
]
# fmt: on


@pytest.mark.parametrize("query", HOSTILE_QUERIES)
def test_hostile_queries_get_a_page_not_an_error(client, make_post, query):
    make_post(title="Heron at dusk")
    response = client.get("/search/", {"q": query})
    assert response.status_code == 200


@pytest.mark.parametrize("query", ['"heron"', "heron*", "(heron)", "-heron", "heron:", '"heron" *'])
def test_query_syntax_is_read_as_plain_words(make_post, en, query):
    make_post(title="Heron at dusk")
    assert [p.title for p in search.search_posts(en, query)] == ["Heron at dusk"]


@pytest.mark.parametrize("query", ["", "   ", "*", "- : ( )", '""', "\x00"])
def test_a_query_without_words_finds_nothing(make_post, en, query):
    make_post(title="Heron at dusk")
    assert list(search.search_posts(en, query)) == []


def test_an_empty_query_shows_the_search_form(client):
    response = client.get("/search/?q=")
    assert response.status_code == 200
    assert 'name="q"' in response.content.decode()
    assert found_titles(client, "/search/?q=") == []


def test_results_can_be_cut_to_the_first_fifty(make_post, en):
    for n in range(3):
        make_post(title=f"Wren {n}")
    results = search.search_posts(en, "wren")[:50]
    assert len(list(results)) == 3
