from carnet.content import split_more
from carnet.content.more import MoreSplit, find_more_marker


def test_more_marker_ends_the_intro():
    assert split_more("Intro.\n\n<!--more-->\n\nRest.") == MoreSplit("Intro.", "Rest.", None)


def test_more_marker_with_custom_text_ends_the_excerpt():
    split = split_more("Intro.\n<!--more Continue reading the story -->\nRest.")
    assert split == MoreSplit("Intro.", "Rest.", "Continue reading the story")


def test_spaces_inside_the_marker_are_tolerated():
    assert split_more("a <!-- more --> b") == MoreSplit("a", " b", None)


def test_blank_custom_text_means_no_custom_text():
    assert split_more("a<!--more   -->b").more_text is None


def test_post_without_marker_has_no_rest():
    assert split_more("Just one paragraph.") == MoreSplit("Just one paragraph.", None, None)


def test_a_word_starting_with_more_is_not_a_marker():
    assert split_more("a <!--moreover--> b").rest is None


def test_first_of_two_markers_wins():
    split = split_more("one <!--more First--> two <!--more Second--> three")
    assert split == MoreSplit("one", " two <!--more Second--> three", "First")


def test_marker_in_a_backtick_fence_does_not_count():
    source = "Write this:\n\n```html\n<!--more-->\n```\n\nThat is all."
    assert split_more(source).rest is None


def test_marker_in_a_tilde_fence_does_not_count():
    source = "~~~\n<!--more-->\n~~~\n\nAfter.<!--more-->Rest"
    assert split_more(source) == MoreSplit("~~~\n<!--more-->\n~~~\n\nAfter.", "Rest", None)


def test_a_shorter_fence_does_not_close_a_longer_one():
    source = "````\n```\n<!--more-->\n````\n"
    assert split_more(source).rest is None


def test_marker_in_an_unclosed_fence_does_not_count():
    assert split_more("```\n<!--more-->\n").rest is None


def test_marker_in_inline_code_does_not_count():
    source = "Type `<!--more-->` where the excerpt ends.\n\n<!--more-->\n\nRest."
    split = split_more(source)
    assert split.intro == "Type `<!--more-->` where the excerpt ends."
    assert split.rest == "Rest."


def test_marker_in_double_backtick_code_holding_a_backtick_does_not_count():
    assert split_more("``a ` <!--more--> b``").rest is None


def test_a_lone_backtick_does_not_hide_the_marker():
    assert split_more("a ` b <!--more--> c").rest == " c"


def test_code_spans_do_not_run_across_paragraphs():
    assert split_more("a ` b\n\n<!--more-->\n\nc ` d").intro == "a ` b"


def test_inline_code_with_three_backticks_is_not_a_fence():
    assert split_more("```x``` <!--more--> y").rest == " y"


def test_noteaser_marker_is_dropped():
    split = split_more("<!--noteaser-->\nIntro <!--more--> rest <!-- noteaser -->")
    assert split == MoreSplit("\nIntro", " rest ", None)


def test_noteaser_marker_is_dropped_without_more_marker():
    assert split_more("a<!--noteaser-->b") == MoreSplit("ab", None, None)


def test_marker_is_found_in_html():
    html = "<p>a</p>\n<!-- more Read on -->\n<p>b</p>"
    marker = find_more_marker(html)
    assert marker is not None
    assert html[marker.start : marker.end] == "<!-- more Read on -->"
    assert marker.more_text == "Read on"


def test_escaped_marker_or_marker_in_an_attribute_is_not_a_marker_in_html():
    assert find_more_marker('<p title="<!--more-->">&lt;!--more--&gt;</p>') is None


def test_marker_is_found_after_windows_line_endings():
    html = "<p>a</p>\r\n<p>b\rc</p>\r\n<!--more-->"
    marker = find_more_marker(html)
    assert marker is not None
    assert html[marker.start : marker.end] == "<!--more-->"
