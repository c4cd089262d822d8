"""Facebook and Instagram "Download your information" archives in JSON format (formats.md §3, §4).

One reader for both: the same exporter writes them (mojibake, epoch seconds, Messenger-format threads), and the
Accounts Center export can hold both in one zip. Each registered platform recognises its own folders; either reads
every Facebook and Instagram file it finds, each record labelled with the product it came from.
"""

from __future__ import annotations

import contextlib
import json
import re
from datetime import UTC, date, datetime

import polars as pl

from toolkit import regions
from toolkit.archive import Archive, Member
from toolkit.errors import ArchiveError
from toolkit.platforms import structured
from toolkit.platforms.base import FilePlatform, MemberFacts, Progress, ReadResult
from toolkit.platforms.meta.files import PII_COLUMNS, THREAD, THREAD_KEYS, JsonSpec, product_of, spec_for
from toolkit.platforms.meta.mojibake import repair
from toolkit.schema import RECORD_SCHEMA, empty_records

_PRIVATE_ACCOUNT = re.compile(r'"(?:Private Account|Privéaccount|Privates Konto|Compte privé|Cuenta privada|'
                              r'Account privato)":\{[^{}]*"value":"(\w+)"')
_EPOCH_FLOOR = datetime(2004, 2, 4, tzinfo=UTC)  # Facebook's launch: no member record is older


def _items(obj: object, spec: JsonSpec) -> list:
    """The file's items: the list itself, the list under one of the known root keys, the one list the object
    holds (a root key renamed again), or the object as a single item."""
    if isinstance(obj, list):
        return obj
    if not isinstance(obj, dict):
        return []
    for key in spec.roots:
        if key in obj:
            value = obj[key]
            return value if isinstance(value, list) else [value]
    lists = [v for v in obj.values() if isinstance(v, list)]
    if len(lists) == 1 and len(obj) == 1:
        return lists[0]
    return [obj]


def _dates(item: pl.Expr, dtype: pl.DataType, spec: JsonSpec) -> pl.Expr:
    """The first plausible date among the spec's epoch paths (zero, negative or pre-2004 values are no date)."""
    found = []
    for path, unit in spec.dates:
        value = structured.first(item, dtype, (path,), pl.Int64)
        moment = pl.from_epoch(pl.when(value > 0).then(value), time_unit=unit).dt.replace_time_zone("UTC")
        found.append(pl.when(moment >= _EPOCH_FLOOR).then(moment))
    return pl.coalesce(found) if found else pl.lit(None, pl.Datetime("us", "UTC"))


