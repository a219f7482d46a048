"""The theme's Jinja2 environment writes what Django's template language wrote."""

from __future__ import annotations

import datetime
import zoneinfo

import hypothesis
import pytest
from django.conf import settings
from django.template import Context, engines
from django.template import Template as DjangoTemplate
from django.template.backends.jinja2 import Jinja2
from django.utils import translation
from django.utils.html import escape as django_escape

from carnet.theme.environment import escape

SAMPLE = datetime.datetime(2026, 3, 1, 23, 30, tzinfo=datetime.UTC)  # 2 March in Paris


def jinja(source: str, **context) -> str:
    return engines["jinja2"].from_string(source).render(context)


def django(source: str, **context) -> str:
    return DjangoTemplate("{% load i18n %}" + source).render(Context(context))


@pytest.mark.parametrize("language", ["en", "fr"])
@pytest.mark.parametrize("format", ["DATE_FORMAT", "DATETIME_FORMAT", "YEAR_MONTH_FORMAT", "c"])
def test_the_date_filter_writes_what_djangos_wrote_in_local_time(language, format):
    with translation.override(language):
        written = jinja("{{ when|date(format) }}", when=SAMPLE, format=format)
        assert written == django(f'{{{{ when|date:"{format}" }}}}', when=SAMPLE)
    assert "2026-03-02" in jinja("{{ when|date('c') }}", when=SAMPLE)


def test_the_date_filter_takes_dates_and_leaves_naive_datetimes_alone():
    day = datetime.date(2026, 3, 2)
    assert jinja("{{ day|date('Y-m-d') }}", day=day) == "2026-03-02"
    naive = datetime.datetime(2026, 3, 1, 23, 30)
    assert jinja("{{ when|date('H:i') }}", when=naive) == "23:30"


def test_the_date_filter_follows_the_active_time_zone():
    from django.utils import timezone

    with timezone.override(zoneinfo.ZoneInfo("America/New_York")):
        assert jinja("{{ when|date('Y-m-d H:i') }}", when=SAMPLE) == "2026-03-01 18:30"


def test_a_date_written_twice_follows_the_language_and_time_zone_of_each_page():
    from django.utils import timezone

    pages = [("fr", "Europe/Paris"), ("en", "America/New_York"), ("fr", "Europe/Paris")]
    for language, zone in pages * 2:
        with translation.override(language), timezone.override(zoneinfo.ZoneInfo(zone)):
            written = jinja("{{ when|date('DATETIME_FORMAT') }}", when=SAMPLE)
            assert written == django('{{ when|date:"DATETIME_FORMAT" }}', when=SAMPLE)


def test_a_date_written_before_a_change_of_settings_is_written_anew_after_it(settings):
    with translation.override(None):  # the date formats of the settings, not of a language
        assert jinja("{{ when|date }}", when=SAMPLE) == django("{{ when|date }}", when=SAMPLE)
        settings.DATE_FORMAT = "Y/m/d"
        assert jinja("{{ when|date }}", when=SAMPLE) == "2026/03/02"


def test_values_are_escaped_exactly_as_django_escapes_them():
    value = """Tom's "best" <b>&</b>"""
    assert jinja("{{ value }}", value=value) == django("{{ value }}", value=value)
    assert jinja("{{ value|safe }}", value=value) == value


@hypothesis.given(hypothesis.strategies.text())
def test_any_text_is_escaped_exactly_as_django_escapes_it(value):
    assert escape(value) == django_escape(value)
    assert escape(value + "&#39;&#34;") == django_escape(value + "&#39;&#34;")


@hypothesis.given(hypothesis.strategies.text())
def test_any_value_in_a_page_is_escaped_exactly_as_django_escapes_it(value):
    class Named:
        def __str__(self) -> str:
            return value

    assert jinja("{{ value }}", value=value) == django_escape(value)
    assert jinja("{{ value }}", value=Named()) == django_escape(value)


def test_a_message_is_translated_into_the_language_of_the_page():
    with translation.override("fr"):
        assert jinja("{{ _('Home') }}", LANGUAGE_CODE="fr") == "Accueil"
        assert jinja("{{ _('Home') }}") == "Accueil"
    with translation.override("en"):
        assert jinja("{{ _('Home') }}", LANGUAGE_CODE="en") == "Home"


