"""Find the runs under a multirun directory (or a set of run directories) and read what they left."""

from __future__ import annotations

import json
import logging
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from omegaconf import OmegaConf

from swapexp.errors import SwapexpError
from swapexp.logging.naming import run_kind, run_label, strategy_label
from swapexp.logging.objective import (
    BITS_PER_CHAR,
    FIDELITY,
    OVERREFUSAL,
    PERPLEXITY,
    SAFETY,
    TRADEOFF,
    UNSAFE,
    UTILITY,
    derived_metrics,
    utility_accuracies,
)

HARNESS = "utility/harness/"

log = logging.getLogger(__name__)

#: parameters with a column of their own in the report (the others share "other params")
OWN_COLUMNS = ("tau", "alpha")


@dataclass
class RunRecord:
    """One job's results: where it is, what it ran, what it measured."""

    path: Path
    strategy: str  # the strategy, with the edit when one ran after it: "modulewise+sparse_edit"
    lang: str
    kind: str  # adaptive | baseline | expert
    label: str
    merge: dict[str, Any]
    metrics: dict[str, Any]
    decisions: dict[str, Any] | None = None
    model: str | None = None
    seed: Any = None
    pareto: bool = False
    extra: dict[str, Any] = field(default_factory=dict)
    harness_tasks: list[str] = field(default_factory=list)  # eval.harness.tasks
    in_mean: list[str] = field(default_factory=list)  # eval.harness.in_mean (TASK/METRIC)

    @property
    def expert(self) -> str | None:
        return self.merge.get("expert") if self.kind == "expert" else None

    def _used(self) -> dict[str, Any]:
        """The parameters the strategy declares and uses, from its class (raw values for a
        strategy this version does not know)."""
        from swapexp.merge import find_strategy_class

        cls = find_strategy_class(str(self.merge.get("name")))
        if cls is None:
            return {k: v for k, v in self.merge.items() if not (k.startswith("_") or k in ("name", "expert"))}
        params = cls.describe_params(self.merge)
        shown = {p.name for p in cls.parameters if p.show or p.name in OWN_COLUMNS}
        return {k: v for k, v in cls.used_params(params).items() if k in shown}

    @property
    def tau(self) -> float | None:
        return _num(self._used().get("tau"))

    @property
    def alpha(self) -> float | None:
        return _num(self._used().get("alpha"))  # None where unused (layer_swap without a blend)

    @property
    def params(self) -> dict[str, Any]:
        """Strategy parameters other than tau and alpha (k, lambdas, ...)."""
        return {k: v for k, v in self._used().items() if k not in OWN_COLUMNS}

    @property
    def unsafe(self) -> float | None:
        return _num(self.metrics.get(UNSAFE))

    @property
    def not_safe(self) -> float | None:
        """MultiJail responses that are not safe answers: unsafe + invalid (``1 - objective/safety``);
        a model that only echoes or loops scores 1 here however low its unsafe rate."""
        safety = _num(self.metrics.get(SAFETY))
        return None if safety is None else 1.0 - safety

    @property
    def utility(self) -> float | None:
        return _num(self.metrics.get(UTILITY))

    @property
    def tradeoff(self) -> float | None:
        return _num(self.metrics.get(TRADEOFF))

    @property
    def accuracies(self) -> dict[str, float]:
        return utility_accuracies(self.metrics)

    @property
    def overrefusal(self) -> float | None:
        return _num(self.metrics.get(OVERREFUSAL))

    @property
    def fidelity(self) -> float | None:
        return _num(self.metrics.get(FIDELITY))

    @property
    def perplexity(self) -> float | None:
        return _num(self.metrics.get(PERPLEXITY))

    @property
    def bits_per_char(self) -> float | None:
        return _num(self.metrics.get(BITS_PER_CHAR))

    @property
    def harness(self) -> dict[str, float]:
        """``{TASK/METRIC: value}`` of the lm-eval metrics worth a column: those of ``in_mean``, and
        every metric (not its stderr, not ``n``) of each configured task that has none there."""
        named = {e.split("/", 1)[0] for e in self.in_mean}
        out = {e: v for e in self.in_mean if (v := _num(self.metrics.get(HARNESS + e))) is not None}
        for key, value in self.metrics.items():
            if not key.startswith(HARNESS):
                continue
            task, _, metric = key.removeprefix(HARNESS).rpartition("/")
            if (
                task in self.harness_tasks
                and task not in named
                and metric != "n"
                and not metric.endswith("_stderr")
            ):
                if (v := _num(value)) is not None:
                    out[f"{task}/{metric}"] = v
        return dict(sorted(out.items()))

    @property
    def choices(self) -> dict[str, int] | None:
        if not self.decisions or not self.decisions.get("units"):
            return None
        units = self.decisions["units"]
        return {c: sum(u.get("choice") == c for u in units) for c in ("safety", "blend", "language")}


