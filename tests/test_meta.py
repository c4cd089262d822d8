"""Facebook and Instagram JSON exports (formats.md §3, §4) and Meta's AI-training rules (policies-verified-others.md
Q1, which wins over policies.md §2): the readers on generated archives in every layout and on the public fixtures in
place, the mojibake repair, and the verdicts, each expected value written down from the facts before running."""

from __future__ import annotations

import json
import sys
import zipfile
from datetime import UTC, date, datetime
from pathlib import Path

import polars as pl
import pytest

from conftest import COMPLETE, FACEBOOK, FACEBOOK_2023, INSTAGRAM, PUBLIC_FIXTURES, SAMPLES, X_SAMPLE

sys.path.insert(0, str(SAMPLES))
from generate import meta_json

from toolkit.pipeline import read_archive
from toolkit.platforms.meta.mojibake import repair
from toolkit.policy import Situation, classify, labels
from toolkit.schema import RECORD_SCHEMA

FB_2024, FB_2023, IG = FACEBOOK, FACEBOOK_2023, INSTAGRAM


def _zip(path: Path, files: dict[str, bytes | str]) -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return path


# ---- the mojibake repair (formats.md §3.9)

@pytest.mark.parametrize(("raw", "expected"), [
    (rb'{"a": "Caf\u00c3\u00a9 \u00f0\u009f\u008e\u0089"}', {"a": "Café 🎉"}),  # escaped UTF-8 bytes
    (rb'{"\u00c3\u00a9t\u00c3\u00a9": "\u00e2\u009d\u00a4"}', {"été": "❤"}),  # keys too
    ('{"a": "Zoë déjà"}'.encode(), {"a": "Zoë déjà"}),  # already correct raw UTF-8: untouched
    (rb'{"a": "Caf\u00e9"}', {"a": "Café"}),  # a correct Latin-1 escape (not valid UTF-8 bytes): untouched
    (rb'{"a": "x\\u00c3\\u00a9"}', {"a": "x\\u00c3\\u00a9"}),  # an escaped backslash: text, not an escape
    (rb'{"a": "\u00c3 \u00a9\u00a9 \u00e2\u009d"}', {"a": "Ã ©© â\x9d"}),  # invalid or cut sequences: untouched
    (rb'{"a": "\u00c3\u00a9\u00ff"}', {"a": "Ã©ÿ"}),  # a run that is not UTF-8 as a whole is left as it is
    (rb'{"a": "\u0041\u00c5\u0091"}', {"a": "Aő"}),  # ASCII escapes around a run
])
def test_mojibake_repair(raw: bytes, expected: dict) -> None:
    assert json.loads(repair(raw)) == expected


def test_repair_leaves_text_without_escapes_as_the_same_object() -> None:
    data = b'{"a": "plain"}'
    assert repair(data) is data


# ---- reading the samples (every layout generation) and what they say about the member

@pytest.mark.parametrize(("sample", "platform", "region"), [
    (FB_2024, "facebook", "PT"), (FB_2023, "facebook", None), (IG, "instagram", None)])
def test_samples_are_detected_and_read_whole(sample: Path, platform: str, region: str | None) -> None:
    read = read_archive(sample)
    assert read.read.platform == platform
    assert not read.read.unreadable
    truth = json.loads(sample.with_name(sample.stem + ".truth.json").read_text())
    assert truth["member"]["names"][0] in read.facts.names  # accented names survive the repair
    assert truth["member"]["email"] in read.facts.emails and truth["member"]["phone"] in read.facts.phones
    assert read.facts.region == region
    records = read.read.records
    assert records["record_type"].cast(pl.String).str.starts_with(platform + ".").all()
    # every planted value is in its record's text, spelled as planted (é, ø, Ó... repaired)
    texts = dict(records.select("record_id", "text").drop_nulls().iter_rows())
    for item in truth["pii"]:
        assert item["value"] in texts[f"{item['source_file']}#{item['source_row']}"], item
    assert not records["text"].drop_nulls().str.contains("Ã|â\x80|ð\x9f").any()  # no mojibake left


