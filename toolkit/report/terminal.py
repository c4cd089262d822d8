"""Rich renderings for the terminal."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from rich import box
from rich.console import Console
from rich.markup import escape
from rich.padding import Padding
from rich.table import Table

from toolkit import labels, platforms
from toolkit.pipeline import ArchiveRead
from toolkit.policy import PolicyVersion
from toolkit.policy.rules import NEVER
from toolkit.report.summary import (
    after_opt_out,
    headline,
    languages_line,
    opted_out_on,
    setting_state,
    unknown_key,
    when,
)

if TYPE_CHECKING:
    from toolkit.batch import BatchResult  # the batch machinery is imported by the command that runs it


def print_inspect(console: Console, result: ArchiveRead) -> None:
    read = result.read
    recognised = read.recognised
    console.print(
        f"[bold]{platforms.get(read.platform).display_name}[/bold] export [dim]{escape(result.location)}[/dim]: "
        f"{read.records.height:,} records in {len(recognised)} recognised files"
    )
    facts = result.facts
    made = f"made on {read.exported_on}" if read.exported_on else "date of the export unknown"
    region = f"{facts.region} (from {facts.region_from})" if facts.region else "not stated"
    console.print(f"  {made}; member's region {region}; {len(facts.others):,} other people named", markup=False)
    table = Table(title="Recognised files", title_justify="left", box=box.SIMPLE_HEAD, pad_edge=False)
    table.add_column("records", justify="right", no_wrap=True)
    table.add_column("file", overflow="fold")
    table.add_column("counted under", no_wrap=True)
    category_of = dict(read.records.select("record_type", "category").unique().iter_rows())
    for report in recognised:
        table.add_row(f"{report.records:,}", escape(report.path),
                      labels.category(category_of.get(report.record_type, "other")) if report.records else "")
        for note in report.notes:
            table.add_row("", f"[dim]↳ {escape(note)}[/dim]", "")
    console.print(table)
    _print_unreadable(console, [(f.path, f.skipped or "") for f in read.unreadable])
    if read.unknown:
        console.print(f"[yellow]{len(read.unknown)} file(s) not recognised[/yellow] (listed, not read):")
        for path in read.unknown:
            console.print(f"  {path}", markup=False)
    else:
        console.print("Every other file in the archive was recognised." if read.unreadable
                      else "Every file in the archive was recognised.")


_MEASURES = ("in_scope_genai_now", "in_scope_genai_after_opt_out", "maybe_already_used", "in_scope_other_ml")
# the labels table's words, on two lines so the columns stay narrow
_HEADERS = {k: v.replace(" ", "\n", 1) for k, v in labels.VERDICT_SHORT.items()} | {"flagged": "flagged"}
_UNKNOWN_ROW = "  └ unknown"


def _print_unreadable(console: Console, skipped: list[tuple[str, str]]) -> None:
    """Files skipped because they are damaged: named, with the reason, so nothing is lost silently."""
    if not skipped:
        return
    console.print(f"[bold yellow]{len(skipped)} file(s) could not be read and were skipped[/bold yellow] "
                  "(everything else was read; --strict makes this an error):")
    grid = Table.grid(padding=(0, 1))
    grid.add_column(overflow="fold")
    grid.add_column()
    for path, why in skipped:
        grid.add_row(escape(path), f"[dim]{escape(why)}[/dim]")
    console.print(Padding(grid, (0, 0, 0, 2)))


def _columns_that_fit(summary: dict, width: int) -> tuple[list[str], list[str], int]:
    """The count columns that fit the terminal, leftmost first; those left out (from the right); and the width
    that would show them all."""
    rows = [*summary["by_category"].items(), ("total", summary["totals"])]
    label = max(len(_UNKNOWN_ROW), *(len(labels.category(c)) for c, _ in rows))
    wanted = [*_MEASURES, "flagged"]

    def column_width(key: str) -> int:
        header = max(len(part) for part in _HEADERS[key].split("\n"))
        values = [counts[key] for _, counts in rows] + (
            [counts[unknown_key(key)] for _, counts in rows] if key != "flagged" else [])
        return max(header, *(len(f"{v:,}") for v in values))

    records = max(len("records"), len(f"{summary['totals']['records']:,}"))
    used = label + records + 5  # padding and separator between them, and the box's blank edge on either side
    shown: list[str] = []
    for key in wanted:
        used += column_width(key) + 3  # its padding and the separator before it
        if used <= width and len(shown) == wanted.index(key):
            shown.append(key)
    return shown, [k for k in wanted if k not in shown], used


def _counts_table(title: str, first: str, rows: list[tuple[str, dict]], total: dict, shown: list[str]) -> Table:
    """Records and the shown counts per row, then the total; a row's unknowns on a marked line right under it."""
    table = Table(title="\n" + title, title_justify="left", box=box.SIMPLE_HEAD, padding=(0, 1), pad_edge=False)
    table.add_column(first, no_wrap=True)
    table.add_column("records", justify="right", no_wrap=True)
    for key in shown:
        table.add_column(_HEADERS[key], justify="right", no_wrap=True)
    last = ("[bold]total[/bold]", total, "bold")
    for label, counts, bold in [*((label, counts, "") for label, counts in rows), last]:
        if bold:
            table.add_section()
        table.add_row(label, _count(counts["records"], bold), *(_count(counts[k], bold) for k in shown))
        unknown = [counts[unknown_key(k)] if k != "flagged" else 0 for k in shown]
        if any(unknown):
            table.add_row(f"[yellow]{_UNKNOWN_ROW}[/yellow]", "",
                          *(f"[yellow]{v:,}[/yellow]" if v else "" for v in unknown))
    return table


