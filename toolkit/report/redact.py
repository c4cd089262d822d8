"""`--redact`: no personal data found in the archive survives in any text-bearing column of any output.

What is masked, everywhere it occurs (text, excerpt, attributes, link, file names, record ids):
- every value the archive itself names as a person's identity: the member's names (first and last name alone too),
  e-mails and phones; the full names of connections, correspondents, endorsers; the values of the columns the
  platform declares personal (e-mail, phone, name, profile URL columns);
- every piece of text a detector found (names the model found, e-mails, phones, IBANs, card numbers...);
- by pattern, whatever looks like an e-mail address, a web address, an IP address, an IBAN, a card number or an
  international phone number, and the long digit runs (member ids) in file names.

People get consistent pseudonyms (`<PERSON_17>`; the member is `<MEMBER>`), so a reader can still follow a
conversation. What redaction cannot promise (a nickname the archive never names, a face in a photo, a detail that
identifies someone only in context) is said in docs/security.md and in the report.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import polars as pl

from toolkit.pipeline import Scan

MEMBER = "<MEMBER>"
LIMITS = ("Redaction masks what the archive names and what the detectors find. It cannot promise to catch a "
          "nickname or spelling the archive never gives, a face or a name in a photo, or a detail that identifies "
          "someone only in context: read a redacted file before you share it.")

# Applied after the known values, in this order: each pattern replaces what it matches with its mask.
_PATTERNS: tuple[tuple[str, str], ...] = (
    (r"(?i)[a-z0-9._%+\-]+@[a-z0-9.\-]+\.[a-z]{2,}", "<EMAIL_ADDRESS>"),
    (r"(?i)\b(?:https?://|www\.)[^\s\"'<>]+", "<URL>"),
    (r"(?i)\blinkedin\.com/[^\s\"'<>]+", "<URL>"),
    (r"\b(?:\d{1,3}\.){3}\d{1,3}\b", "<IP_ADDRESS>"),
    (r"(?i)\b[A-Z]{2}\d{2}(?:[ ]?[A-Z0-9]{4}){2,7}(?:[ ]?[A-Z0-9]{1,4})?\b", "<IBAN_CODE>"),
    (r"\b\d{4}(?:[ -]?\d{4}){2}[ -]?\d{1,7}\b", "<CREDIT_CARD>"),
    (r"(?:\+|\b00)\d{1,3}[\s.\-()]*\d(?:[\s.\-()]*\d){5,13}\b", "<PHONE_NUMBER>"),
    (r"\(?\b\d{3}\)?[\s.\-]\d{3}[\s.\-]\d{4}\b", "<PHONE_NUMBER>"),
)
# Around a known word while it is being masked: private-use characters, which no text of the archive is expected to
# hold (one that did would at most see such a pair masked too).
_OPEN, _CLOSE = "\ue000", "\ue001"
_MEMBER_ID = re.compile(r"\d{6,}")  # the member id LinkedIn puts in file names (Comments_918273645.csv)


@dataclass
class Masks:
    """Known values and what each becomes. `phrases` are matched anywhere, ignoring ASCII case; single words are
    matched as whole words, `words` only with their capital (other people's first and last names: "Will", "Park"),
    `any_case_words` in any case (a place a detector found, "Lisbon", also in "data engineer lisbon")."""

    phrases: dict[str, str] = field(default_factory=dict)
    words: dict[str, str] = field(default_factory=dict)
    any_case_words: dict[str, str] = field(default_factory=dict)

    def add(self, value: str, mask: str, anywhere: bool = False, any_case: bool = False) -> None:
        """`anywhere`: also inside other words (the member's own names: a handle such as "TALIAQ" gives them away,
        at the cost of masking them inside words that merely contain them)."""
        value = " ".join(value.split())
        if len(value) < 3 or value.startswith("<"):
            return
        if value.isalpha() and not anywhere:
            if any_case:
                self.any_case_words.setdefault(value.casefold(), mask)
            elif value[:1].isupper():
                self.words.setdefault(value, mask)
                self.words.setdefault(value.upper(), mask)
            return
        for variant in {value, value.casefold(), value.upper(), value.title(), value.replace(" ", "-"),
                        value.replace(" ", "-").casefold(), value.replace(" ", "_"), value.replace(" ", "")}:
            self.phrases.setdefault(variant, mask)


def build_masks(scan: Scan) -> Masks:
    """Every value to mask, with its pseudonym: people numbered in a stable order, other data by its type."""
    masks = Masks()
    facts = scan.archive.facts
    for name in facts.names:
        masks.add(name, MEMBER, anywhere=True)
    for email in facts.emails:
        masks.add(email, "<EMAIL_ADDRESS>")
    for phone in facts.phones:
        masks.add(phone, "<PHONE_NUMBER>")
    people: dict[str, str] = {}
    for name in sorted(facts.others, key=str.casefold):
        people.setdefault(name.casefold(), f"<PERSON_{len(people) + 1}>")
        masks.add(name, people[name.casefold()])
    for entity, value, _ in scan.values.drop_nulls("value").sort("value", "entity_type", "third_party").iter_rows():
        if entity == "PERSON":
            key = " ".join(value.split()).casefold()
            if key not in people and not any(key == n.casefold() for n in facts.names):
                people[key] = f"<PERSON_{len(people) + 1}>"
            masks.add(value, people.get(key, MEMBER), anywhere=people.get(key, MEMBER) == MEMBER)
        else:
            masks.add(value, f"<{entity}>", any_case=True)
    # a known person's first and last names alone
    for name in facts.names:
        for part in name.split():
            masks.add(part, MEMBER, anywhere=True)
    for name in facts.others:
        for part in name.split():
            masks.add(part, "<NAME>")
    return masks


def masked(expr: pl.Expr, masks: Masks) -> pl.Expr:
    """The text with every known value and every pattern masked (vectorised: no loop per record)."""
    if masks.phrases:
        # at each place the longest value wins (leftmost-first, longest listed first): the matcher's default would
        # take a shorter value that ends first and leave the longer one's tail ("203.0.113.7" inside "203.0.113.74")
        ordered = sorted(masks.phrases, key=len, reverse=True)
        expr = expr.str.replace_many(ordered, [masks.phrases[k] for k in ordered], ascii_case_insensitive=True,
                                     leftmost=True)
    if masks.words:
        # Whole words with their capital, each with its own pseudonym, in two passes whatever their number: the
        # words are marked where they stand as whole words, then each marked word becomes its mask.
        names = sorted(masks.words, key=len, reverse=True)
        expr = expr.str.replace_all(r"\b(?:" + "|".join(map(re.escape, names)) + r")\b", _OPEN + "${0}" + _CLOSE)
        expr = expr.str.replace_many([_OPEN + w + _CLOSE for w in names], [masks.words[w] for w in names])
    # in any case (Unicode case folding, which the literal matcher does not do): one pass per mask, a handful
    for mask in sorted(set(masks.any_case_words.values())):
        names = sorted((w for w, m in masks.any_case_words.items() if m == mask), key=len, reverse=True)
        expr = expr.str.replace_all(r"(?i)\b(?:" + "|".join(map(re.escape, names)) + r")\b", mask)
    for pattern, mask in _PATTERNS:
        expr = expr.str.replace_all(pattern, mask)
    return expr


# A conversation's folder is named for the people in it (`inbox/antonkowalczyk_1000000006/`, Messenger and
# Instagram Direct): it becomes a token that tells conversations apart without naming anyone.
_CONVERSATION = r"((?:^|/)(?:inbox|archived_threads|e2ee_cutover|filtered_threads|message_requests)/)([^/]+)(/)"
_LETTERS = dict(zip("0123456789", "abcdefghij", strict=True))  # the token has no digits for the id mask to take


def masked_file_name(expr: pl.Expr) -> pl.Expr:
    """File names and record ids carry the member id (`Comments_918273645.csv`) and, for conversations, the names
    of the people in them."""
    folder = expr.str.extract(_CONVERSATION, 2)
    token = folder.hash(seed=7).cast(pl.String).str.slice(0, 10).str.replace_many(_LETTERS)
    renamed = pl.when(folder.is_not_null()).then(
        expr.str.replace(_CONVERSATION, pl.lit("${1}conversation-") + token + pl.lit("${3}"))).otherwise(expr)
    return renamed.str.replace_all(_MEMBER_ID.pattern, "<ID>")


def masked_file_name_text(name: str) -> str:
    """`masked_file_name` for one name (a summary's file list, the report's notes)."""
    return pl.select(masked_file_name(pl.lit(name, pl.String))).item()


def masked_summary(summary: dict) -> dict:
    """The JSON summary as written next to redacted exports: the member id out of the file names it lists, and the
    member's birth date masked (whether they were a minor, which the verdicts used, stays)."""
    mask = masked_file_name_text
    archive = dict(summary["archive"])
    archive["files_recognised"] = [{**f, "path": mask(f["path"])} for f in archive["files_recognised"]]
    archive["files_unknown"] = [mask(p) for p in archive["files_unknown"]]
    archive["files_unreadable"] = [{**f, "path": mask(f["path"])} for f in archive.get("files_unreadable", [])]
    files = {c: {mask(name): n for name, n in named.items()} for c, named in summary.get("category_files", {}).items()}
    member = dict(summary["member"])
    if member.get("birth_date"):
        member["birth_date"] = "<DATE_TIME>"
    return {**summary, "archive": archive, "category_files": files, "member": member}