def test_facebook_records() -> None:
    records = read_archive(FB_2024).read.records
    by_type = dict(records.group_by("record_type").len().iter_rows())
    assert {"facebook.post", "facebook.comment", "facebook.reaction", "facebook.message", "facebook.friend",
            "facebook.following", "facebook.profile", "facebook.search", "facebook.ads_interest",
            "facebook.group_comment"} <= set(by_type)
    posts = records.filter(pl.col("record_type") == "facebook.post")
    assert posts["created_at"].null_count() == 0 and (posts["visibility"] == "unknown").all()
    assert posts["text"].str.contains("Lisbon, Portugal").any()  # a place attached to a post
    messages = records.filter(pl.col("record_type") == "facebook.message")
    assert (messages["visibility"] == "private").all() and messages["policy_category"].unique().to_list() == [
        "messages.private"]
    assert messages["created_at"].dt.year().min() >= 2019  # timestamp_ms read as milliseconds
    assert messages["source_file"].cast(pl.String).str.contains("/e2ee_cutover/").any()
    profile = records.filter(pl.col("record_type") == "facebook.profile")
    visibility = dict(profile.select("field", "visibility").iter_rows())
    assert visibility["name"] == "public" and visibility["emails"] == "private"  # Meta: names are always public
    assert read_archive(FB_2024).facts.birth_date == date(1988, 5, 17)
    assert read_archive(FB_2024).facts.account_since == date(2011, 3, 14)


def test_older_facebook_layout_reads_the_same_kinds_of_file() -> None:
    new = set(read_archive(FB_2024).read.records["record_type"].unique())
    old = set(read_archive(FB_2023).read.records["record_type"].unique())
    assert old == new - {"facebook.group_comment"}


def test_instagram_records() -> None:
    read = read_archive(IG)
    records = read.read.records
    posts = records.filter(pl.col("record_type") == "instagram.post")
    assert (posts["visibility"] == "public").all()  # the account is public (Private Account: False)
    assert posts["text"].null_count() == 0  # captions on the media, and on carousel posts
    assert posts["created_at"].null_count() == 0
    kinds = set(records["record_type"].unique())
    assert {"instagram.story", "instagram.reel", "instagram.comment", "instagram.like", "instagram.saved",
            "instagram.follower", "instagram.following", "instagram.message", "instagram.profile",
            "instagram.ads_viewed"} <= kinds
    followers = records.filter(pl.col("record_type") == "instagram.follower")["text"].to_list()
    following = records.filter(pl.col("record_type") == "instagram.following")["text"].to_list()
    assert set(following) - set(followers)  # the wrapped list with usernames as titles
    assert all("." in name for name in followers)  # the bare list, usernames in string_list_data
    assert read.facts.birth_date == date(1993, 2, 11)


def _instagram_files(folder: str, private: str, labels: tuple[str, str] = ("Username", "Name")) -> dict:
    return {
        "personal_information/personal_information/personal_information.json": meta_json({"profile_user": [{
            "string_map_data": {labels[0]: {"value": "mira.test", "timestamp": 0},
                                labels[1]: {"value": "Mira Tëst", "timestamp": 0},
                                "Private Account": {"value": private, "timestamp": 0}}}]}),
        f"your_instagram_activity/{folder}/posts_1.json": meta_json([
            {"media": [{"uri": "media/posts/202401/1.jpg", "creation_timestamp": 1704067200,
                        "title": "Zürich at dawn"}]}]),
        "connections/followers_and_following/followers_1.json": meta_json({"relationships_followers": [
            {"title": "", "string_list_data": [{"href": "https://www.instagram.com/kai.sample", "value": "kai.sample",
                                                "timestamp": 1690000001}]}]}),
    }


@pytest.mark.parametrize("folder", ["content", "media"])
def test_instagram_content_and_media_folders_and_a_private_account(tmp_path: Path, folder: str) -> None:
    read = read_archive(_zip(tmp_path / "ig.zip", _instagram_files(folder, "True")))
    assert read.read.platform == "instagram"
    post = read.read.records.filter(pl.col("record_type") == "instagram.post").row(0, named=True)
    assert post["text"] == "Zürich at dawn" and post["visibility"] == "restricted"
    assert post["created_at"] == datetime(2024, 1, 1, tzinfo=UTC)
    assert read.facts.others == ["kai.sample"]  # the older wrapped followers list


