"""One self-contained HTML page: no request to any server when opened (styles inline, charts as inline SVG, no
fonts or scripts to fetch), real text, readable at phone width."""

from __future__ import annotations

from html import escape
from typing import Any

import polars as pl

from toolkit import platforms
from toolkit.pipeline import Scan
from toolkit.policy import TRUE, UNKNOWN, all_rules
from toolkit.regions import EEA
from toolkit.report import charts
from toolkit.report.summary import unknown_key
from toolkit.report.table import export_table

_OBJECTION_REGIONS = EEA | {"GB", "CH"}
_MEASURES = (("in_scope_genai_now", "AI training now"), ("in_scope_genai_after_opt_out", "after opting out today"),
             ("maybe_already_used", "may already be used"))
_CSS = """
:root { color-scheme: light; --ink:#1d1d1f; --muted:#5f6368; --accent:#b4235a; --line:#e3e3e3; }
* { box-sizing: border-box; }
body { font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink); margin: 0; }
main { max-width: 60rem; margin: 0 auto; padding: 1rem; overflow-wrap: anywhere; }
h1 { font-size: 1.6rem; margin: .5rem 0; }
h2 { font-size: 1.25rem; margin-top: 2rem; border-bottom: 1px solid var(--line); }
.muted { color: var(--muted); }
.cards { display: grid; grid-template-columns: repeat(auto-fit, minmax(10rem, 1fr)); gap: .75rem; margin: 1rem 0; }
.card { border: 1px solid var(--line); border-radius: .5rem; padding: .75rem; }
.card .n { font-size: 1.8rem; font-weight: 700; color: var(--accent); display: block; }
.card .u { color: var(--muted); font-size: .9rem; }
figure { margin: 1rem 0; overflow-x: auto; } figure svg { max-width: 100%; height: auto; }
table { border-collapse: collapse; width: 100%; font-size: .9rem; }
th, td { text-align: left; padding: .35rem .5rem; border-bottom: 1px solid var(--line); vertical-align: top; }
td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; }
.scroll { overflow-x: auto; }
pre.letter { white-space: pre-wrap; background: #f7f7f8; border: 1px solid var(--line); padding: 1rem;
  border-radius: .5rem; }
details { margin: .5rem 0; }
code { font-size: .9em; }
"""


def _n(value: int) -> str:
    return f"{value:,}"


def _card(label: str, value: int, unknown: int | None = None) -> str:
    extra = f'<span class="u">+{_n(unknown)} unknown</span>' if unknown else ""
    return f'<div class="card"><span class="n">{_n(value)}</span>{escape(label)} {extra}</div>'


def _table(headers: list[str], rows: list[list[Any]], numeric: set[int] | None = None) -> str:
    numeric = numeric or set()
    head = "".join(f'<th scope="col"{" class=n" if i in numeric else ""}>{escape(h)}</th>'
                   for i, h in enumerate(headers))
    body = "".join(
        "<tr>" + "".join(f'<td{" class=n" if i in numeric else ""}>{cell}</td>' for i, cell in enumerate(row))
        + "</tr>" for row in rows)
    return f'<div class="scroll"><table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></div>'


def _category_rows(summary: dict[str, Any]) -> list[dict[str, Any]]:
    rows = []
    for category, counts in summary["by_category"].items():
        for key, measure in _MEASURES:
            for verdict, value in (("yes", counts[key]), ("unknown", counts[unknown_key(key)])):
                if value:
                    rows.append({"category": category, "measure": measure, "verdict": verdict, "records": value})
    return rows


def _timeline_rows(scan: Scan) -> list[dict[str, Any]]:
    verdict = (pl.when(pl.col("in_scope_genai_now") == TRUE).then(pl.lit("in scope"))
               .when(pl.col("in_scope_genai_now") == UNKNOWN).then(pl.lit("unknown")).otherwise(pl.lit("not in scope")))
    monthly = (scan.table.drop_nulls("created_at")
               .group_by(pl.col("created_at").dt.truncate("1mo").dt.strftime("%Y-%m-01").alias("month"),
                         verdict.alias("verdict"))
               .len("records").sort("month"))
    return monthly.to_dicts()


