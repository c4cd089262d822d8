"""One self-contained HTML page a member (or whoever they send it to) understands in ten seconds: the situation in
plain words, the four verdicts, what to do; then charts, every flagged item to review, the rules and the method.

No request to any server when opened: styles and the one script are inline, charts are inline SVG, and a
Content-Security-Policy allows nothing else (the script by its hash). Without JavaScript the item table still shows
its first rows. Readable at phone width: tables turn into cards, charts scale.
"""

from __future__ import annotations

import base64
import hashlib
import json
from datetime import date
from html import escape
from typing import Any

import polars as pl

from toolkit import labels, platforms
from toolkit.pipeline import Scan
from toolkit.policy import FALSE, TRUE, UNKNOWN, all_rules
from toolkit.regions import EEA
from toolkit.report import charts
from toolkit.report.redact import LIMITS
from toolkit.report.redact import masked_file_name_text as without_member_id
from toolkit.report.summary import (
    after_opt_out,
    headline,
    languages_line,
    opted_out_on,
    setting_state,
    unknown_key,
    when,
)
from toolkit.report.table import export_table, exported_records

_OBJECTION_REGIONS = EEA | {"GB", "CH"}
ITEM_CAP = 3_000  # rows embedded in the item review; `toolkit export` writes them all
_STATIC_ROWS = 50  # rows written as HTML for readers without JavaScript
_VERDICT_WORDS = {TRUE: "in scope", UNKNOWN: "unknown", FALSE: "not in scope"}

_CSS = """
:root { color-scheme: light; --ink:#1d1d1f; --muted:#595e63; --accent:#b4235a; --line:#dedede; --soft:#f6f6f7; }
* { box-sizing: border-box; } [hidden] { display: none !important; }
body { font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink); margin: 0; }
main { max-width: 62rem; margin: 0 auto; padding: 1rem; overflow-wrap: break-word; }  /* long file paths break */
h1 { font-size: 1.55rem; line-height: 1.25; margin: .5rem 0 .75rem; }
h2 { font-size: 1.25rem; margin: 2.25rem 0 .75rem; padding-bottom: .25rem; border-bottom: 1px solid var(--line); }
h3 { font-size: 1.05rem; margin: 1.25rem 0 .5rem; }
.lead p { margin: .35rem 0; font-size: 1.05rem; } .lead p:first-child { font-size: 1.2rem; font-weight: 600; }
.muted { color: var(--muted); overflow-wrap: anywhere; } .small { font-size: .9rem; }
.cards { display: grid; grid-template-columns: repeat(auto-fit, minmax(11rem, 1fr)); gap: .75rem; margin: 1rem 0; }
.card { border: 1px solid var(--line); border-radius: .5rem; padding: .75rem; background: #fff; }
.card .n { font-size: 1.9rem; font-weight: 700; color: var(--accent); display: block; line-height: 1.2; }
.card .u { color: var(--muted); font-size: .9rem; display: block; }
.card.other .n { color: #5b4bb7; } .card.people .n { color: #2f7d6d; }
ol.actions > li { margin: 0 0 1rem; } ol.actions a { overflow-wrap: anywhere; }
.note { background: var(--soft); border-left: 4px solid var(--accent); padding: .5rem .75rem; margin: 1rem 0; }
.note ul { margin: .25rem 0; padding-left: 1.2rem; }
figure { margin: .5rem 0 1rem; } figure svg { display: block; width: 100%; max-width: 34rem; height: auto; }
.legend { display: flex; flex-wrap: wrap; gap: .25rem 1rem; margin: .25rem 0; font-size: .9rem; padding: 0;
  list-style: none; }
.legend i { display: inline-block; width: .9rem; height: .9rem; border-radius: .15rem; margin-right: .35rem;
  vertical-align: -.1rem; }
ol.milestones { font-size: .9rem; padding-left: 1.4rem; }
table { border-collapse: collapse; width: 100%; font-size: .9rem; }
td.path { overflow-wrap: anywhere; min-width: 9rem; }  /* a file path where the archive gives no address */
td.path:has(a) { min-width: 0; white-space: nowrap; }  /* a link says "open": no room kept for a path */
th, td { text-align: left; padding: .35rem .5rem; border-bottom: 1px solid var(--line); vertical-align: top; }
th { background: var(--soft); }
td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
td.excerpt { overflow-wrap: break-word; max-width: 28rem; } td.date { white-space: nowrap; }
.filters { display: flex; flex-wrap: wrap; gap: .5rem; margin: .5rem 0; }
.filters label { display: flex; flex-direction: column; font-size: .85rem; color: var(--muted); }
.filters input, .filters select { font: inherit; font-size: .95rem; padding: .3rem .4rem; min-width: 9rem;
  border: 1px solid #9a9a9a; border-radius: .3rem; color: var(--ink); background: #fff; }
.filters input { min-width: 14rem; }
button { font: inherit; padding: .35rem .8rem; border: 1px solid #9a9a9a; border-radius: .3rem; background: #fff; }
pre.letter { white-space: pre-wrap; background: var(--soft); border: 1px solid var(--line); padding: 1rem;
  border-radius: .5rem; font-size: .9rem; }
details { margin: .5rem 0; } summary { cursor: pointer; }
code { font-size: .85em; overflow-wrap: anywhere; }
ul.rules > li { margin-bottom: .75rem; }
@media (max-width: 40rem) {
  main { padding: .75rem; }
  h1 { font-size: 1.35rem; }
  table.stack thead { display: none; }  /* each cell says its column (data-label) */
  table.stack tr { display: block; border: 1px solid var(--line); border-radius: .4rem; margin: 0 0 .6rem;
    padding: .35rem .5rem; }
  table.stack td { display: flex; gap: .75rem; border: 0; padding: .15rem 0; text-align: left; }
  table.stack td::before { content: attr(data-label); flex: 0 0 7.5rem; color: var(--muted); font-size: .85rem; }
  table.stack td.n { justify-content: flex-start; }
  table.stack td.excerpt { max-width: none; display: block; }
  table.stack td.excerpt::before { display: block; }
  .filters label, .filters input, .filters select { width: 100%; min-width: 0; }
}
@media print { .filters, button, details > summary { display: none; } details { display: block; }
  a { color: inherit; } h2 { break-after: avoid; } tr, .card { break-inside: avoid; } }
"""

