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