def _count(value: int, style: str = "") -> str:
    text = f"{value:,}"
    return f"[{style}]{text}[/{style}]" if style and value else ("[dim]0[/dim]" if not value else text)


def print_scan(console: Console, summary: dict) -> None:
    archive, member, settings = summary["archive"], summary["member"], summary["settings"]
    totals = summary["totals"]
    name = platforms.get(archive["platform"]).display_name
    console.print(f"[bold]{name}[/bold] export: {totals['records']:,} records, as of "
                  f"[bold]{settings['as_of']}[/bold]")
    console.print(f"  region      {member['region']} [dim]({escape(member['region_note'])})[/dim]")
    age_note = " [bold red]under 18[/bold red]" if member["minor"] else ""
    birth = f"{member['birth_date']} [dim]({member['birth_date_note']})[/dim]" if member["birth_date"] else (
        f"[dim]{member['birth_date_note']}[/dim]")
    console.print(f"  birth date  {birth}{age_note}")
    setting = escape(setting_state(summary))
    console.print(f"  generative-AI setting  {f'[green]{setting}[/green]' if opted_out_on(summary) else setting}")
    if settings["objection_filed_on"]:
        console.print(f"  objection filed  {settings['objection_filed_on']}")
    _print_unreadable(console, [(f["path"], f["reason"]) for f in archive.get("files_unreadable", [])])
    console.print()
    for sentence in headline(summary):
        console.print(escape(sentence))
    shown, left_out, full_width = _columns_that_fit(summary, console.width)
    rows = [(escape(labels.category(c)), counts) for c, counts in summary["by_category"].items()]
    console.print(_counts_table("Records by category", "category", rows, totals, shown))
    legend = {
        "in_scope_genai_now": "GenAI now: may train content-generating AI under the policy in force",
        "in_scope_genai_after_opt_out": f"after opt-out: {after_opt_out(summary)}",
        "maybe_already_used": "maybe used: may already be in trained models (opting out does not undo it)",
        "in_scope_other_ml": "other AI/ML: personalisation, ranking, safety" + (
            " (the setting does not cover it)" if settings.get("setting_offered", True) else ""),
        "flagged": "flagged: carries personal data and is (or may be) in scope",
    }
    console.print("; ".join([legend[k] for k in shown] + [
        "[yellow]└ unknown[/yellow]: the sources do not settle these, or a fact they depend on is not known"]) + ".")
    if left_out:
        console.print(f"[dim]Left out at {console.width} columns: "
                      f"{', '.join(_HEADERS[k].replace(chr(10), ' ') for k in left_out)}. Widen the terminal "
                      f"({full_width} columns show all), or see --json and --html.[/dim]")
    if summary.get("records_after_as_of"):
        console.print(f"{summary['records_after_as_of']:,} records are dated after {settings['as_of']}: they did "
                      "not exist yet on that day and count as not in scope.")
    merged = {c: f for c, f in summary.get("category_files", {}).items() if len(f) > 1}
    if merged:
        console.print("[dim]Categories that gather several files: " + "; ".join(
            f"{escape(labels.category(c))} = " + ", ".join(f"{escape(n)} {v:,}" for n, v in files.items())
            for c, files in merged.items()) + ".[/dim]")
    if summary.get("pii_by_owner"):
        console.print(f"\n[bold]Personal data found[/bold] in {totals['with_pii']:,} records (yours / other "
                      "people's):")
        grid = Table.grid(padding=(0, 2))
        grid.add_column(no_wrap=True)
        grid.add_column(justify="right", no_wrap=True)
        grid.add_column(justify="right", no_wrap=True)
        for entity, owners in sorted(summary["pii_by_owner"].items(),
                                     key=lambda kv: -(kv[1]["member"] + kv[1]["third_party"])):
            grid.add_row(escape(labels.entity(entity)), f"{owners['member']:,}", f"{owners['third_party']:,}")
        console.print(Padding(grid, (0, 0, 0, 2)))
    if summary.get("languages"):
        console.print(f"[dim]{escape(languages_line(summary))}[/dim]")
    if summary["unknown_reasons"]:
        console.print(f"\n[bold]Why unknown[/bold] (generative-AI training {when(summary)}):")
        reasons = Table.grid(padding=(0, 1))
        reasons.add_column(no_wrap=True, justify="right")
        reasons.add_column()
        for reason in summary["unknown_reasons"]:
            reasons.add_row(f"{escape(labels.category(str(reason['category'])))} ({reason['records']:,})",
                            f"{escape(str(reason['reason']))} [dim][{reason['rule_id']}][/dim]")
        console.print(Padding(reasons, (0, 0, 0, 2)))
    if summary.get("caveats"):
        console.print("\n[bold]Read with care[/bold]:")
        notes = Table.grid(padding=(0, 1))
        notes.add_column(no_wrap=True)
        notes.add_column()
        for caveat in summary["caveats"]:
            notes.add_row("-", escape(caveat["text"]))
        console.print(Padding(notes, (0, 0, 0, 2)))
    partner, ads = totals.get("in_scope_partner_ai", 0), totals.get("in_scope_ads", 0)
    if {"partner_ai", "ads"} & set(summary.get("purposes", ["partner_ai", "ads"])):
        console.print("\n[bold]Beside AI training[/bold]:")
        console.print(f"  shared with affiliates (e.g. Microsoft) for their AI: {partner:,}"
                      f" [yellow]+{totals.get('unknown_partner_ai', 0):,} unknown[/yellow]")
        console.print(f"  shared with affiliates for advertising: {ads:,}"
                      f" [yellow]+{totals.get('unknown_ads', 0):,} unknown[/yellow]")
    console.print("\n[bold]What you can do[/bold]:")
    steps = Table.grid(padding=(0, 1))
    steps.add_column(no_wrap=True)
    steps.add_column(overflow="fold")  # addresses are folded, never cut
    for number, action in enumerate(summary["actions"], 1):
        lines = [f"[bold]{escape(action['what'])}[/bold]: {escape(action['name'])}"]
        if action["path"]:
            lines.append(escape(action["path"]))
        lines.append(f"[link={action['url']}]{escape(action['url'])}[/link]")
        if action["note"]:
            lines.append(f"[dim]{escape(action['note'])}[/dim]")
        steps.add_row(f"{number}.", "\n".join(lines))
    if not summary["actions"]:
        console.print("  Nothing to switch off or send for your situation on this day.")
    console.print(Padding(steps, (0, 0, 0, 2)))
    versions = ", ".join(v["id"] for v in summary["policy_versions"])
    console.print(f"\n[dim]Rules that applied to you: {', '.join(summary['rules_deciding'])}; policy versions "
                  f"{versions}. Each rule's sources: toolkit policies[/dim]")