class Meta(FilePlatform):
    """What Facebook and Instagram share; a subclass is one registered platform."""

    signature: re.Pattern[str]  # folders only this product ships
    # An export requested in HTML has the same tree with .html pages (formats.md §3.1): refused, saying what to do.
    html_signature: re.Pattern[str]
    claims_threads = False  # an archive of Messenger-format threads alone is taken as this product's

    def spec_for(self, path: str) -> JsonSpec | None:
        return spec_for(path, self.name)

    def record_type(self, spec: JsonSpec, path: str) -> str:
        return f"{spec.product or product_of(path, self.name)}.{spec.key}"

    def spec_for_member(self, archive: Archive, member: Member) -> JsonSpec | None:
        """By name; a JSON file of unknown name is read as a thread if it holds one (a renamed Messenger file)."""
        return self.spec_for(member.path) or (THREAD if self._holds_thread(archive, member) else None)

    @staticmethod
    def _holds_thread(archive: Archive, member: Member) -> bool:
        if not member.path.casefold().endswith(".json") or member.size > archive.limits.max_member_bytes:
            return False
        try:
            head = archive.read(member)[:4096]
        except Exception:  # unreadable here: the read loop names it if it is a known file; this one is not
            return False
        return all(key in head for key in THREAD_KEYS)

    def score_content(self, archive: Archive) -> float:
        if not self.claims_threads:
            return 0.0
        candidates = [m for m in archive.members if m.path.casefold().endswith(".json")][:50]
        threads = sum(1 for m in candidates if self._holds_thread(archive, m))
        return threads / len(candidates) if candidates else 0.0

    def score(self, paths: list[str]) -> float:
        candidates = [p for p in paths if re.search(r"\.json(?:_[\d_]+)?$", p.casefold())]
        if not candidates:
            return 0.0
        specs = [self.spec_for(p) for p in candidates]
        own = sum(1 for s in specs if s and s.product == self.name)
        shared = sum(1 for s in specs if s and s.product is None)
        if not own and not (shared and self.claims_threads):
            return 0.0
        share = (own + shared) / len(candidates)
        if any(self.signature.search(p.casefold()) for p in paths):
            return 0.5 + share / 2
        return share if own else share * 0.9

    def refusal(self, paths: list[str]) -> str | None:
        if any(self.html_signature.search(p.casefold()) for p in paths):
            return (f"a {self.display_name} export in HTML format, which the tool cannot read: request a new "
                    "download in JSON format (Accounts Center > Your information and permissions > Download your "
                    "information > Format: JSON)")
        return None

    def read_member(self, archive: Archive, member: Member, spec: JsonSpec) -> tuple[pl.DataFrame, list[str]]:
        where = f"{archive.location}:{member.path}"
        data = archive.read(member)
        if data.startswith(b"\xef\xbb\xbf"):
            data = data[3:]
        try:
            obj = json.loads(repair(data))
        except (UnicodeDecodeError, json.JSONDecodeError, RecursionError):
            raise ArchiveError(where, "not valid JSON (damaged or truncated)") from None
        items = _items(obj, spec)
        notes = []
        objects = [i for i in items if isinstance(i, dict)]
        if not objects and items:  # a list of bare values (Facebook's ads interests)
            objects = [{"value": i} for i in items if isinstance(i, str | int | float)]
        elif len(objects) < len(items):
            notes.append(f"{len(items) - len(objects)} items that are not objects skipped")
        if not objects:
            return empty_records(), ["empty"]
        frame = pl.DataFrame({"item": objects}, strict=False).with_row_index("source_row", offset=1)
        if not isinstance(frame.schema["item"], pl.Struct) or any(
                kind in str(frame.schema["item"]) for kind in ("Object", "Int128", "Binary")):
            raise ArchiveError(where, "holds values that cannot be read as a table (mixed or out-of-range types)")
        if spec.thread and isinstance(obj, dict):
            names = [p.get("name") for p in obj.get("participants") or [] if isinstance(p, dict)]
            frame = frame.with_columns(pl.struct(
                pl.col("item").struct.unnest(),
                pl.lit(str(obj.get("title") or "")).alias("thread_title"),
                pl.lit([n for n in names if isinstance(n, str)], dtype=pl.List(pl.String)).alias("thread_participants"),
            ).alias("item"))
        product = spec.product or product_of(member.path, self.name)
        if spec.fields:
            return self._profile_records(frame, spec, product, member.path), notes
        return self._records(frame, spec, product, member.path), notes

    def _base(self, frame: pl.DataFrame, spec: JsonSpec, product: str, source_file: str) -> dict[str, pl.Expr]:
        return dict(platform=pl.lit(product), source_file=pl.lit(source_file),
                    source_row=pl.col("source_row").cast(pl.Int64), category=pl.lit(spec.category),
                    record_type=pl.lit(f"{product}.{spec.key}"),
                    attributes=pl.col("item").struct.json_encode())

    def _records(self, frame: pl.DataFrame, spec: JsonSpec, product: str, source_file: str) -> pl.DataFrame:
        item, dtype = pl.col("item"), frame.schema["item"]
        out = frame.select(
            record_id=pl.lit(source_file + "#") + pl.col("source_row").cast(pl.String),
            field=pl.lit(None, pl.String), policy_category=pl.lit(spec.policy_category),
            created_at=_dates(item, dtype, spec), visibility=pl.lit(spec.visibility),
            link=structured.first(item, dtype, spec.link, pl.String) if spec.link else pl.lit(None, pl.String),
            text=structured.text(item, dtype, spec.text),
            **self._base(frame, spec, product, source_file),
        )
        return out.select(RECORD_SCHEMA.names()).cast(dict(RECORD_SCHEMA))

    def _profile_records(self, frame: pl.DataFrame, spec: JsonSpec, product: str, source_file: str) -> pl.DataFrame:
        """A profile: one record per field the member filled in (as for LinkedIn's Profile.csv)."""
        item, dtype = pl.col("item"), frame.schema["item"]
        parts = []
        for profile_field in spec.fields:
            parts.append(frame.select(
                record_id=pl.lit(f"{source_file}#") + pl.col("source_row").cast(pl.String) + f"/{profile_field.name}",
                field=pl.lit(profile_field.name), policy_category=pl.lit(profile_field.policy_category),
                created_at=pl.lit(None, pl.Datetime("us", "UTC")), visibility=pl.lit(profile_field.visibility),
                link=pl.lit(None, pl.String),
                text=structured.text(item, dtype, profile_field.paths, profile_field.separator),
                **{**self._base(frame, spec, product, source_file), "category": pl.lit(profile_field.category)},
            ).filter(pl.col("text").is_not_null()))
        return pl.concat(parts).select(RECORD_SCHEMA.names()).cast(dict(RECORD_SCHEMA))

    def read(self, archive: Archive, progress: Progress | None = None) -> ReadResult:
        result = super().read(archive, progress)
        result.records = _account_visibility(result.records)
        return result

    def pii_columns(self) -> dict[str, dict[str, tuple[str, str]]]:
        return PII_COLUMNS

    def member_facts(self, read: ReadResult) -> MemberFacts:
        records = read.records
        profile = records.lazy().filter(pl.col("field").is_not_null()
                                        & pl.col("record_type").cast(pl.String).str.ends_with(".profile")).collect()
        value = dict(profile.select("field", "text").unique("field", keep="first").iter_rows())
        names = list(dict.fromkeys(value[k] for k in ("name", "username") if value.get(k)))
        facts = MemberFacts(names=names, emails=_lines(value.get("emails") or value.get("email")),
                            phones=_lines(value.get("phone_numbers") or value.get("phone_number")))
        birth = value.get("birthday") or value.get("date_of_birth") or ""
        with contextlib.suppress(ValueError):
            born = date(*(int(p) for p in re.split(r"\D+", birth.strip())[:3]))  # type: ignore[misc]
            if born != date(1919, 1, 1):  # Instagram's placeholder (formats.md §4.2)
                facts.birth_date, facts.birth_date_from = born, f"{profile['source_file'][0]} birthday"
        city = (value.get("current_city") or "").rsplit(",", 1)[-1].strip()
        if city and (code := regions.country_from_name(city)):
            facts.region, facts.region_from = code, f"{profile['source_file'][0]} current_city"
        registered = profile.select(pl.col("attributes").str.json_path_match("$.registration_timestamp")
                                    .cast(pl.Int64, strict=False)).to_series().drop_nulls()
        if registered.len() and registered.min() > 0:  # type: ignore[operator]
            facts.account_since = datetime.fromtimestamp(registered.min(), UTC).date()  # type: ignore[arg-type]
        facts.others = _other_people(records, set(names))
        return facts


