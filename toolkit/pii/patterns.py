"""What finds personal data without a statistical model, presidio or spaCy: candidate patterns (e-mails, URLs,
IBANs, card numbers, IP addresses, phone numbers) found by polars in Rust and checked as presidio checks them, and
the values the archive itself names. `--no-ner` runs only these, so it never imports presidio or spaCy (a second of
start-up); `toolkit.pii.recognizers` wraps the same finders as presidio recognizers for everything else.

The checks are presidio's own logic, as polars expressions: the card's Luhn digit after removing spaces and dashes,
the IBAN's check digits and its country's format (presidio's table, read from its package without importing
presidio), the parts of an IP address as `ipaddress` accepts them; in Python, once per distinct value:
python-phonenumbers' matcher at presidio's leniency for phone numbers, and the e-mail domain against the public-suffix
snapshot tldextract ships (never downloaded).
"""

from __future__ import annotations

import importlib.util
import string
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Mapping
from functools import cache
from importlib import metadata
from typing import ClassVar

import phonenumbers
import polars as pl
import tldextract

from toolkit.pii.findings import empty_spans, span_frame

# Names and places are capitalised. A capital that only starts a sentence is no evidence, so the models read only
# texts with a capitalised word after another word (or a text that is a bare name).
MAY_NAME = r"[^\s.!?]\s+\p{Lu}\p{Ll}|^\s*\p{Lu}\p{Ll}+\s*$"
# presidio's default phone regions (PhoneRecognizer.DEFAULT_SUPPORTED_REGIONS).
PHONE_REGIONS = ("US", "GB", "DE", "FR", "IL", "IN", "CA", "BR")

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

COMBINED = "|".join(f"(?:{pattern})" for _, pattern in CANDIDATES)
# What a national identifier (tax id, identity card, passport number) needs: a long run of digits or capitals.
NATIONAL_ID = r"[0-9A-Z]{2,}[ ./-]?[0-9A-Z]{3,}"
# A text whose language can change what is found in it: one that may hold a name (which detector reads it), a phone
# number (the country's national formats) or a national identifier (the country's recognizers).
LANGUAGE_MATTERS = "|".join((MAY_NAME, dict(CANDIDATES)["PHONE_NUMBER"], NATIONAL_ID))


@cache
def offline_tld_extractor() -> tldextract.TLDExtract:
    return tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None, fallback_to_snapshot=True)


@cache
def _email_domain_valid(domain: str) -> bool:
    """presidio's EmailRecognizer check, offline: the domain has a registrable part under a public suffix."""
    return offline_tld_extractor()(f"x@{domain}").fqdn != ""


def luhn_valid(value: pl.Expr) -> pl.Expr:
    """presidio's CreditCardRecognizer check: the Luhn digit of the digits (spaces and dashes ignored)."""
    digits = value.str.replace_all(r"[^0-9]", "").str.reverse().str.split("")
    doubled = pl.element() * 2 - pl.when(pl.element() >= 5).then(9).otherwise(0)  # the digits of 2d, summed
    weighed = digits.list.eval(pl.element().cast(pl.Int64, strict=False)).list.eval(
        pl.when(pl.int_range(pl.len()) % 2 == 1).then(doubled).otherwise(pl.element()))
    return weighed.list.sum() % 10 == 0


def ip_valid(value: pl.Expr) -> pl.Expr:
    """`ipaddress.ip_interface` accepts it, for the shapes the candidate pattern takes: dotted IPv4 (each part at most
    255, no leading zero) and full IPv6 (eight groups of hex digits, always an address)."""
    parts = value.str.split(".").list.eval(
        (pl.element().cast(pl.Int64, strict=False) <= 255)
        & ~(pl.element().str.starts_with("0") & (pl.element().str.len_chars() > 1)))
    return (pl.when(value.str.contains(r"^[0-9]{1,3}(?:\.[0-9]{1,3}){3}$")).then(parts.list.all())
            .otherwise(value.str.contains(r"^(?:[0-9A-Fa-f]{1,4}:){7}[0-9A-Fa-f]{1,4}$")))


