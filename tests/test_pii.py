"""PII detection: each recognizer's positive and negative cases, third-party marking, no network, and the
sample archives against their planted truth."""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import polars as pl
import pytest
from presidio_analyzer.predefined_recognizers import EmailRecognizer

from conftest import BASIC, COMPLETE, FACEBOOK, FACEBOOK_2023, INSTAGRAM, REDDIT, ROOT, X_SAMPLE, write_zip
from toolkit.pii import Identities, detect, with_record_ids
from toolkit.pii.engine import analyzer_engine
from toolkit.pii.patterns import COMBINED, KnownValuesFinder, matches
from toolkit.pii.recognizers import KnownValuesRecognizer, NerRecognizer, PatternRecognizer
from toolkit.pipeline import ScanOptions, read_archive, scan

sys.path.insert(0, str(ROOT / "sample_exports"))
from truth import load_truth, score


def spans(recognizer, text: str) -> list[tuple[str, str]]:
    found = recognizer.find(pl.DataFrame({"text_id": [0], "text": [text]}, schema={"text_id": pl.UInt32,
                                                                                    "text": pl.String}))
    return [(row["entity_type"], text[row["start"]:row["end"]]) for row in found.iter_rows(named=True)]


PATTERNS = PatternRecognizer()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Write to noor.okafor@example.org today", [("EMAIL_ADDRESS", "noor.okafor@example.org")]),
        ("call +1 206-555-0147 after five", [("PHONE_NUMBER", "+1 206-555-0147")]),
        ("card 4111 1111 1111 1111 please", [("CREDIT_CARD", "4111 1111 1111 1111")]),
        ("card 4111111111111111.", [("CREDIT_CARD", "4111111111111111")]),
        ("to GB82WEST12345698765432 by Friday", [("IBAN_CODE", "GB82WEST12345698765432")]),
        ("to DE89 3704 0044 0532 0130 00 now", [("IBAN_CODE", "DE89 3704 0044 0532 0130 00")]),
        ("host 203.0.113.7 is up", [("IP_ADDRESS", "203.0.113.7")]),
        ("see https://blog.example.com/a-b?x=1.", [("URL", "https://blog.example.com/a-b?x=1")]),
        ("see www.example.com/page", [("URL", "www.example.com/page")]),
    ],
)
def test_pattern_positives(text: str, expected: list[tuple[str, str]]) -> None:
    assert spans(PATTERNS, text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "card 4111 1111 1111 1112 fails Luhn",
        "IBAN GB00WEST12345698765432 has a bad checksum",
        "version 999.300.1.1 is not an address",
        "me@localhost is not a routable address",
        "user@example.notarealtld",
        "Invoice INV-0001 total 36.89",
        "the year 2024 and 12 people",
    ],
)
def test_pattern_negatives(text: str) -> None:
    assert spans(PATTERNS, text) == []


def test_matches_give_each_match_its_own_offsets() -> None:
    """The offsets `matches` computes without a loop are where each match is, found one after another: repeated
    values, accents, emoji and line breaks before them, a text without any, and a match at the very start."""
    texts = ["a@example.org and a@example.org, then a@example.org.", "Zoë 🎉\nmail zoë@exämple.org or +1 206-555-0147",
             "nothing here", "https://x.example.com/é?q=1 https://x.example.com/é?q=1", "", "+44 20 7946 0958 x"]
    frame = pl.DataFrame({"text_id": range(len(texts)), "text": texts}, schema={"text_id": pl.UInt32,
                                                                               "text": pl.String})
    found = matches(frame, COMBINED)
    expected = []
    for text_id, text in enumerate(texts):
        cursor = 0
        for value in frame.filter(pl.col("text_id") == text_id)["text"].str.extract_all(COMBINED)[0]:
            start = text.index(value, cursor)
            cursor = start + len(value)
            expected.append((text_id, value, start, cursor))
    assert found.rows() == expected and len(expected) >= 7
    assert [texts[t][s:e] for t, _, s, e in found.rows()] == [m for _, m, _, _ in found.rows()]


