"""Recognizers, one small class each. Every one is a presidio `EntityRecognizer` (so `analyze` works on one text,
inside presidio's AnalyzerEngine too) and also has `find`, which does the same over a whole polars column of
distinct texts at once: candidates are found in Rust by polars, and presidio's own validation runs on the distinct
candidates only."""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Callable, Iterable
from functools import cache
from typing import ClassVar

import polars as pl
from presidio_analyzer import EntityRecognizer, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts
from presidio_analyzer.predefined_recognizers import (
    CreditCardRecognizer,
    IbanRecognizer,
    IpRecognizer,
    PhoneRecognizer,
)

from toolkit.pii.engine import NER_ENTITIES, OfflineEmailRecognizer, ner_pipeline
from toolkit.pii.findings import SPAN_SCHEMA, empty_spans


class FrameRecognizer(EntityRecognizer):
    """A presidio recognizer that can also work on many texts at once."""

    def __init__(self, entities: list[str], name: str) -> None:
        super().__init__(supported_entities=entities, name=name, supported_language="en")

    def load(self) -> None:
        """Nothing to load: everything is built in the constructor."""

    def find(self, texts: pl.DataFrame) -> pl.DataFrame:
        """Spans (SPAN_SCHEMA) in `texts`, a frame of distinct `text_id`, `text`."""
        raise NotImplementedError

    def analyze(self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
                ) -> list[RecognizerResult]:
        spans = self.find(pl.DataFrame({"text_id": [0], "text": [text]}, schema={"text_id": pl.UInt32,
                                                                                  "text": pl.String}))
        return [RecognizerResult(row["entity_type"], row["start"], row["end"], row["score"],
                                 recognition_metadata={RecognizerResult.RECOGNIZER_NAME_KEY: self.name})
                for row in spans.iter_rows(named=True) if not entities or row["entity_type"] in entities]


def _spans(rows: list[tuple[int, str, int, int, float, str]]) -> pl.DataFrame:
    return pl.DataFrame(rows, schema=SPAN_SCHEMA, orient="row") if rows else empty_spans()


def _locate(pairs: Iterable[tuple[int, str]], texts: dict[int, str]) -> Iterable[tuple[int, str, int, int]]:
    """Character offsets of each found value in its text; a value found k times gets its k occurrences."""
    seen: dict[tuple[int, str], int] = defaultdict(int)
    for text_id, value in pairs:
        text = texts[text_id]
        start = text.find(value, seen[(text_id, value)])
        if start < 0:
            continue
        seen[(text_id, value)] = start + len(value)
        yield text_id, value, start, start + len(value)


# --------------------------------------------------------------------------------------------- patterns

def _luhn_and_presidio(recognizer: CreditCardRecognizer) -> Callable[[str], bool]:
    return lambda value: bool(recognizer.validate_result(value))


def _ip_valid(recognizer: IpRecognizer) -> Callable[[str], bool]:
    return lambda value: not recognizer.invalidate_result(value)


def _phone_valid() -> Callable[[str], bool]:
    # presidio's phone logic (python-phonenumbers' matcher at presidio's leniency, region by region), on the
    # candidate alone; stopping at the first region that accepts it gives the same verdict as trying them all.
    per_region = [PhoneRecognizer(supported_regions=[region]) for region in PhoneRecognizer.DEFAULT_SUPPORTED_REGIONS]

    def valid(value: str) -> bool:
        digits = sum(ch.isdigit() for ch in value)
        if not 7 <= digits <= 15:
            return False
        return any(r.start == 0 and r.end >= len(value) - 1 for rec in per_region for r in rec.analyze(value, []))

    return valid


