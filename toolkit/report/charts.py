"""Charts as static SVG, rendered offline: Vega-Lite specifications built with Altair, drawn by vl-convert."""

from __future__ import annotations

from typing import Any

import altair as alt
import vl_convert

_FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif"
_COLOURS = ["#b4235a", "#e07b00", "#5b4bb7", "#2f7d6d", "#7a7a7a"]


_MEASURES = ["AI training now", "after opting out today", "may already be used"]


def _svg(chart: alt.TopLevelMixin, title: str) -> str:
    spec = chart.configure(font=_FONT).configure_view(stroke=None).configure_axis(labelLimit=220).properties(
        padding={"left": 12, "right": 12, "top": 6, "bottom": 6}).to_dict()
    svg = vl_convert.vegalite_to_svg(spec)
    # Accessible name for screen readers; the page also gives each chart's numbers as a table.
    return svg.replace("<svg ", f'<svg role="img" aria-label="{title}" ', 1)


def exposure_by_category(rows: list[dict[str, Any]], title: str) -> str:
    """rows: category, measure, verdict ('yes' | 'unknown'), records."""
    chart = alt.Chart(alt.Data(values=rows)).mark_bar().encode(
        y=alt.Y("category:N", title=None, sort="-x"),
        yOffset=alt.YOffset("measure:N", sort=_MEASURES, scale=alt.Scale(domain=_MEASURES)),
        x=alt.X("sum(records):Q", title="records"),
        color=alt.Color("measure:N", title=None, scale=alt.Scale(domain=_MEASURES, range=_COLOURS[:3]),
                        legend=alt.Legend(orient="top", direction="vertical")),
        opacity=alt.Opacity("verdict:N", title=None, scale=alt.Scale(domain=["yes", "unknown"], range=[1.0, 0.35]),
                            legend=alt.Legend(orient="bottom", labelExpr="datum.label == 'yes' ? 'in scope' : "
                                                                         "'unknown (policy silent)'")),
        tooltip=["category:N", "measure:N", "verdict:N", "records:Q"],
    ).properties(width=520, title=title)
    return _svg(chart, title)


def timeline(rows: list[dict[str, Any]], milestones: list[dict[str, str]], title: str) -> str:
    """rows: month (YYYY-MM-01), verdict, records; milestones: date, label, row (stacks labels that are close)."""
    bars = alt.Chart(alt.Data(values=rows)).mark_bar().encode(
        x=alt.X("month:T", title=None, timeUnit="yearmonth"),
        y=alt.Y("sum(records):Q", title="records"),
        color=alt.Color("verdict:N", title="AI training now", legend=alt.Legend(orient="top"),
                        scale=alt.Scale(domain=["in scope", "unknown", "not in scope"],
                                        range=[_COLOURS[0], "#e9a3bd", "#c9c9c9"])),
    )
    marks = alt.Chart(alt.Data(values=milestones))
    rules = marks.mark_rule(color="#222", strokeDash=[4, 3]).encode(x="date:T")
    labels = marks.mark_text(align="right", dx=-3, fontSize=10).encode(
        x="date:T", y=alt.Y("row:Q", axis=None, scale=alt.Scale(domain=[0, 12], reverse=True)), text="label:N")
    chart = alt.layer(bars, rules, labels).resolve_scale(y="independent").properties(
        width=560, height=220, title=title)
    return _svg(chart, title)


def pii_by_owner(rows: list[dict[str, Any]], title: str) -> str:
    """rows: entity_type, owner ('yours' | "other people's"), findings."""
    chart = alt.Chart(alt.Data(values=rows)).mark_bar().encode(
        y=alt.Y("entity_type:N", title=None, sort="-x"),
        x=alt.X("sum(findings):Q", title="findings"),
        color=alt.Color("owner:N", title=None, legend=alt.Legend(orient="top"),
                        scale=alt.Scale(domain=["yours", "other people's"], range=[_COLOURS[3], _COLOURS[0]])),
    ).properties(width=520, title=title)
    return _svg(chart, title)