def test_known_names_are_case_and_accent_insensitive_whole_words() -> None:
    recognizer = KnownValuesRecognizer({"PERSON": ["José García", "Ann Lee"]})
    assert spans(recognizer, "Thanks JOSE GARCIA for the intro") == [("PERSON", "JOSE GARCIA")]
    assert spans(recognizer, "Met josé garcía and Ann Lee.") == [("PERSON", "josé garcía"), ("PERSON", "Ann Lee")]
    assert spans(recognizer, "Joann Leeds is someone else") == []


def test_known_values_are_located_in_polars_where_folding_keeps_the_characters() -> None:
    """Texts with emoji, precomposed accents and non-Latin words are located from the matcher's offsets; texts whose
    folding changes their length (decomposed accents, ligatures) character by character: both give the places the
    character-by-character search gives."""
    finder = KnownValuesFinder({"PERSON": ["José García", "Ann Lee", "Zoë Ødegaard"]})
    texts = ["Ann Lee 🎉 met José García", "“Zoë Ødegaard” and ann lee’s cat", "Привет Ann Lee!",
             "Jose\u0301 Garci\u0301a here", "ﬁne, Ann Lee", "xAnn Lee and Ann Leex", "ann lee ann lee"]
    frame = pl.DataFrame({"text_id": range(len(texts)), "text": texts}, schema={"text_id": pl.UInt32,
                                                                               "text": pl.String})
    found = finder.find(frame).sort("text_id", "start")
    folded = pl.col("text").str.normalize("NFKD").str.replace_all(r"\p{Mn}", "").str.to_lowercase()
    hits = frame.select("text_id", "text", folded.str.extract_many(finder.patterns, ascii_case_insensitive=True,
                                                                   leftmost=True).alias("value"))
    assert found.equals(finder._realigned(hits).sort("text_id", "start"))
    assert [texts[t][s:e] for t, s, e in found.select("text_id", "start", "end").rows()] == [
        "Ann Lee", "José García", "Zoë Ødegaard", "ann lee", "Ann Lee", "Jose\u0301 Garci\u0301a", "Ann Lee",
        "ann lee", "ann lee"]


NER = NerRecognizer()


@pytest.mark.parametrize(
    ("text", "person"),
    [
        ("I had coffee with Priya Ferreira yesterday.", "Priya Ferreira"),
        ("Yesterday Marcus Lindqvist joined the team.", "Marcus Lindqvist"),
        ("Anna Schmidt presented the results.", "Anna Schmidt"),
    ],
)
def test_ner_finds_names(text: str, person: str) -> None:
    assert ("PERSON", person) in spans(NER, text)


@pytest.mark.parametrize(
    "text",
    [
        "Invoice INV-0001 was paid by card.", "Ticket ABC-123 is closed.", "Order 4411-22 shipped to the warehouse.",
        "Reference X7Y8Z9 attached.", "The ID 0042-A is expired.", "Use code SUMMER2024 at checkout.",
        "LICENSE ABC-123 renewed.", "Call +1 206-555-0147 after five.",
    ],
)
def test_numbers_and_ids_are_not_people(text: str) -> None:
    assert [s for s in spans(NER, text) if s[0] == "PERSON"] == []


def test_recognizers_work_inside_presidio() -> None:
    engine = analyzer_engine((KnownValuesRecognizer({"PERSON": ["Kai Sample"]}),))
    results = engine.analyze("kai sample wrote to me", language="en", entities=["PERSON"])
    assert any(r.start == 0 and r.end == 10 for r in results)


