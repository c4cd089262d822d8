"""Recognizers, one small class each. Every one is a presidio `EntityRecognizer` (so `analyze` works on one text,
inside presidio's AnalyzerEngine too) and also has `find`, which does the same over a whole polars column of
distinct texts at once: candidates are found in Rust by polars, and presidio's own validation runs on the distinct
candidates only."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from functools import cache

import polars as pl
from presidio_analyzer import EntityRecognizer, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

from toolkit.pii.engine import NER_ENTITIES, SPACY_MODEL, ner_pipeline
from toolkit.pii.findings import SPAN_SCHEMA, empty_spans, span_frame
from toolkit.pii.patterns import (
    CANDIDATES,
    MAY_NAME,
    NATIONAL_ID,
    KnownValuesFinder,
    PatternFinder,
    matches,
)


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


# --------------------------------------------------------------------------------------------- presidio-free finders

class PatternRecognizer(FrameRecognizer):
    """E-mail addresses, URLs, IBANs, card numbers, IP addresses and phone numbers (toolkit.pii.patterns), as a
    presidio recognizer."""

    def __init__(self) -> None:
        super().__init__([entity for entity, _ in CANDIDATES], "PatternRecognizer")
        self.finder = PatternFinder()

    def find(self, texts: pl.DataFrame) -> pl.DataFrame:
        return self.finder.find(texts)


class KnownValuesRecognizer(FrameRecognizer):
    """The values the archive itself names (toolkit.pii.patterns), as a presidio recognizer."""

    def __init__(self, values: Mapping[str, Iterable[str]], name: str = "ArchiveRecognizer",
                 score: float = 0.9) -> None:
        super().__init__(sorted(values), name)
        self.finder = KnownValuesFinder(values, name, score)

    def find(self, texts: pl.DataFrame) -> pl.DataFrame:
        return self.finder.find(texts)


# --------------------------------------------------------------------------------------------- statistical NER

class NerRecognizer(FrameRecognizer):
    """Person names and places from spaCy's statistical model, run batched over distinct texts only, with the
    pipeline reduced to what NER needs. Spans that are numbers, IDs or addresses are dropped: the small model
    is known to take those for names. `model`: the pipeline (English by default); `keep`: the entities kept (the
    English model reads other languages' texts for places only: the names it finds there are mostly not names)."""

    SCORE = 0.85
    prose_only = True
    in_processes = True  # run after the others, in worker processes of its own

    def __init__(self, processes: int = 1, batch_size: int = 256, model: str = SPACY_MODEL,
                 languages: tuple[str, ...] | None = None, keep: tuple[str, ...] = ("PERSON", "LOCATION")) -> None:
        super().__init__(list(keep), "NerRecognizer")
        self.processes, self.batch_size, self.model, self.languages, self.keep = (
            processes, batch_size, model, languages, keep)

    def find(self, texts: pl.DataFrame, progress: Callable[[int, int], None] | None = None) -> pl.DataFrame:
        # Names and places are capitalised. A capital that only starts a sentence is no evidence, so the model
        # reads only the sentences with a capitalised word after another word (or a sentence that is a bare name),
        # each distinct sentence once, and its findings go back to every text that holds it.
        pieces = sentences(texts.filter(pl.col("text").str.contains(MAY_NAME)))
        pieces = pieces.filter(pl.col("sentence").str.contains(MAY_NAME))
        distinct = pieces["sentence"].unique(maintain_order=True).to_list()
        processes = self.processes if len(distinct) > 4 * self.batch_size else 1
        docs = ner_pipeline(self.model).pipe(distinct, batch_size=self.batch_size, n_process=processes)
        found: list[tuple[str, str, int, int]] = []
        for done, (sentence, doc) in enumerate(zip(distinct, docs, strict=True), 1):
            for ent in doc.ents:
                entity = NER_ENTITIES.get(ent.label_)
                if entity in self.keep and _plausible(ent.text, entity):
                    found.append((sentence, entity, ent.start_char, ent.end_char))
            if progress and done % 1000 == 0:
                progress(done, len(distinct))
        if not found:
            return empty_spans()
        ents = pl.DataFrame(found, schema={"sentence": pl.String, "entity_type": pl.String, "start": pl.Int64,
                                           "end": pl.Int64}, orient="row")
        return pieces.join(ents, on="sentence").select(
            "text_id", "entity_type", (pl.col("offset") + pl.col("start")).alias("start"),
            (pl.col("offset") + pl.col("end")).alias("end"),
            pl.lit(self.SCORE).alias("score"), pl.lit(self.name).alias("recognizer")).cast(SPAN_SCHEMA)


# Where a sentence ends: after . ! ? and a space, or at a line break; not after a title ("Dr. Lee"). The mark after
# a title is taken out before the ends are looked for (the regular expressions polars runs have no look-behind): it
# becomes one private-use character, so the places found in the copy are places in the text.
_TITLE_STOP = r"\b(Mrs|Mr|Ms|Dr|St|Jr|Sr|Prof)[.!?]"
_SENTENCE_END = r"[.!?]+\s+|\n+"


def sentences(texts: pl.DataFrame) -> pl.DataFrame:
    """Each text's sentences (text_id, offset, sentence), found in polars: the model reads them one by one (a name
    never spans two). A sentence keeps its end mark; empty ones are left out."""
    protected = texts.select("text_id", pl.col("text").str.replace_all(_TITLE_STOP, "${1}\ue002").alias("text"))
    ends = matches(protected, _SENTENCE_END).with_columns(
        (pl.col("start") + pl.col("match").str.contains(r"^[.!?]").cast(pl.Int64)).alias("stop"),
        pl.col("end").shift(1, fill_value=0).over("text_id").alias("begin"))
    # a sentence before each end, and after the last (or the whole text without one)
    last = ends.group_by("text_id").agg(pl.col("end").max().alias("begin"))
    tails = texts.join(last, on="text_id", how="left").select(
        "text_id", pl.col("begin").fill_null(0), pl.col("text").str.len_chars().cast(pl.Int64).alias("stop"))
    spans = pl.concat([ends.filter(pl.col("start") > pl.col("begin")).select("text_id", "begin", "stop"),
                       tails.filter(pl.col("stop") > pl.col("begin"))])
    return spans.join(texts.select("text_id", "text"), on="text_id").select(
        pl.col("text_id").cast(pl.UInt32), pl.col("begin").alias("offset"),
        pl.col("text").str.slice(pl.col("begin"), pl.col("stop") - pl.col("begin")).alias("sentence"))


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
        # a place's preposition ("in", "aus") may open the match, which is then a place, not a name
        return matches(texts, place + pattern).filter(pl.col("match").str.contains(r"^\p{Lu}")).select(
            pl.col("text_id").cast(pl.UInt32), pl.lit("PERSON").alias("entity_type"), "start", "end",
            pl.lit(self.SCORE).alias("score"), pl.lit(self.name).alias("recognizer"))


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

    def __init__(self, language: str) -> None:
        from presidio_analyzer import predefined_recognizers

        self.inner = [getattr(predefined_recognizers, name)() for name in _NATIONAL_IDS[language]]
        entities = sorted({e for r in self.inner for e in r.supported_entities})
        super().__init__(entities, "NationalIdRecognizer", language)
        self.languages = (language,)

    def find(self, texts: pl.DataFrame) -> pl.DataFrame:
        candidates = texts.filter(pl.col("text").str.contains(NATIONAL_ID)).select("text_id", "text")
        rows = []
        for text_id, text in candidates.iter_rows():
            for recognizer in self.inner:
                for result in recognizer.analyze(text, recognizer.supported_entities):
                    if result.score >= 0.5:
                        rows.append((text_id, result.entity_type, result.start, result.end, result.score, self.name))
        return span_frame(rows)


NATIONAL_ID_LANGUAGES = tuple(_NATIONAL_IDS)
