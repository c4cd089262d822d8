"""Policy rules are data: one YAML file per platform policy version, validated here when loaded."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from toolkit import regions
from toolkit.errors import RuleFileError
from toolkit.policy.vocabulary import POLICY_CATEGORIES, PURPOSES, VISIBILITIES

TRI = {"true": True, "false": False, "unknown": None}
# How well a rule's start or end day is known (docs/verdicts.md "Dates the sources only bound"):
#   exact        the day itself;
#   upper_bound  on or before the day (a start may be earlier; an end may be earlier);
#   announced    the day it was made public: as upper_bound, the practice may be older;
#   lower_bound  on or after the day (a start may be later; an end may be later);
#   unknown      no day at all (only for a start, with no date given).
PRECISIONS = ("exact", "announced", "upper_bound", "lower_bound", "unknown")
CONFIDENCES = ("high", "medium", "low")
OPT_OUT_EFFECTS = ("prospective", "objection_request", "none")
CAVEAT_WHEN = ("always", "opted_out", "objection_filed")
NEVER = date.max  # a span that is never certainly in force starts "known" on this day
_DAY = timedelta(days=1)


def _tri_key(value: object) -> object:
    """YAML reads an unquoted true/false as a boolean: accept it as the word."""
    return str(value).lower() if isinstance(value, bool) else value


@dataclass(frozen=True)
class Source:
    publisher: str
    title: str
    url: str
    date: str | None  # as precise as the source is: 2025-09, 2025-09-18, or unknown

    def cite(self) -> str:
        when = f", {self.date}" if self.date else ""
        return f"{self.publisher}: {self.title}{when} <{self.url}>"


@dataclass(frozen=True)
class Control:
    """A way for the member to stop a use: a setting or a form, and what it does and does not do."""

    mechanism: str  # setting | form | delete (no setting: removing the content is what the member can do) | none
    effect: str  # prospective | objection_request | none
    name: str = ""
    path: str = ""
    url: str = ""
    note: str = ""


@dataclass(frozen=True)
class Span:
    """When a rule was in force as far as its sources say: certainly on [known_from, known_to), possibly on
    [possible_from, possible_to) around it. Days in the second and not the first give `unknown`."""

    possible_from: date  # date.min: no earliest day is known
    known_from: date  # NEVER: no day is known for certain
    known_to: date  # exclusive
    possible_to: date  # exclusive; date.max: still in force

    def possibly_on(self, day: date) -> bool:
        return self.possible_from <= day < self.possible_to

    def certainly_on(self, day: date) -> bool:
        return self.known_from <= day < self.known_to


@dataclass(frozen=True)
class Caveat:
    """A note that changes how a verdict should be read: shown in the reasons and the summary."""

    text: str
    regions: frozenset[str]  # empty: wherever the rule applies
    when: str  # always | opted_out | objection_filed


@dataclass(frozen=True)
class Rule:
    id: str
    platform: str
    version: str
    title: str
    milestone: str  # the rule's first day in words, for timelines ("" where it marks nothing a member would notice)
    purpose: str
    legal_basis: str
    effective_from: date | None  # None: the start is not known
    effective_from_precision: str
    effective_to: date | None  # exclusive; None: still in force
    effective_to_precision: str
    span: Span
    include: frozenset[str]  # country codes; empty with everywhere=True means all
    everywhere: bool
    exclude: frozenset[str]
    default_on: bool  # the setting is on unless the member turns it off (or there is no setting)
    opt_out: Control | None  # the setting that stops this use, if any
    objection: Control | None  # the objection route, if any
    late_opt_out_existing: bool | None  # after a late opt-out, may records that existed then still be used?
    categories: dict[str, bool | None]  # policy category -> in scope (True), excluded (False), unclear (None)
    unlisted: bool | None  # categories the rule does not list: unknown (policies.md §0), or false where the
    # text enumerates exactly what it covers
    category_notes: dict[str, str]  # policy category (or '*' for unlisted ones) -> why
    visibility: dict[str, dict[str, bool | None]]  # policy category -> visibility -> the most it can be
    visibility_note: str  # why visibility leaves a record unknown, in this platform's words ("" for the default)
    visibility_past_unknown: bool  # content non-public in the archive may have been public before (visibility_past)
    min_age: int | None
    minors_unknown: bool  # no statement on minors: their records are unknown, not in scope
    evaluate_as_unknown: bool  # low-evidence window: never better than unknown
    confidence: str
    confidence_note: str
    notes: tuple[str, ...]
    caveats: tuple[Caveat, ...]
    sources: tuple[Source, ...]

    def applies_to_region(self, code: str) -> bool:
        return (self.everywhere or code in self.include) and code not in self.exclude

    def in_force_on(self, day: date) -> bool:
        """Certainly in force on the day, as far as the sources say."""
        return self.span.certainly_on(day)

    def possibly_in_force_on(self, day: date) -> bool:
        return self.span.possibly_on(day)

    def has_age_rule(self) -> bool:
        return self.min_age is not None or self.minors_unknown

    def verdict_for(self, category: str) -> bool | None:
        return self.categories.get(category, self.unlisted)

    def category_note(self, category: str) -> str | None:
        return self.category_notes.get(category) or (
            None if category in self.categories else self.category_notes.get("*"))

    def caveats_for(self, region: str, when: str) -> list[str]:
        return [c.text for c in self.caveats if c.when == when and (not c.regions or region in c.regions)]


@dataclass(frozen=True)
class PolicyVersion:
    id: str
    platform: str  # whose policy: a platform, or a company whose policy covers several (meta)
    title: str
    effective_from: date
    source: Source
    rules: tuple[Rule, ...]
    path: str = field(compare=False)
    applies_to: tuple[str, ...] = ()  # the platforms it covers, where not only `platform` (Facebook, Instagram)


class _Fields:
    """Typed access to one mapping of a rule file; every error names the file and the field."""

    def __init__(self, data: Any, where: str, context: str) -> None:
        if not isinstance(data, dict):
            raise RuleFileError(where, f"{context or 'the file'} must be a mapping")
        self.data, self.where, self.context = data, where, context

    def _name(self, key: str) -> str:
        return f"{self.context}.{key}" if self.context else key

    def fail(self, key: str, why: str) -> RuleFileError:
        return RuleFileError(self.where, f"field '{self._name(key)}' {why}")

    def text(self, key: str, default: str | None = None) -> str:
        value = self.data.get(key, default)
        if not isinstance(value, str) or not value.strip():
            raise self.fail(key, "is required and must be text")
        return value.strip()

    def choice(self, key: str, options: tuple[str, ...], default: str | None = None) -> str:
        value = self.data.get(key, default)
        if value not in options:
            raise self.fail(key, f"must be one of {', '.join(options)}")
        return value

    def day(self, key: str, required: bool = True) -> date | None:
        value = self.data.get(key)
        if value is None and not required:
            return None
        if isinstance(value, date):
            return value
        try:
            return date.fromisoformat(str(value))
        except ValueError:
            raise self.fail(key, "must be a date YYYY-MM-DD") from None

    def strings(self, key: str) -> list[str]:
        value = self.data.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise self.fail(key, "must be a list of text")
        return value

    def sub(self, key: str, required: bool = True) -> _Fields | None:
        if key not in self.data and not required:
            return None
        return _Fields(self.data.get(key), self.where, self._name(key))


def _source(fields: _Fields) -> Source:
    url = fields.text("url")
    if not url.startswith(("https://", "http://")):
        raise fields.fail("url", "must be a web address")
    raw_date = fields.data.get("date")
    return Source(fields.text("publisher"), fields.text("title"), url, str(raw_date) if raw_date else None)


def _control(fields: _Fields | None) -> Control | None:
    if fields is None:
        return None
    return Control(
        mechanism=fields.choice("mechanism", ("setting", "form", "delete", "none")),
        effect=fields.choice("effect", OPT_OUT_EFFECTS),
        name=fields.data.get("name", ""), path=fields.data.get("path", ""), url=fields.data.get("url", ""),
        note=" ".join(str(fields.data.get("note", "")).split()),
    )


def _regions(fields: _Fields, key: str) -> list[str]:
    names = fields.strings(key)
    for name in names:
        if name != "*" and name not in regions.GROUPS and not regions.is_country(name):
            raise fields.fail(key, f"names '{name}', which is neither an ISO 3166-1 alpha-2 code nor a region group")
    return names


def _categories(fields: _Fields) -> tuple[dict[str, bool | None], dict[str, str]]:
    verdicts: dict[str, bool | None] = {}
    for key, verdict in (("in_scope", True), ("excluded", False), ("unclear", None)):
        for category in fields.strings(key):
            if category not in POLICY_CATEGORIES:
                raise fields.fail(key, f"names unknown category '{category}'")
            if category in verdicts:
                raise fields.fail(key, f"lists '{category}' twice")
            verdicts[category] = verdict
    notes = fields.data.get("notes", {}) or {}
    if not isinstance(notes, dict) or not all(k in POLICY_CATEGORIES or k == "*" for k in notes):
        raise fields.fail("notes", "must map known categories (or '*', the unlisted ones) to text")
    return verdicts, {k: " ".join(str(v).split()) for k, v in notes.items()}


def _visibility(fields: _Fields | None) -> dict[str, dict[str, bool | None]]:
    if fields is None:
        return {}
    out: dict[str, dict[str, bool | None]] = {}
    for category, mapping in fields.data.items():
        if category not in POLICY_CATEGORIES:
            raise fields.fail(category, "is not a known category")
        sub = _Fields(mapping, fields.where, f"{fields.context}.{category}")
        if set(sub.data) - set(VISIBILITIES) or not all(_tri_key(v) in TRI for v in sub.data.values()):
            raise sub.fail("", f"must map {', '.join(VISIBILITIES)} to true, false or unknown")
        out[category] = {vis: TRI[_tri_key(value)] for vis, value in sub.data.items()}
    return out


def _span(fields: _Fields) -> tuple[date | None, str, date | None, str, Span]:
    """The rule's dates and how well each is known, as the span of days it was certainly and possibly in force."""
    start = fields.day("effective_from", required=False)
    end = fields.day("effective_to", required=False)
    start_precision = fields.choice("effective_from_precision", PRECISIONS, "exact" if start else "unknown")
    end_precision = fields.choice("effective_to_precision", PRECISIONS, "exact")
    earliest = fields.day("effective_from_earliest", required=False)
    latest = fields.day("effective_from_latest", required=False)
    end_earliest = fields.day("effective_to_earliest", required=False)
    end_latest = fields.day("effective_to_latest", required=False)
    if (start is None) != (start_precision == "unknown"):
        raise fields.fail("effective_from_precision", "must be unknown exactly when effective_from is not given")
    if end is None and end_precision != "exact":
        raise fields.fail("effective_to_precision", "needs effective_to")
    if start is None:
        possible_from, known_from = date.min, NEVER
    elif start_precision == "exact":
        possible_from, known_from = start, start
    elif start_precision == "lower_bound":  # began on or after the day: certain only from `latest`, if given
        possible_from, known_from = start, latest or NEVER
    else:  # upper_bound, announced: in force on the day, perhaps since earlier
        possible_from, known_from = earliest or date.min, start
    if end is None:
        known_to = possible_to = date.max
    elif end_precision == "exact":
        known_to = possible_to = end
    elif end_precision == "lower_bound":  # ended on or after the day
        known_to, possible_to = end, end_latest or date.max
    else:  # ended on or before the day: certain only until `effective_to_earliest`, else the start day itself
        known_to, possible_to = end_earliest or (known_from + _DAY if known_from < NEVER else NEVER), end
    if (start and end and end <= start) or possible_from >= possible_to or not (
            possible_from <= known_from and known_to <= possible_to):
        raise fields.fail("effective_to", "must be after effective_from (and the bounds inside them)")
    return start, start_precision, end, end_precision, Span(possible_from, known_from, known_to, possible_to)