def test_a_message_without_values_is_a_format_string_like_djangos():
    # _() reads "%%" as "%" whether or not the message has values ({% trans %} writes "%"
    # in the template and "%%" in the message).
    assert jinja("{{ _('100%% sure') }}", LANGUAGE_CODE="en") == "100% sure"
    assert jinja("{% trans %}100% sure{% endtrans %}", LANGUAGE_CODE="en") == "100% sure"
    assert jinja("{{ _('100%% %(x)s', x='<b>') }}", LANGUAGE_CODE="en") == "100% &lt;b&gt;"


def test_values_in_a_translated_message_are_escaped_as_django_escapes_them():
    name = """O'Brien <"x">"""
    with translation.override("fr"):
        written = jinja("{% trans name=name %}Reply to {{ name }}{% endtrans %}", name=name)
        expected = django(
            "{% blocktranslate %}Reply to {{ name }}{% endblocktranslate %}", name=name
        )
    assert written == expected == "Répondre à O&#x27;Brien &lt;&quot;x&quot;&gt;"


@pytest.mark.parametrize("count", [0, 1, 2, 5])
def test_plural_messages_take_the_french_plural_rule(count):
    source = (
        "{% trans counter=n %}{{ counter }} comment{% pluralize %}"
        "{{ counter }} comments{% endtrans %}"
    )
    with translation.override("fr"):
        written = jinja(source, n=count)
        expected = django(
            "{% blocktranslate count counter=n %}{{ counter }} comment{% plural %}"
            "{{ counter }} comments{% endblocktranslate %}",
            n=count,
        )
    assert written == expected
    assert written.endswith("commentaire" if count < 2 else "commentaires")


def test_plural_messages_follow_the_pages_language_each_time():
    source = (
        "{% trans counter=n %}{{ counter }} comment{% pluralize %}"
        "{{ counter }} comments{% endtrans %}"
    )
    for _ in range(2):  # the second time from what was kept
        assert jinja(source, n=1, LANGUAGE_CODE="fr") == "1 commentaire"
        assert jinja(source, n=2, LANGUAGE_CODE="fr") == "2 commentaires"
        assert jinja(source, n=0, LANGUAGE_CODE="en") == "0 comments"
        assert jinja(source, n=1, LANGUAGE_CODE="en") == "1 comment"


def fresh_theme_engine() -> Jinja2:
    """The theme's backend as settings make it, without the templates cached so far."""
    params = {key: value for key, value in settings.TEMPLATES[0].items() if key != "BACKEND"}
    return Jinja2({**params, "NAME": "fresh"})


def test_a_missing_variable_is_written_as_nothing_even_in_debug_mode(settings):
    settings.DEBUG = True  # Django's backend would choose DebugUndefined: "{{ nothing }}"
    assert fresh_theme_engine().from_string("[{{ nothing }}]").render() == "[]"


def test_capfirst_capitalises_only_the_first_letter():
    assert jinja("{{ 'mars 2026'|capfirst }} {{ 'eBay'|capfirst }}") == "Mars 2026 EBay"


def test_url_and_static_give_django_paths():
    assert jinja("{{ url('comments:reply', 12) }}") == "/comments/reply/12/"
    assert jinja("{{ static('carnet/theme.css') }}") == "/static/carnet/theme.css"


def test_static_follows_a_change_of_settings(settings):
    assert jinja("{{ static('carnet/theme.css') }}") == "/static/carnet/theme.css"
    settings.STATIC_URL = "https://cdn.example/s/"
    assert jinja("{{ static('carnet/theme.css') }}") == "https://cdn.example/s/carnet/theme.css"


def test_a_template_in_the_site_theme_folder_replaces_the_package_one():
    override = settings.SITE.root / "theme" / "blog" / "_tags.html"
    override.parent.mkdir(parents=True, exist_ok=True)
    override.write_text("<p>{{ _('Tags:') }} mine</p>\n", encoding="utf-8")
    try:
        with translation.override("fr"):
            written = fresh_theme_engine().get_template("blog/_tags.html").render({})
    finally:
        override.unlink()
    assert written == "<p>Étiquettes\xa0: mine</p>\n"


def test_a_block_without_autoescape_writes_values_as_they_are():
    source = "{% autoescape false %}{{ value }}{% endautoescape %} {{ value }}"
    assert jinja(source, value="<b>") == "<b> &lt;b&gt;"
