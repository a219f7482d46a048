"""Extraction: metadata, text blocks in order, figures with captions and credits."""

from __future__ import annotations

import datetime

import pytest

from carnet.clipping import ClipError
from carnet.clipping.extract import Article, extract_article
from carnet.clipping.pages import read_html
from tests.clipping.conftest import DATA


def article(name: str, url: str = "") -> Article:
    return extract_article(read_html((DATA / name).read_bytes()), url=url)


def kinds(found: Article) -> list[str]:
    return [block.kind for block in found.blocks]


def test_the_article_metadata_comes_from_the_page_description():
    found = article("article_with_figure.html", "https://ledger.example/s/ferry")
    assert found.title == "Harbour town votes to keep its night ferry"
    assert found.standfirst.startswith("After a year of trial crossings")
    assert found.authors == ("Maud Kerleau", "Tobias Wren")
    assert found.publication == "The Coastal Ledger"
    assert found.published == datetime.date(2026, 3, 4)
    assert found.url == "https://ledger.example/2026/03/04/night-ferry"
    assert found.language == "en"


def test_the_text_keeps_sub_headings_quotes_lists_and_figures_in_order():
    found = article("article_with_figure.html", "https://ledger.example/s/ferry")
    assert kinds(found) == [
        "figure",
        "paragraph",
        "paragraph",
        "heading",
        "paragraph",
        "quote",
        "paragraph",
        "figure",
        "heading",
        "paragraph",
        "list",
        "paragraph",
        "paragraph",
    ]
    headings = [block.text for block in found.blocks if block.kind == "heading"]
    assert headings == ["A boat for the night shift", "What it will cost"]
    listed = next(block for block in found.blocks if block.kind == "list")
    assert len(listed.lines) == 3


def test_the_headline_standfirst_and_byline_are_not_repeated_in_the_text():
    found = article("article_with_figure.html", "https://ledger.example/s/ferry")
    texts = " ".join(block.text for block in found.blocks)
    assert found.title not in texts
    assert "After a year of trial crossings" not in texts
    assert "By Maud Kerleau" not in texts


def test_figures_keep_their_caption_and_credit_and_lazy_images_their_real_address():
    lead, queue = article("article_with_figure.html", "https://ledger.example/s/ferry").figures
    assert lead.src == "https://ledger.example/media/ferry-at-dusk.jpg"
    assert lead.alt == "A small white ferry leaving the quay at dusk"
    assert lead.caption == "The last crossing of the evening leaves the north quay."
    assert lead.credit == "Ines Calloway"
    assert queue.src == "https://img.ledger.example/quay-queue.jpg"
    assert (queue.caption, queue.credit) == ("Friday evening on the quay.", "Arno Pell")


def test_a_figure_in_a_sidebar_is_not_part_of_the_article():
    found = article("article_with_figure.html", "https://ledger.example/s/ferry")
    assert all("lighthouse" not in figure.src for figure in found.figures)


def test_a_photo_credit_in_brackets_is_cut_off_the_caption():
    hives, frames = article("photo_credit_in_brackets.html").figures
    assert hives.caption == "Hives above the village of Sorle after the March snowfall."
    assert hives.credit == "Lena Ortiz / Courier Pictures"
    assert hives.src == "https://cdn.courier.example/hives-800.jpg"
    assert (frames.caption, frames.credit) == (
        "Checking frames in the association's teaching apiary",
        "Courier Pictures",
    )


def test_json_ld_in_a_graph_gives_the_author_and_publisher():
    found = article("photo_credit_in_brackets.html")
    assert found.authors == ("Priya Halden",)
    assert found.publication == "Valley Courier"
    assert found.published == datetime.date(2026, 4, 18)
    assert found.url == "https://courier.example/news/beekeepers-winter-losses?ref=home"


def test_a_figure_sits_after_the_paragraph_it_follows_on_the_page():
    found = article("photo_credit_in_brackets.html")
    assert kinds(found)[:3] == ["paragraph", "figure", "paragraph"]
    assert found.blocks[0].text.startswith("Half of the beekeepers")


def test_a_live_blog_keeps_every_entry_with_its_time_in_page_order():
    found = article("live_blog.html")
    headings = [block.text for block in found.blocks if block.kind == "heading"]
    assert headings == [
        "11:40 · Coastal path closed until Thursday",
        "09:15 · Schools stay open, buses do not",
        "06:05 · Orange warning for wind",
    ]
    assert found.standfirst.startswith("Follow the storm")
    assert "Follow the storm" not in " ".join(block.text for block in found.blocks)
    assert found.blocks[-1].kind == "quote"


