"""X (Twitter) archives: JavaScript data files read in their real layout, the public fixtures recognised, verdicts
from the facts (Grok setting, the EU window and gap, xAI's Europe addendum)."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime

import polars as pl
import pytest

from conftest import public_fixture, write_zip
from toolkit.pipeline import ScanOptions, read_archive, scan
from toolkit.policy import Situation, classify, labels
from toolkit.report import summary
from toolkit.schema import RECORD_SCHEMA


def _js(global_name: str, items: list) -> str:
    return f"window.YTD.{global_name}.part0 = " + json.dumps(items, indent=2).replace('": ', '" : ')


def _tweet(n: int, text: str, when: str, mentions: list | None = None) -> dict:
    return {"tweet": {"id_str": str(1700000000000000000 + n), "full_text": text, "created_at": when, "lang": "en",
                      "entities": {"user_mentions": mentions or [], "urls": [], "hashtags": []}}}


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory):
    tweets = [_tweet(1, "New write-up &amp; notes: https://t.co/x", "Fri Sep 01 09:00:00 +0000 2023"),
              _tweet(2, "@kai_s agreed, thanks Kai Sandoval", "Sat Sep 02 11:30:05 +0000 2023",
                     [{"name": "Kai Sandoval", "screen_name": "kai_s", "id_str": "1000000002"}])]
    part1 = "window.YTD.tweets.part1 = " + json.dumps([_tweet(3, "Third one", "Mon Jan 06 08:00:00 +0000 2025")])
    dms = [{"dmConversation": {"conversationId": "1-2", "messages": [
        {"messageCreate": {"recipientId": "1", "text": "See you at 6? mail me at kai@example.org", "senderId": "2",
                           "id": "16", "createdAt": "2022-02-08T18:44:10.512Z"}},
        {"joinConversation": {"initiatingUserId": "2", "createdAt": "2022-02-08T18:00:00.000Z"}},
        {"messageCreate": {"recipientId": "2", "text": "Sounds good", "senderId": "1", "id": "15",
                           "createdAt": "2022-02-08T18:39:02.087Z"}}]}}]
    return write_zip(tmp_path_factory.mktemp("x") / "twitter-2026-11-24-abcdef.zip", {
        "Your archive.html": "<html></html>",
        "data/manifest.js": 'window.__THAR_CONFIG = {"userInfo": {"userName": "avery_q"}}',
        "data/account.js": _js("account", [{"account": {"email": "avery@example.org", "username": "avery_q",
                                                        "accountId": "1", "createdAt": "2012-09-17T21:35:48.000Z",
                                                        "accountDisplayName": "Avery Quill"}}]),
        "data/tweets.js": _js("tweets", tweets),
        "data/tweets-part1.js": part1,
        "data/like.js": _js("like", [{"like": {"tweetId": "9", "fullText": "Great thread",
                                               "expandedUrl": "https://twitter.com/i/web/status/9"}}]),
        "data/direct-messages.js": _js("direct_messages", dms),
        "data/ip-audit.js": _js("ip_audit", [{"ipAudit": {"accountId": "1", "createdAt": "2023-06-14T09:12:57.301Z",
                                                          "loginIp": "203.0.113.10"}}]),
        "data/account-suspension.js": "window.YTD.account_suspension.part0 = []",
        "data/unknown-thing.js": "window.YTD.unknown_thing.part0 = []",
    })


def test_x_archive_is_read_file_by_file(archive) -> None:
    result = read_archive(archive)
    read = result.read
    assert read.platform == "x" and read.exported_on == date(2026, 11, 24)
    counts = {f.path: f.records for f in read.recognised}
    assert counts["data/tweets.js"] == 2 and counts["data/tweets-part1.js"] == 1
    assert counts["data/direct-messages.js"] == 2  # the join event is not a message
    posts = read.records.filter(pl.col("record_type") == "x.post").sort("created_at")
    assert posts["text"][0] == "New write-up & notes: https://t.co/x"  # HTML entities undone
    assert posts["created_at"].dt.year().to_list() == [2023, 2023, 2025]
    assert posts["link"][0] == "https://x.com/i/web/status/1700000000000000001"
    assert set(read.unknown) >= {"data/unknown-thing.js", "Your archive.html"}
    assert result.facts.names == ["Avery Quill", "avery_q"] and "Kai Sandoval" in result.facts.others


@pytest.mark.parametrize(("folder", "files"), [
    ("Bashsoft707__tweet-audit/testdata", {"tweet.js": 2}),
    ("dogsheep__twitter-to-sqlite/tests/zip_contents", {"follower.js": 2, "following.js": 2, "saved-search.js": 2}),
    ("joeamroo__knowledgemaxxing/tests/fixtures", {"tweets.js": 3, "like.js": 2}),
])
def test_public_x_fixtures_are_read_in_place(folder: str, files: dict[str, int]) -> None:
    read = read_archive(public_fixture(folder)).read
    assert read.platform == "x"
    counts = {f.path: f.records for f in read.recognised}
    assert {k: counts.get(k) for k in files} == files


def _post(created: date, visibility: str = "public", category: str = "content.post") -> pl.DataFrame:
    return pl.DataFrame([{
        "record_id": "data/tweets.js#1", "platform": "x", "source_file": "data/tweets.js", "source_row": 1,
        "field": None, "category": "post", "policy_category": category, "record_type": "x.post",
        "created_at": datetime(created.year, created.month, created.day, 12, tzinfo=UTC), "visibility": visibility,
        "link": None, "text": None, "attributes": "{}",
    }], schema=RECORD_SCHEMA)


# (case, fact, region, visibility, created, as_of, birth, opted, now, after, used)
CASES = [
    ("US public post after the setting", "Q2a default on", "US", "public", "2023-01-01", "2024-08-01", None, None,
     "true", "false", "true"),
    ("US before the posts were added", "Q2a processing from about May 2024", "US", "public", "2023-01-01",
     "2024-06-01", None, None, "unknown", "false", "unknown"),
    ("US post, protection not known", "Q2b protected accounts excluded", "US", "unknown", "2023-01-01",
     "2026-11-24", None, None, "unknown", "false", "unknown"),
    ("US opted out", "Q2a prospective", "US", "public", "2023-01-01", "2026-11-24", None, "2024-09-01",
     "false", "false", "true"),
    ("DE inside the 2024 window", "Q2c processed 2024-05-07..2024-08-01", "DE", "public", "2023-01-01",
     "2024-06-01", None, None, "true", "false", "true"),
    ("DE in the gap", "Q2c gap unknown", "DE", "public", "2023-01-01", "2024-12-01", None, None,
     "unknown", "unknown", "true"),
    ("DE after xAI's addendum", "Q2c adults' public posts from 2025-04-24", "DE", "public", "2023-01-01",
     "2026-11-24", None, None, "true", "false", "true"),
    ("DE minor after xAI's addendum", "Q2c 'over 18 year olds'; made after the 2024 window", "DE", "public",
     "2026-01-01", "2026-11-24", "2010-01-01", None, "false", "false", "false"),
    ("GB before xAI's addendum", "Q2c UK under the global setting", "GB", "public", "2023-01-01", "2024-12-01",
     None, None, "true", "false", "true"),
    ("private DM", "Q2b no policy exclusion", "US", "private", "2023-01-01", "2026-11-24", None, None,
     "unknown", "false", "unknown"),
]


@pytest.mark.parametrize(("case", "fact", "region", "visibility", "created", "as_of", "birth", "opted", "now",
                          "after", "used"), CASES, ids=[c[0] for c in CASES])
def test_x_verdicts(case, fact, region, visibility, created, as_of, birth, opted, now, after, used) -> None:
    d = date.fromisoformat
    category = "messages.private" if case == "private DM" else "content.post"
    situation = Situation(region, d(as_of), d(birth) if birth else None, d(opted) if opted else None)
    row = labels(classify(_post(d(created), visibility, category), "x", situation)).row(0, named=True)
    assert (row["in_scope_genai_now"], row["in_scope_genai_after_opt_out"], row["maybe_already_used"]) == (
        now, after, used), f"{case} ({fact})"


def test_x_scan_end_to_end(archive) -> None:
    result = scan(archive, ScanOptions(ner=False, as_of=date(2026, 11, 24)))
    built = summary.build(result)
    assert built["archive"]["platform"] == "x" and built["totals"]["records"] == 8
    assert built["settings"]["setting_offered"] is True
    assert built["actions"][0]["url"] == "https://x.com/settings/grok_settings"
    emails = result.findings.filter(pl.col("entity_type") == "EMAIL_ADDRESS")
    assert emails.height >= 1


def test_x_sample_and_the_combined_scan_of_three_platforms(run_cli, tmp_path) -> None:
    from conftest import COMPLETE, REDDIT, X_SAMPLE

    read = read_archive(X_SAMPLE).read
    counts = {f.path: f.records for f in read.recognised}
    assert counts["data/tweets.js"] + counts["data/tweets-part1.js"] == 121 and counts["data/like.js"] == 61
    result = run_cli("scan", COMPLETE, X_SAMPLE, REDDIT, "--no-ner", "--json", tmp_path / "all.json")
    assert result.code == 0, result.err
    combined = json.loads((tmp_path / "all.json").read_text())
    assert [row["platform"] for row in combined["by_archive"]] == ["linkedin", "x", "reddit"]
    assert combined["overall"]["records"] == sum(row["records"] for row in combined["by_archive"])