def _caveats(fields: _Fields) -> tuple[Caveat, ...]:
    raw = fields.data.get("caveats", [])
    if not isinstance(raw, list):
        raise fields.fail("caveats", "must be a list")
    out = []
    for i, item in enumerate(raw):
        sub = _Fields(item, fields.where, f"{fields.context}.caveats[{i}]")
        out.append(Caveat(" ".join(sub.text("text").split()), regions.expand(_regions(sub, "regions")),
                          sub.choice("when", CAVEAT_WHEN, "always")))
    return tuple(out)


def _rule(fields: _Fields, platform: str, version: str, sources: dict[str, Source]) -> Rule:
    region = fields.sub("regions")
    assert region is not None
    include = _regions(region, "include")
    exclude = _regions(region, "exclude")
    categories, category_notes = _categories(fields.sub("categories"))  # type: ignore[arg-type]
    age = fields.sub("age", required=False)
    min_age = age.data.get("min_age") if age else None
    if min_age is not None and not isinstance(min_age, int):
        raise age.fail("min_age", "must be a whole number or null")  # type: ignore[union-attr]
    unlisted = _tri_key(fields.sub("categories").data.get("unlisted", "unknown"))  # type: ignore[union-attr]
    if unlisted not in ("false", "unknown"):
        raise fields.fail("categories.unlisted", "must be false or unknown")
    late = _tri_key(fields.data.get("late_opt_out_existing", "false"))
    if late not in TRI:
        raise fields.fail("late_opt_out_existing", "must be true, false or unknown")
    cited = fields.strings("sources")
    if not cited:
        raise fields.fail("sources", "must cite at least one source")
    for key in cited:
        if key not in sources:
            raise fields.fail("sources", f"cites '{key}', which the file's sources do not define")
    effective_from, from_precision, effective_to, to_precision, span = _span(fields)
    if min_age is None and age and age.data.get("minors") not in (None, "unknown"):
        raise age.fail("minors", "must be unknown (no source says whether minors' data is used) or absent")
    return Rule(
        id=fields.text("id"), platform=platform, version=version, title=fields.text("title"),
        milestone=" ".join(str(fields.data.get("milestone", "")).split()),
        purpose=fields.choice("purpose", PURPOSES),
        legal_basis=" ".join(str(fields.data.get("legal_basis", "")).split()),
        effective_from=effective_from,
        effective_from_precision=from_precision,
        effective_to=effective_to, effective_to_precision=to_precision, span=span,
        include=regions.expand([r for r in include if r != "*"]), everywhere="*" in include,
        exclude=regions.expand(exclude),
        default_on=fields.choice("default_setting", ("on", "off", "no_control")) != "off",
        opt_out=_control(fields.sub("opt_out", required=False)),
        objection=_control(fields.sub("objection", required=False)),
        late_opt_out_existing=TRI[late],
        categories=categories, unlisted=TRI[unlisted], category_notes=category_notes,
        visibility=_visibility(fields.sub("visibility", required=False)),
        visibility_note=" ".join(str(fields.data.get("visibility_note", "")).split()),
        visibility_past_unknown=fields.choice("visibility_past", ("as_given", "unknown"), "as_given") == "unknown",
        min_age=min_age, minors_unknown=bool(age and age.data.get("minors") == "unknown"),
        evaluate_as_unknown=fields.data.get("evaluate_as") == "unknown",
        confidence=fields.choice("confidence", CONFIDENCES),
        confidence_note=" ".join(str(fields.data.get("confidence_note", "")).split()),
        notes=tuple(" ".join(str(n).split()) for n in fields.strings("notes")),
        caveats=_caveats(fields),
        sources=tuple(sources[key] for key in cited),
    )