def test_instagram_localised_labels(tmp_path: Path) -> None:
    files = _instagram_files("media", "False", ("Gebruikersnaam", "Naam"))
    read = read_archive(_zip(tmp_path / "ig.zip", files))
    assert read.facts.names == ["Mira Tëst", "mira.test"]


def test_accounts_center_export_with_both_products(tmp_path: Path) -> None:
    files = {f"instagram-mira-2026-11-01/{k}": v for k, v in _instagram_files("media", "False").items()}
    files["facebook-mira-2026-11-01/your_facebook_activity/posts/your_posts__check_ins__photos_and_videos_1.json"] = (
        meta_json([{"timestamp": 1704067200, "data": [{"post": "Olá from Porto"}]}]))
    read = read_archive(_zip(tmp_path / "both.zip", files))
    kinds = set(read.read.records["record_type"].unique())
    assert {"facebook.post", "instagram.post", "instagram.profile"} <= kinds
    assert set(read.read.records["platform"].unique()) == {"facebook", "instagram"}


def test_html_export_is_refused_with_what_to_do(run_cli, tmp_path: Path) -> None:
    archive = _zip(tmp_path / "facebook-x-2026-1-1-abc.zip", {
        "your_facebook_activity/posts/your_posts__check_ins__photos_and_videos_1.html": "<html></html>",
        "start_here.html": "<html></html>"})
    result = run_cli("inspect", archive)
    assert result.code != 0 and "Traceback" not in result.err
    assert "HTML format" in result.err and "JSON" in result.err and len(result.err.strip().splitlines()) == 1


def test_a_damaged_file_is_skipped_and_named(tmp_path: Path) -> None:
    files = _instagram_files("media", "False")
    files["your_instagram_activity/comments/post_comments_1.json"] = b'[{"string_map_data": {"Comment": '
    read = read_archive(_zip(tmp_path / "ig.zip", files))
    assert [f.path for f in read.read.unreadable] == ["your_instagram_activity/comments/post_comments_1.json"]
    assert read.read.records.filter(pl.col("record_type") == "instagram.post").height == 1


# ---- the public fixtures, read in place (shared/fixtures-public/README.md)

FIXTURES = {  # location -> (platform, record types that must be there)
    "tardigrde__facebook-data-miner/tests/test_data": ("facebook", {"facebook.friend", "facebook.message",
                                                                    "facebook.profile"}),
    "pedrofuentes__kawsay/tests/fixtures/facebook": ("facebook", {"facebook.post", "facebook.photo",
                                                                  "facebook.message"}),
    "mlomb__chat-analytics/tests/samples/messenger": ("facebook", {"facebook.message"}),
    "what-if-horizon__what-if-data-donation/pytests/public_testfiles/IG_public_test_file.zip": (
        "instagram", {"instagram.post", "instagram.comment", "instagram.like", "instagram.message",
                      "instagram.follower", "instagram.following", "instagram.profile", "instagram.saved"}),
    "what-if-horizon__what-if-data-donation/pytests/public_testfiles/IG_public_test_file.zip.extracted": (
        "instagram", {"instagram.post", "instagram.message", "instagram.follower"}),
    "d3i-infra__ddp-inspector/ddpinspect/tests/data/instagram": ("instagram", {"instagram.ads_interest"}),
}


@pytest.mark.parametrize("location", list(FIXTURES))
def test_public_fixtures_are_recognised(location: str) -> None:
    path = PUBLIC_FIXTURES / location
    if not path.exists():
        pytest.skip(f"shared public fixtures not found at {PUBLIC_FIXTURES}")
    platform, kinds = FIXTURES[location]
    read = read_archive(path)
    assert read.read.platform == platform
    assert kinds <= set(read.read.records["record_type"].unique())


