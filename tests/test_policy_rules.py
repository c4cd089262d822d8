"""Rule files: shipped ones load and cite sources; malformed ones are one clear error naming file and field."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from toolkit.errors import RuleFileError
from toolkit.platforms.linkedin.files import ARTICLE, SPECS
from toolkit.platforms.linkedin.geo import region_from_geo_location
from toolkit.policy import all_rules, load_platform
from toolkit.policy.rules import load_version
from toolkit.policy.vocabulary import POLICY_CATEGORIES

RULES = Path(__file__).resolve().parents[1] / "toolkit" / "policy" / "rules" / "linkedin"


def test_shipped_linkedin_rules_load_with_sources() -> None:
    versions = load_platform("linkedin")
    assert [v.id for v in versions] == ["linkedin-2024-09-18", "linkedin-2025-02-27", "linkedin-2025-11-03"]
    for rule in all_rules("linkedin"):
        assert rule.sources and all(s.url.startswith("http") for s in rule.sources), rule.id
    ids = {r.id for r in all_rules("linkedin")}
    assert {"linkedin-genai-2024-09-row", "linkedin-genai-2024-09-gb-window", "linkedin-genai-2024-09-hk-window",
            "linkedin-genai-2024-09-ca-window", "linkedin-genai-2025-11-expansion", "linkedin-genai-2025-11-row",
            "linkedin-other-ml-eu-uk", "linkedin-other-ml-row", "linkedin-microsoft-ads-2025-11",
            "linkedin-microsoft-ai-training-gb-2025-11"} <= ids


def test_every_linkedin_file_maps_to_a_policy_category() -> None:
    for spec in (*SPECS, ARTICLE):
        assert spec.policy_category in POLICY_CATEGORIES, spec.name
        for _, policy_category in spec.field_policy.values():
            assert policy_category in POLICY_CATEGORIES, spec.name


BASE = (RULES / "2025-02-27.yaml").read_text()


def mutate(path: Path, change) -> Path:
    data = yaml.safe_load(BASE)
    change(data)
    path.write_text(yaml.safe_dump(data, sort_keys=False))
    return path


def _set(keys: str, value):
    def change(data):
        target = data
        parts = keys.split(".")
        for part in parts[:-1]:
            target = target[int(part)] if part.isdigit() else target[part]
        last = parts[-1]
        if value is KeyError:
            del target[last]
        else:
            target[last] = value
    return change


@pytest.mark.parametrize(
    ("change", "field", "why"),
    [
        (_set("rules.0.purpose", "world_domination"), "rules[0].purpose", "must be one of"),
        (_set("rules.0.regions.include", ["XX"]), "rules[0].regions.include", "neither an ISO 3166-1"),
        (_set("rules.0.categories.in_scope", ["content.everything"]), "rules[0].categories.in_scope",
         "unknown category"),
        (_set("rules.0.effective_from", "2025-13-45"), "rules[0].effective_from", "must be a date"),
        (_set("rules.0.effective_to", "2020-01-01"), "rules[0].effective_to", "must be after effective_from"),
        (_set("rules.0.sources", ["nowhere"]), "rules[0].sources", "do not define"),
        (_set("rules.0.sources", []), "rules[0].sources", "at least one source"),
        (_set("rules.0.title", KeyError), "rules[0].title", "is required"),
        (_set("rules.0.confidence", "certain"), "rules[0].confidence", "must be one of"),
        (_set("sources.eurpn_2025_02.url", "ftp://x"), "sources.eurpn_2025_02.url", "web address"),
        (_set("primary_source", "nope"), "primary_source", "must name one of"),
        (_set("rules", []), "rules", "non-empty list"),
    ],
)
def test_malformed_rule_file_names_file_and_field(tmp_path: Path, change, field: str, why: str) -> None:
    path = mutate(tmp_path / "bad.yaml", change)
    with pytest.raises(RuleFileError) as info:
        load_version(path)
    message = str(info.value)
    assert message.startswith(str(path)) and f"field '{field}'" in message and why in message


def test_invalid_yaml_gives_the_line(tmp_path: Path) -> None:
    path = tmp_path / "broken.yaml"
    path.write_text("platform: linkedin\nrules: [\n  - {id: x\n")
    with pytest.raises(RuleFileError, match=re.escape(str(path)) + ": not valid YAML at line"):
        load_version(path)


@pytest.mark.parametrize(
    ("geo", "expected"),
    [
        ("Greater Seattle Area", "US"), ("San Francisco Bay Area", "US"), ("Lisbon, Portugal", "PT"),
        ("Berlin, Berlin, Germany", "DE"), ("Toronto, Ontario, Canada", "CA"), ("Greater Toronto Area", "CA"),
        ("London, England, United Kingdom", "GB"), ("Greater London", "GB"), ("Hong Kong SAR", "HK"),
        ("Zürich, Switzerland", "CH"), ("São Paulo, Brazil", "BR"), ("Bengaluru, Karnataka, India", "IN"),
        ("Netherlands", "NL"), ("Austin, Texas, United States", "US"), ("California", "US"),
        ("Dublin, County Dublin, Ireland", "IE"), ("Atlanta, Georgia, United States", "US"), ("Georgia", "GE"),
        ("Nowhere Land", None), ("", None),
    ],
)
def test_region_inference(geo: str, expected: str | None) -> None:
    assert region_from_geo_location(geo) == expected


def test_unquoted_booleans_read_as_the_words(tmp_path: Path) -> None:
    path = mutate(tmp_path / "ok.yaml", _set("rules.0.late_opt_out_existing", False))
    assert load_version(path).rules[0].late_opt_out_existing is False
    path = mutate(tmp_path / "bad.yaml", _set("rules.0.late_opt_out_existing", "perhaps"))
    with pytest.raises(RuleFileError, match="late_opt_out_existing' must be true, false or unknown"):
        load_version(path)
