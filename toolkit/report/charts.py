"""Charts as static SVG, rendered offline: Vega-Lite specifications built with Altair, drawn by vl-convert.

Drawn narrow (about 380 px) with 12 px text, so that scaled to a phone's width the text stays readable and on a
desktop the page caps their width; titles and legends are HTML around them, the numbers are tables below them.
"""

from __future__ import annotations

import json
from typing import Any

import altair as alt
import vl_convert

_FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif"
WIDTH = 260
# Browsers measure label text wider than the renderer does: the left padding keeps long labels from being cut.
# In scope, unknown, not in scope: the same three colours in every chart and in the HTML legends.
VERDICT_COLOURS = {"in scope": "#b4235a", "unknown": "#eba5bf", "not in scope": "#d4d4d4"}
OWNER_COLOURS = {"yours": "#2f7d6d", "other people's": "#b4235a"}


def _svg(chart: alt.TopLevelMixin, title: str) -> str:
    spec = (chart.configure(font=_FONT).configure_view(stroke=None)
            .configure_axis(labelFontSize=12, titleFontSize=12, labelLimit=140, titleFontWeight="normal")
            .configure_legend(disable=True)
            .properties(padding={"left": 28, "right": 8, "top": 8, "bottom": 4}).to_dict())
    svg = vl_convert.vegalite_to_svg(spec)
    # Accessible name for screen readers; the page also gives each chart's numbers as a table.
    return svg.replace("<svg ", f'<svg role="img" aria-label="{title}" ', 1)


def _colour(domain: dict[str, str], field: str) -> alt.Color:
    return alt.Color(f"{field}:N", scale=alt.Scale(domain=list(domain), range=list(domain.values())))


def _stack_order(domain: dict[str, str], field: str) -> str:
    """A Vega expression giving each value its position in `domain`, so stacks follow the legend's order."""
    return " : ".join(f"datum.{field} == {json.dumps(k)} ? {i}" for i, k in enumerate(domain)) + f" : {len(domain)}"


_ORDER = alt.Order("order:Q", sort="ascending")


def _stacked_bars(rows: list[dict[str, Any]], label: str, measure: str, part: str, colours: dict[str, str],
                  title: str) -> str:
    """One horizontal bar per `label`, largest first, stacked by `part` in the legend's order and colours."""
    chart = alt.Chart(alt.Data(values=rows)).transform_calculate(
        order=_stack_order(colours, part)).mark_bar(height={"band": 0.75}).encode(
        y=alt.Y(f"{label}:N", title=None, sort="-x"),
        x=alt.X(f"sum({measure}):Q", title=measure, axis=alt.Axis(format=",d", tickCount=4)),
        color=_colour(colours, part), order=_ORDER,
    ).properties(width=WIDTH, height=alt.Step(20))
    return _svg(chart, title)


def by_category(rows: list[dict[str, Any]], title: str) -> str:
    """rows: category (label), verdict ('in scope' | 'unknown' | 'not in scope'), records."""
    return _stacked_bars(rows, "category", "records", "verdict", VERDICT_COLOURS, title)


def timeline(rows: list[dict[str, Any]], milestones: list[dict[str, Any]], title: str) -> str:
    """rows: month (YYYY-MM-01), verdict, records; milestones: date, number, row (0 at the top; close milestones
    take different rows). Their words are listed under the chart, where they cannot overprint each other."""
    bars = alt.Chart(alt.Data(values=rows)).transform_calculate(
        order=_stack_order(VERDICT_COLOURS, "verdict")).mark_bar().encode(
        x=alt.X("month:T", title=None, timeUnit="yearmonth",
                axis=alt.Axis(format="%Y", labelOverlap="greedy", labelSeparation=6)),
        y=alt.Y("sum(records):Q", title="records", axis=alt.Axis(format=",d", tickCount=4)),
        color=_colour(VERDICT_COLOURS, "verdict"), order=_ORDER,
    )
    layers: list[alt.Chart] = [bars]
    if milestones:
        marks = alt.Chart(alt.Data(values=milestones))
        layers.append(marks.mark_rule(color="#222", strokeDash=[4, 3]).encode(x="date:T"))
        layers.append(marks.mark_text(dx=4, fontSize=12, fontWeight="bold", align="left", baseline="top").encode(
            x="date:T", y=alt.Y("row:Q", axis=None, scale=alt.Scale(domain=[0, 8], reverse=True)), text="number:N"))
    chart = alt.layer(*layers).resolve_scale(y="independent").properties(width=WIDTH, height=150)
    return _svg(chart, title)


def pii_by_owner(rows: list[dict[str, Any]], title: str) -> str:
    """rows: entity (label), owner ('yours' | "other people's"), findings."""
    return _stacked_bars(rows, "entity", "findings", "owner", OWNER_COLOURS, title)