# Search and filters over the embedded items; each row is [category, date, excerpt, personal data, GenAI now,
# maybe used, other AI/ML, whose data, link, file]. Text is set with textContent, never parsed as HTML.
_SCRIPT = """
(function () {
  var source = document.getElementById('items-data');
  if (!source) return;
  var data = JSON.parse(source.textContent);
  var body = document.getElementById('items-body');
  var count = document.getElementById('items-count');
  var more = document.getElementById('items-more');
  var labels = Array.prototype.map.call(document.querySelectorAll('#items thead th'), function (th) {
    return th.textContent; });
  var controls = ['q', 'f-category', 'f-now', 'f-pii', 'f-owner'].map(function (id) {
    return document.getElementById(id); });
  var shown = 100;
  function matches(row) {
    var q = controls[0].value.trim().toLowerCase();
    if (q && [row[0], row[2], row[3], row[9]].join(' ').toLowerCase().indexOf(q) < 0) return false;
    if (controls[1].value && row[0] !== controls[1].value) return false;
    if (controls[2].value && row[4] !== controls[2].value) return false;
    if (controls[3].value && row[3].split('; ').indexOf(controls[3].value) < 0) return false;
    if (controls[4].value && row[7].indexOf(controls[4].value) < 0) return false;
    return true;
  }
  function cell(tr, text, label, cls) {
    var td = document.createElement('td'); td.textContent = text; td.setAttribute('data-label', label);
    if (cls) td.className = cls; tr.appendChild(td); return td;
  }
  function render() {
    var rows = data.filter(matches);
    body.textContent = '';
    rows.slice(0, shown).forEach(function (row) {
      var tr = document.createElement('tr');
      for (var i = 0; i < 8; i++) cell(tr, row[i], labels[i], i === 2 ? 'excerpt' : i === 1 ? 'date' : '');
      var td = cell(tr, '', labels[8], 'path');
      if (row[8]) { var a = document.createElement('a'); a.href = row[8]; a.textContent = 'open';
        a.rel = 'noopener noreferrer'; td.appendChild(a); } else { td.textContent = row[9]; }
      body.appendChild(tr);
    });
    count.textContent = rows.length.toLocaleString('en') + ' of ' + data.length.toLocaleString('en') +
      ' items match' + (rows.length > shown ? '; showing the first ' + shown.toLocaleString('en') : '');
    more.hidden = rows.length <= shown;
  }
  controls.forEach(function (c) { c.addEventListener('input', function () { shown = 100; render(); }); });
  more.addEventListener('click', function () { shown += 200; render(); });
  document.getElementById('items-filters').hidden = false;
  render();
})();
"""
_SCRIPT_HASH = base64.b64encode(hashlib.sha256(_SCRIPT.encode("utf-8")).digest()).decode("ascii")


