from hypothesis import given, settings
from hypothesis import strategies as st

from carnet.content import fold_accents, plain_text


def test_plain_text_drops_tags_and_decodes_entities():
    assert plain_text("<p>Fish &amp; <em>chips</em> &eacute;t&#233;</p>") == "Fish & chips été"


def test_plain_text_keeps_words_of_adjacent_blocks_apart():
    assert plain_text("<h2>Title</h2><p>First</p><ul><li>one</li><li>two</li></ul>") == (
        "Title First one two"
    )


def test_plain_text_does_not_split_words_at_inline_tags():
    assert plain_text("<p>H<sub>2</sub>O is <strong>wet</strong>ter</p>") == "H2O is wetter"


def test_plain_text_collapses_whitespace():
    assert plain_text("  <p>a\n\n   b\t c</p>  ") == "a b c"


def test_plain_text_leaves_out_scripts_and_styles():
    assert plain_text("<p>a</p><script>var x;</script><style>p{}</style><p>b</p>") == "a b"


def test_plain_text_of_a_line_break_is_a_space():
    assert plain_text("one<br>two") == "one two"


def test_fold_accents_drops_accents_and_case():
    assert fold_accents("Élection") == "election"


def test_fold_accents_spells_out_ligatures():
    assert fold_accents("Œuvre Æsop Straße") == "oeuvre aesop strasse"


def test_fold_accents_leaves_other_scripts_alone():
    assert fold_accents("Москва") == "москва"


# Pieces whose text or markup a chunk boundary may cut in two.
PIECES = [
    "<p>",
    "</p>",
    "word ",
    "café&nbsp;",
    "&amp;",
    "&#233;t&eacute; ",
    '<a href="/x?a=1&amp;b=2" title="a > b">link</a>',
    "<script>if (a < b) { x = '</p>'; }</script>",
    "<!-- a comment with <p> inside -->",
    '<img alt="" srcset="' + "/media/a.jpg 640w, " * 40 + '">',
    "  \n\t ",
    "<em>in</em>line",
]


@given(st.lists(st.sampled_from(PIECES), max_size=300), st.integers(min_value=0, max_value=400))
@settings(max_examples=300, deadline=None)
def test_plain_text_read_in_part_is_the_start_of_the_whole_text(pieces, enough):
    html = "".join(pieces)
    whole = plain_text(html)
    start = plain_text(html, enough=enough)
    assert whole.startswith(start)
    assert start == whole or len(start) > enough


def test_plain_text_stops_reading_a_long_text_once_it_has_enough():
    html = "<p>" + "many words here " * 5000 + "</p><p>the end</p>"
    assert len(plain_text(html, enough=300)) < 2000
    assert plain_text(html).endswith("the end")
