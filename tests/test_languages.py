"""Personal data in texts written in German, French, Spanish, Dutch and Italian: each text's language, the detectors
it is routed to, and the multilingual truth set (sample_exports/multilingual/) against the targets of issue 14."""

from __future__ import annotations

import json
import sys
from dataclasses import replace

import polars as pl
import pytest

from conftest import BASIC, SAMPLES
from toolkit.pii import Identities, detect, with_record_ids
from toolkit.pii.language import detect as languages_of
from toolkit.pii.recognizers import NameListRecognizer
from toolkit.pipeline import ScanOptions, read_archive, scan
from toolkit.report import summary

MULTILINGUAL = SAMPLES / "multilingual" / "Basic_LinkedInDataExport_11-24-2026.zip"
sys.path.insert(0, str(SAMPLES))
from truth import score_by_language  # noqa: E402


def _records(texts: list[str], category: str = "post") -> pl.DataFrame:
    return pl.DataFrame({"record_id": [f"r#{i}" for i in range(len(texts))], "text": texts,
                         "category": [category] * len(texts), "record_type": ["x.post"] * len(texts),
                         "field": [None] * len(texts)}, schema_overrides={"field": pl.String})


def _found(texts: list[str], entity: str) -> list[list[str]]:
    findings = detect(_records(texts), Identities(), ner=True).findings
    out: list[list[str]] = [[] for _ in texts]
    for index, start, end in findings.filter(pl.col("entity_type") == entity).select(
            "row", "start", "end").iter_rows():
        out[index].append(texts[index][start:end])
    return out


def test_languages_of_short_texts() -> None:
    texts = ["Heute habe ich mit dem Team die neue Architektur besprochen.",
             "Merci pour la présentation passionnante à Lyon hier soir.",
             "Gracias por la charla tan interesante en Sevilla.",
             "Gisteravond op de meetup in Utrecht: mooie discussie.",
             "Grazie per la presentazione davvero interessante a Torino.",
             "Thanks for a brilliant talk in Leeds last night.",
             "ok"]
    codes = languages_of(pl.Series(texts)).to_list()
    assert codes[:6] == ["de", "fr", "es", "nl", "it", "en"]
    assert codes[6] in ("de", "fr", "es", "nl", "it", "en")  # too short to tell: the texts' main language


def test_name_lists_take_full_names_not_words() -> None:
    recognizer = NameListRecognizer("de")
    texts = pl.DataFrame({"text_id": [0, 1, 2, 3, 4], "text": [
        "Gestern mit Marie von der Leyen gesprochen.",  # particles belong to the surname
        "Mercedes-Benz stellt neue Modelle vor.",  # a first name glued to what follows is not a name
        "Danke, Anna!",  # a lone first name is also a word: not taken
        "Die Reise ging in Santiago de Compostela zu Ende.",  # after a place preposition: a place
        "Herzlichen Glückwunsch an Jürgen Köhler-Wendt!",
    ]}, schema={"text_id": pl.UInt32, "text": pl.String})
    spans = recognizer.find(texts)
    found = {t: texts["text"][t][s:e] for t, s, e in spans.select("text_id", "start", "end").iter_rows()}
    assert found == {0: "Marie von der Leyen", 4: "Jürgen Köhler-Wendt"}


def test_german_nouns_are_not_people_and_german_names_are() -> None:
    texts = ["Die Konferenz in Frankfurt war ein voller Erfolg, besonders die Vorträge über Datenverträge.",
             "Vielen Dank an Katharina Brenneisen für die Präsentation!"]
    assert _found(texts, "PERSON") == [[], ["Katharina Brenneisen"]]


@pytest.mark.parametrize(("text", "value"), [
    ("Tu peux m'appeler au 06 12 34 56 78, plutôt l'après-midi.", "06 12 34 56 78"),
    ("Puedes llamarme al 612 345 678, mejor por la tarde.", "612 345 678"),
    ("Je kunt me bellen op 06-12345678, liefst 's middags.", "06-12345678"),
    ("Puoi chiamarmi al 347 123 4567, meglio di pomeriggio.", "347 123 4567"),
    ("Du erreichst mich unter 030 12345678, am besten nachmittags.", "030 12345678"),
])
def test_national_phone_formats_in_their_language(text: str, value: str) -> None:
    assert _found([text], "PHONE_NUMBER") == [[value]]