@cache
def _iban_formats() -> dict[str, str]:
    """presidio's IBAN format per country (generic/iban_patterns.py), loaded from its file: importing it through the
    package would import presidio, and spaCy with it."""
    path = next(f for f in metadata.files("presidio-analyzer") or () if str(f).endswith("iban_patterns.py"))
    spec = importlib.util.spec_from_file_location("_presidio_iban_patterns", path.locate())
    module = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    return module.regex_per_country


# 10^k modulo 97: a number of up to 160 digits (80 letters or digits) modulo 97 is the sum of its digits times these,
# modulo 97
_TEN_POWERS_MOD_97 = [pow(10, k, 97) for k in range(160)]


def iban_valid(value: pl.Expr) -> pl.Expr:
    """presidio's IbanRecognizer.validate_result is True: check digits, then the country's format."""
    iban = value.str.replace_all(r"[- ]", "")
    upper = iban.str.to_uppercase()
    moved = upper.str.slice(4) + upper.str.slice(0, 2) + "00"
    numeric = moved.str.replace_many(list(string.ascii_uppercase), [str(i) for i in range(10, 36)])
    powers = pl.lit(pl.Series(_TEN_POWERS_MOD_97, dtype=pl.Int64))
    remainder = numeric.str.reverse().str.split("").list.eval(
        pl.element().cast(pl.Int64, strict=False) * powers.gather(pl.int_range(pl.len()))).list.sum() % 97
    check = (98 - remainder).cast(pl.String).str.zfill(2)
    formats = "|".join(f"(?:{pattern})" for pattern in _iban_formats().values())
    return (moved.str.contains(r"^[0-9A-Z]{1,80}$") & (check == iban.str.slice(2, 2))
            & iban.str.contains(f"(?ms)^(?:{formats})"))


# The country whose national phone formats a text in each language uses, beside presidio's default regions.
PHONE_REGION = {"de": "DE", "fr": "FR", "es": "ES", "nl": "NL", "it": "IT", "pt": "PT"}


def phone_valid(value: str, language: str | None = None) -> bool:
    """presidio's phone logic (python-phonenumbers' matcher at presidio's leniency, region by region), on the
    candidate alone; stopping at the first region that accepts it gives the same verdict as trying them all. A text
    in German, French... also tries that country's national formats (`030 1234567`, `06 12 34 56 78`)."""
    digits = sum(ch.isdigit() for ch in value)
    if not 7 <= digits <= 15:
        return False
    regions = list(PHONE_REGIONS)
    if language in PHONE_REGION and PHONE_REGION[language] not in regions:
        regions.append(PHONE_REGION[language])
    return any(match.start == 0 and match.end >= len(value) - 1
               for region in regions for match in phonenumbers.PhoneNumberMatcher(value, region, leniency=1))


def matches(texts: pl.DataFrame, pattern: str, *keep: str) -> pl.DataFrame:
    """Every match of `pattern` in each text as polars finds them (leftmost first, not overlapping), with its
    character offsets: text_id, the `keep` columns, match, start, end. No loop per match: the same engine finds
    each match together with the text before it (lazily, so it stops at the same match), whose running length is
    where the match ends."""
    reach = pl.col("text").str.extract_all(f"(?s).*?(?:{pattern})").list.eval(pl.element().str.len_chars())
    return (
        texts.lazy().select("text_id", *keep, pl.col("text").str.extract_all(pattern).alias("match"),
                            reach.alias("end"))
        .explode("match", "end").drop_nulls("match")
        .with_columns(pl.col("end").cast(pl.Int64).cum_sum().over("text_id"))
        .select("text_id", *keep, "match", (pl.col("end") - pl.col("match").str.len_chars()).alias("start"), "end")
        .collect()
    )