def test_public_fixture_quirks() -> None:
    if not PUBLIC_FIXTURES.exists():
        pytest.skip(f"shared public fixtures not found at {PUBLIC_FIXTURES}")
    kawsay = read_archive(PUBLIC_FIXTURES / "pedrofuentes__kawsay/tests/fixtures/facebook").read
    assert [(f.path, f.skipped) for f in kawsay.unreadable] == [
        ("posts/your_posts_2.json", "not valid JSON (damaged or truncated)")]  # the rest is read
    [posts] = [f for f in kawsay.files if f.path == "posts/your_posts_1.json"]
    assert "1 items that are not objects skipped" in posts.notes  # the stray 42
    assert kawsay.records["text"].str.contains("¡Hola! ¿Cómo estás? 😀", literal=True).any()
    miner = read_archive(PUBLIC_FIXTURES / "tardigrde__facebook-data-miner/tests/test_data")
    split = miner.read.records.filter(pl.col("source_file").cast(pl.String).str.contains("tokehal_sdf7fs9d876"))
    assert set(split["source_file"].cast(pl.String).str.extract(r"(message_\d)\.json")) == {"message_1", "message_2"}
    assert "Tőke Hal" in miner.facts.others and "Facebook User" not in miner.facts.others
    messenger = read_archive(PUBLIC_FIXTURES / "mlomb__chat-analytics/tests/samples/messenger")  # BOM, odd name
    assert messenger.facts.others == ["Alice", "Bob"]


# ---- verdicts (policies-verified-others.md Q1; "VO" below)

EXPORTED = date(2026, 11, 24)
POST, MSG, PROMPT, PROFILE, COMMENT = ("content.post", "messages.private", "ai.prompts", "profile.identity",
                                       "content.comment")
PUB, RES, PRIV, UNK = "public", "restricted", "private", "unknown"

