from carnet.content import FigureData
from carnet.content.figures import render_figure, split_credit


def test_credit_in_brackets_is_split_from_the_caption():
    assert split_credit("Voters queue in Lyon [Agence Photo]") == (
        "Voters queue in Lyon",
        "Agence Photo",
    )


def test_title_without_trailing_brackets_is_all_caption():
    assert split_credit("A [note] in the middle") == ("A [note] in the middle", "")


def test_only_the_last_brackets_are_the_credit():
    assert split_credit("A [note] then [AFP]") == ("A [note] then", "AFP")


def test_title_of_only_a_credit_has_no_caption():
    assert split_credit("[AFP]") == ("", "AFP")


def test_figure_shows_caption_and_credit():
    html = render_figure(FigureData("/a.jpg", "A boat", "The harbour", "AFP", 800, 600))
    assert html == (
        '<figure class="figure"><img src="/a.jpg" alt="A boat" width="800" height="600"'
        ' loading="lazy" decoding="async"><figcaption>The harbour'
        ' <span class="figure-credit">[AFP]</span></figcaption></figure>'
    )


def test_figure_without_caption_or_credit_has_no_figcaption():
    html = render_figure(FigureData("/a.jpg", ""))
    assert html == (
        '<figure class="figure"><img src="/a.jpg" alt="" loading="lazy" decoding="async"></figure>'
    )


def test_figure_with_only_a_credit_shows_the_credit():
    html = render_figure(FigureData("/a.jpg", "", credit="Reuters"))
    assert '<figcaption><span class="figure-credit">[Reuters]</span></figcaption>' in html


def test_figure_keeps_srcset_and_sizes():
    html = render_figure(FigureData("/a.jpg", "A", srcset="/a-2x.jpg 2x", sizes="50vw"))
    assert 'srcset="/a-2x.jpg 2x" sizes="50vw"' in html


def test_figure_with_a_link_wraps_the_image():
    html = render_figure(FigureData("/a.jpg", "A", link="/big.jpg"))
    assert '<a href="/big.jpg"><img src="/a.jpg"' in html


def test_figure_values_are_escaped():
    figure = FigureData(
        src='/a.jpg" onerror="x',
        alt="<b>",
        caption="Tom & <i>Jerry</i>",
        credit='"AFP"',
        link="/?a=1&b=2",
    )
    html = render_figure(figure)
    assert 'src="/a.jpg&quot; onerror=&quot;x"' in html
    assert 'alt="&lt;b&gt;"' in html
    assert "Tom &amp; &lt;i&gt;Jerry&lt;/i&gt;" in html
    assert "[&quot;AFP&quot;]" in html
    assert 'href="/?a=1&amp;b=2"' in html
