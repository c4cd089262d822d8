"""Articles/Articles/<slug>.html: one long-form post per file, title and canonical URL in the <h1> link."""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser


@dataclass
class Article:
    title: str = ""
    url: str | None = None
    body: str = ""


@dataclass
class _ArticleParser(HTMLParser):
    article: Article = field(default_factory=Article)
    _stack: list[str] = field(default_factory=list)
    _chunks: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        super().__init__(convert_charrefs=True)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._stack.append(tag)
        if tag == "a" and "h1" in self._stack and self.article.url is None:
            self.article.url = dict(attrs).get("href")
        if tag in {"p", "br", "li", "h1", "h2", "h3", "div"}:
            self._chunks.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in self._stack:
            while self._stack and self._stack.pop() != tag:
                pass

    def handle_data(self, data: str) -> None:
        if "style" in self._stack or "script" in self._stack:
            return
        if "title" in self._stack:
            self.article.title += data
        elif "head" not in self._stack:
            self._chunks.append(data)


def parse_article(html: str) -> Article:
    parser = _ArticleParser()
    parser.feed(html)
    parser.close()
    lines = (line.strip() for line in "".join(parser._chunks).splitlines())
    parser.article.body = "\n".join(line for line in lines if line)
    parser.article.title = parser.article.title.strip()
    return parser.article
