"""Reddit's data-request export: read in its real layout, detected by the files only Reddit ships, classified under
the Public Content Policy (no setting: after opt-out equals now; deleting is the action)."""

from __future__ import annotations

from datetime import UTC, date, datetime

import polars as pl
import pytest

from conftest import BASIC, REDDIT, public_fixture, write_zip
from toolkit.pipeline import ScanOptions, read_archive, scan
from toolkit.policy import Situation, actions, classify, labels
from toolkit.report import summary
from toolkit.schema import RECORD_SCHEMA


def test_reddit_sample_is_read_file_by_file() -> None:
    result = read_archive(REDDIT)
    read = result.read
    assert read.platform == "reddit" and read.exported_on == date(2026, 11, 24)
    counts = {f.path: f.records for f in read.recognised}
    assert counts["comments_1.csv"] + counts["comments_2.csv"] == 151  # a split table, each part with its header
    assert counts["post_headers.csv"] == 0 and counts["posts.csv"] == 61  # header files are not counted twice
    assert read.unknown == ["checkfile.csv"]
    posts = read.records.filter(pl.col("record_type") == "reddit.post")
    assert posts["created_at"].null_count() == 0 and posts["link"].str.starts_with("https://www.reddit.com/r/").all()
    assert posts["text"].str.contains("\n").any()  # multi-line bodies survive
    messages = read.records.filter(pl.col("record_type") == "reddit.message")
    assert messages.height == 81 and (messages["visibility"] == "private").all()  # read through its BOM
    assert result.facts.names == ["atlas_cinder73"] and len(result.facts.others) == 12
    assert result.facts.account_since == date(2015, 3, 2)


def test_detection_keeps_linkedin_and_needs_files_only_reddit_ships(tmp_path) -> None:
    assert read_archive(BASIC).read.platform == "linkedin"
    takeout = write_zip(tmp_path / "takeout.zip", {"comments.csv": "Comment Text,Video ID\nhi,abc\n"})
    from toolkit import platforms

    assert platforms.PLATFORMS["reddit"].score(["comments.csv"]) == 0.0  # Google Takeout ships one too
    assert platforms.PLATFORMS["reddit"].score(["comments.csv", "statistics.csv"]) == 1.0
    assert takeout.exists()


def test_public_reddit_fixtures_are_read(tmp_path) -> None:
    """The fixture folder mixes X and Reddit files (read as X, the larger share); its Reddit files alone are
    read as Reddit."""
    folder = public_fixture("joeamroo__knowledgemaxxing/tests/fixtures")
    for name in ("saved_comments.csv", "saved_posts.csv"):
        (tmp_path / name).write_bytes((folder / name).read_bytes())
    read = read_archive(tmp_path).read
    assert read.platform == "reddit"
    assert {f.path: f.records for f in read.recognised} == {"saved_comments.csv": 1, "saved_posts.csv": 2}


def _record(policy_category: str, created: date, visibility: str) -> pl.DataFrame:
    return pl.DataFrame([{
        "record_id": "r#1", "platform": "reddit", "source_file": "posts.csv", "source_row": 1, "field": None,
        "category": "post", "policy_category": policy_category, "record_type": "reddit.post",
        "created_at": datetime(created.year, created.month, created.day, 12, tzinfo=UTC), "visibility": visibility,
        "link": None, "text": None, "attributes": "{}",
    }], schema=RECORD_SCHEMA)


# (case, fact, category, visibility, created, as_of, now, after opt-out, maybe used)
CASES = [
    ("public post, licence public", "Q3b Google blog 2024-02-22", "content.post", "public", "2023-06-01",
     "2024-03-01", "true", "true", "true"),
    ("public post, January 2024", "Q3b S-1: entered January 2024, day unknown", "content.post", "public",
     "2023-06-01", "2024-01-15", "unknown", "unknown", "unknown"),
    ("public post, before any licence", "no licensing arrangement documented before 2024", "content.post",
     "public", "2023-06-01", "2023-12-31", "unknown", "unknown", "unknown"),
    ("community not known", "Q3a private and quarantined communities excluded", "content.post", "unknown",
     "2023-06-01", "2026-11-24", "unknown", "unknown", "unknown"),
    ("private message", "Q3a private messages not licensed", "messages.private", "private", "2023-06-01",
     "2026-11-24", "false", "false", "false"),
    ("vote", "Q3a individual votes are not public content", "content.reaction", "private", "2023-06-01",
     "2026-11-24", "false", "false", "false"),
    ("public comment after OpenAI", "Q3b OpenAI 2024-05-16", "content.comment", "public", "2024-06-01",
     "2024-06-02", "true", "true", "true"),
]


@pytest.mark.parametrize(("case", "fact", "category", "visibility", "created", "as_of", "now", "after", "used"),
                         CASES, ids=[c[0] for c in CASES])
def test_reddit_verdicts(case, fact, category, visibility, created, as_of, now, after, used) -> None:
    situation = Situation("US", date.fromisoformat(as_of))
    row = labels(classify(_record(category, date.fromisoformat(created), visibility), "reddit", situation)).row(
        0, named=True)
    assert (row["in_scope_genai_now"], row["in_scope_genai_after_opt_out"], row["maybe_already_used"]) == (
        now, after, used), f"{case} ({fact})"
    if now == "false":
        assert row["rule_ids"], case


def test_reddit_summary_says_there_is_no_setting_and_what_to_do() -> None:
    result = scan(REDDIT, ScanOptions(ner=False, as_of=date(2026, 11, 24)))
    built = summary.build(result)
    assert built["settings"]["setting_offered"] is False
    assert built["totals"]["in_scope_genai_after_opt_out"] == built["totals"]["in_scope_genai_now"]
    assert any("offers no setting" in s for s in summary.headline(built))
    [action] = actions("reddit", Situation("US", date(2026, 11, 24)))
    assert action.control.mechanism == "delete" and "Delete" in action.what


def test_one_persons_archives_give_one_combined_summary(run_cli, tmp_path) -> None:
    from conftest import COMPLETE

    result = run_cli("scan", COMPLETE, REDDIT, "--no-ner", "--json", tmp_path / "all.json")
    assert result.code == 0, result.err
    import json

    combined = json.loads((tmp_path / "all.json").read_text())
    platforms = [row["platform"] for row in combined["by_archive"]]
    assert platforms == ["linkedin", "reddit"]
    assert combined["overall"]["records"] == sum(a["totals"]["records"] for a in combined["archives"])
    assert combined["by_archive"][1]["actions"][0]["url"].startswith("https://support.reddithelp.com")
    assert "All your archives" in result.out and "Reddit offers no setting" in " ".join(result.out.split())
    refused = run_cli("scan", COMPLETE, REDDIT, "--csv", tmp_path / "x.csv")
    assert refused.code == 2 and "export one archive at a time" in refused.err
