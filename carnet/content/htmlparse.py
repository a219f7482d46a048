"""The HTML parser the content modules build on: the standard one, as lenient as a browser."""

from html.parser import HTMLParser


class LenientHTMLParser(HTMLParser):
    """Reads `<![word …>` as a browser does (a bogus comment, skipped) instead of failing.

    Python's parser before 3.12.11 and 3.13.4 raises AssertionError on a marked section it does
    not know, such as `<![image](…)` typed in Markdown, which would stop a post from saving.
    """

    def parse_marked_section(self, i: int, report: int = 1) -> int:
        try:
            return super().parse_marked_section(i, report)
        except AssertionError:
            end = self.rawdata.find(">", i + 3)
            if end < 0:
                return -1
            if report:
                self.unknown_decl(self.rawdata[i + 3 : end])
            return end + 1
