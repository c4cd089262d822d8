"""Articles/Articles/<slug>.html: one long-form post per file, title and canonical URL in the <h1> link."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from html.parser import HTMLParser


@dataclass
class Article:
    title: str = ""
    url: str | None = None
    body: str = ""


_DEPTH = 512  # deeper nesting is not an article: further opening tags are not tracked


@dataclass
class _ArticleParser(HTMLParser):
    """Open tags are counted, not searched for, so crafted nesting cannot make parsing quadratic."""

    article: Article = field(default_factory=Article)
    _stack: list[str] = field(default_factory=list)
    _open: Counter = field(default_factory=Counter)
    _chunks: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        super().__init__(convert_charrefs=True)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if len(self._stack) < _DEPTH:
            self._stack.append(tag)
            self._open[tag] += 1
        if tag == "a" and self._open["h1"] and self.article.url is None:
            self.article.url = dict(attrs).get("href")
        if tag in {"p", "br", "li", "h1", "h2", "h3", "div"}:
            self._chunks.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if self._open[tag]:
            while self._stack:
                closed = self._stack.pop()
                self._open[closed] -= 1
                if closed == tag:
                    break

    def handle_data(self, data: str) -> None:
        if self._open["style"] or self._open["script"]:
            return
        if self._open["title"]:
            self.article.title += data
        elif not self._open["head"]:
            self._chunks.append(data)


def parse_article(html: str) -> Article:
    parser = _ArticleParser()
    parser.feed(html)
    parser.close()
    lines = (line.strip() for line in "".join(parser._chunks).splitlines())
    parser.article.body = "\n".join(line for line in lines if line)
    parser.article.title = parser.article.title.strip()
    return parser.article