# (case, fact, category, visibility, created, region, as_of, birth, objection, now, after opt-out, maybe used, rule)
CASES = [
    ("US public post", "VO 1a/1c: public content of adults, no opt-out outside Europe/BR",
     POST, PUB, "2024-03-01", "US", "2026-11-20", None, None, "true", "true", "true", "meta-genai-row-public-content"),
    ("US post, audience not in the archive", "VO 1a: public content only; Facebook's export gives no audience",
     POST, UNK, "2024-03-01", "US", "2026-11-20", None, None, "unknown", "unknown", "unknown", ""),
    ("US private message", "VO 1d: private messages not used unless shared with Meta AI",
     MSG, PRIV, "2024-03-01", "US", "2026-11-20", None, None, "false", "false", "false",
     "meta-genai-row-public-content"),
    ("US post of a now-private account", "VO 1f: making content non-public affects only future use",
     POST, RES, "2024-03-01", "US", "2026-11-20", None, None, "false", "false", "unknown", ""),
    ("US Meta AI prompt", "VO 1a: interactions with AI at Meta",
     PROMPT, PRIV, "2025-03-01", "US", "2026-11-20", None, None, "true", "true", "true",
     "meta-genai-row-ai-interactions"),
    ("US minor's public post", "VO 1b: rest of world minors rest on testimony only -> unknown",
     POST, PUB, "2026-03-01", "US", "2026-11-20", "2010-01-01", None, "unknown", "unknown", "unknown", ""),
    ("US minor's Meta AI prompt", "VO 1b: no carve-out for minors' AI interactions anywhere",
     PROMPT, PRIV, "2026-03-01", "US", "2026-11-20", "2010-01-01", None, "true", "true", "true", ""),
    ("DE the day before the EU start", "VO 1c: EU training began 2025-05-27; the 2024 plan was paused",
     POST, PUB, "2024-03-01", "DE", "2025-05-26", None, None, "false", "false", "false",
     "meta-genai-europe-excluded"),
    ("DE on the EU start day", "VO 1c/1e: in force 2025-05-27; objecting that day is already late",
     POST, PUB, "2024-03-01", "DE", "2025-05-27", None, None, "true", "false", "true",
     "meta-genai-eu-2025-05-public-content"),
    ("DE objected before the start", "VO 1e: an objection before the start keeps all past public content out",
     POST, PUB, "2024-03-01", "DE", "2026-11-20", None, "2025-05-20", "false", "false", "false",
     "meta-genai-eu-2025-05-public-content"),
    ("DE objected in 2024", "VO 1e: 2024 objections are honoured",
     POST, PUB, "2020-03-01", "DE", "2026-11-20", None, "2024-06-01", "false", "false", "false", ""),
    ("DE objected after the start", "VO 1e: a late objection applies going forward; training done is not undone",
     POST, PUB, "2024-03-01", "DE", "2026-11-20", None, "2025-06-10", "false", "false", "true",
     "meta-genai-eu-2025-05-public-content"),
    ("DE post made after a late objection", "VO 1e: what is published after the objection is out",
     POST, PUB, "2025-08-01", "DE", "2026-11-20", None, "2025-06-10", "false", "false", "false", ""),
    ("DE minor's public post", "VO 1b: EU public content only 'for people over the age of majority'",
     POST, PUB, "2025-06-01", "DE", "2025-08-01", "2010-01-01", None, "false", "false", "false",
     "meta-genai-eu-2025-05-public-content"),
    ("DE minor in the all-ages-row window", "VO 1b anomaly 2025-12-16..2026-02-25: minors' public content unknown",
     POST, PUB, "2025-06-01", "DE", "2026-01-10", "2010-01-01", None, "unknown", "false", "unknown",
     "meta-genai-eu-2025-12-minors-anomaly"),
    ("DE minor's Meta AI prompt", "VO 1b: EU AI interactions 'for all people, including those under the age of "
     "majority'", PROMPT, PRIV, "2025-06-01", "DE", "2025-08-01", "2010-01-01", None, "true", "true", "true",
     "meta-genai-eu-2025-05-ai-interactions"),
    ("DE post made at 15, member now 19", "VO 1b: content posted as a minor, used after 18: no answer",
     POST, PUB, "2022-06-01", "DE", "2026-11-20", "2007-06-01", None, "unknown", "false", "unknown", ""),
    ("DE name, always public", "VO 1a: name and username are always public",
     PROFILE, PUB, None, "DE", "2026-11-28", None, None, "true", "false", "true", ""),
    ("DE comment on a post of unknown audience", "VO 1a: comments on public content",
     COMMENT, UNK, "2025-08-01", "DE", "2026-11-20", None, None, "unknown", "false", "unknown", ""),
    ("CH like the EEA", "VO 1c: Switzerland in the 2025 rollout",
     POST, PUB, "2024-03-01", "CH", "2025-08-01", None, None, "true", "false", "true", ""),
    ("GB before the UK announcement", "VO 1c: UK paused in June 2024 (ICO)",
     POST, PUB, "2024-03-01", "GB", "2024-09-12", None, None, "false", "false", "false", "meta-genai-gb-excluded"),
    ("GB while the UK start is unknown", "VO 1c: 'over the coming months', no start day",
     POST, PUB, "2024-03-01", "GB", "2025-03-01", None, None, "unknown", "false", "unknown", ""),
    ("GB once the policy names it", "VO 1c / META-GL-2025-12 served in the UK",
     POST, PUB, "2024-03-01", "GB", "2026-11-20", None, None, "true", "false", "true", "meta-genai-uk-2024-09"),
    ("GB minor", "VO 1b: 'accounts of people in the UK under the age of 18' not used",
     POST, PUB, "2026-03-01", "GB", "2026-11-20", "2010-01-01", None, "false", "false", "false", ""),
    ("GB Meta AI prompt", "VO 1b: AI interactions not named for the UK",
     PROMPT, PRIV, "2026-03-01", "GB", "2026-11-20", None, None, "unknown", "unknown", "unknown", ""),
    ("GB objected before the announcement", "VO 1e: earlier objectors are not contacted again",
     POST, PUB, "2024-03-01", "GB", "2026-11-20", None, "2024-07-01", "false", "false", "false", ""),
    ("BR adult", "VO 1c: Brazil no earlier than about 2024-10-03, exact day unknown",
     POST, PUB, "2024-03-01", "BR", "2026-11-20", None, None, "unknown", "false", "unknown", ""),
    ("BR minor", "VO 1b: under-18s excluded until ANPD's final decision",
     POST, PUB, "2026-03-01", "BR", "2026-11-20", "2010-01-01", None, "false", "false", "false", ""),
    ("BR in the suspended week", "VO 1c: whether data was used 2024-06-26..07-02 is unknown",
     POST, PUB, "2024-03-01", "BR", "2024-06-28", None, None, "unknown", "unknown", "unknown",
     "meta-genai-br-2024-06-window"),
]