def _num(v: Any) -> float | None:
    if isinstance(v, bool) or not isinstance(v, (int, float)):
        return None
    return float(v) if math.isfinite(v) else None


def _raw(node: Any) -> Any:
    return OmegaConf.to_container(node, resolve=False) if OmegaConf.is_config(node) else node


def load_run(run_dir: Path) -> RunRecord:
    """Read ``.hydra/config.yaml``, ``metrics.json`` and (if any) ``merge/decisions.json``."""
    cfg = OmegaConf.load(run_dir / ".hydra" / "config.yaml")
    merge: Mapping[str, Any] = _raw(cfg.get("merge")) or {}
    edit = _raw(cfg.get("edit"))
    lang = _raw(cfg.get("lang")) or {}
    code = str(lang.get("code", "?")) if isinstance(lang, Mapping) else str(lang)
    harness = _raw(OmegaConf.select(cfg, "eval.harness", default=None)) or {}
    in_mean = [str(e) for e in (harness.get("in_mean") or [])] if isinstance(harness, Mapping) else []
    tasks = [str(t) for t in (harness.get("tasks") or [])] if isinstance(harness, Mapping) else []
    metrics = json.loads((run_dir / "metrics.json").read_text())
    derived = derived_metrics(metrics, [HARNESS + e for e in in_mean])
    metrics.update({k: v for k, v in derived.items() if k not in metrics})
    dpath = run_dir / "merge" / "decisions.json"
    model = _raw(cfg.get("model")) or {}
    return RunRecord(
        path=run_dir,
        strategy=strategy_label(merge, edit),
        lang=code,
        kind=run_kind(merge),
        label=run_label(merge, code, edit),
        merge=dict(merge),
        metrics=metrics,
        decisions=json.loads(dpath.read_text()) if dpath.exists() else None,
        model=model.get("name") if isinstance(model, Mapping) else None,
        seed=cfg.get("seed"),
        harness_tasks=tasks,
        in_mean=in_mean,
    )


def find_run_dirs(paths: Iterable[str | Path]) -> tuple[list[Path], list[Path]]:
    """(runs with metrics.json, runs without it) under ``paths``: a run is a dir with .hydra/config.yaml."""
    found: list[Path] = []
    for p in map(Path, paths):
        p = p.expanduser()
        if not p.exists():
            raise SwapexpError(f"{p} does not exist; pass a multirun directory or run directories")
        if (p / ".hydra" / "config.yaml").is_file():
            found.append(p)
        else:
            found.extend(
                sorted(c.parent.parent for c in p.rglob(".hydra/config.yaml") if "wandb" not in c.parts)
            )
    seen: dict[Path, None] = dict.fromkeys(d.resolve() for d in found)
    complete = [d for d in seen if (d / "metrics.json").is_file()]
    incomplete = [d for d in seen if d not in complete]
    return complete, incomplete


def collect_runs(paths: Iterable[str | Path]) -> list[RunRecord]:
    """Every finished run under ``paths`` (sorted by language, kind, strategy, tau, alpha)."""
    paths = list(paths)
    complete, incomplete = find_run_dirs(paths)
    if incomplete:
        log.warning(
            "skipping %d run(s) without metrics.json (failed, running, or stage=merge|experts): %s",
            len(incomplete),
            ", ".join(str(d) for d in incomplete[:5]) + (" ..." if len(incomplete) > 5 else ""),
        )
    if not complete:
        where = ", ".join(str(p) for p in paths)
        raise SwapexpError(
            f"no runs found under {where} (a run is a directory with .hydra/config.yaml and metrics.json); "
            "pass a Hydra multirun directory (outputs/multiruns/<time>) or run directories"
        )
    runs = [load_run(d) for d in complete]
    order = {"expert": 0, "baseline": 1, "adaptive": 2}
    experts = {"base": 0, "safety": 1, "language": 2}
    runs.sort(
        key=lambda r: (
            r.lang,
            order[r.kind],
            r.strategy,
            experts.get(r.expert or "", 9),
            r.tau if r.tau is not None else -1,
            r.alpha if r.alpha is not None else -1,
            str(r.path),
        )
    )
    mark_pareto(runs)
    return runs


def mark_pareto(runs: list[RunRecord]) -> None:
    """Per language: a run is on the front when no other run has lower-or-equal unsafe rate and
    higher-or-equal utility with one of them strictly better."""
    for r in runs:
        r.pareto = False
    by_lang: dict[str, list[RunRecord]] = {}
    for r in runs:
        if r.unsafe is not None and r.utility is not None:
            by_lang.setdefault(r.lang, []).append(r)
    for group in by_lang.values():
        for r in group:
            r.pareto = not any(
                o.unsafe <= r.unsafe
                and o.utility >= r.utility
                and (o.unsafe < r.unsafe or o.utility > r.utility)
                for o in group
            )