def _tri(value: bool | None) -> str:
    return {True: "in scope", False: "not in scope", None: "unknown"}[value]


def _span_text(start: date, end: date) -> str:
    if start >= NEVER:
        return "no day"
    first = "any day" if start == date.min else f"from {start}"
    return first + ("" if end == date.max else f" until {end}")


def print_policies(console: Console, versions: tuple[PolicyVersion, ...]) -> None:
    for version in versions:
        console.rule(f"[bold]{version.id}[/bold]", align="left")
        console.print(f"{escape(version.title)}\n[dim]effective {version.effective_from} · {version.source.url}[/dim]")
        for rule in version.rules:
            start = rule.effective_from.isoformat() if rule.effective_from else "unknown start"
            end = rule.effective_to.isoformat() if rule.effective_to else "in force"
            regions = "everywhere" if rule.everywhere else ", ".join(sorted(rule.include))
            if rule.exclude:
                regions += f" except {', '.join(sorted(rule.exclude))}"
            console.print(f"\n  [bold]{rule.id}[/bold]  [dim]({rule.purpose}, confidence {rule.confidence})[/dim]")
            console.print(f"  {escape(rule.title)}")
            console.print(f"  dates: {start} ({rule.effective_from_precision}) → {end}"
                          + (f" ({rule.effective_to_precision})" if rule.effective_to else ""))
            if rule.span.possible_from < rule.span.known_from or rule.span.known_to < rule.span.possible_to:
                console.print(f"  certainly in force: {_span_text(rule.span.known_from, rule.span.known_to)}; "
                              f"possibly: {_span_text(rule.span.possible_from, rule.span.possible_to)} "
                              "(days in between give unknown)", markup=False)
            if rule.legal_basis:
                console.print(f"  legal basis: {escape(rule.legal_basis)}")
            console.print(f"  regions: {regions}", markup=False)
            for verdict in (True, False, None):
                names = sorted(c for c, v in rule.categories.items() if v is verdict)
                if names:
                    console.print(f"  {_tri(verdict)}: {', '.join(names)}", markup=False)
            console.print(f"  not listed: {_tri(rule.unlisted)}", markup=False)
            if rule.min_age:
                console.print(f"  excluded under age {rule.min_age}")
            elif rule.minors_unknown:
                console.print("  minors: unknown (no source says whether their data is used)")
            if rule.evaluate_as_unknown:
                console.print("  [yellow]evaluated as unknown: whether data was used is not known[/yellow]")
            if rule.confidence_note:
                console.print(f"  [dim]{escape(rule.confidence_note)}[/dim]")
            for note in rule.notes:
                console.print(f"  [dim]note: {escape(note)}[/dim]")
            for caveat in rule.caveats:
                where = f" ({', '.join(sorted(caveat.regions))})" if caveat.regions else ""
                console.print(f"  [yellow]caveat{where}, {caveat.when}:[/yellow] {escape(caveat.text)}")
            for source in rule.sources:
                console.print(f"    source: {source.cite()}", markup=False, highlight=False)
        console.print()


