import pytest

from carnet.content import FigureData, Rendered, render
from tests.content.hostile import HOSTILE_HTML, assert_harmless

HOSTILE_MARKDOWN = [
    "[x](javascript:alert(1))",
    "[x](JaVaScRiPt:alert(1))",
    "[x](<javascript:alert(1)>)",
    "[x](jav&#x09;ascript:alert(1))",
    "[x](&#106;avascript:alert(1))",
    "[x]( javascript:alert(1))",
    "[x](vbscript:msgbox(1))",
    "[x](data:text/html,<script>alert(1)</script>)",
    "![x](javascript:alert(1))",
    "![x](data:image/png;base64,AAAA)",
    '![x](data:image/png;base64,AAAA "Caption [AFP]")',
    '[![x](/ok.png "Caption")](javascript:alert(1))',
    "[x][evil]\n\n[evil]: javascript:alert(1)",
    "<javascript:alert(1)>",
    "Intro <!--more--> <script>alert(1)</script>",
    "<div>\n<!--more-->\n<img src=x onerror=alert(1)>\n</div>",
]


def hostile_resolver(slug):
    return FigureData(
        src="javascript:alert(1)",
        alt='" onerror="alert(1)',
        caption="<script>alert(1)</script>",
        srcset="data:image/png;base64,AAAA 2x",
        link="vbscript:msgbox(1)",
    )


@pytest.mark.parametrize("hostile", HOSTILE_HTML + HOSTILE_MARKDOWN)
def test_hostile_markdown_renders_harmless(hostile):
    rendered = render(hostile)
    assert_harmless(rendered.body_html)
    assert_harmless(rendered.excerpt_html)


@pytest.mark.parametrize("hostile", HOSTILE_HTML)
def test_hostile_html_source_renders_harmless(hostile):
    rendered = render(f"<p>Intro</p><!--more-->{hostile}", "html")
    assert_harmless(rendered.body_html)
    assert_harmless(rendered.excerpt_html)


def test_hostile_figure_from_the_resolver_renders_harmless():
    assert_harmless(render("[figure evil]", figure_resolver=hostile_resolver).body_html)


def test_post_without_marker_is_its_own_excerpt():
    rendered = render("One *paragraph*.")
    assert rendered == Rendered(
        "<p>One <em>paragraph</em>.</p>\n", "<p>One <em>paragraph</em>.</p>\n", False, None
    )


def test_marker_on_its_own_line_ends_the_excerpt():
    rendered = render("Intro.\n\n<!--more-->\n\nRest.")
    assert rendered.excerpt_html == "<p>Intro.</p>\n"
    assert rendered.body_html == '<p>Intro.</p>\n<span id="more"></span>\n<p>Rest.</p>\n'
    assert rendered.has_more


def test_more_marker_with_custom_text_ends_the_excerpt():
    rendered = render("Intro.\n\n<!--more Read the whole story-->\n\nRest.")
    assert rendered.excerpt_html == "<p>Intro.</p>\n"
    assert rendered.more_text == "Read the whole story"


def test_marker_inside_a_paragraph_cuts_the_excerpt_and_keeps_the_paragraph_whole():
    rendered = render("Intro *goes <!--more--> on* here.")
    assert rendered.excerpt_html == "<p>Intro <em>goes </em></p>"
    assert rendered.body_html == '<p>Intro <em>goes <span id="more"></span> on</em> here.</p>\n'


def test_marker_inside_a_list_leaves_a_closed_list_in_the_excerpt():
    rendered = render("- one\n- two <!--more-->\n- three")
    assert rendered.excerpt_html == "<ul>\n<li>one</li>\n<li>two </li></ul>"


def test_marker_in_a_code_fence_is_shown_not_obeyed():
    rendered = render("Type this:\n\n```\n<!--more-->\n```\n")
    assert not rendered.has_more
    assert "&lt;!--more--&gt;" in rendered.body_html


def test_marker_in_inline_code_is_shown_not_obeyed():
    rendered = render("Type `<!--more-->` to cut.")
    assert not rendered.has_more
    assert "<code>&lt;!--more--&gt;</code>" in rendered.body_html


def test_escaped_marker_is_shown_not_obeyed():
    assert not render(r"\<!--more-->").has_more


def test_first_of_two_markers_wins():
    rendered = render("One.\n\n<!--more First-->\n\nTwo.\n\n<!--more Second-->\n\nThree.")
    assert rendered.excerpt_html == "<p>One.</p>\n"
    assert rendered.more_text == "First"
    assert rendered.body_html.count('id="more"') == 1
    assert "Second" not in rendered.body_html


def test_reference_links_defined_after_the_marker_resolve_in_the_excerpt():
    rendered = render(
        "See [the source][src].\n\n<!--more-->\n\nRest.\n\n[src]: https://example.org/"
    )
    assert rendered.excerpt_html == '<p>See <a href="https://example.org/">the source</a>.</p>\n'


def test_footnotes_defined_after_the_marker_resolve_in_the_body():
    rendered = render("Claim.[^1]\n\n<!--more-->\n\nRest.\n\n[^1]: Source.")
    assert '<a href="#fn1" id="fnref1">[1]</a>' in rendered.excerpt_html
    assert '<li id="fn1" class="footnote-item"><p>Source.' in rendered.body_html


def test_noteaser_marker_is_dropped():
    rendered = render("<!--noteaser-->\n\nIntro.\n\n<!--more-->\n\nRest.")
    assert "noteaser" not in rendered.body_html
    assert rendered.excerpt_html.strip() == "<p>Intro.</p>"


def test_html_source_is_taken_as_html():
    rendered = render("<p>Intro *not emphasis*</p><!-- more Go on --><p>Rest</p>", "html")
    assert rendered == Rendered(
        '<p>Intro *not emphasis*</p><span id="more"></span><p>Rest</p>',
        "<p>Intro *not emphasis*</p>",
        True,
        "Go on",
    )


def test_figure_resolver_reaches_the_markdown():
    resolver = {"boat": FigureData("/boat.jpg", "A boat", "Harbour")}.get
    assert '<img src="/boat.jpg"' in render("[figure boat]", figure_resolver=resolver).body_html


def test_missing_figure_stays_visible_after_sanitising():
    assert render("[figure lost]").body_html == '<p class="figure-missing">[figure lost]</p>\n'


def test_unknown_source_format_is_refused():
    with pytest.raises(ValueError, match="textile"):
        render("h1. Title", "textile")
