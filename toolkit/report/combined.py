"""One person's archives from several platforms: one summary, per platform and overall, each platform with its own
situation sentences and its own actions. The counts add up across platforms; nothing else is merged."""

from __future__ import annotations

from typing import Any

from toolkit import __version__, platforms
from toolkit.report.summary import headline

_SUMMED = ("records", "in_scope_genai_now", "unknown_genai_now", "in_scope_genai_after_opt_out",
           "unknown_genai_after_opt_out", "maybe_already_used", "unknown_maybe_already_used", "in_scope_other_ml",
           "unknown_other_ml", "with_pii", "flagged")


def build(summaries: list[dict[str, Any]]) -> dict[str, Any]:
    """The combined summary: `archives` holds each archive's own summary (CONTRACT.md's shape), `by_archive` and
    `overall` the counts side by side and added up."""
    rows = []
    for one in summaries:
        name = platforms.get(one["archive"]["platform"]).display_name
        rows.append({"platform": one["archive"]["platform"], "name": name, "sha256": one["archive"]["sha256"],
                     "situation": headline(one), "actions": one["actions"],
                     **{k: int(one["totals"].get(k, 0)) for k in _SUMMED}})
    overall = {k: sum(r[k] for r in rows) for k in _SUMMED}
    return {"toolkit_version": __version__, "archives": summaries, "by_archive": rows, "overall": overall}
