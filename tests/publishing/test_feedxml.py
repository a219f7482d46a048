"""feedxml writes the text Django's SimplerXMLGenerator and feed generators write."""

from __future__ import annotations

import datetime
from io import StringIO

import pytest
from django.utils.feedgenerator import Atom1Feed, Enclosure, Rss201rev2Feed
from django.utils.xmlutils import SimplerXMLGenerator, UnserializableContentError

from carnet.publishing.feedxml import (
    XMLText,
    atom_elements,
    atom_root_elements,
    rss_elements,
    rss_root_elements,
)

AWKWARD = [
    "",
    "plain",
    "Tom & Jerry <b>bold</b> > less",
    'it\'s "quoted"',
    "both ' and \"",
    "line one\nline two\r\n\ttabbed",
    "Café – naïve 東京 🙂",
    "&amp; already escaped",
    "  spaces  ",
]


def django_text(calls) -> str:
    out = StringIO()
    calls(SimplerXMLGenerator(out, "utf-8", short_empty_elements=True))
    return out.getvalue()


def carnet_text(calls) -> str:
    handler = XMLText("utf-8")
    calls(handler)
    return handler.text()


def same_text(calls) -> str:
    expected = django_text(calls)
    assert carnet_text(calls) == expected
    return expected


@pytest.mark.parametrize("text", AWKWARD)
def test_text_and_attributes_are_escaped_and_quoted_as_django_does(text):
    def calls(handler):
        handler.startDocument()
        handler.startElement("feed", {"z": text, "a": "first", "xml:lang": "fr"})
        handler.addQuickElement("title", text)
        handler.addQuickElement("link", "", {"href": text, "rel": "alternate"})
        handler.addQuickElement("category", None, {"term": text})
        handler.startElement("author", {})
        handler.characters(text)
        handler.endElement("author")
        handler.endElement("feed")

    same_text(calls)


def test_empty_elements_are_short_whether_without_content_or_children():
    def calls(handler):
        handler.startElement("feed", {})
        handler.addQuickElement("title")
        handler.addQuickElement("subtitle", "")
        handler.startElement("author", {})
        handler.characters("")
        handler.endElement("author")
        handler.startElement("entry", {"a": "1"})
        handler.endElement("entry")
        handler.endElement("feed")

    assert same_text(calls) == '<feed><title/><subtitle/><author/><entry a="1"/></feed>'


def test_a_processing_instruction_closes_the_open_tag_as_django_does():
    def calls(handler):
        handler.startDocument()
        handler.processingInstruction("xml-stylesheet", 'href="/s.xsl" type="text/xsl"')
        handler.startElement("rss", {"version": "2.0"})
        handler.processingInstruction("pi", "data")
        handler.endElement("rss")

    same_text(calls)


@pytest.mark.parametrize("control", ["\x00", "\x08", "\x0b", "\x1f"])
@pytest.mark.parametrize("where", ["text", "attribute"])
def test_control_characters_are_refused_as_django_refuses_them(control, where):
    def calls(handler):
        if where == "text":
            handler.addQuickElement("title", f"long text {'x' * 300} {control}")
        else:
            handler.addQuickElement("link", "", {"href": f"https://a.example/{control}"})

    with pytest.raises(UnserializableContentError):
        django_text(calls)
    with pytest.raises(UnserializableContentError):
        carnet_text(calls)


# In one piece ---------------------------------------------------------------------------

PARIS = datetime.timezone(datetime.timedelta(hours=2))
WHEN = datetime.datetime(2024, 3, 31, 1, 30, tzinfo=PARIS)
FEEDS = {
    "plain": {},
    "awkward": {
        "title": AWKWARD[2],
        "link": 'https://a.example/café/?a=1&b="2"',
        "description": AWKWARD[5],
        "subtitle": AWKWARD[3],
        "categories": AWKWARD,
        "author_name": AWKWARD[6],
        "feed_copyright": AWKWARD[4],
    },
    "everything": {
        "language": "fr",
        "feed_url": "https://a.example/feed/",
        "author_name": "Me",
        "author_email": "me@a.example",
        "author_link": "https://me.example/",
        "subtitle": "",
        "feed_copyright": "",
        "feed_guid": "urn:uuid:1",
        "ttl": "60",
    },
    "author without name": {"author_email": "me@a.example"},
}


@pytest.mark.parametrize("name", FEEDS)
@pytest.mark.parametrize(
    ("generator_class", "write"),
    [(Atom1Feed, atom_root_elements), (Rss201rev2Feed, rss_root_elements)],
)
def test_a_feeds_own_elements_are_written_as_django_writes_them(name, generator_class, write):
    values = {"title": "T", "link": "https://a.example/", "description": "D", **FEEDS[name]}
    generator = generator_class(**values)
    generator.add_item(title="I", link="https://a.example/i/", description="", pubdate=WHEN)
    expected = django_text(generator.add_root_elements)
    assert write(generator.feed, generator.latest_post_date()) == expected


def item(**values) -> dict:
    """An item as a generator's add_item makes it."""
    generator = Atom1Feed(title="t", link="https://a.example/", description="d")
    arguments = {"title": "T", "link": "https://a.example/p/", "description": "D", **values}
    generator.add_item(**arguments)
    return generator.items[0]


ITEMS = {
    "plain": item(),
    "awkward": item(
        title=AWKWARD[2],
        link='https://a.example/café/?a=1&b="2"',
        description=AWKWARD[5] + AWKWARD[3],
        categories=AWKWARD,
        author_name=AWKWARD[6],
    ),
    "dated": item(pubdate=WHEN, updateddate=WHEN + datetime.timedelta(days=2)),
    "naive date": item(pubdate=datetime.datetime(2024, 1, 2, 3, 4)),
    "no description": item(description=None),
    "empty texts": item(title="", description="", author_name=""),
    "author with all": item(
        author_name="Bo", author_email="bo@a.example", author_link="https://bo/"
    ),
    "author email only": item(author_email="bo@a.example"),
    "author link, no name": item(author_link="https://bo/"),
    "guid": item(unique_id="tag:a.example,2024:1", unique_id_is_permalink=False),
    "permalink guid": item(unique_id="https://a.example/p/", unique_id_is_permalink=True),
    "no guid": item(pubdate=WHEN),
    "comments and ttl": item(comments="https://a.example/p/#c", ttl="60"),
}


def django_item(generator_class, values: dict) -> str:
    return django_text(lambda handler: generator_class.add_item_elements(None, handler, values))


@pytest.mark.parametrize("name", ITEMS)
def test_an_atom_item_is_written_as_atom1feed_writes_it(name):
    assert atom_elements(ITEMS[name]) == django_item(Atom1Feed, ITEMS[name])


@pytest.mark.parametrize("name", ITEMS)
def test_an_rss_item_is_written_as_rss201rev2feed_writes_it(name):
    assert rss_elements(ITEMS[name]) == django_item(Rss201rev2Feed, ITEMS[name])


def test_items_with_enclosures_or_rights_are_left_to_django():
    enclosure = Enclosure("https://a.example/a.mp3", "10", "audio/mpeg")
    assert atom_elements(item(enclosures=[enclosure])) is None
    assert atom_elements(item(item_copyright="")) is None
    assert rss_elements(item(enclosures=[enclosure])) is None
    assert rss_elements(item(item_copyright="© me")) is not None  # RSS 2.0 has no rights