def print_combined(console: Console, result: dict) -> None:
    """Several archives of one person: the counts side by side and added up, then each platform's actions."""
    rows = [(escape(r["name"]), r) for r in result["by_archive"]]
    console.print(_counts_table("All your archives", "platform", rows, result["overall"], [*_MEASURES, "flagged"]))
    for row in result["by_archive"]:
        console.print(f"\n[bold]{escape(row['name'])}[/bold]: {escape(' '.join(row['situation'][:2]))}")
        steps = Table.grid(padding=(0, 1))
        steps.add_column(no_wrap=True)
        steps.add_column(overflow="fold")  # addresses are folded, never cut
        for number, action in enumerate(row["actions"], 1):
            steps.add_row(f"{number}.", f"{escape(action['what'])}\n[link={action['url']}]{escape(action['url'])}"
                                       "[/link]")
        console.print(Padding(steps, (0, 0, 0, 2)))


def print_batch(console: Console, out_folder: Path, result: BatchResult) -> None:
    """A batch run in a few lines: what was scanned, skipped and failed (with why), and where the results are."""
    console.print(f"{result.done:,} of {result.archives:,} archives scanned ({result.skipped:,} done by an earlier "
                  f"run), {result.summary.get('records', 0):,} records; {len(result.failed):,} could not be scanned.")
    for failure in result.failed:
        console.print(f"  {escape(failure['archive'])}: {escape(failure['reason'])}")
    console.print(f"Dataset: {escape(str(out_folder))}/records and /findings (Parquet, by archive); summary: "
                  f"{escape(str(out_folder))}/summary.json and summary.csv")
