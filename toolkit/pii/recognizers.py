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

from toolkit.pii.engine import NER_ENTITIES, SPACY_MODEL, OfflineEmailRecognizer, ner_pipeline
from toolkit.pii.findings import SPAN_SCHEMA, empty_spans


class FrameRecognizer(EntityRecognizer):
    """A presidio recognizer that can also work on many texts at once.

    `languages`: the languages of the texts it reads (ISO 639-1), None for every text; `prose_only`: it reads posts,
    comments and messages, not profile entries (where capitalised words are names of things)."""

    languages: tuple[str, ...] | None = None
    prose_only = False

    def __init__(self, entities: list[str], name: str, language: str = "en") -> None:
        super().__init__(supported_entities=entities, name=name, supported_language=language)

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


# The country whose national phone formats a text in each language uses, beside presidio's default regions.
PHONE_REGION = {"de": "DE", "fr": "FR", "es": "ES", "nl": "NL", "it": "IT", "pt": "PT"}


@cache
def _phone_region(region: str) -> PhoneRecognizer:
    return PhoneRecognizer(supported_regions=[region])


def _phone_valid(value: str, language: str | None = None) -> bool:
    """presidio's phone logic (python-phonenumbers' matcher at presidio's leniency, region by region), on the
    candidate alone; stopping at the first region that accepts it gives the same verdict as trying them all. A text
    in German, French... also tries that country's national formats (`030 1234567`, `06 12 34 56 78`)."""
    digits = sum(ch.isdigit() for ch in value)
    if not 7 <= digits <= 15:
        return False
    regions = list(PhoneRecognizer.DEFAULT_SUPPORTED_REGIONS)
    if language in PHONE_REGION and PHONE_REGION[language] not in regions:
        regions.append(PHONE_REGION[language])
    return any(r.start == 0 and r.end >= len(value) - 1
               for region in regions for r in _phone_region(region).analyze(value, []))


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
        # after a country code the first group can be one digit (+31 6 12345678, +33 6 12 34 56 78)
        ("PHONE_NUMBER", r"(?:\+\d{1,3}[ .\-]?\d{1,4}|(?:\(\d{1,4}\)[ .\-]?)?\d{2,4})(?:[ .\-]?\d{2,4}){1,4}"),
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
        }

    def _classify(self, candidate: str, language: str | None) -> tuple[str, str] | None:
        value = candidate.rstrip(".,;:!?")
        for entity, pattern in self._compiled:
            if pattern.fullmatch(value):
                if entity == "PHONE_NUMBER":
                    return (entity, value) if _phone_valid(value, language) else None
                return (entity, value) if self._valid[entity](value) else None
        return None

    def find(self, texts: pl.DataFrame) -> pl.DataFrame:
        language = pl.col("language") if "language" in texts.columns else pl.lit(None, pl.String)
        pairs = (
            texts.select("text_id", language.alias("language"),
                         pl.col("text").str.extract_all(self._combined).alias("candidate"))
            .explode("candidate").drop_nulls("candidate")
        )
        # a phone number's validity depends on the text's language (its national formats); the rest does not
        keyed = pairs.with_columns(pl.when(pl.col("candidate").str.contains(r"^[\d\s.()+\-]+$"))
                                   .then(pl.col("language")).alias("language"))
        verdicts = {(c, lang): self._classify(c, lang)
                    for c, lang in keyed.select("candidate", "language").unique().iter_rows()}
        lookup = dict(texts.select("text_id", "text").iter_rows())
        found = [(text_id, verdicts[(c, lang)]) for text_id, lang, c in keyed.iter_rows()
                 if verdicts[(c, lang)] is not None]
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
    is known to take those for names. `model`: the pipeline (English by default); `keep`: the entities kept (the
    English model reads other languages' texts for places only: the names it finds there are mostly not names)."""

    SCORE = 0.85
    MAY_NAME = r"[^\s.!?]\s+\p{Lu}\p{Ll}|^\s*\p{Lu}\p{Ll}+\s*$"
    prose_only = True

    def __init__(self, processes: int = 1, batch_size: int = 256, model: str = SPACY_MODEL,
                 languages: tuple[str, ...] | None = None, keep: tuple[str, ...] = ("PERSON", "LOCATION")) -> None:
        super().__init__(list(keep), "NerRecognizer")
        self.processes, self.batch_size, self.model, self.languages, self.keep = (
            processes, batch_size, model, languages, keep)

    def find(self, texts: pl.DataFrame, progress: Callable[[int, int], None] | None = None) -> pl.DataFrame:
        # Names and places are capitalised. A capital that only starts a sentence is no evidence, so the model
        # reads only texts with a capitalised word after another word (or a text that is a bare name).
        candidates = texts.filter(pl.col("text").str.contains(self.MAY_NAME))
        ids = candidates["text_id"].to_list()
        rows = []
        processes = self.processes if len(ids) > 4 * self.batch_size else 1
        docs = ner_pipeline(self.model).pipe(candidates["text"].to_list(), batch_size=self.batch_size,
                                             n_process=processes)
        for done, (text_id, doc) in enumerate(zip(ids, docs, strict=True), 1):
            for ent in doc.ents:
                entity = NER_ENTITIES.get(ent.label_)
                if entity in self.keep and _plausible(ent.text, entity):
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


# --------------------------------------------------------------------------------------------- name lists

# Faker's first-name lists (MIT) for the countries where each language is spoken: a maintained package that ships
# them by locale, with no network and no data of real people in it.
NAME_LOCALES = {
    "de": ("de_DE", "de_AT", "de_CH"), "fr": ("fr_FR", "fr_BE", "fr_CH"), "es": ("es_ES", "es_MX", "es_AR"),
    "nl": ("nl_NL", "nl_BE"), "it": ("it_IT",), "pt": ("pt_PT", "pt_BR"),
}
# Words between a first name and a surname (von, van der, de la...).
_PARTICLES = r"(?:(?:von|van|vom|zu|zum|zur|de|der|den|di|da|del|della|dos|du|la|le|ter|ten|'t)\s+){0,3}"


@cache
def first_names() -> frozenset[str]:
    """Every listed country's first names, for every language: people in Germany are also called Andrea or Davide."""
    import importlib

    names: set[str] = set()
    for locale in {loc for locales in NAME_LOCALES.values() for loc in locales} | {"en_US", "en_GB", "en_IE"}:
        provider = importlib.import_module(f"faker.providers.person.{locale}").Provider
        for attribute in ("first_names", "first_names_male", "first_names_female"):
            names |= {n for n in getattr(provider, attribute, ()) if " " not in n and len(n) > 2}
    return frozenset(names)


# Prepositions that put what follows in a place ("en Santiago de Compostela", "in Victoria"): a first name and a
# capitalised word after one of them are taken for a place, not a person. Prepositions also used before people
# ("à", "a", "to", "an") are not in these lists.
_PLACE_BEFORE = {"de": ("in", "nach", "aus"), "fr": ("en",), "es": ("en", "desde"), "nl": ("in", "naar", "uit"),
                 "it": ("in",), "pt": ("em",), "en": ("in", "from")}


class NameListRecognizer(FrameRecognizer):
    """Full names in a language no usable statistical model covers: a known first name of the language's countries
    followed by a capitalised surname (with its particles: van der, de la). A lone first name is not taken (it is
    also a word: "Rosa", "Mercedes"), nor a first name glued to what follows ("Mercedes-Benz").

    Only the first names that occur in the texts go into the pattern, so that it stays small."""

    SCORE = 0.7
    prose_only = True

    def __init__(self, language: str) -> None:
        super().__init__(["PERSON"], "NameListRecognizer", language)
        self.languages = (language,)
        self.names = first_names()

    def find(self, texts: pl.DataFrame) -> pl.DataFrame:
        words = texts.select(pl.col("text").str.extract_all(r"\b\p{Lu}\p{Ll}+\b").explode().unique()).to_series()
        present = sorted(set(words.drop_nulls().to_list()) & self.names, key=len, reverse=True)
        if not present:
            return empty_spans()
        pattern = (r"\b(?:" + "|".join(re.escape(n) for n in present) + r")(?:[ -](?:" +
                   "|".join(re.escape(n) for n in present) + r"))?\s+" + _PARTICLES + r"\p{Lu}\p{Ll}[\p{L}'’]*"
                   r"(?:-\p{Lu}\p{Ll}+)?\b")
        place = r"(?i:\b(?:" + "|".join(_PLACE_BEFORE.get(self.supported_language, ())) + r")\s+)?"
        pairs = texts.select("text_id", pl.col("text").str.extract_all(place + pattern).alias("name")).explode("name")
        pairs = pairs.drop_nulls("name")
        lookup = dict(texts.select("text_id", "text").iter_rows())
        rows = [(text_id, "PERSON", start, end, self.SCORE, self.name)
                for text_id, found, start, end in _locate(pairs.iter_rows(), lookup) if found[:1].isupper()]
        return _spans(rows)


# --------------------------------------------------------------------------------------------- national identifiers

# presidio's country-specific recognizers, by the language of the texts they are run on.
_NATIONAL_IDS = {
    "de": ("DeTaxIdRecognizer", "DeIdCardRecognizer", "DePassportRecognizer", "DeSocialSecurityRecognizer",
           "DeVatIdRecognizer"),
    "es": ("EsNifRecognizer", "EsNieRecognizer", "EsPassportRecognizer"),
    "it": ("ItFiscalCodeRecognizer", "ItIdentityCardRecognizer", "ItPassportRecognizer", "ItVatCodeRecognizer",
           "ItDriverLicenseRecognizer"),
}


class NationalIdRecognizer(FrameRecognizer):
    """Tax ids, identity-card, passport and social-security numbers of the countries where a language is spoken
    (presidio's own recognizers, validation included), run on that language's texts that hold a long run of
    digits or capitals: presidio reads those one text at a time."""

    CANDIDATE = r"[0-9A-Z]{2,}[ ./-]?[0-9A-Z]{3,}"

    def __init__(self, language: str) -> None:
        from presidio_analyzer import predefined_recognizers

        self.inner = [getattr(predefined_recognizers, name)() for name in _NATIONAL_IDS[language]]
        entities = sorted({e for r in self.inner for e in r.supported_entities})
        super().__init__(entities, "NationalIdRecognizer", language)
        self.languages = (language,)

    def find(self, texts: pl.DataFrame) -> pl.DataFrame:
        candidates = texts.filter(pl.col("text").str.contains(self.CANDIDATE)).select("text_id", "text")
        rows = []
        for text_id, text in candidates.iter_rows():
            for recognizer in self.inner:
                for result in recognizer.analyze(text, recognizer.supported_entities):
                    if result.score >= 0.5:
                        rows.append((text_id, result.entity_type, result.start, result.end, result.score, self.name))
        return _spans(rows)


NATIONAL_ID_LANGUAGES = tuple(_NATIONAL_IDS)
