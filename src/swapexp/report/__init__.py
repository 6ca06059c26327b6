"""Offline comparison report over runs: ``python -m swapexp.report DIR [DIR ...] [-o OUT]``.

Reads every run under the given directories (a run is a directory with ``.hydra/config.yaml``
and ``metrics.json``; ``merge/decisions.json`` when it merged) and writes into OUT
(default ``DIR/report`` for one DIR, ``./report`` for several):

- ``report.html``: everything below on one page (images beside it),
- ``report.md``: a Markdown table of all runs, ``runs.csv``: the same with every metric,
- ``pareto.png``: unsafe rate vs utility, one point per run, experts and baselines marked, the
  Pareto front drawn (one panel per language); ``overrefusal.png`` and ``perplexity.png``: unsafe
  rate vs over-refusal and vs perplexity, drawn the same way,
- ``grid_<strategy>_<lang>.png``: unsafe rate, utility and trade-off over the tau x alpha grid,
- ``decisions_<strategy>_<lang>.png``: the decision maps of all runs side by side.

The report is written to a temporary directory and renamed into place when complete.
"""

from __future__ import annotations

import html
import logging
import os
from collections.abc import Iterable, Sequence
from datetime import datetime
from pathlib import Path

from swapexp.report.collect import RunRecord, collect_runs, find_run_dirs

__all__ = ["RunRecord", "build_report", "collect_runs", "find_run_dirs"]

log = logging.getLogger(__name__)

CSS = """
body { font-family: system-ui, sans-serif; margin: 1.5em 2em; color: #222; }
h1 { font-size: 1.4em; } h2 { font-size: 1.15em; margin-top: 1.6em; border-bottom: 1px solid #ddd; }
img { max-width: 100%; border: 1px solid #eee; margin: 0.4em 0; }
table { border-collapse: collapse; font-size: 0.82em; }
th, td { border: 1px solid #ccc; padding: 2px 6px; text-align: right; white-space: nowrap; }
th { background: #f3f3f3; position: sticky; top: 0; }
td:first-child, td:nth-child(2), td:nth-child(3), td:last-child { text-align: left; }
tr.pareto td { background: #eef7ee; }
.note { color: #666; font-size: 0.9em; }
"""


def default_out(paths: Sequence[str | Path]) -> Path:
    return Path(paths[0]) / "report" if len(paths) == 1 else Path("report")


def build_report(
    paths: Iterable[str | Path],
    out: str | Path | None = None,
    title: str | None = None,
    overwrite: bool = False,
) -> Path:
    """Write the report for every run under ``paths`` into ``out``; return ``out``.

    ``out`` may lie inside a run directory (the default is ``DIR/report``) but may not be one
    or contain one; an existing non-empty ``out`` is replaced only when it is an earlier report
    (or any swapexp output) or ``overwrite`` is true.
    """
    from swapexp.outputs import atomic_output_dir, check_output_dir
    from swapexp.report import figures
    from swapexp.report.tables import html_table, markdown, table, write_csv

    paths = list(paths)
    out = Path(out) if out is not None else default_out(paths)
    complete, incomplete = find_run_dirs(paths)
    inputs = [*paths, *complete, *incomplete]  # replacing a run directory (or one above it) would delete runs
    out_opts = {"inputs": inputs, "overwrite": overwrite, "what": "-o", "allow_inside": True}
    check_output_dir(out, **out_opts)
    runs = collect_runs(paths)
    title = title or f"swapexp report: {', '.join(str(p) for p in paths)}"
    root = Path(os.path.commonpath([str(Path(p).resolve()) for p in paths]))
    if root.is_file():
        root = root.parent
    with atomic_output_dir(out, kind="report", **out_opts) as tmp:
        pareto = figures.pareto_plot(runs, tmp / "pareto.png")
        refusal = figures.overrefusal_plot(runs, tmp / "overrefusal.png")
        perplexity = figures.perplexity_plot(runs, tmp / "perplexity.png")
        not_safe = figures.not_safe_plot(runs, tmp / "not_safe.png")
        grids = figures.grid_heatmaps(runs, tmp)
        maps = figures.decision_maps(runs, tmp)
        cols, rows = table(runs, root)
        write_csv(runs, tmp / "runs.csv")
        counts = {k: sum(r.kind == k for r in runs) for k in ("adaptive", "baseline", "expert")}
        summary = (
            f"{len(runs)} runs ({counts['adaptive']} adaptive, {counts['baseline']} baseline, "
            f"{counts['expert']} expert) in {len({r.lang for r in runs})} language(s); "
            f"paths relative to {root}"
        )
        missing = [r for r in runs if r.unsafe is None or r.utility is None]
        note = (
            f"{len(missing)} run(s) lack a safety or utility metric and are not in the plots."
            if missing
            else ""
        )
        md = [f"# {title}", "", f"Generated {datetime.now():%Y-%m-%d %H:%M}. {summary}.", ""]
        if note:
            md += [note, ""]
        md += [markdown(cols, rows)]
        (tmp / "report.md").write_text("\n".join(md), encoding="utf-8")

        def imgs(ps: list[Path]) -> str:
            return "\n".join(
                f'<p><img src="{html.escape(p.name)}" alt="{html.escape(p.stem)}"></p>' for p in ps
            )

        parts = [
            "<!doctype html>",
            '<html lang="en"><head><meta charset="utf-8">',
            f"<title>{html.escape(title)}</title><style>{CSS}</style></head><body>",
            f"<h1>{html.escape(title)}</h1>",
            f'<p class="note">Generated {datetime.now():%Y-%m-%d %H:%M}. {html.escape(summary)}. '
            'Also: <a href="report.md">report.md</a>, <a href="runs.csv">runs.csv</a>.</p>',
        ]
        if note:
            parts.append(f'<p class="note">{html.escape(note)}</p>')
        parts += [
            "<h2>Safety vs utility</h2>",
            imgs([pareto]) if pareto else '<p class="note">No run has both metrics.</p>',
        ]
        if refusal:
            parts += [
                "<h2>Safety vs over-refusal</h2>",
                '<p class="note">Over-refusal: the share of benign prompts in the language that the model '
                "refuses (safety/overrefusal/refusal_rate).</p>",
                imgs([refusal]),
            ]
        if perplexity:
            parts += [
                "<h2>Safety vs perplexity</h2>",
                '<p class="note">Perplexity of held-out text in the language (utility/lm/perplexity); it is '
                "per token, so compare runs of one base model (one tokenizer) only.</p>",
                imgs([perplexity]),
            ]
        if not_safe:
            parts += [
                "<h2>Safe answers vs perplexity</h2>",
                '<p class="note">The share of MultiJail responses that are not safe answers: unsafe plus '
                "invalid (1 - objective/safety). A model that only echoes the prompt or loops has a low "
                "unsafe rate and a high value here.</p>",
                imgs([not_safe]),
            ]
        if grids:
            parts += ["<h2>tau x alpha grids</h2>", imgs(grids)]
        if maps:
            parts += ["<h2>Decision maps</h2>", imgs(maps)]
        parts += [
            "<h2>All runs</h2>",
            '<p class="note">Green rows are on the Pareto front of their language.</p>',
            html_table(cols, rows),
            "</body></html>",
        ]
        (tmp / "report.html").write_text("\n".join(parts), encoding="utf-8")
    log.info("report of %d runs written to %s", len(runs), out)
    return out
