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