def _n(value: int) -> str:
    return f"{value:,}"


def _card(value: int, label: str, unknown: int = 0, css: str = "") -> str:
    extra = f'<span class="u">+{_n(unknown)} unknown</span>' if unknown else ""
    return f'<div class="card {css}"><span class="n">{_n(value)}</span>{escape(label)}{extra}</div>'


def _table(headers: list[str], rows: list[list[str]], numeric: set[int] | None = None, table_id: str = "",
           body_id: str = "", classes: dict[int, str] | None = None) -> str:
    """A table that becomes one card per row on a phone; cells are already escaped HTML."""
    css = {i: "n" for i in numeric or set()} | (classes or {})
    head = "".join(f'<th scope="col"{" class=n" if css.get(i) == "n" else ""}>{escape(h)}</th>'
                   for i, h in enumerate(headers))
    body = "".join(
        "<tr>" + "".join(f'<td data-label="{escape(headers[i])}"{" class=" + css[i] if i in css else ""}>{cell}</td>'
                         for i, cell in enumerate(row)) + "</tr>" for row in rows)
    ids = f' id="{table_id}"' if table_id else ""
    tbody = f' id="{body_id}"' if body_id else ""
    return f'<table class="stack"{ids}><thead><tr>{head}</tr></thead><tbody{tbody}>{body}</tbody></table>'


def _legend(colours: dict[str, str]) -> str:
    items = "".join(f'<li><i style="background:{c}"></i>{escape(k)}</li>' for k, c in colours.items())
    return f'<ul class="legend" aria-hidden="true">{items}</ul>'


def _verdict_words(column: str) -> pl.Expr:
    return pl.col(column).replace_strict(_VERDICT_WORDS, return_dtype=pl.String)


def _category_chart(scan: Scan) -> str:
    verdict = _verdict_words("in_scope_genai_now").alias("verdict")
    counts = (scan.table.group_by(pl.col("category").cast(pl.String), verdict).len("records")
              .with_columns(pl.col("category").replace_strict(labels.CATEGORY, default=pl.col("category")))
              .sort("category", "verdict"))  # a fixed order: bars of equal length stay where they were
    return charts.by_category(counts.to_dicts(), "Records by category, coloured by generative-AI training now")