class PatternRecognizer(FrameRecognizer):
    """E-mail addresses, URLs, IBANs, card numbers, IP addresses and phone numbers.

    One alternation of candidate patterns runs over the whole column (polars, in Rust); each distinct candidate is
    then classified and checked with presidio's own validation: the e-mail domain (offline), the card's Luhn digit,
    the IBAN checksum and format, the IP address, the phone number's plausibility for presidio's regions."""

    # Order matters: at one position the first alternative that matches wins (an e-mail before its domain as a URL,
    # a card number before a phone number).
    CANDIDATES = (
        ("EMAIL_ADDRESS", r"[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)+"),
        ("URL", r"(?:https?://|www\.)[^\s<>\"'()\[\]]+"),
        ("IBAN_CODE", r"\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,3})?\b"),
        ("CREDIT_CARD", r"\b(?:\d[ -]?){12,18}\d\b"),
        ("IP_ADDRESS", r"\b(?:\d{1,3}\.){3}\d{1,3}\b|\b(?:[0-9A-Fa-f]{1,4}:){7}[0-9A-Fa-f]{1,4}\b"),
        ("PHONE_NUMBER", r"(?:\+\d{1,3}[ .\-]?)?(?:\(\d{1,4}\)[ .\-]?)?\d{2,4}(?:[ .\-]?\d{2,4}){1,4}"),
    )
    # presidio's scores for validated results of each kind.
    SCORES: ClassVar[dict[str, float]] = {
        "EMAIL_ADDRESS": 1.0, "URL": 0.6, "IBAN_CODE": 1.0, "CREDIT_CARD": 1.0, "IP_ADDRESS": 0.95, "PHONE_NUMBER": 0.4,
    }

    def __init__(self) -> None:
        super().__init__([entity for entity, _ in self.CANDIDATES], "PatternRecognizer")
        self._compiled = [(entity, re.compile(pattern)) for entity, pattern in self.CANDIDATES]
        self._combined = "|".join(f"(?:{pattern})" for _, pattern in self.CANDIDATES)
        email = OfflineEmailRecognizer()
        iban = IbanRecognizer()
        # The domain check depends only on the part after '@': check each domain once.
        email_domain_valid = cache(lambda domain: email.validate_result(f"x@{domain}"))
        self._valid: dict[str, Callable[[str], bool]] = {
            "EMAIL_ADDRESS": lambda value: email_domain_valid(value.rsplit("@", 1)[1].lower()),
            "URL": lambda value: True,
            "IBAN_CODE": lambda value: iban.validate_result(value) is True,
            "CREDIT_CARD": _luhn_and_presidio(CreditCardRecognizer()),
            "IP_ADDRESS": _ip_valid(IpRecognizer()),
            "PHONE_NUMBER": _phone_valid(),
        }

    def _classify(self, candidate: str) -> tuple[str, str] | None:
        value = candidate.rstrip(".,;:!?")
        for entity, pattern in self._compiled:
            if pattern.fullmatch(value):
                return (entity, value) if self._valid[entity](value) else None
        return None

    def find(self, texts: pl.DataFrame) -> pl.DataFrame:
        pairs = (
            texts.select("text_id", pl.col("text").str.extract_all(self._combined).alias("candidate"))
            .explode("candidate").drop_nulls("candidate")
        )
        verdicts = {c: self._classify(c) for c in pairs["candidate"].unique().to_list()}
        lookup = dict(texts.select("text_id", "text").iter_rows())
        found = [(text_id, verdicts[c]) for text_id, c in pairs.iter_rows() if verdicts[c] is not None]
        entity_of = {value: entity for _, (entity, value) in found}  # type: ignore[misc]
        rows = [
            (text_id, entity_of[value], start, end, self.SCORES[entity_of[value]], self.name)
            for text_id, value, start, end in _locate(((t, v[1]) for t, v in found), lookup)  # type: ignore[index]
        ]
        return _spans(rows)


# --------------------------------------------------------------------------------------------- archive-aware