def _milestones(scan: Scan) -> list[dict[str, str]]:
    situation = scan.member.situation
    marks = {v.effective_from.isoformat(): f"{v.effective_from:%b %Y} terms" for v in scan.versions
             if v.effective_from <= situation.as_of
             and any(r.applies_to_region(situation.region) for r in v.rules)}
    for rule in all_rules(scan.archive.read.platform):
        if rule.purpose == "genai" and rule.applies_to_region(situation.region) and rule.effective_from:
            marks[rule.effective_from.isoformat()] = f"{rule.effective_from:%d %b %Y}: AI training ({rule.id})"
    if situation.opted_out_on:
        marks[situation.opted_out_on.isoformat()] = "you opted out"
    # Labels of close dates would overprint: each goes on its own line.
    return [{"date": d, "label": label, "row": row} for row, (d, label) in enumerate(sorted(marks.items()))]


def _objection_letter(summary: dict[str, Any]) -> str:
    region = summary["member"]["region"]
    law = {"GB": "Article 21 of the UK GDPR", "CH": "Article 30 of the Swiss Federal Act on Data Protection"}.get(
        region, "Article 21(1) of the GDPR")
    found = [f"{counts['in_scope_genai_now'] + counts['unknown_genai_now']:,} {category} records"
             for category, counts in summary["by_category"].items()
             if counts["in_scope_genai_now"] + counts["unknown_genai_now"]]
    others = summary["pii_by_owner"]
    third = sum(v["third_party"] for v in others.values())
    exported = summary["archive"]["exported_on"] or "recently"
    return (
        "To: LinkedIn Ireland Unlimited Company, Data Protection Officer\n"
        "Via: Data Processing Objection Form, https://www.linkedin.com/help/linkedin/ask/TS-DPRO\n\n"
        f"I object, under {law}, to the processing of my personal data on the basis of legitimate interests for "
        "training generative AI models that create content, and for training other AI and machine-learning models "
        "(including for personalisation, content classification and safety).\n\n"
        f"The copy of my data that LinkedIn provided on {exported} shows data that these purposes may use: "
        f"{'; '.join(found) or 'my profile and activity'}. It also contains {third:,} pieces of personal data "
        "about other people (names, e-mail addresses, phone numbers) in my posts, comments and messages.\n\n"
        "Please stop this processing of my data, tell me which of my data has already been used to train models, "
        "and confirm the outcome within one month.\n\n"
        "Name:\nProfile URL:\nE-mail address of my account:\n"
    )