def _timeline(scan: Scan, summary: dict[str, Any]) -> tuple[str, str]:
    situation = scan.member.situation
    monthly = (scan.table.drop_nulls("created_at")
               .filter(pl.col("created_at").dt.date() <= situation.as_of)
               .group_by(pl.col("created_at").dt.truncate("1mo").dt.strftime("%Y-%m-01").alias("month"),
                         _verdict_words("in_scope_genai_now").alias("verdict"))
               .len("records").sort("month", "verdict"))
    if monthly.is_empty():
        return "", ""
    marks: dict[str, list[str]] = {}
    first = monthly["month"][0]
    for rule in all_rules(scan.archive.read.platform):
        start = rule.effective_from
        if (rule.milestone and start and rule.applies_to_region(situation.region) and start <= situation.as_of
                and rule.milestone not in marks.get(start.isoformat(), [])):
            marks.setdefault(start.isoformat(), []).append(rule.milestone)
    if opted_out_on(summary):
        marks.setdefault(situation.opted_out_on.isoformat(), []).append("You switched the setting off")
    if situation.objection_filed_on:
        marks.setdefault(situation.objection_filed_on.isoformat(), []).append("You filed an objection")
    dated = [(day, words) for day, words in sorted(marks.items()) if day >= first]
    span = max((date.fromisoformat(monthly["month"][-1]) - date.fromisoformat(first)).days, 1)
    milestones: list[dict[str, Any]] = []
    for number, (day, _) in enumerate(dated, 1):
        close = milestones and (date.fromisoformat(day) - date.fromisoformat(milestones[-1]["date"])).days < span / 12
        row = (milestones[-1]["row"] + 1) % 4 if close else 0
        milestones.append({"date": day, "number": str(number), "row": row})
    svg = charts.timeline(monthly.to_dicts(), milestones, "Your records by month, coloured by generative-AI "
                                                          "training now, with the policy milestones")
    items = "".join(f"<li><strong>{escape(day)}</strong>: {escape('; '.join(words))}</li>" for day, words in dated)
    return svg, f'<ol class="milestones">{items}</ol>' if items else ""


def _pii_chart(summary: dict[str, Any]) -> tuple[str, str]:
    owners = summary["pii_by_owner"]
    rows = [{"entity": labels.entity(e), "owner": owner, "findings": counts[key]}
            for e, counts in owners.items()
            for key, owner in (("member", "yours"), ("third_party", "other people's")) if counts[key]]
    if not rows:
        return "", ""
    table = _table(["personal data", "yours", "other people's"],
                   [[escape(labels.entity(e)), _n(c["member"]), _n(c["third_party"])]
                    for e, c in sorted(owners.items(), key=lambda kv: -(kv[1]["member"] + kv[1]["third_party"]))],
                   numeric={1, 2})
    return charts.pii_by_owner(rows, "Personal data found, by type: yours and other people's"), table


def _items(scan: Scan, everything: bool) -> tuple[list[list[str]], int]:
    """The items to review, excerpts masked, and how many there are."""
    table = exported_records(scan, everything)
    total = table.height
    # what the member can act on first (items with a page to delete or restrict), then other people's data; only
    # the items shown are masked
    shown = table.sort(pl.col("link").is_not_null(), "third_party_pii", "pii_count", descending=True,
                       maintain_order=True).head(ITEM_CAP)
    table = export_table(scan, redact=True, rows=shown)
    owner = (pl.when(pl.col("third_party_pii")).then(pl.lit("other people's"))
             .when(pl.col("pii_count") > 0).then(pl.lit("yours")).otherwise(pl.lit("none")))
    rows = table.select(
        pl.col("category").replace_strict(labels.CATEGORY, default=pl.col("category")),
        pl.col("created_at").dt.strftime("%Y-%m-%d").fill_null(""),
        pl.col("excerpt").fill_null(""),
        pl.col("pii_types").str.split(";").list.eval(
            pl.element().replace_strict(labels.ENTITY, default=pl.element())).list.join("; ").fill_null(""),
        pl.col("in_scope_genai_now").cast(pl.String).replace_strict(labels.VALUE, default=""),
        pl.col("maybe_already_used").cast(pl.String).replace_strict(labels.VALUE, default=""),
        pl.col("in_scope_other_ml").cast(pl.String).replace_strict(labels.VALUE, default=""),
        owner, pl.col("link").fill_null(""), pl.col("source_file"),
    ).rows()
    return [list(r) for r in rows], total