def test_third_party_marking(tmp_path: Path) -> None:
    archive = write_zip(tmp_path / "e.zip", {
        "Profile.csv": "First Name,Last Name,Geo Location\nAvery,Quill,Greater Seattle Area",
        "Email Addresses.csv": "Email Address,Confirmed,Primary,Updated On\navery@example.com,Yes,Yes,Not Available",
        "Connections.csv": "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
                           "Noor,Okafor,https://www.linkedin.com/in/noor,noor@example.org,C,P,01 Jan 2024",
        "Shares.csv": "Date,ShareLink,ShareCommentary,SharedUrl,MediaUrl,Visibility\n"
                      "2025-01-01 10:00:00,u,Write to avery@example.com or to noor@example.org,,,PUBLIC\n"
                      "2025-01-02 10:00:00,u,Thanks noor okafor and Avery Quill!,,,PUBLIC",
    })
    result = scan(archive, ScanOptions(as_of=None, ner=False))
    named = with_record_ids(result.findings, result.table)
    text = named.filter(pl.col("record_id").str.starts_with("Shares.csv"))
    owned = {(r["record_id"], r["entity_type"], r["start"], r["third_party"]) for r in text.iter_rows(named=True)}
    assert owned == {("Shares.csv#1", "EMAIL_ADDRESS", 9, False), ("Shares.csv#1", "EMAIL_ADDRESS", 33, True),
                     ("Shares.csv#2", "PERSON", 7, True), ("Shares.csv#2", "PERSON", 23, False)}
    columns = named.filter(pl.col("record_id") == "Connections.csv#1")
    assert set(columns["column"]) == {"First Name", "Email Address", "URL"} and columns["third_party"].all()
    shares = result.table.filter(pl.col("source_file") == "Shares.csv").sort("source_row")
    assert shares["pii_types"].to_list() == ["EMAIL_ADDRESS", "PERSON"]
    assert shares["third_party_pii"].to_list() == [True, True]


def test_sums_per_record_equal_the_findings_grouped_by_record(tmp_path: Path) -> None:
    """pii_types, pii_count and third_party_pii are summed across each record's columns, not by grouping the
    findings: they must equal that grouping, on every platform's sample and on messages whose FROM and TO are the
    member's own, someone else's or empty."""
    archive = write_zip(tmp_path / "m.zip", {
        "Profile.csv": "First Name,Last Name,Geo Location\nAvery,Quill,Greater Seattle Area",
        "messages.csv": "CONVERSATION ID,FROM,TO,DATE,CONTENT\n"
                        "c1,Avery Quill,Noor Okafor,2025-01-01 10:00:00 UTC,hello\n"
                        "c1,Noor Okafor,Avery Quill,2025-01-02 10:00:00 UTC,hi\n"
                        "c2,Avery Quill,Avery Quill,2025-01-03 10:00:00 UTC,note to self\n"
                        "c3,Avery Quill,,2025-01-04 10:00:00 UTC,draft",
    })
    for sample in (archive, BASIC, COMPLETE, FACEBOOK, FACEBOOK_2023, INSTAGRAM, REDDIT, X_SAMPLE):
        result = scan(sample, ScanOptions(ner=False))
        grouped = result.findings.group_by("row").agg(
            pl.col("entity_type").unique().sort().str.join(";").alias("pii_types"),
            pl.len().cast(pl.Int64).alias("pii_count"), pl.col("third_party").any().alias("third_party_pii"))
        expected = pl.DataFrame({"row": pl.int_range(result.table.height, eager=True, dtype=pl.UInt32)}).join(
            grouped, on="row", how="left").sort("row").with_columns(
            pl.col("pii_types").fill_null(""), pl.col("pii_count").fill_null(0),
            pl.col("third_party_pii").fill_null(False)).drop("row")
        assert result.table.select(expected.columns).equals(expected), sample.name
    messages = scan(archive, ScanOptions(ner=False)).table.filter(pl.col("source_file") == "messages.csv")
    assert messages["pii_count"].to_list() == [2, 2, 2, 1]
    assert messages["third_party_pii"].to_list() == [True, True, False, False]


def test_no_socket_is_opened_by_the_whole_pipeline(no_network: list[str], tmp_path: Path) -> None:
    result = scan(BASIC, ScanOptions(ner=True))
    assert result.findings.height > 0
    assert no_network == []