def build(scan: Scan, summary: dict[str, Any]) -> str:
    totals, member, settings = summary["totals"], summary["member"], summary["settings"]
    platform = summary["archive"]["platform"]
    platform_name = platforms.get(platform).display_name
    opted = settings["opted_out_on"]
    cards = "".join([
        _card("records in the archive", totals["records"]),
        _card("in scope for AI training now", totals["in_scope_genai_now"], totals["unknown_genai_now"]),
        _card("still in scope after opting out today", totals["in_scope_genai_after_opt_out"],
              totals["unknown_genai_after_opt_out"]),
        _card("may already have been used", totals["maybe_already_used"], totals["unknown_maybe_already_used"]),
        _card("flagged: personal data, in scope", totals["flagged"]),
        _card("findings about other people", sum(v["third_party"] for v in summary["pii_by_owner"].values())),
    ])
    category_rows = _category_rows(summary)
    timeline_rows = _timeline_rows(scan)
    pii_rows = [{"entity_type": entity, "owner": owner_label, "findings": counts[key]}
                for entity, counts in summary["pii_by_owner"].items()
                for key, owner_label in (("member", "yours"), ("third_party", "other people's")) if counts[key]]
    figures = []
    if category_rows:
        figures.append(("Records in scope by category", charts.exposure_by_category(
            category_rows, "Records by category: now, after opting out, may already be used"), _table(
            ["category", "records", "AI training now", "+unknown", "after opting out", "+unknown",
             "may already be used", "+unknown"],
            [[escape(c), _n(v["records"]), _n(v["in_scope_genai_now"]), _n(v["unknown_genai_now"]),
              _n(v["in_scope_genai_after_opt_out"]), _n(v["unknown_genai_after_opt_out"]),
              _n(v["maybe_already_used"]), _n(v["unknown_maybe_already_used"])]
             for c, v in summary["by_category"].items()], numeric=set(range(1, 8)))))
    if timeline_rows:
        figures.append(("Your records over time", charts.timeline(
            timeline_rows, _milestones(scan), "Records by month, coloured by AI training now"), _table(
            ["month", "AI training now", "records"],
            [[r["month"][:7], escape(r["verdict"]), _n(r["records"])] for r in timeline_rows], numeric={2})))
    if pii_rows:
        figures.append(("Personal data found", charts.pii_by_owner(pii_rows, "Personal data by type: yours and "
                                                                              "other people's"), _table(
            ["type", "yours", "other people's"],
            [[escape(e), _n(c["member"]), _n(c["third_party"])] for e, c in summary["pii_by_owner"].items()],
            numeric={1, 2})))
    figure_html = "".join(
        f"<h2>{escape(heading)}</h2><figure>{svg}<figcaption class=muted>{escape(heading)}.</figcaption></figure>"
        f"<details><summary>The numbers behind this chart</summary>{table}</details>"
        for heading, svg, table in figures)

    flagged = (export_table(scan, redact=True)
               .sort(pl.col("excerpt").is_not_null(), "third_party_pii", "pii_count", descending=True).head(25))
    top_rows = [[escape(r["category"]), escape(r["created_at"].date().isoformat() if r["created_at"] else ""),
                 escape(r["excerpt"] or ""), escape(r["pii_types"]), escape(str(r["in_scope_genai_now"])),
                 escape(str(r["maybe_already_used"])),
                 f'<a href="{escape(r["link"])}">open</a>' if r["link"] else escape(r["source_file"])]
                for r in flagged.iter_rows(named=True)]
    unknown_items = "".join(f"<li><strong>{escape(str(u['category']))}</strong> ({_n(int(u['records']))}): "
                            f"{escape(str(u['reason']))} <span class=muted>[{escape(str(u['rule_id']))}]</span></li>"
                            for u in summary["unknown_reasons"])
    actions = "".join(
        f"<li><strong>{escape(a['what'])}</strong>: {escape(a['name'])}"
        f"{'<br>' + escape(a['path']) if a['path'] else ''}<br><a href=\"{escape(a['url'])}\">{escape(a['url'])}</a>"
        f"<br><span class=muted>{escape(a['note'])}</span></li>" for a in summary["actions"])
    caveats = "".join(f"<li>{escape(c['text'])}</li>" for c in summary["caveats"])
    caveats_html = f'<h2>Read with care</h2><ul class="caveats">{caveats}</ul>' if caveats else ""
    letter = ""
    if member["region"] in _OBJECTION_REGIONS and not settings["objection_filed_on"]:
        letter = ("<h3>A ready-to-send objection</h3><p>You are in a region where LinkedIn relies on legitimate "
                  "interests, so you can object. Copy this into the Data Processing Objection Form:</p>"
                  f'<pre class="letter">{escape(_objection_letter(summary))}</pre>')
    rules_html = "".join(
        f"<li><code>{escape(r.id)}</code> ({escape(r.purpose)}, {escape(r.confidence)} confidence): "
        f"{escape(r.title)}. <span class=muted>{escape(r.confidence_note)}</span><ul>"
        + "".join(f'<li>{escape(s.publisher)}: <a href="{escape(s.url)}">{escape(s.title)}</a>'
                  f"{', ' + escape(s.date) if s.date else ''}</li>" for s in r.sources) + "</ul></li>"
        for r in all_rules(platform) if r.id in summary["rules_in_force"] or r.purpose == "genai")

    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<title>What in your {escape(platform_name)} archive is exposed to AI training</title>
<style>{_CSS}</style></head>
<body><main>
<h1>What in your {escape(platform_name)} archive is exposed to AI training</h1>
<p class="muted">As of {escape(settings['as_of'])}. Region {escape(member['region'])} ({escape(member['region_note'])}).
Birth date {escape(member['birth_date'] or '')} ({escape(member['birth_date_note'])}).
Generative-AI setting: {escape('off since ' + opted if opted else 'on (the default)')}.
Made offline by toolkit {escape(summary['toolkit_version'])}; nothing was sent anywhere.</p>
<div class="cards">{cards}</div>
<p>"Unknown" means the policy does not say, or a fact it depends on is not known; the reasons are below.
Opting out stops future training only: what may already have been used stays in trained models.</p>
{caveats_html}
{figure_html}
<h2>Flagged items with the most personal data</h2>
<p class="muted">Personal data is masked here. The export command writes the full list.</p>
{_table(["category", "date", "excerpt (masked)", "personal data", "AI training now", "may already be used", "link"],
        top_rows)}
<h2>Why some records are unknown</h2><ul>{unknown_items or '<li>None.</li>'}</ul>
<h2>What you can do</h2><ol>{actions}</ol>{letter}
<h2>Rules applied and their sources</h2><ul>{rules_html}</ul>
</main></body></html>
"""
