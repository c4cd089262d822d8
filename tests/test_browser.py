"""The HTML report in a real headless Chromium: every chart drawn, no network request, no console error."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import BASIC
from toolkit.pipeline import ScanOptions, scan
from toolkit.report import html_report, summary

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--disable-quic"]


@pytest.mark.skipif(CHROMIUM is None, reason="Debian's chromium is not installed (make test installs it as root)")
def test_report_renders_in_headless_chromium(tmp_path: Path) -> None:
    from playwright.sync_api import sync_playwright

    result = scan(BASIC, ScanOptions(as_of=None, ner=False))
    page_path = tmp_path / "report.html"
    page_path.write_text(html_report.build(result, summary.build(result)), encoding="utf-8")
    requests: list[str] = []
    errors: list[str] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        try:
            page = browser.new_page(viewport={"width": 1000, "height": 900})
            page.on("request", lambda request: requests.append(request.url))
            page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
            page.on("pageerror", lambda error: errors.append(str(error)))
            page.goto(page_path.as_uri(), wait_until="load")
            charts = page.eval_on_selector_all(
                "figure svg",
                "nodes => nodes.map(n => { const r = n.getBoundingClientRect();"
                " return [r.width, r.height, n.querySelectorAll('path, rect, line').length]; })")
            page.screenshot(path=str(tmp_path / "report.png"), full_page=True)
            page.set_viewport_size({"width": 390, "height": 844})
            phone_overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
            page.screenshot(path=str(tmp_path / "report-phone.png"), full_page=True)
        finally:
            browser.close()
    assert len(charts) == 3
    for width, height, marks in charts:
        assert width > 300 and height > 100 and marks > 10
    assert [url for url in requests if not url.startswith(("file:", "data:"))] == []
    assert errors == []
    assert phone_overflow <= 0, "the page is wider than a phone screen"
    assert (tmp_path / "report.png").stat().st_size > 10_000