def load_version(path: Path | str, text: str | None = None) -> PolicyVersion:
    where = str(path)
    try:
        data = yaml.load(text if text is not None else Path(path).read_text(encoding="utf-8"),
                         Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))  # the C parser where installed
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f" at line {mark.line + 1}" if mark else ""
        raise RuleFileError(where, f"not valid YAML{line}") from None
    top = _Fields(data, where, "")
    platform = top.text("platform")
    version = top.text("version")
    source_map = top.sub("sources")
    assert source_map is not None
    sources = {key: _source(_Fields(value, where, f"sources.{key}")) for key, value in source_map.data.items()}
    primary = top.text("primary_source")
    if primary not in sources:
        raise top.fail("primary_source", "must name one of the file's sources")
    raw_rules = data.get("rules")
    if not isinstance(raw_rules, list) or not raw_rules:
        raise top.fail("rules", "must be a non-empty list")
    rules = tuple(_rule(_Fields(r, where, f"rules[{i}]"), platform, version, sources) for i, r in enumerate(raw_rules))
    return PolicyVersion(id=f"{platform}-{version}", platform=platform, title=top.text("title"),
                         effective_from=top.day("effective_from"), source=sources[primary], rules=rules,
                         path=where, applies_to=tuple(top.strings("applies_to")))  # type: ignore[arg-type]