def _lines(text: str | None) -> list[str]:
    return [line for line in (text or "").splitlines() if line.strip()]


def _account_visibility(records: pl.DataFrame) -> pl.DataFrame:
    """Instagram content is public unless the account is private (personal_information's `Private Account`, as on
    the day of the export); where the archive does not say, its visibility is unknown."""
    setting = (records.lazy().filter(pl.col("record_type") == "instagram.profile")
               .select(pl.col("attributes").str.extract(_PRIVATE_ACCOUNT.pattern, 1)).collect().to_series()
               .drop_nulls())
    flag = setting[0].casefold() if setting.len() else ""
    visibility = {"false": "public", "true": "restricted"}.get(flag, "unknown")
    return records.with_columns(
        pl.col("visibility").cast(pl.String).replace("account", visibility).cast(pl.Categorical()))


def _other_people(records: pl.DataFrame, own: set[str]) -> list[str]:
    """Friends, follows and everyone in the member's conversations: the people this archive knows by name."""
    kind = pl.col("record_type").cast(pl.String).str.extract(r"\.(\w+)$", 1)
    messages = records.lazy().filter(kind == "message")
    people = pl.concat([
        records.lazy().filter(kind.is_in(["friend", "removed_friend", "friend_request", "following", "follower",
                                          "close_friend"])).select(pl.col("text").str.split("\n").list.first().alias("n")),
        messages.select(pl.col("attributes").str.json_path_match("$.sender_name").alias("n")),
        messages.select(pl.col("attributes").str.extract(r'"thread_participants":(\[[^\]]*\])', 1)
                        .str.json_decode(pl.List(pl.String)).alias("n")).explode("n"),
    ]).collect()
    names = set(people.to_series().drop_nulls().unique().to_list()) - own
    return sorted((n for n in names if len(n) > 2 and n not in ("Facebook User", "Instagram User")), key=str.casefold)


class Facebook(Meta):
    name = "facebook"
    display_name = "Facebook"
    launched = date(2004, 2, 4)
    export_name = re.compile(r"facebook-.+?-(?P<year>\d{4})-(?P<month>\d{1,2})-(?P<day>\d{1,2})")
    signature = re.compile(r"(?:^|/)(?:your_facebook_activity|your_activity_across_facebook)/|"
                           r"(?:^|/)profile_information/profile_information\.json$|(?:^|/)posts/your_posts_1\.json$")
    html_signature = re.compile(r"(?:^|/)(?:your_facebook_activity|your_activity_across_facebook)/.*\.html$|"
                                r"(?:^|/)(?:message|your_posts(?:__check_ins__photos_and_videos)?)_\d+\.html$|"
                                r"(?:^|/)profile_information/profile_information\.html$")
    claims_threads = True  # Messenger


class Instagram(Meta):
    name = "instagram"
    display_name = "Instagram"
    launched = date(2010, 10, 6)
    export_name = re.compile(r"instagram-.+?-(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})")
    signature = re.compile(r"(?:^|/)your_instagram_activity/|(?:^|/)personal_information/personal_information/|"
                           r"(?:^|/)content/posts_1\.json$")
    html_signature = re.compile(r"(?:^|/)your_instagram_activity/.*\.html$|"
                                r"(?:^|/)personal_information/personal_information/.*\.html$")
