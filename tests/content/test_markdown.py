from carnet.content import FigureData
from carnet.content.markdown import render_markdown


def boat_resolver(slug):
    if slug == "harbour-boat":
        return FigureData("/media/boat.jpg", "A boat", "The harbour at dawn", "AFP", 800, 600)
    return None


def test_titled_image_alone_in_a_paragraph_becomes_a_figure_with_caption_and_credit():
    html = render_markdown('![A boat](/boat.jpg "The harbour at dawn [AFP]")')
    assert html == (
        '<figure class="figure"><img src="/boat.jpg" alt="A boat" loading="lazy"'
        ' decoding="async"><figcaption>The harbour at dawn'
        ' <span class="figure-credit">[AFP]</span></figcaption></figure>\n'
    )


def test_image_without_title_stays_an_inline_image():
    assert (
        render_markdown("![A boat](/boat.jpg)") == '<p><img src="/boat.jpg" alt="A boat" /></p>\n'
    )


def test_titled_image_within_text_stays_inline():
    assert "<figure" not in render_markdown('See ![A boat](/boat.jpg "Harbour") here.')


def test_linked_titled_image_becomes_a_linked_figure():
    html = render_markdown('[![A boat](/boat.jpg "Harbour")](/boat-large.jpg)')
    assert html.startswith('<figure class="figure"><a href="/boat-large.jpg"><img src="/boat.jpg"')
    assert "<figcaption>Harbour</figcaption>" in html


def test_figure_alt_is_the_plain_text_of_the_image_description():
    assert 'alt="A big boat"' in render_markdown('![A *big* boat](/boat.jpg "Harbour")')


def test_figure_caption_from_markdown_is_escaped():
    html = render_markdown('![A](/a.jpg "Tom & <b>Jerry</b> [<i>AFP</i>]")')
    assert "Tom &amp; &lt;b&gt;Jerry&lt;/b&gt; " in html
    assert "[&lt;i&gt;AFP&lt;/i&gt;]" in html


def test_figure_shortcode_is_resolved():
    html = render_markdown("Before.\n\n[figure harbour-boat]\n\nAfter.", boat_resolver)
    assert (
        '<figure class="figure"><img src="/media/boat.jpg" alt="A boat" width="800"'
        ' height="600" loading="lazy" decoding="async"><figcaption>The harbour at dawn'
        ' <span class="figure-credit">[AFP]</span></figcaption></figure>'
    ) in html
    assert "[figure" not in html


def test_figure_shortcode_unknown_to_the_resolver_is_shown_to_the_writer():
    html = render_markdown("[figure lost-photo]", boat_resolver)
    assert html == '<p class="figure-missing">[figure lost-photo]</p>\n'


def test_figure_shortcode_without_resolver_is_shown_to_the_writer():
    assert render_markdown("[figure harbour-boat]") == (
        '<p class="figure-missing">[figure harbour-boat]</p>\n'
    )


def test_figure_shortcode_slug_is_escaped():
    html = render_markdown('[figure a&b"c]')
    assert html == '<p class="figure-missing">[figure a&amp;b&quot;c]</p>\n'


def test_figure_shortcode_within_text_is_left_alone():
    html = render_markdown("See [figure harbour-boat] below.", boat_resolver)
    assert html == "<p>See [figure harbour-boat] below.</p>\n"


def test_headings_get_ids_from_their_text():
    assert (
        render_markdown("## Our *first* week")
        == '<h2 id="our-first-week">Our <em>first</em> week</h2>\n'
    )


def test_heading_ids_are_unique_in_a_post():
    html = render_markdown("## Notes\n\n## Notes\n\n## Notes")
    assert 'id="notes"' in html
    assert 'id="notes-2"' in html
    assert 'id="notes-3"' in html


def test_heading_ids_drop_accents():
    assert 'id="election-presidentielle-a-l-ete"' in render_markdown(
        "## Élection présidentielle à l’été"
    )


def test_heading_ids_keep_other_scripts():
    assert 'id="выборы-2024"' in render_markdown("## Выборы 2024")


def test_heading_of_only_punctuation_still_gets_an_id():
    assert 'id="section"' in render_markdown("## ?!")


def test_heading_ids_never_take_the_more_anchor():
    assert 'id="more-2"' in render_markdown("## More")


def test_tables_render():
    html = render_markdown("| Ville | Votes |\n|---|--:|\n| Lyon | 12 |")
    assert "<table>" in html
    assert "<th>Ville</th>" in html
    assert '<td style="text-align:right">12</td>' in html


def test_footnotes_render():
    html = render_markdown("A claim.[^source]\n\n[^source]: The source.")
    assert '<sup class="footnote-ref"><a href="#fn1" id="fnref1">[1]</a></sup>' in html
    assert '<li id="fn1" class="footnote-item"><p>The source.' in html


def test_strikethrough_renders():
    assert render_markdown("~~old~~ new") == "<p><s>old</s> new</p>\n"


def test_bare_urls_are_not_linked():
    assert render_markdown("https://example.org") == "<p>https://example.org</p>\n"


def test_quotes_stay_as_typed():
    assert render_markdown('"quoted" -- dash') == "<p>&quot;quoted&quot; -- dash</p>\n"


def test_raw_html_passes_through_to_the_sanitiser():
    assert render_markdown("<aside>x</aside>\n") == "<aside>x</aside>\n"
