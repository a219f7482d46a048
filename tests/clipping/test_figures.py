"""Reading a figure's caption and photo credit, the way news sites write them."""

from __future__ import annotations

import pytest
from lxml import html as lxml_html

from carnet.clipping.figures import image_source, read_figure, split_caption


@pytest.mark.parametrize(
    ("caption", "expected"),
    [
        ("Hives after the snowfall. [Lena Ortiz]", ("Hives after the snowfall.", "Lena Ortiz")),
        ("Friday on the quay. Photo: Arno Pell", ("Friday on the quay.", "Arno Pell")),
        ("Le premier fer. Photo : Yann Coadou", ("Le premier fer.", "Yann Coadou")),
        ("The old mill (Photo: A. Brun)", ("The old mill", "A. Brun")),
        ("A survey post. (© Coastal Office)", ("A survey post.", "Coastal Office")),
        ("La halle | Crédit photo : Studio Nord", ("La halle", "Studio Nord")),
        ("Sand fences near the car park", ("Sand fences near the car park", "")),
        ("A map of 1890 (redrawn)", ("A map of 1890 (redrawn)", "")),
    ],
)
def test_a_credit_at_the_end_of_a_caption_is_cut_off(caption, expected):
    assert split_caption(caption) == expected


def figure(markup: str):
    return read_figure(lxml_html.fragment_fromstring(markup), "https://paper.example/a/b")


def test_a_credit_element_wins_and_loses_its_label():
    found = figure(
        '<figure><img src="/i/mill.jpg" alt="Mill">'
        '<figcaption>The mill in May <span class="photo-credit">Photograph: Jo Vale</span>'
        "</figcaption></figure>"
    )
    assert (found.caption, found.credit) == ("The mill in May", "Jo Vale")
    assert found.src == "https://paper.example/i/mill.jpg"


def test_a_wordpress_caption_is_read_too():
    found = figure(
        '<div class="wp-caption"><img src="https://cdn.example/weir.jpg" alt="Weir">'
        '<p class="wp-caption-text">The weir in flood. © Town archive</p></div>'
    )
    assert (found.alt, found.caption, found.credit) == (
        "Weir",
        "The weir in flood.",
        "Town archive",
    )


def test_a_figure_without_an_image_is_not_a_figure():
    assert (
        figure("<figure><blockquote>Words</blockquote><figcaption>Ann</figcaption></figure>")
        is None
    )


@pytest.mark.parametrize(
    ("markup", "expected"),
    [
        ('<img src="data:image/gif;base64,R0lGOD" data-src="/lazy.jpg">', "/lazy.jpg"),
        ('<img data-lazy-src="/lazy2.jpg">', "/lazy2.jpg"),
        ('<img srcset="/s.jpg 480w, /l.jpg 1600w, /m.jpg 960w">', "/l.jpg"),
        ('<img srcset="/one.jpg 1x, /two.jpg 2x">', "/two.jpg"),
        ('<img src="javascript:alert(1)">', ""),
    ],
)
def test_an_image_address_is_the_real_one_made_absolute(markup, expected):
    image = lxml_html.fragment_fromstring(markup)
    wanted = f"https://paper.example{expected}" if expected else ""
    assert image_source(image, "https://paper.example/a/b") == wanted
