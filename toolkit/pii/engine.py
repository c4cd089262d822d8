"""presidio and spaCy, configured in code to run fully offline.

presidio's e-mail recognizer calls `tldextract.extract`, whose default extractor fetches the public-suffix list over
the network. Every e-mail validation here goes through `offline_tld_extractor`, which reads only the snapshot
tldextract ships, and `analyzer_engine` registers that recognizer instead of presidio's.
"""

from __future__ import annotations

from functools import cache

import spacy
from presidio_analyzer import AnalyzerEngine, EntityRecognizer, RecognizerRegistry
from presidio_analyzer.nlp_engine import NerModelConfiguration, SpacyNlpEngine
from presidio_analyzer.predefined_recognizers import EmailRecognizer

from toolkit.pii.language import SPACY_MODELS
from toolkit.pii.patterns import offline_tld_extractor

SPACY_MODEL = SPACY_MODELS["en"]
# spaCy labels to presidio entities, as presidio's default configuration maps them.
NER_ENTITIES = {"PERSON": "PERSON", "PER": "PERSON", "GPE": "LOCATION", "LOC": "LOCATION", "FAC": "LOCATION"}
_NER_ONLY = ("tagger", "parser", "attribute_ruler", "lemmatizer", "senter")


class OfflineEmailRecognizer(EmailRecognizer):
    """presidio's e-mail recognizer, validating domains against the bundled public-suffix snapshot only."""

    def validate_result(self, pattern_text: str) -> bool:
        return offline_tld_extractor()(pattern_text).fqdn != ""


@cache
def ner_pipeline(model: str = SPACY_MODEL) -> spacy.language.Language:
    """The spaCy pipeline with only what named-entity recognition needs."""
    return spacy.load(model, exclude=[*_NER_ONLY, "morphologizer"])


def analyzer_engine(extra: tuple[EntityRecognizer, ...] = ()) -> AnalyzerEngine:
    """presidio's AnalyzerEngine with the same spaCy model, offline: for per-text use and the baseline benchmark."""
    nlp_engine = SpacyNlpEngine(
        models=[{"lang_code": "en", "model_name": SPACY_MODEL}],
        ner_model_configuration=NerModelConfiguration(
            model_to_presidio_entity_mapping={**NER_ENTITIES, "NORP": "NRP", "DATE": "DATE_TIME",
                                              "TIME": "DATE_TIME", "ORG": "ORGANIZATION"},
            labels_to_ignore=["ORGANIZATION", "CARDINAL", "EVENT", "LANGUAGE", "LAW", "MONEY", "ORDINAL",
                              "PERCENT", "PRODUCT", "QUANTITY", "WORK_OF_ART"],
        ),
    )
    nlp_engine.load()
    registry = RecognizerRegistry(supported_languages=["en"])
    registry.load_predefined_recognizers(languages=["en"], nlp_engine=nlp_engine)
    registry.remove_recognizer("EmailRecognizer")
    registry.add_recognizer(OfflineEmailRecognizer())
    for recognizer in extra:
        registry.add_recognizer(recognizer)
    return AnalyzerEngine(nlp_engine=nlp_engine, registry=registry, supported_languages=["en"])