def _item_review(scan: Scan, everything: bool) -> str:
    rows, total = _items(scan, everything)
    what = "records" if everything else "flagged items (personal data, and in scope or unknown)"
    headers = ["category", "date", "excerpt (personal data masked)", "personal data", "GenAI now", "maybe used",
               "other AI/ML", "whose data", "link"]
    static = [[escape(c) for c in r[:8]] + [f'<a href="{escape(r[8])}">open</a>' if r[8] else escape(r[9])]
              for r in rows[:_STATIC_ROWS]]

    def options(values: list[str]) -> str:
        return "".join(f'<option value="{escape(v)}">{escape(v)}</option>' for v in values)

    categories = sorted({r[0] for r in rows})
    pii = sorted({p for r in rows for p in r[3].split("; ") if p})
    capped = (f" The first {_n(len(rows))} (posts you can act on, then those with most personal data about other "
              "people) are listed here; "
              "<code>toolkit export</code> writes them all." if total > len(rows) else "")
    data = json.dumps(rows, ensure_ascii=False, separators=(",", ":")).replace("</", "<\\/")
    if not rows:
        return ("<p>No record is flagged in this situation: none carries personal data while in scope (or unknown) "
                "for generative-AI training. <code>--html-all</code> lists every record.</p>")
    return f"""
<p>{_n(total)} {what}.{capped} Where the archive gives an item's address, it links to its page on
{escape(platforms.get(scan.archive.read.platform).display_name)}, where you can delete it or change who sees it.
Search and filter below; personal data stays masked in this report, people as consistent pseudonyms
(<code>&lt;MEMBER&gt;</code> is you).</p>
<p class="small muted">{escape(LIMITS)}</p>
<div class="filters" id="items-filters" hidden>
<label>Search<input id="q" type="search" placeholder="words, category, type of data"></label>
<label>Category<select id="f-category"><option value="">all</option>{options(categories)}</select></label>
<label>GenAI now<select id="f-now"><option value="">all</option>{options(["yes", "unknown", "no"])}</select></label>
<label>Personal data<select id="f-pii"><option value="">all</option>{options(pii)}</select></label>
<label>Whose data<select id="f-owner"><option value="">all</option>{options(["other people's", "yours"])}
</select></label>
</div>
<p class="muted small" id="items-count">The first {_n(len(static))} items (turn on JavaScript to search and
filter all of them).</p>
{_table(headers, static, table_id="items", body_id="items-body", classes={1: "date", 2: "excerpt", 8: "path"})}
<button type="button" id="items-more" hidden>Show more</button>
<script type="application/json" id="items-data">{data}</script>"""


def _link(url: str) -> str:
    return f'<br><a href="{escape(url)}">{escape(url)}</a>' if url else ""


def _actions(summary: dict[str, Any]) -> str:
    if not summary["actions"]:
        return "<p>Nothing to switch off or send for your situation on this day.</p>"
    items = "".join(
        f"<li><strong>{escape(a['what'])}</strong><br>{escape(a['name'])}"
        f"{'<br><span class=muted>' + escape(a['path']) + '</span>' if a['path'] else ''}"
        f"{_link(a['url'])}"
        f"{'<br><span class=small>' + escape(a['note']) + '</span>' if a['note'] else ''}</li>"
        for a in summary["actions"])
    return f'<ol class="actions">{items}</ol>'


def _objection_letter(summary: dict[str, Any], form: dict[str, str]) -> str:
    region = summary["member"]["region"]
    name = platforms.get(summary["archive"]["platform"]).display_name
    law = {"GB": "Article 21 of the UK GDPR", "CH": "Article 30 of the Swiss Federal Act on Data Protection"}.get(
        region, "Article 21(1) of the GDPR")
    found = [f"{counts['in_scope_genai_now'] + counts['unknown_genai_now']:,} {labels.category(category)} records"
             for category, counts in summary["by_category"].items()
             if counts["in_scope_genai_now"] + counts["unknown_genai_now"]]
    third = summary["other_people"]["findings"]
    exported = summary["archive"]["exported_on"] or "recently"
    return (
        f"To: {name}, Data Protection Officer\n"
        f"Via: {form['name']}, {form['url'] or form['path']}\n\n"
        f"I object, under {law}, to the processing of my personal data on the basis of legitimate interests for "
        "training generative AI models that create content, and for training other AI and machine-learning models "
        "(including for personalisation, content classification and safety).\n\n"
        f"The copy of my data that {name} provided on {exported} shows data that these purposes may use: "
        f"{'; '.join(found) or 'my profile and activity'}. It also contains {third:,} pieces of personal data "
        "about other people (names, e-mail addresses, phone numbers) in my posts, comments and messages.\n\n"
        "Please stop this processing of my data, tell me which of my data has already been used to train models, "
        "and confirm the outcome within one month.\n\n"
        "Name:\nProfile URL:\nE-mail address of my account:\n"
    )


