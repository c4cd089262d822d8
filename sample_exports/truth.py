"""Score PII findings against a sample archive's planted truth (`<archive>.truth.json`, see generate.py)."""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import polars as pl


@dataclass
class Score:
    planted: int = 0
    found: int = 0  # planted items found (same record, type, overlapping span)
    reported: int = 0  # findings of this type in the scored records
    correct: int = 0  # of those, the ones that are planted items

    @property
    def recall(self) -> float:
        return self.found / self.planted if self.planted else 1.0

    @property
    def precision(self) -> float:
        return self.correct / self.reported if self.reported else 1.0


def load_truth(archive: Path) -> list[dict]:
    return json.loads(archive.with_name(archive.stem + ".truth.json").read_text())["pii"]


def score(findings: pl.DataFrame, texts: dict[str, str], truth: list[dict]) -> dict[str, Score]:
    """`findings`: record_id, entity_type, start, end (text findings only); `texts`: record_id -> text.

    Only records holding planted items' columns are scored: the generator writes every PII item in them to truth."""
    planted: dict[tuple[str, str], list[tuple[int, int]]] = defaultdict(list)
    scored_files = {item["source_file"] for item in truth}
    for item in truth:
        record_id = f"{item['source_file']}#{item['source_row']}"
        text = texts.get(record_id, "")
        start = text.find(item["value"])
        planted[(record_id, item["entity_type"])].append((start, start + len(item["value"])))
    scores: dict[str, Score] = defaultdict(Score)
    for (_, entity), spans in planted.items():
        scores[entity].planted += len(spans)
    matched: set[tuple[str, str, int]] = set()
    rows = findings.filter(pl.col("start").is_not_null()).select("record_id", "entity_type", "start", "end")
    for record_id, entity, start, end in rows.iter_rows():
        if record_id.split("#", 1)[0] not in scored_files:
            continue
        scores[entity].reported += 1
        hit = False
        for index, (p_start, p_end) in enumerate(planted.get((record_id, entity), [])):
            if p_start >= 0 and start < p_end and p_start < end:
                hit = True
                matched.add((record_id, entity, index))
        scores[entity].correct += hit
    for _, entity, _ in matched:
        scores[entity].found += 1
    return dict(scores)


# ---- the multilingual truth set (sample_exports/multilingual/): scores per language

TYPES = ("PERSON", "EMAIL_ADDRESS", "PHONE_NUMBER", "IBAN_CODE")


def _overlaps(span: tuple[int, int], other: tuple[int, int]) -> bool:
    return span[0] < other[1] and other[0] < span[1]


def score_by_language(findings: pl.DataFrame, texts: dict[str, str], truth: dict) -> dict[str, dict[str, float]]:
    """Per language: recall of strangers' and connections' names, FP rate on clean posts, and per type recall and
    precision over the scored records."""
    language_of = {t["record"]: t["language"] for t in truth["texts"]}
    kind_of = {t["record"]: t["kind"] for t in truth["texts"]}
    planted: dict[tuple[str, str], list[tuple[int, int, dict]]] = defaultdict(list)
    for item in truth["pii"]:
        record = f"{item['source_file']}#{item['source_row']}"
        start = texts[record].find(item["value"])
        planted[(record, item["entity_type"])].append((start, start + len(item["value"]), item))
    found = findings.filter(pl.col("start").is_not_null() & pl.col("record_id").is_in(list(language_of)))
    hits: set[tuple[str, str, int]] = set()
    counts: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    clean_flagged: set[str] = set()
    for record, entity, start, end in found.select("record_id", "entity_type", "start", "end").iter_rows():
        lang = language_of[record]
        if entity not in TYPES:
            continue
        counts[lang][f"{entity} reported"] += 1
        matched = False
        for index, (p_start, p_end, _) in enumerate(planted.get((record, entity), [])):
            if _overlaps((start, end), (p_start, p_end)):
                matched = True
                hits.add((record, entity, index))
        counts[lang][f"{entity} correct"] += matched
        if entity == "PERSON" and kind_of[record] == "clean":
            clean_flagged.add(record)
    for (record, entity), spans in planted.items():
        lang = language_of[record]
        for index, (_, _, item) in enumerate(spans):
            key = "known" if item.get("known") else "stranger"
            label = f"{entity} {key}" if entity == "PERSON" else entity
            counts[lang][f"{label} planted"] += 1
            counts[lang][f"{label} found"] += (record, entity, index) in hits
    for record, kind in kind_of.items():
        if kind == "clean":
            counts[language_of[record]]["clean posts"] += 1
            counts[language_of[record]]["clean flagged"] += record in clean_flagged
    return counts