class PatternFinder:
    """E-mail addresses, URLs, IBANs, card numbers, IP addresses and phone numbers.

    One alternation of candidate patterns runs over the whole column (polars, in Rust); each distinct candidate is
    then classified and checked with presidio's own validation: the e-mail domain (offline), the card's Luhn digit,
    the IBAN checksum and format, the IP address, the phone number's plausibility for presidio's regions."""

    # presidio's scores for validated results of each kind.
    SCORES: ClassVar[dict[str, float]] = {
        "EMAIL_ADDRESS": 1.0, "URL": 0.6, "IBAN_CODE": 1.0, "CREDIT_CARD": 1.0, "IP_ADDRESS": 0.95, "PHONE_NUMBER": 0.4,
    }

    name = "PatternRecognizer"
    languages: tuple[str, ...] | None = None
    prose_only = False

    def find(self, texts: pl.DataFrame) -> pl.DataFrame:
        language = pl.col("language") if "language" in texts.columns else pl.lit(None, pl.String)
        found = matches(texts.with_columns(language.alias("language")), COMBINED, "language")
        # a phone number's validity depends on the text's language (its national formats); the rest does not
        found = found.with_columns(pl.when(pl.col("match").str.contains(r"^[\d\s.()+\-]+$"))
                                   .then(pl.col("language")).alias("language"))
        verdicts = self.classify(found.select("match", "language").unique())
        return found.join(verdicts, on=["match", "language"], nulls_equal=True).select(
            pl.col("text_id").cast(pl.UInt32), "entity_type", "start",
            (pl.col("start") + pl.col("value").str.len_chars()).alias("end"),
            pl.col("entity_type").replace_strict(self.SCORES, return_dtype=pl.Float64).alias("score"),
            pl.lit(self.name).alias("recognizer"))

    def classify(self, candidates: pl.DataFrame) -> pl.DataFrame:
        """The distinct candidates (match, language) that are valid: with their entity and value (the match without
        trailing punctuation). The first pattern the value fits decides its kind, as the alternation does."""
        value = pl.col("match").str.strip_chars_end(".,;:!?")
        kinds = candidates.with_columns(value.alias("value")).with_columns(pl.coalesce(
            pl.when(pl.col("value").str.contains(f"^(?:{pattern})$")).then(pl.lit(entity))
            for entity, pattern in CANDIDATES).alias("entity_type"))
        domain = pl.col("value").str.split("@").list.last().str.to_lowercase()
        domains = kinds.filter(pl.col("entity_type") == "EMAIL_ADDRESS").select(domain.unique()).to_series()
        checked = {"EMAIL_ADDRESS": domain.replace_strict({d: _email_domain_valid(d) for d in domains},
                                                          default=False, return_dtype=pl.Boolean),
                   "URL": pl.lit(True), "IBAN_CODE": iban_valid(pl.col("value")),
                   "CREDIT_CARD": luhn_valid(pl.col("value")), "IP_ADDRESS": ip_valid(pl.col("value"))}
        valid = [kinds.filter(pl.col("entity_type") == entity).filter(check) for entity, check in checked.items()]
        # phone numbers: the cheap digit count in polars, python-phonenumbers' matcher once per distinct candidate
        phones = kinds.filter((pl.col("entity_type") == "PHONE_NUMBER")
                              & pl.col("value").str.count_matches(r"\d").is_between(7, 15))
        valid.append(phones.filter(pl.Series([phone_valid(v, lang) for v, lang in
                                              phones.select("value", "language").iter_rows()], dtype=pl.Boolean)))
        return pl.concat(valid)