def fold(text: str) -> str:
    """Lower case, accents removed, one character for one character where the script allows."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


def _fold_with_map(text: str) -> tuple[str, list[int] | range]:
    """`fold`, plus for each folded character the index of the original character it came from."""
    if text.isascii():
        return text.lower(), range(len(text))
    out: list[str] = []
    origin: list[int] = []
    for index, char in enumerate(text):
        for piece in fold(char):
            out.append(piece)
            origin.append(index)
    return "".join(out), origin


class KnownValuesRecognizer(FrameRecognizer):
    """Values the archive itself names (people's full names, the member's e-mails and phones), matched case- and
    accent-insensitively as whole words, in one pass of polars' Aho-Corasick multi-pattern matcher."""

    def __init__(self, values: dict[str, Iterable[str]], name: str = "ArchiveRecognizer", score: float = 0.9) -> None:
        """`values`: presidio entity -> the values of that kind the archive names."""
        super().__init__(sorted(values), name)
        self.score = score
        self.entity_of = {fold(v.strip()): entity for entity, vs in values.items() for v in vs if len(v.strip()) >= 3}
        self.patterns = sorted(self.entity_of, key=len, reverse=True)

    def find(self, texts: pl.DataFrame) -> pl.DataFrame:
        if not self.patterns:
            return empty_spans()
        text = pl.col("text")
        # Folding (accents off, lower case) is only needed where the text is not plain ASCII.
        folded = pl.when(text.str.contains(r"[^\x00-\x7F]")).then(
            text.str.normalize("NFKD").str.replace_all(r"\p{Mn}", "")).otherwise(text)
        hits = (
            texts.select("text_id", "text", folded.str.extract_many(self.patterns, ascii_case_insensitive=True,
                                                                    leftmost=True).alias("hits"))
            .filter(pl.col("hits").list.len() > 0)
        )
        rows = []
        for text_id, original, found in hits.iter_rows():
            haystack, origin = _fold_with_map(original)
            cursor: dict[str, int] = defaultdict(int)
            for value in found:
                # each hit is the next occurrence of its value: one search from where the last one ended, so a
                # value glued inside words thousands of times costs one pass, not one pass per hit
                value = value.lower()
                start = haystack.find(value, cursor[value])
                if start < 0:
                    continue
                end = start + len(value)
                cursor[value] = end
                if _whole_word(haystack, start, end):
                    rows.append((text_id, self.entity_of[value], origin[start], origin[end - 1] + 1, self.score,
                                 self.name))
        return _spans(rows)


def _whole_word(text: str, start: int, end: int) -> bool:
    before = text[start - 1] if start > 0 else " "
    after = text[end] if end < len(text) else " "
    return not before.isalnum() and not after.isalnum()


# --------------------------------------------------------------------------------------------- statistical NER

class NerRecognizer(FrameRecognizer):
    """Person names and places from spaCy's statistical model, run batched over distinct texts only, with the
    pipeline reduced to what NER needs. Spans that are numbers, IDs or addresses are dropped: the small model
    is known to take those for names."""

    SCORE = 0.85
    MAY_NAME = r"[^\s.!?]\s+\p{Lu}\p{Ll}|^\s*\p{Lu}\p{Ll}+\s*$"

    def __init__(self, processes: int = 1, batch_size: int = 256) -> None:
        super().__init__(sorted(set(NER_ENTITIES.values())), "NerRecognizer")
        self.processes, self.batch_size = processes, batch_size

    def find(self, texts: pl.DataFrame, progress: Callable[[int, int], None] | None = None) -> pl.DataFrame:
        # Names and places are capitalised. A capital that only starts a sentence is no evidence, so the model
        # reads only texts with a capitalised word after another word (or a text that is a bare name).
        candidates = texts.filter(pl.col("text").str.contains(self.MAY_NAME))
        ids = candidates["text_id"].to_list()
        rows = []
        processes = self.processes if len(ids) > 4 * self.batch_size else 1
        docs = ner_pipeline().pipe(candidates["text"].to_list(), batch_size=self.batch_size, n_process=processes)
        for done, (text_id, doc) in enumerate(zip(ids, docs, strict=True), 1):
            for ent in doc.ents:
                entity = NER_ENTITIES.get(ent.label_)
                if entity and _plausible(ent.text, entity):
                    rows.append((text_id, entity, ent.start_char, ent.end_char, self.SCORE, self.name))
            if progress and done % 1000 == 0:
                progress(done, len(ids))
        return _spans(rows)


def _plausible(span: str, entity: str) -> bool:
    if any(ch.isdigit() for ch in span) or any(ch in span for ch in "@/_#=<>|\\"):
        return False
    words = span.split()
    if entity == "PERSON":
        # A name has at least one capitalised word of letters, and is not shouting (IDs, acronyms).
        return any(w[:1].isupper() and w[1:].islower() for w in words) and not span.isupper()
    return True