def _rules(summary: dict[str, Any], platform: str) -> str:
    deciding = set(summary["rules_deciding"])
    items = []
    for rule in all_rules(platform):
        if rule.id not in deciding:
            continue
        sources = "".join(f'<li>{escape(s.publisher)}: <a href="{escape(s.url)}">{escape(s.title)}</a>'
                          f"{', ' + escape(s.date) if s.date else ''}</li>" for s in rule.sources)
        items.append(f"<li><strong>{escape(rule.title)}</strong> <span class=muted>({escape(rule.confidence)} "
                     f"confidence; <code>{escape(rule.id)}</code>)</span><br><span class=small>"
                     f"{escape(rule.confidence_note)}</span><details><summary>Sources</summary><ul>{sources}</ul>"
                     "</details></li>")
    return f'<ul class="rules">{"".join(items)}</ul>'


def _numbers_table(summary: dict[str, Any]) -> str:
    keys = ("in_scope_genai_now", "in_scope_genai_after_opt_out", "maybe_already_used", "in_scope_other_ml")
    headers = ["category", "records"] + [labels.VERDICT_SHORT[k] for k in keys] + ["flagged"]

    def cell(counts: dict[str, int], key: str) -> str:
        unknown = counts[unknown_key(key)]
        return _n(counts[key]) + (f' <span class="muted">+{_n(unknown)}?</span>' if unknown else "")

    rows = [[escape(labels.category(c)), _n(v["records"]), *(cell(v, k) for k in keys), _n(v["flagged"])]
            for c, v in summary["by_category"].items()]
    rows.append(["<strong>total</strong>", _n(summary["totals"]["records"]),
                 *(cell(summary["totals"], k) for k in keys), _n(summary["totals"]["flagged"])])
    return _table(headers, rows, numeric=set(range(1, 7)))


def _method(summary: dict[str, Any]) -> str:
    parts = ["<p>Every record of the archive was read on this computer and checked against the rules above, for your "
             "situation on the day given. A verdict is <em>yes</em> only where a rule and its sources say so, "
             "<em>no</em> only where a rule excludes it, and <em>unknown</em> where the sources do not settle it. "
             "Personal data was found by pattern, by a language model running offline, and by what the archive "
             "itself says about you and the people you know.</p>"]
    after = summary.get("records_after_as_of", 0)
    if after:
        parts.append(f"<p>{_n(after)} records are dated after {escape(summary['settings']['as_of'])}: they did not "
                     "exist yet on that day, so they count as not in scope.</p>")
    merged = {c: f for c, f in summary["category_files"].items() if len(f) > 1}
    if merged:
        lines = "".join(
            f"<li>{escape(labels.category(c))}: "
            + ", ".join(f"{escape(without_member_id(name))} ({_n(n)})" for name, n in files.items()) + "</li>"
            for c, files in merged.items())
        parts.append(f"<p>Some categories gather several files of the archive:</p><ul class=small>{lines}</ul>")
    reasons = "".join(f"<li><strong>{escape(labels.category(str(u['category'])))}</strong> ({_n(int(u['records']))})"
                      f": {escape(str(u['reason']))}</li>" for u in summary["unknown_reasons"])
    if reasons:
        parts.append(f"<h3>Why some records are unknown for generative-AI training {escape(when(summary))}</h3>"
                     f"<ul class=small>{reasons}</ul>")
    return "".join(parts)