def fold(text: str) -> str:
    """Lower case, accents removed, one character for one character where the script allows."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


def folded_expr(text: pl.Expr) -> pl.Expr:
    """`fold` in polars: accents off (canonical decomposition, combining marks removed), lower case."""
    return text.str.normalize("NFKD").str.replace_all(r"\p{Mn}", "").str.to_lowercase()


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


class KnownValuesFinder:
    """Values the archive itself names (people's full names, the member's e-mails and phones), matched case- and
    accent-insensitively as whole words, in one pass of polars' Aho-Corasick multi-pattern matcher."""

    languages: tuple[str, ...] | None = None
    prose_only = False

    def __init__(self, values: Mapping[str, Iterable[str]], name: str = "ArchiveRecognizer",
                 score: float = 0.9) -> None:
        """`values`: presidio entity -> the values of that kind the archive names."""
        self.name, self.score = name, score
        self.entity_of = {fold(v.strip()): entity for entity, vs in values.items() for v in vs if len(v.strip()) >= 3}
        self.patterns = sorted(self.entity_of, key=len, reverse=True)

    def find(self, texts: pl.DataFrame) -> pl.DataFrame:
        if not self.patterns:
            return empty_spans()
        text = pl.col("text")
        plain = ~text.str.contains(r"[^\x00-\x7F]")
        # Folding (accents off, lower case) is only needed where the text is not plain ASCII; the matcher ignores
        # the case of ASCII letters only (Ø, Ł do not decompose).
        folded = pl.when(plain).then(text).otherwise(folded_expr(text))
        options = {"ascii_case_insensitive": True, "leftmost": True}
        folded_text = pl.col("folded")
        hits = texts.lazy().select("text_id", "text", folded.alias("folded"), plain.alias("plain")).with_columns(
            folded_text.str.extract_many(self.patterns, **options).alias("value"),
            folded_text.str.find_many(self.patterns, **options).alias("at"),
        ).filter(pl.col("value").list.len() > 0).with_columns(
            # one folded character for each character (plain text, precomposed accents): the offsets are the same
            (pl.col("plain") | ((folded_text.str.len_chars() == text.str.len_chars())
                                & ~text.str.contains(r"\p{Mn}"))).alias("aligned"),
        ).collect()
        return pl.concat([self._aligned(hits.filter("aligned")), self._realigned(hits.filter(~pl.col("aligned")))])

    def _aligned(self, hits: pl.DataFrame) -> pl.DataFrame:
        """Hits in texts whose folded characters are their own: located in polars, from the matcher's byte offsets."""
        folded = pl.col("folded")
        start = folded.cast(pl.Binary).bin.slice(0, pl.col("at")).cast(pl.String).str.len_chars().cast(pl.Int64)
        end = pl.col("start") + pl.col("value").str.len_chars()
        word = r"^[\p{L}\p{N}]"
        located = hits.explode("value", "at").with_columns(start.alias("start")).with_columns(end.alias("end"))
        whole = ~(pl.when(pl.col("start") > 0).then(folded.str.slice(pl.col("start") - 1, 1)).otherwise(pl.lit(""))
                  .str.contains(word)) & ~folded.str.slice(pl.col("end"), 1).str.contains(word)
        return located.filter(whole).select(
            pl.col("text_id").cast(pl.UInt32),
            pl.col("value").str.to_lowercase().replace_strict(self.entity_of, default=None).alias("entity_type"),
            "start", "end", pl.lit(self.score).alias("score"), pl.lit(self.name).alias("recognizer"),
        ).drop_nulls("entity_type")

    def _realigned(self, hits: pl.DataFrame) -> pl.DataFrame:
        """Hits in the few texts whose folding changes their length (ligatures, decomposed accents): each found
        again in the text folded character by character, which maps it back to the original characters."""
        rows = []
        for text_id, original, found in hits.select("text_id", "text", "value").iter_rows():
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
        return span_frame(rows)


def _whole_word(text: str, start: int, end: int) -> bool:
    before = text[start - 1] if start > 0 else " "
    after = text[end] if end < len(text) else " "
    return not before.isalnum() and not after.isalnum()