def _record(category: str, visibility: str, created: str | None) -> pl.DataFrame:
    moment = datetime.fromisoformat(created).replace(hour=12, tzinfo=UTC) if created else None
    return pl.DataFrame([{
        "record_id": "r#1", "platform": "facebook", "source_file": "x.json", "source_row": 1, "field": None,
        "category": "post", "policy_category": category, "record_type": "facebook.test", "created_at": moment,
        "visibility": visibility, "link": None, "text": None, "attributes": "{}"}], schema=RECORD_SCHEMA)


def _day(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


@pytest.mark.parametrize("platform", ["facebook", "instagram"])
@pytest.mark.parametrize(("case", "fact", "category", "visibility", "created", "region", "as_of", "birth",
                          "objection", "now", "after", "used", "rule"), CASES, ids=[c[0] for c in CASES])
def test_meta_verdict(platform, case, fact, category, visibility, created, region, as_of, birth, objection, now,
                      after, used, rule) -> None:
    situation = Situation(region, _day(as_of), _day(birth), None, _day(objection), EXPORTED,
                          date(2009, 1, 1))
    [row] = labels(classify(_record(category, visibility, created), platform, situation)).to_dicts()
    got = (row["in_scope_genai_now"], row["in_scope_genai_after_opt_out"], row["maybe_already_used"])
    assert got == (now, after, used), f"{case} ({fact})"
    assert row["in_scope_other_ml"] == "unknown"  # no source says which data Meta's other models use
    if rule:
        assert rule in row["rule_ids"].split(";"), f"{case}: {row['rule_ids']}"


def test_scan_reads_in_words(run_cli, tmp_path: Path) -> None:
    result = run_cli("scan", IG, "--no-ner", "--region", "NL", "--objection-filed-on", "2025-06-10",
                     "--json", tmp_path / "s.json")
    assert result.code == 0, result.err
    summary = json.loads((tmp_path / "s.json").read_text())
    assert summary["archive"]["platform"] == "instagram" and summary["settings"]["objection_stops"]
    assert "You objected on 2025-06-10" in result.out
    reasons = {r["reason"] for r in summary["verdict_reasons"]}
    assert any("You objected on 2025-06-10, after this rule began" in r for r in reasons)


def test_the_combined_scan_includes_facebook_and_instagram(run_cli, tmp_path: Path) -> None:
    result = run_cli("scan", COMPLETE, FB_2024, IG, X_SAMPLE, "--no-ner", "--json", tmp_path / "all.json")
    assert result.code == 0, result.err
    combined = json.loads((tmp_path / "all.json").read_text())
    assert [row["platform"] for row in combined["by_archive"]] == ["linkedin", "facebook", "instagram", "x"]
    assert combined["overall"]["records"] == sum(row["records"] for row in combined["by_archive"])


def test_facebook_reactions_in_both_shapes_and_the_oldest_layout(tmp_path: Path) -> None:
    files = {
        "your_facebook_activity/comments_and_reactions/likes_and_reactions.json": meta_json([
            {"timestamp": 1700000000, "fbid": "1", "label_values": [
                {"label": "Reaction", "value": "LOVE"}, {"label": "Name", "value": "Kai Sämple"},
                {"label": "URL", "value": "https://www.facebook.com/kai/posts/1"}]}]),
        "likes_and_reactions/posts_and_comments.json": meta_json({"reactions": [
            {"timestamp": 1600000000, "title": "Mira Tëst likes Kai Sämple's photo.",
             "data": [{"reaction": {"reaction": "LIKE", "actor": "Mira Tëst"}}]}]}),
        "profile_information/profile_information.json": meta_json({"profile": {"name": {"full_name": "Mira Tëst"}}}),
    }
    records = read_archive(_zip(tmp_path / "fb.zip", files)).read.records
    reactions = records.filter(pl.col("record_type") == "facebook.reaction").sort("created_at")
    assert reactions["text"].to_list() == ["Mira Tëst likes Kai Sämple's photo.\nLIKE",
                                           "LOVE\nKai Sämple\nhttps://www.facebook.com/kai/posts/1"]
    assert reactions["created_at"].dt.year().to_list() == [2020, 2023]