def test_the_network_guard_catches_presidio_stock_email_recognizer(no_network: list[str]) -> None:
    # The reason the pipeline never uses it: its domain check downloads the public-suffix list.
    EmailRecognizer().validate_result("someone@example.org")
    assert no_network


@pytest.mark.parametrize("sample", [BASIC, COMPLETE, FACEBOOK, FACEBOOK_2023, INSTAGRAM],
                         ids=["basic", "complete", "facebook", "facebook-2023", "instagram"])
def test_samples_against_planted_truth(sample: Path) -> None:
    read = read_archive(sample)
    facts = read.facts
    identities = Identities(facts.names, facts.emails, facts.phones, facts.others)
    findings = with_record_ids(detect(read.read.records, identities, ner=True).findings, read.read.records)
    texts = dict(read.read.records.select("record_id", "text").drop_nulls().iter_rows())
    scores = score(findings, texts, load_truth(sample))
    for entity in ("EMAIL_ADDRESS", "PHONE_NUMBER", "CREDIT_CARD", "IBAN_CODE", "IP_ADDRESS", "URL"):
        if entity in scores or sample in (BASIC, COMPLETE):  # the smaller samples do not plant every kind
            assert scores[entity].recall == 1.0 and scores[entity].precision == 1.0, entity
    assert scores["PERSON"].recall >= 0.95 and scores["PERSON"].precision >= 0.92
    assert scores["LOCATION"].recall >= 0.8
    truth = json.loads(sample.with_name(sample.stem + ".truth.json").read_text())
    assert truth["member"]["email"] in facts.emails


def test_sentences_are_split_in_polars_as_the_look_behind_expression_splits_them() -> None:
    """The model reads sentence by sentence; polars has no look-behind, so the titles' stops are taken out first.
    The reference is the expression with look-behinds, in Python, on edge cases and 3,000 random texts."""
    import random
    import re

    from toolkit.pii.recognizers import sentences

    reference = re.compile(r"(?<!\bMr)(?<!\bMs)(?<!\bDr)(?<!\bSt)(?<!\bJr)(?<!\bSr)(?<!\bMrs)(?<!\bProf)"
                           r"[.!?]+[\s]+|\n+")

    def split(text: str) -> list[tuple[int, str]]:
        out, start = [], 0
        for end in reference.finditer(text):
            if end.start() > start:
                out.append((start, text[start:end.start() + (1 if text[end.start()] in ".!?" else 0)]))
            start = end.end()
        return [*out, (start, text[start:])] if start < len(text) else out

    texts = ["Hello world. Mr. Smith went to Washington.", "Dr.. Who? Yes!  \n\nOK", "Mr.\nSmith", "", "\n\n",
             "Mrs. Doe and Prof. X. Fin", "e.g. this.", "Zoë 🎉. Émile said hi!\nBye", "St. Louis. Jr! Ms.Lee",
             "HMr. X", "...", "x\ue002. y"]
    rng = random.Random(3)
    alphabet = [*"abcMrDsSt.!? \n\tPJrof", "Mr", "Mrs", "Dr", "Prof", "é", "🎉"]
    texts += ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 25))) for _ in range(3000)]
    frame = pl.DataFrame({"text_id": range(len(texts)), "text": texts}, schema={"text_id": pl.UInt32,
                                                                               "text": pl.String})
    expected = sorted((i, offset, sentence) for i, text in enumerate(texts) for offset, sentence in split(text))
    assert sentences(frame).sort("text_id", "offset").rows() == expected and len(expected) > 3000


def test_overlapping_spans_keep_one_per_place() -> None:
    from toolkit.pii import _resolve_overlaps
    from toolkit.pii.findings import SPAN_SCHEMA

    spans = pl.DataFrame([
        (0, "PERSON", 0, 20, 0.85, "NerRecognizer"),  # overlaps the archive's own match below: the archive wins
        (0, "PERSON", 5, 15, 0.9, "ArchiveRecognizer"),
        (0, "URL", 30, 40, 0.6, "PatternRecognizer"),
        (1, "EMAIL_ADDRESS", 2, 10, 1.0, "PatternRecognizer"),  # a new text: text 0's spans reach further, no overlap
        (1, "EMAIL_ADDRESS", 2, 10, 1.0, "ArchiveRecognizer"),  # the same place twice: one is kept
    ], schema=SPAN_SCHEMA, orient="row")
    kept = _resolve_overlaps(spans).sort("text_id", "start")
    assert kept.select("text_id", "start", "end").rows() == [(0, 5, 15), (0, 30, 40), (1, 2, 10)]
    assert kept["recognizer"][0] == "ArchiveRecognizer"