def test_a_paywall_teaser_gives_the_free_part_only_and_says_so():
    found = article("paywall_teaser.html")
    texts = " ".join(block.text for block in found.blocks if block.kind != "figure")
    assert texts.startswith("At six in the morning")
    assert "Subscribe" not in texts and "subscribers" not in texts
    assert found.paywalled


def test_without_a_figure_the_sharing_image_opens_the_article():
    found = article("paywall_teaser.html")
    assert found.blocks[0].kind == "figure"
    lead = found.figures[0]
    assert lead.src == "https://review.example/images/cannery-floor.jpg"
    assert lead.alt == "Workers in white coats at a long steel table"


def test_a_french_page_is_in_french_with_its_credit_after_photo_colon():
    found = article("french_article.html")
    assert found.language == "fr"
    assert found.title == "À Lanvoën, la dernière forge du canton rallume ses feux"
    assert found.publication == "L’Écho des Abers"
    assert found.authors == ("Gwenola Le Bihan",)
    assert found.published == datetime.date(2026, 5, 9)
    (forge,) = found.figures
    assert forge.src == "https://echo-abers.example/images/forge-enclume.jpg"
    assert (forge.caption, forge.credit) == (
        "Le premier fer forgé depuis douze ans, samedi matin.",
        "Yann Coadou",
    )
    texts = " ".join(block.text for block in found.blocks)
    assert "Par Gwenola Le Bihan" not in texts


def test_a_page_declared_iso_8859_1_is_read_as_browsers_read_it():
    data = (DATA / "latin1_article.html").read_bytes()
    text = read_html(data)
    # œ is not in ISO-8859-1: pages that say so are windows-1252, where it is 0x9c.
    assert "Le cœur du vieux marché" in text
    found = extract_article(text)
    assert found.title == "Le cœur du vieux marché bat encore"
    assert "maraîchère" in found.blocks[1].text


def test_a_page_that_declares_no_language_is_guessed_from_its_words():
    assert article("latin1_article.html").language == "fr"


def test_the_charset_the_server_declares_comes_before_the_page_meta():
    data = "<html><head><meta charset='iso-8859-1'></head><p>Crème brûlée</p></html>"
    assert "Crème brûlée" in read_html(data.encode("utf-8"), declared="utf-8")


def test_a_pdf_is_not_an_html_page():
    with pytest.raises(ClipError, match="report.pdf is not (text|an HTML page)"):
        data = (DATA / "annual_report.pdf").read_bytes()
        extract_article(read_html(data, where="report.pdf"), where="report.pdf")


def test_plain_text_is_not_an_html_page():
    with pytest.raises(ClipError, match="notes.txt is not an HTML page"):
        extract_article("Just a few words, no markup at all.", where="notes.txt")


DUNES = """<html lang="en"><head><title>Dunes on the move</title></head><body><article>
<h1>Dunes on the move</h1>
<figure><img src="https://cdn.example/image/7001" alt="Dune crest">
<figcaption>The crest at dawn. Photo: R. Amsel</figcaption></figure>
<p>The dunes north of the estuary moved eleven metres inland last winter, according to the
survey published by the coastal office on Monday morning.</p>
<figure><img src="https://cdn.example/image/7002" alt="Marker post">
<figcaption>A survey post, half buried. (© Coastal Office)</figcaption></figure>
<figure><img src="https://cdn.example/image/7003" alt="Fence"></figure>
<p>The office wants to plant marram grass along the whole front and close two of the paths
that walkers use to reach the beach in summer.</p>
</article><aside><p>Most read</p><figure><img src="https://cdn.example/image/9" alt="Ad">
</figure></aside></body></html>"""


def test_figures_the_extractor_drops_are_put_back_where_they_stood_in_page_order():
    found = extract_article(DUNES, url="https://paper.example/dunes")
    assert kinds(found) == ["figure", "paragraph", "figure", "figure", "paragraph"]
    assert [figure.src[-4:] for figure in found.figures] == ["7001", "7002", "7003"]
    assert found.figures[1].credit == "Coastal Office"


def test_a_live_blog_without_json_ld_is_recognised_by_its_dated_entries():
    page = (DATA / "live_blog.html").read_text()
    page = (
        page[: page.index('<script type="application/ld+json">')]
        + page[page.index("</script>") + len("</script>") :]
    )
    headings = [block.text for block in extract_article(page).blocks if block.kind == "heading"]
    assert headings[-1] == "06:05 · Orange warning for wind"
    assert len(headings) == 3
