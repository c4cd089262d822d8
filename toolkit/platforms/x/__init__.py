"""X (Twitter) "Download an archive of your data" (formats.md §2): JavaScript data files under `data/`."""

from __future__ import annotations

import html
import json
import re
from datetime import date

import polars as pl

from toolkit.archive import Archive, Member, decode_text
from toolkit.errors import ArchiveError
from toolkit.platforms import structured
from toolkit.platforms.base import FilePlatform, MemberFacts, ReadResult
from toolkit.platforms.x.files import BY_STEM, PII_COLUMNS, JsSpec
from toolkit.schema import RECORD_SCHEMA, attribute, empty_records

_PART = re.compile(r"-part\d+$")
_STATUS = "https://x.com/i/web/status/"


def _stem(path: str) -> str | None:
    base = path.rsplit("/", 1)[-1]
    if not base.casefold().endswith(".js"):
        return None
    return _PART.sub("", base[:-3])


def _field(expr: pl.Expr, path: str, schema: pl.DataType) -> pl.Expr | None:
    """A nested field by dotted path, or None where the items do not have it."""
    found = structured.pick(expr, schema, path)
    return found[0][0] if found else None


def parse_js(text: str, where: str) -> list:
    """`window.YTD.x.part0 = [...]` to its list (or `window.__THAR_CONFIG = {...}` to its object)."""
    start = text.find("=")
    if start < 0:
        raise ArchiveError(where, "not an X data file (no 'window.YTD... =' assignment)")
    try:
        return json.loads(text[start + 1:].strip().rstrip(";"))
    except (json.JSONDecodeError, RecursionError):
        raise ArchiveError(where, "its data is not valid JSON (damaged or truncated)") from None


class X(FilePlatform):
    name = "x"
    display_name = "X"
    export_name = re.compile(r"twitter-(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})")
    launched = date(2006, 3, 21)

    def spec_for(self, path: str) -> JsSpec | None:
        stem = _stem(path)
        return BY_STEM.get(stem) if stem else None

    def score(self, paths: list[str]) -> float:
        candidates = [p for p in paths if p.casefold().endswith(".js")]
        if not candidates:
            return 0.0
        known = sum(1 for p in candidates if self.spec_for(p))
        return known / len(candidates)

    def read_member(self, archive: Archive, member: Member, spec: JsSpec) -> tuple[pl.DataFrame, list[str]]:
        where = f"{archive.location}:{member.path}"
        items = parse_js(decode_text(archive.read(member), where).text, where)
        if not isinstance(items, list):
            raise ArchiveError(where, "holds no list of items")
        values = [item.get(spec.item_key) if isinstance(item, dict) else None for item in items]
        if not any(isinstance(v, dict) for v in values):
            return empty_records(), ["empty" if not items else f"no '{spec.item_key}' items"]
        frame = pl.DataFrame({"item": [v if isinstance(v, dict) else None for v in values]},
                             schema_overrides=None, nan_to_null=True, strict=False)
        frame = frame.with_row_index("source_row", offset=1).drop_nulls("item")
        if spec.explode:  # a conversation's messages: each message is a record
            messages = _field(pl.col("item"), spec.explode, frame.schema["item"])
            if messages is None:
                return empty_records(), ["no messages"]
            frame = frame.select("source_row", messages.alias("item")).explode("item").drop_nulls("item")
            frame = frame.with_columns(pl.int_range(1, pl.len() + 1).alias("source_row"))
            if spec.element_key:
                inner = _field(pl.col("item"), spec.element_key, frame.schema["item"])
                if inner is None:
                    return empty_records(), ["no messages"]
                frame = frame.select("source_row", inner.alias("item")).drop_nulls("item")
        return self._records(frame, spec, member.path), []

    def _records(self, frame: pl.DataFrame, spec: JsSpec, source_file: str) -> pl.DataFrame:
        schema = frame.schema["item"]
        item = pl.col("item")
        text = structured.text(item, schema, spec.text)
        text = text.str.replace_all("&amp;", "&").str.replace_all("&lt;", "<").str.replace_all("&gt;", ">")
        created = pl.lit(None, pl.Datetime("us", "UTC"))
        date_value = _field(item, spec.date, schema) if spec.date else None
        if date_value is not None and spec.date_format:
            created = date_value.cast(pl.String).str.strptime(pl.Datetime("us", "UTC"), spec.date_format,
                                                                 strict=False)
        link = pl.lit(None, pl.String)
        if spec.link:
            path = spec.link.removeprefix("status:")
            value = _field(item, path, schema)
            if value is not None:
                link = (pl.lit(_STATUS) + value.cast(pl.String)) if spec.link.startswith("status:") else value.cast(
                    pl.String)
        out = frame.select(
            record_id=pl.lit(source_file + "#") + pl.col("source_row").cast(pl.String),
            platform=pl.lit(self.name), source_file=pl.lit(source_file),
            source_row=pl.col("source_row").cast(pl.Int64), field=pl.lit(None, pl.String),
            category=pl.lit(spec.category), policy_category=pl.lit(spec.policy_category),
            record_type=pl.lit(spec.record_type), created_at=created, visibility=pl.lit(spec.visibility),
            link=link, text=text,
            attributes=item.struct.json_encode() if isinstance(schema, pl.Struct) else pl.lit("{}"),
        )
        return out.cast(dict(RECORD_SCHEMA))

    def pii_columns(self) -> dict[str, dict[str, tuple[str, str]]]:
        return PII_COLUMNS

    def member_facts(self, read: ReadResult) -> MemberFacts:
        records = read.records
        account = records.lazy().filter(pl.col("record_type") == "x.account").head(1).collect()
        names, emails = [], []
        if account.height:
            row = account.select(attribute("accountDisplayName").alias("n"), attribute("username").alias("u"),
                                 attribute("email").alias("e")).row(0)
            names = [v for v in row[:2] if v]
            emails = [row[2]] if row[2] else []
        mentions = (records.lazy().filter(pl.col("record_type") == "x.post")
                    .select(pl.col("attributes").str.extract_all(r'"name":"([^"\\]{2,60})"')).explode("attributes")
                    .drop_nulls().collect().to_series().str.extract(r'"name":"(.*)"', 1).unique().to_list())
        others = sorted({html.unescape(m) for m in mentions if m} - set(names), key=str.casefold)
        return MemberFacts(names=names, emails=emails, others=others)
