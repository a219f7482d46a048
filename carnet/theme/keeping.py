"""`{% keep "name" %}…{% endkeep %}`: a fragment of the theme that is the same on every page of
an edition (its header, its footer), rendered once per edition when the page is given a
`kept` dict to keep it in.

`carnet build` gives each edition's pages one such dict; a reader's request gives none, so the
fragment is rendered on every request and is never older than the page around it.
"""

from __future__ import annotations

from collections.abc import Callable

from jinja2 import nodes
from jinja2.ext import Extension
from jinja2.parser import Parser
from markupsafe import Markup


class KeepExtension(Extension):
    tags = {"keep"}

    def parse(self, parser: Parser) -> nodes.Node:
        lineno = next(parser.stream).lineno
        name = parser.parse_expression()
        body = parser.parse_statements(("name:endkeep",), drop_needle=True)
        call = self.call_method("_kept", [nodes.Name("kept", "load"), name])
        return nodes.CallBlock(call, [], [], body).set_lineno(lineno)

    def _kept(self, kept: object, name: str, caller: Callable[[], Markup]) -> Markup:
        if not isinstance(kept, dict):
            return caller()
        if name not in kept:
            kept[name] = caller()
        return kept[name]