def test_a_national_number_in_an_english_text_is_not_taken_for_a_phone() -> None:
    # 612 345 678 is a Spanish mobile only in a Spanish text; in English it is just a number
    assert _found(["The batch id was 612 345 678 and it failed twice yesterday."], "PHONE_NUMBER") == [[]]


@pytest.mark.parametrize(("text", "entity"), [
    ("Mi NIF es 12345678Z, para la factura del taller.", "ES_NIF"),
    ("Il mio codice fiscale è RSSMRA85T10A562S, per la fattura del workshop.", "IT_FISCAL_CODE"),
])
def test_national_identifiers_for_the_languages_found(text: str, entity: str) -> None:
    findings = detect(_records([text]), Identities(), ner=True).findings
    assert entity in findings["entity_type"].to_list()


def test_multilingual_truth_set_meets_the_targets() -> None:
    read = read_archive(MULTILINGUAL)
    truth = json.loads(MULTILINGUAL.with_name(MULTILINGUAL.stem + ".truth.json").read_text())
    facts = read.facts
    identities = Identities(facts.names, facts.emails, facts.phones, facts.others)
    texts = dict(read.read.records.select("record_id", "text").drop_nulls().iter_rows())
    detection = detect(read.read.records, identities)
    records = read.read.records
    after = score_by_language(with_record_ids(detection.findings, records), texts, truth)
    before = score_by_language(with_record_ids(detect(records, identities, languages=False).findings, records),
                               texts, truth)
    assert set(detection.languages) == {"de", "fr", "es", "nl", "it", "en"}
    for lang in ("de", "fr", "es", "nl", "it"):
        c = after[lang]
        assert c["PERSON stranger found"] / c["PERSON stranger planted"] >= 0.90, lang
        assert c["PERSON known found"] == c["PERSON known planted"], lang
        assert c["clean flagged"] / c["clean posts"] <= 0.05, lang
        for entity in ("EMAIL_ADDRESS", "PHONE_NUMBER", "IBAN_CODE"):
            assert c[f"{entity} found"] == c[f"{entity} planted"], (lang, entity)
        # the English-only detector is what the issue measured: worse on every one of these languages
        assert before[lang]["clean flagged"] > c["clean flagged"] or before[lang]["PERSON stranger found"] < c[
            "PERSON stranger found"], lang
    english_before, english_after = before["en"], after["en"]
    assert english_after["PERSON stranger found"] >= english_before["PERSON stranger found"]
    assert english_after["PERSON correct"] / english_after["PERSON reported"] >= (
        english_before["PERSON correct"] / english_before["PERSON reported"])


def test_the_summary_says_which_languages_were_found(run_cli, tmp_path) -> None:
    result = run_cli("scan", MULTILINGUAL, "--json", tmp_path / "s.json")
    assert result.code == 0, result.err
    languages = {lang["language"]: lang for lang in json.loads((tmp_path / "s.json").read_text())["languages"]}
    assert set(languages) == {"de", "fr", "es", "nl", "it", "en"}
    assert "first-name lists" in languages["de"]["coverage"] and "French model" in languages["fr"]["coverage"]
    assert "Languages of the texts read for names: " in result.out.replace("\n", " ")


def test_the_summary_lists_languages_by_texts_then_code_whatever_order_they_were_counted_in() -> None:
    scanned = scan(BASIC, ScanOptions(ner=False))
    for counted in ({"pt": 4, "nl": 4, "en": 9}, {"nl": 4, "en": 9, "pt": 4}):
        listed = summary.build(replace(scanned, languages=counted))["languages"]
        assert [(entry["language"], entry["texts"]) for entry in listed] == [("en", 9), ("nl", 4), ("pt", 4)]
