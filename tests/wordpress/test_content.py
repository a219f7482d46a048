"""WordPress content as WordPress shows it: paragraphs, blocks, captions, embeds, markers."""

from __future__ import annotations

import pytest

from carnet.blog.models import Post
from carnet.content import render
from carnet.wordpress.content import autop, convert_body, strip_blocks


def test_blank_lines_make_paragraphs_and_single_newlines_line_breaks():
    assert autop("One\ntwo\n\nThree") == "<p>One<br>\ntwo</p>\n\n<p>Three</p>"


def test_block_elements_stand_apart_from_the_text_around_them():
    html = autop("Before\n<blockquote>Quoted</blockquote>\nAfter")
    assert html == "<p>Before</p>\n\n<blockquote>Quoted</blockquote>\n\n<p>After</p>"


def test_preformatted_text_keeps_its_blank_lines():
    html = autop("<pre>a\n\nb</pre>")
    assert "<pre>a\n\nb</pre>" in html


def test_gutenberg_comments_go_and_the_more_block_keeps_its_custom_text():
    text = (
        "<!-- wp:paragraph -->\n<p>Intro</p>\n<!-- /wp:paragraph -->\n"
        '<!-- wp:more {"customText":"Read on"} -->\n<!--more Read on-->\n<!-- /wp:more -->\n'
        "<!-- wp:paragraph -->\n<p>Rest</p>\n<!-- /wp:paragraph -->\n"
        "<!-- wp:separator /-->"
    )
    stripped = strip_blocks(text)
    assert "wp:" not in stripped
    assert "<!--more Read on-->" in stripped


def test_block_content_is_not_given_extra_paragraphs():
    html = convert_body("<!-- wp:paragraph -->\n<p>One\ntwo</p>\n<!-- /wp:paragraph -->")
    assert html == "<p>One\ntwo</p>"


def test_a_caption_becomes_a_figure_with_caption_and_credit():
    html = convert_body(
        '[caption id="attachment_1" width="300"]<img src="https://x.example/a.jpg" alt="A"> '
        "Low tide [Photo: Annie][/caption]"
    )
    assert '<figure class="figure"><img src="https://x.example/a.jpg" alt="A">' in html
    assert '<figcaption>Low tide <span class="figure-credit">[Photo: Annie]</span>' in html


def test_an_old_style_caption_attribute_is_used():
    html = convert_body('[caption caption="From the dyke"]<img src="/a.jpg" alt="">[/caption]')
    assert "<figcaption>From the dyke</figcaption>" in html


def test_embeds_and_bare_urls_become_links():
    html = convert_body("Look:\n\nhttps://video.example/v/1\n\n[embed]https://x.example/e[/embed]")
    assert '<a href="https://video.example/v/1">https://video.example/v/1</a>' in html
    assert '<a href="https://x.example/e">' in html


def test_audio_and_video_shortcodes_become_players():
    html = convert_body('[audio mp3="https://x.example/s.mp3"][/audio]\n\n[video src="/v.mp4"]')
    assert '<audio controls src="https://x.example/s.mp3">' in html
    assert '<video controls src="/v.mp4">' in html


def test_nextpage_becomes_a_visible_break_and_the_post_shows_whole():
    html = convert_body("Page one\n\n<!--nextpage-->\n\nPage two")
    assert '<hr class="page-break">' in html
    assert "Page two" in render(html, "html").body_html


def test_the_more_marker_with_custom_text_survives_conversion():
    rendered = render(convert_body("Intro\n\n<!--more Keep going-->\n\nRest"), "html")
    assert rendered.has_more
    assert rendered.more_text == "Keep going"
    assert "Rest" not in rendered.excerpt_html


def test_hostile_markup_in_content_is_sanitised_at_render():
    rendered = render(convert_body('<script>alert(1)</script><a href="javascript:x">y</a>'), "html")
    assert "script" not in rendered.body_html
    assert "javascript" not in rendered.body_html


@pytest.mark.django_db
def test_imported_caption_gallery_and_more_reach_the_post_page(run_import, client):
    run_import("classic_blog.xml")
    heron = Post.objects.get(slug="heron-back")
    assert heron.body_format == Post.Format.HTML
    assert heron.has_more and heron.more_text == "Read about the heron"
    page = client.get(heron.get_absolute_url()).content.decode()
    assert "<figcaption>The heron at low tide" in page
    assert 'class="gallery"' in page
    assert page.count('<figure class="figure">') >= 3  # the caption and the gallery's two
    assert "Second page of the heron." in page
    listing = client.get("/").content.decode()
    assert "Read about the heron" in listing
    assert "Second page of the heron." not in listing
