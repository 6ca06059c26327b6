"""The table of all runs: rows for Markdown, HTML and CSV."""

from __future__ import annotations

import csv
import html
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from swapexp.logging.naming import fmt_value
from swapexp.report.collect import RunRecord

BENCH_NAMES = {"mgsm": "MGSM", "belebele": "BELEBELE", "mmmlu": "MMMLU"}
SAFETY_COLUMNS = ("over-refusal", "benign invalid")  # shown beside the MultiJail rates


def _f(v: float | None, digits: int = 3) -> str:
    return "–" if v is None else f"{v:.{digits}f}"


def table(runs: Sequence[RunRecord], root: Path | None = None) -> tuple[list[str], list[list[str]]]:
    """Column names and one row of text cells per run (a column no run has a value for is left out,
    except the safety and utility basics)."""
    benches = sorted({b for r in runs for b in r.accuracies})
    harness = sorted({k for r in runs for k in r.harness})
    optional = [  # (column, value of a run): shown when some run has the metric
        ("over-refusal", lambda r: r.overrefusal, 3),
        ("benign invalid", lambda r: r.metrics.get("safety/overrefusal/invalid_rate"), 3),
        ("fidelity", lambda r: r.fidelity, 3),
        ("perplexity", lambda r: r.perplexity, 2),
        ("bits/char", lambda r: r.bits_per_char, 3),
    ]
    optional = [o for o in optional if any(o[1](r) is not None for r in runs)]
    cols = [
        "run",
        "kind",
        "strategy",
        "lang",
        "tau",
        "alpha",
        "other params",
        "unsafe rate",
        "invalid rate",
        "n",
        "unparsed",
        *[name for name, _, _ in optional if name in SAFETY_COLUMNS],
        *[BENCH_NAMES.get(b, b) for b in benches],
        *harness,
        *[name for name, _, _ in optional if name not in SAFETY_COLUMNS],
        "utility",
        "trade-off",
        "units S/blend/L",
        "Pareto",
        "dir",
    ]
    rows = []
    for r in runs:
        choices = r.choices
        n = r.metrics.get("safety/multijail/n")
        unparsed = r.metrics.get("safety/multijail/unparsed")
        path = os.path.relpath(r.path, root) if root else str(r.path)
        values = {name: _f(get(r), digits) for name, get, digits in optional}
        rows.append(
            [
                r.label,
                r.kind,
                r.strategy if r.kind != "expert" else f"{r.strategy} ({r.expert})",
                r.lang,
                "–" if r.tau is None else f"{r.tau:g}",
                "–" if r.alpha is None else f"{r.alpha:g}",
                " ".join(f"{k}={fmt_value(v)}" for k, v in r.params.items()) or "–",
                _f(r.unsafe),
                _f(r.metrics.get("safety/multijail/invalid_rate")),
                "–" if n is None else str(n),
                "–" if unparsed is None else str(unparsed),
                *[v for c, v in values.items() if c in SAFETY_COLUMNS],
                *[_f(r.accuracies.get(b)) for b in benches],
                *[_f(r.harness.get(h)) for h in harness],
                *[v for c, v in values.items() if c not in SAFETY_COLUMNS],
                _f(r.utility),
                _f(r.tradeoff),
                "–" if choices is None else f"{choices['safety']}/{choices['blend']}/{choices['language']}",
                "yes" if r.pareto else "",
                path,
            ]
        )
    return cols, rows


def markdown(cols: list[str], rows: list[list[str]]) -> str:
    def esc(s: str) -> str:
        return s.replace("|", "\\|")

    lines = ["| " + " | ".join(cols) + " |", "|" + "|".join("---" for _ in cols) + "|"]
    lines += ["| " + " | ".join(esc(c) for c in row) + " |" for row in rows]
    return "\n".join(lines) + "\n"


def html_table(cols: list[str], rows: list[list[str]]) -> str:
    head = "".join(f"<th>{html.escape(c)}</th>" for c in cols)
    body = "\n".join(
        "<tr"
        + (' class="pareto"' if row[cols.index("Pareto")] else "")
        + ">"
        + "".join(f"<td>{html.escape(c)}</td>" for c in row)
        + "</tr>"
        for row in rows
    )
    return f"<table>\n<thead><tr>{head}</tr></thead>\n<tbody>\n{body}\n</tbody>\n</table>"


def write_csv(runs: Sequence[RunRecord], path: Path) -> None:
    """Machine-readable: one row per run, every metric and merge parameter as its own column."""
    metric_keys = sorted({k for r in runs for k in r.metrics})
    param_keys = sorted({k for r in runs for k in r.merge if not (k.startswith("_") and k.endswith("_"))})
    fields = [
        "label",
        "kind",
        "lang",
        "model",
        "seed",
        "pareto",
        "path",
        *[f"merge.{k}" for k in param_keys],
        *metric_keys,
    ]
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(fields)
        for r in runs:
            row: list[Any] = [r.label, r.kind, r.lang, r.model, r.seed, r.pareto, str(r.path)]
            row += [r.merge.get(k, "") for k in param_keys]
            row += [r.metrics.get(k, "") for k in metric_keys]
            w.writerow(row)
