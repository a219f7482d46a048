"""The cache of compiled theme templates: used when it can be, never in the way of a page."""

from __future__ import annotations

import jinja2

from carnet.theme.environment import CompiledTemplates, environment


def theme(tmp_path, cache: CompiledTemplates) -> jinja2.Environment:
    folder = tmp_path / "theme"
    folder.mkdir(exist_ok=True)
    (folder / "page.html").write_text("<p>{{ _('Home') }} {{ n }}</p>\n")
    return environment(loader=jinja2.FileSystemLoader(folder), bytecode_cache=cache)


def test_a_template_is_compiled_once_and_then_read_from_the_cache(tmp_path, monkeypatch):
    cache_folder = tmp_path / "cache"
    cache_folder.mkdir()
    cache = CompiledTemplates(str(cache_folder))
    assert theme(tmp_path, cache).get_template("page.html").render(n=1) == "<p>Home 1</p>\n"
    assert len(list(cache_folder.iterdir())) == 1

    def no_compiling(*args, **kwargs):
        raise AssertionError("compiled again")

    monkeypatch.setattr(jinja2.Environment, "compile", no_compiling)
    assert theme(tmp_path, cache).get_template("page.html").render(n=2) == "<p>Home 2</p>\n"


def test_a_cache_that_cannot_be_written_leaves_the_page_as_it_is(tmp_path):
    cache = CompiledTemplates(str(tmp_path / "missing"))
    assert theme(tmp_path, cache).get_template("page.html").render(n=3) == "<p>Home 3</p>\n"


def test_a_damaged_cache_file_is_compiled_again(tmp_path):
    cache_folder = tmp_path / "cache"
    cache_folder.mkdir()
    cache = CompiledTemplates(str(cache_folder))
    theme(tmp_path, cache).get_template("page.html")
    (cached,) = cache_folder.iterdir()
    cached.write_bytes(cached.read_bytes()[:20])
    assert theme(tmp_path, cache).get_template("page.html").render(n=4) == "<p>Home 4</p>\n"


def test_the_site_theme_has_the_cache():
    from django.template import engines

    assert isinstance(engines["jinja2"].env.bytecode_cache, CompiledTemplates)