def build(scan: Scan, summary: dict[str, Any], everything: bool = False) -> str:
    """The report; `everything` lists every record in the item review, not only the flagged ones."""
    totals, member, settings = summary["totals"], summary["member"], summary["settings"]
    platform = summary["archive"]["platform"]
    platform_name = platforms.get(platform).display_name
    setting = setting_state(summary)
    if settings["objection_filed_on"]:
        setting += f"; objection sent on {settings['objection_filed_on']}"
    day = when(summary)
    after_label = f"still in scope {after_opt_out(summary)}"
    people = summary["other_people"]
    cards = "".join([
        _card(totals["in_scope_genai_now"], f"in generative-AI training {day}", totals["unknown_genai_now"]),
        _card(totals["in_scope_genai_after_opt_out"], after_label, totals["unknown_genai_after_opt_out"]),
        _card(totals["maybe_already_used"], "may already be in trained models; opting out does not undo it",
              totals["unknown_maybe_already_used"]),
        _card(totals["in_scope_other_ml"], "in other AI/ML (personalisation, ranking, safety); no setting covers it",
              totals["unknown_other_ml"], "other"),
        _card(people["named_in_archive"], f"other people named; {_n(people['records_with_their_data'])} records "
              "carry their personal data", css="people"),
    ])
    # what is used now, what the setting changes, and what it does not (other AI/ML)
    sentences = headline(summary)
    lead = "".join(f"<p>{escape(s)}</p>" for s in (sentences[0], sentences[1], sentences[3]))
    caveat_texts = [c["text"] for c in summary["caveats"]] + [
        f"{without_member_id(f['path'])} could not be read and was skipped ({f['reason']}); everything else was read."
        for f in summary["archive"].get("files_unreadable", [])]
    caveats = "".join(f"<li>{escape(text)}</li>" for text in caveat_texts)
    caveats_html = f'<div class="note"><strong>Read with care</strong><ul>{caveats}</ul></div>' if caveats else ""
    letter = ""
    forms = [a for a in summary["actions"] if a.get("mechanism") == "form"]
    if member["region"] in _OBJECTION_REGIONS and forms and not settings["objection_filed_on"]:
        letter = (f"<details><summary>A ready-to-send objection text</summary><p>You are in a region where "
                  f"{escape(platform_name)} relies on legitimate interests, so you can object. Copy this into "
                  f"{escape(forms[0]['name'])}:</p>"
                  f'<pre class="letter">{escape(_objection_letter(summary, forms[0]))}</pre></details>')
    category_svg = _category_chart(scan)
    timeline_svg, milestones = _timeline(scan, summary)
    pii_svg, pii_table = _pii_chart(summary)
    legend = _legend(charts.VERDICT_COLOURS)
    timeline_html = (f"<h3>Over time</h3>{legend}<figure>{timeline_svg}</figure>{milestones}"
                     if timeline_svg else "")
    languages = languages_line(summary)
    languages_html = f'<p class="small muted">{escape(languages)}</p>' if languages else ""
    pii_html = (f"<h2>Personal data in your archive</h2>{_legend(charts.OWNER_COLOURS)}<figure>{pii_svg}</figure>"
                f"<details><summary>The numbers</summary>{pii_table}</details>{languages_html}" if pii_svg else "")
    csp = f"default-src 'none'; style-src 'unsafe-inline'; img-src data:; script-src 'sha256-{_SCRIPT_HASH}'"
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="{csp}">
<title>What in your {escape(platform_name)} archive is exposed to AI training</title>
<style>{_CSS}</style></head>
<body><main>
<h1>What in your {escape(platform_name)} archive is exposed to AI training</h1>
<div class="lead">{lead}</div>
<p class="muted small">As of {escape(settings['as_of'])}. Region {escape(member['region'])}
({escape(member['region_note'])}). Birth date {escape(member['birth_date'] or '')}
({escape(member['birth_date_note'])}).
Generative-AI setting: {escape(setting)}.
Made offline by toolkit {escape(summary['toolkit_version'])}; nothing was sent anywhere.</p>
<div class="cards">{cards}</div>
<p class="small">"Unknown" means the sources do not settle it, or a fact it depends on is not known: the reasons are
under "How this was worked out".</p>
{caveats_html}
<h2 id="actions">What you can do</h2>
{_actions(summary)}{letter}
<h2>By category</h2>
{legend}<figure>{category_svg}</figure>
<details><summary>The numbers (+N? = unknown)</summary>{_numbers_table(summary)}</details>
{timeline_html}
{pii_html}
<h2 id="review">Review your items</h2>
{_item_review(scan, everything)}
<h2>The rules that applied to you</h2>
{_rules(summary, platform)}
<h2>How this was worked out</h2>
{_method(summary)}
</main>
<script>{_SCRIPT}</script>
</body></html>
"""
