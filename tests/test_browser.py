"""The HTML report in a real headless Chromium, at desktop and phone widths: every chart drawn, no horizontal
overflow, search and filters change the visible rows, no network request, no console error.

Screenshots are written to build/screenshots/ (not committed) for a person to look at.
"""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest

from conftest import COMPLETE, FACEBOOK, INSTAGRAM, ROOT
from toolkit.pipeline import ScanOptions, scan
from toolkit.report import html_report, summary

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--disable-quic"]
SCREENSHOTS = ROOT / "build" / "screenshots"
SITUATIONS = {
    "us-today": ScanOptions(region="US", ner=False),
    "de-opted-out-2025-10-20": ScanOptions(region="DE", opted_out_on=date(2025, 10, 20), ner=False),
}
# Meta's archives, whose long paths, objection form and languages line the LinkedIn ones do not have
META = {
    "facebook-pt": (FACEBOOK, ScanOptions(ner=False)),
    "instagram-nl-objected": (INSTAGRAM, ScanOptions(region="NL", objection_filed_on=date(2025, 6, 10))),
}
REPORTS = {**{name: (COMPLETE, options) for name, options in SITUATIONS.items()}, **META}


@pytest.fixture(scope="module")
def browser():
    if CHROMIUM is None:
        pytest.skip("Debian's chromium is not installed (make test installs it as root)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield launched
        launched.close()


def _visible_rows(page) -> int:
    return page.eval_on_selector_all("#items-body tr", "rows => rows.filter(r => r.offsetParent !== null).length")


@pytest.mark.parametrize("name", list(REPORTS))
def test_report_in_chromium_at_desktop_and_phone_widths(browser, tmp_path: Path, name: str) -> None:
    result = scan(*REPORTS[name])
    page_path = tmp_path / "report.html"
    page_path.write_text(html_report.build(result, summary.build(result)), encoding="utf-8")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    requests: list[str] = []
    errors: list[str] = []
    for width, height in ((1400, 900), (400, 850)):
        page = browser.new_page(viewport={"width": width, "height": height})
        page.on("request", lambda request: requests.append(request.url))
        page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.goto(page_path.as_uri(), wait_until="load")
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"{name} at {width} px is {overflow} px wider than the window"
        charts = page.eval_on_selector_all(
            "figure svg", "nodes => nodes.map(n => { const r = n.getBoundingClientRect();"
                          " return [r.width, r.height, n.querySelectorAll('path, rect, line').length]; })")
        assert len(charts) == 3 and all(w > 250 and h > 100 and marks > 10 for w, h, marks in charts), charts
        smallest_text = page.evaluate(
            "Math.min(...Array.from(document.querySelectorAll('figure svg text')).map("
            "t => t.getBoundingClientRect().height).filter(h => h > 0))")
        assert smallest_text >= 9, f"chart text {smallest_text:.1f} px high at {width} px"
        page.screenshot(path=str(SCREENSHOTS / f"{name}-{width}.png"), full_page=True)
        # "What you can do" comes before the charts and the item review
        order = page.evaluate("['actions', 'review'].map(id => document.getElementById(id).offsetTop)")
        assert order[0] < order[1]
        page.close()
    assert [url for url in requests if not url.startswith(("file:", "data:"))] == []
    assert errors == []


def test_item_review_search_and_filters_change_the_rows(browser, tmp_path: Path) -> None:
    result = scan(COMPLETE, SITUATIONS["us-today"])
    page_path = tmp_path / "report.html"
    page_path.write_text(html_report.build(result, summary.build(result)), encoding="utf-8")
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    page.goto(page_path.as_uri(), wait_until="load")
    assert page.is_visible("#items-filters")
    everything = page.text_content("#items-count")
    assert _visible_rows(page) == 100 and "of 942 items match" in everything
    page.fill("#q", "meetup")
    searched = _visible_rows(page)
    assert 0 < searched < 100
    assert all("meetup" in text.lower() for text in page.eval_on_selector_all(
        "#items-body tr", "rows => rows.map(r => r.textContent)"))
    page.fill("#q", "")
    page.select_option("#f-category", "posts")
    categories = set(page.eval_on_selector_all("#items-body td:first-child", "cells => cells.map(c => c.textContent)"))
    assert categories == {"posts"}
    page.select_option("#f-category", "")
    page.select_option("#f-owner", "yours")
    owners = set(page.eval_on_selector_all("#items-body td:nth-child(8)", "cells => cells.map(c => c.textContent)"))
    assert owners == {"yours"}
    page.select_option("#f-now", "yes")
    assert set(page.eval_on_selector_all("#items-body td:nth-child(5)", "c => c.map(x => x.textContent)")) == {"yes"}
    page.select_option("#f-pii", "e-mail addresses")
    rows = page.eval_on_selector_all("#items-body td:nth-child(4)", "c => c.map(x => x.textContent)")
    assert all("e-mail addresses" in r for r in rows)
    page.close()


def test_report_without_javascript_still_shows_items(browser, tmp_path: Path) -> None:
    result = scan(COMPLETE, SITUATIONS["us-today"])
    page_path = tmp_path / "report.html"
    page_path.write_text(html_report.build(result, summary.build(result)), encoding="utf-8")
    context = browser.new_context(java_script_enabled=False, viewport={"width": 400, "height": 850})
    page = context.new_page()
    page.goto(page_path.as_uri(), wait_until="load")
    assert _visible_rows(page) == 50 and not page.is_visible("#items-filters")
    context.close()
