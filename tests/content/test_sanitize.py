import pytest

from carnet.content import sanitize_html
from tests.content.hostile import HOSTILE_HTML, assert_harmless

FRIENDLY_HTML = [
    '<p>See <a href="https://example.org/" title="Example" hreflang="en">this</a>.</p>',
    '<figure class="figure"><img src="/a.jpg" alt="A" width="4" height="3" loading="lazy"'
    ' decoding="async"><figcaption>Cap <span class="figure-credit">[AFP]</span></figcaption>'
    "</figure>",
    '<p>Note<sup class="footnote-ref"><a href="#fn1" id="fnref1">[1]</a></sup></p>'
    '<section class="footnotes"><ol class="footnotes-list"><li id="fn1" class="footnote-item">'
    '<p>Text <a href="#fnref1" class="footnote-backref">↩︎</a></p></li></ol></section>',
    '<pre><code class="language-python">print("&lt;hi&gt;")</code></pre>',
    '<table><thead><tr><th scope="col" colspan="2">A</th></tr></thead>'
    '<tbody><tr><td rowspan="2">1</td></tr></tbody></table>',
    '<p>Un <span lang="en">weblog</span> <time datetime="2024-05-01">hier</time>.</p>',
    '<ol start="3" reversed=""><li>trois</li></ol>',
    '<video controls="" src="/film.mp4"></video>',
    '<p><a href="mailto:redaction@example.org">Écrire</a></p>',
]


@pytest.mark.parametrize("hostile", HOSTILE_HTML)
def test_hostile_html_comes_out_harmless(hostile):
    assert_harmless(sanitize_html(hostile))


@pytest.mark.parametrize("html", HOSTILE_HTML + FRIENDLY_HTML)
def test_sanitising_twice_changes_nothing(html):
    once = sanitize_html(html)
    assert sanitize_html(once) == once


@pytest.mark.parametrize("html", FRIENDLY_HTML)
def test_what_a_blog_post_needs_survives_unchanged(html):
    assert sanitize_html(html) == html


def test_script_content_is_dropped_with_the_tag():
    assert sanitize_html("<p>a</p><script>alert(1)</script>") == "<p>a</p>"


def test_event_handler_is_removed_but_the_image_stays():
    assert sanitize_html('<img src="/a.png" alt="A" onerror="alert(1)">') == (
        '<img src="/a.png" alt="A">'
    )


def test_comments_are_stripped():
    assert sanitize_html("<p>a<!-- secret --></p>") == "<p>a</p>"


def test_relative_links_are_kept():
    assert sanitize_html('<a href="../posts/2024/">x</a>') == '<a href="../posts/2024/">x</a>'


def test_class_is_dropped_where_it_is_not_needed():
    assert sanitize_html('<em class="big">x</em>') == "<em>x</em>"


def test_id_is_dropped_where_no_anchor_needs_it():
    assert sanitize_html('<div id="login">x</div>') == "<div>x</div>"


def test_the_more_anchor_survives():
    assert sanitize_html('<span id="more"></span>') == '<span id="more"></span>'


def test_image_loading_keeps_only_known_values():
    assert sanitize_html('<img src="/a.png" loading="soon">') == '<img src="/a.png">'


def test_srcset_with_only_safe_urls_is_kept():
    html = '<img src="/a.png" srcset="/a.png 1x, https://cdn.example/a@2x.png 2x">'
    assert sanitize_html(html) == html