@cache
def _shipped() -> tuple[PolicyVersion, ...]:
    """Every rule file shipped: one folder per platform (or per company whose policy covers several)."""
    root = resources.files("toolkit.policy") / "rules"
    return tuple(load_version(f"toolkit/policy/rules/{folder.name}/{item.name}", item.read_text(encoding="utf-8"))
                 for folder in sorted(root.iterdir(), key=lambda i: i.name) if folder.is_dir()
                 for item in sorted(folder.iterdir(), key=lambda i: i.name) if item.name.endswith(".yaml"))


@cache
def load_platform(platform: str) -> tuple[PolicyVersion, ...]:
    """Every policy version shipped for a platform, oldest first; rule ids are unique across them."""
    versions = [v for v in _shipped() if platform == v.platform or platform in v.applies_to]
    if not versions:
        raise RuleFileError(platform, "no policy rules are shipped for this platform")
    seen: dict[str, str] = {}
    for version in versions:
        for rule in version.rules:
            if rule.id in seen:
                raise RuleFileError(version.path, f"rule id '{rule.id}' is also defined in {seen[rule.id]}")
            seen[rule.id] = version.path
    return tuple(sorted(versions, key=lambda v: v.effective_from))


def all_rules(platform: str) -> list[Rule]:
    return [rule for version in load_platform(platform) for rule in version.rules]