def test_no_ner_imports_neither_presidio_nor_spacy() -> None:
    import subprocess
    import sys

    code = ("import sys; from toolkit import pipeline; "
            f"pipeline.scan({str(BASIC)!r}, pipeline.ScanOptions(ner=False)); "
            "print('presidio_analyzer' in sys.modules, 'spacy' in sys.modules)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    assert result.stdout.split() == ["False", "False"]


@pytest.mark.parametrize("value", [
    "4111 1111 1111 1111", "4111-1111-1111-1112", "5500005555555559", "DE89370400440532013000",
    "DE89370400440532013001", "GB82WEST12345698765432", "GB82 WEST 1234 5698 7654 32", "NL91ABNA0417164300",
    "FR1420041010050500013M02606", "XX89370400440532013000", "192.168.0.1", "999.1.1.1", "2001:db8::1",
    "+1 206-555-0187", "030 12345678", "06 12 34 56 78", "+44 7911 123456", "12345", "555-0187", "01.2.3.4",
    "256.1.1.1", "0.0.0.0", "2001:0db8:0000:0000:0000:ff00:0042:8329", "4539 1488 0343 6467", "79927398713",
    "gb82west12345698765432", "BE71 0961 2345 6769", "MT84MALT011000012345MTLCAST001S", "DE89-3704-0044-0532-0130-00",
])
def test_presidio_free_checks_agree_with_presidio(value: str) -> None:
    from presidio_analyzer.predefined_recognizers import (
        CreditCardRecognizer,
        IbanRecognizer,
        IpRecognizer,
        PhoneRecognizer,
    )

    from toolkit.pii import patterns

    def check(valid) -> bool:  # type: ignore[no-untyped-def]  # a polars check on this one value
        return pl.select(valid(pl.lit(value))).item()

    if set(value) <= set("0123456789 -"):  # what the card pattern lets through
        assert check(patterns.luhn_valid) == bool(CreditCardRecognizer().validate_result(value))
    assert check(patterns.iban_valid) == (IbanRecognizer().validate_result(value) is True)
    if re.fullmatch(r"[0-9.]+|(?:[0-9a-f]{1,4}:){7}[0-9a-f]{1,4}", value):  # what the IP pattern lets through
        assert check(patterns.ip_valid) == (not IpRecognizer().invalidate_result(value))
    regions = PhoneRecognizer.DEFAULT_SUPPORTED_REGIONS
    presidio_phone = any(r.start == 0 and r.end >= len(value) - 1 for region in regions
                         for r in PhoneRecognizer(supported_regions=[region]).analyze(value, []))
    digits = sum(ch.isdigit() for ch in value)
    assert patterns.phone_valid(value) == (presidio_phone and 7 <= digits <= 15)


@pytest.mark.parametrize("truth_file", sorted(str(p.relative_to(ROOT / "sample_exports"))
                                               for p in (ROOT / "sample_exports").rglob("*.truth.json")))
def test_every_planted_value_is_in_the_record_its_truth_names(truth_file: str) -> None:
    path = ROOT / "sample_exports" / truth_file
    archive = path.with_name(path.name.removesuffix(".truth.json") + ".zip")
    texts = dict(read_archive(archive).read.records.select("record_id", "text").drop_nulls().iter_rows())
    for item in json.loads(path.read_text())["pii"]:
        record = f"{item['source_file']}#{item['source_row']}"
        assert item["value"] in texts.get(record, ""), (record, item["entity_type"])
