"""``evaluate(cfg, model_dir, run_dir)``: safety and utility of one model, as flat metrics.

Flow: load every enabled benchmark (skipping, with the reason, those whose data
is not available) and the lm-eval tasks of ``eval.harness`` -> generate / score
with one backend -> free it -> judge the safety responses -> run the lm-eval
tasks (:mod:`swapexp.eval.harness`) -> write ``generations.jsonl`` (+
``eval_skipped.json``, ``multijail_split.json``, ``harness/``) into the run
directory -> return the metrics.
"""

from __future__ import annotations

import json
import logging
import os
from pathlib import Path
from typing import Any

from omegaconf import DictConfig

from swapexp.errors import SwapexpError
from swapexp.eval.datasets import (
    Unavailable,
    load_belebele,
    load_mgsm,
    load_mmmlu,
    load_multijail,
    split_calibration,
)
from swapexp.eval.datasets.sampling import check_limit, subset
from swapexp.eval.datasets.sources import as_sources, first_available
from swapexp.eval.harness import HarnessSettings, plan_harness
from swapexp.eval.metrics import UNPARSED_POLICIES
from swapexp.eval.tasks import ChoiceTask, MGSMTask, SafetyTask

log = logging.getLogger(__name__)

UTILITY = ("mgsm", "belebele", "mmmlu")


class Plan:
    """The tasks to run and the benchmarks skipped (name -> reason)."""

    def __init__(self) -> None:
        self.safety: SafetyTask | None = None
        self.utility: list[MGSMTask | ChoiceTask] = []
        self.skipped: dict[str, str] = {}
        self.split: dict[str, Any] | None = None

    def skip(self, name: str, reason: str) -> None:
        log.warning("skipping %s: %s", name, reason)
        self.skipped[name] = reason

    @property
    def empty(self) -> bool:
        return self.safety is None and not self.utility


def _decoding(ev: DictConfig, seed: int, **overrides: Any):
    from swapexp.eval.backends import DecodingConfig

    return DecodingConfig.from_mapping(ev, seed=seed, **overrides)


def check_config(cfg: DictConfig) -> None:
    """Fail fast, before any model is loaded, on eval settings that cannot work."""
    ev = cfg.eval
    check_limit(ev.get("limit"))
    unknown = [b for b in (ev.get("benchmarks") or []) if b not in UTILITY]
    if unknown:
        raise SwapexpError(f"unknown eval.benchmarks {', '.join(unknown)}; choose from {', '.join(UTILITY)}")
    if ev.get("unparsed", "exclude") not in UNPARSED_POLICIES:
        raise SwapexpError(
            f"eval.unparsed must be one of {', '.join(UNPARSED_POLICIES)}, got {ev.get('unparsed')!r}"
        )
    _decoding(ev, int(cfg.get("seed", 0)), max_new_tokens=ev.get("mgsm_max_new_tokens"))  # validates decoding
    precheck_from_cfg(cfg)  # validates the pre-check thresholds
    HarnessSettings.from_config(ev.get("harness"))  # and that lm-eval is installed when tasks are asked for


def precheck_from_cfg(cfg: DictConfig):
    """The pre-check configured by ``eval.precheck`` (shared with ``swapexp judge-eval``)."""
    from swapexp.eval.judges.precheck import Precheck

    return Precheck(cfg.eval.get("precheck"))


def plan_safety(cfg: DictConfig, plan: Plan) -> None:
    ev, lang = cfg.eval, cfg.lang
    limit, seed = check_limit(ev.get("limit")), int(cfg.get("seed", 0))
    if ev.get("safety_file"):
        sources, column = [str(ev.safety_file)], ev.get("safety_column") or lang.code
    elif lang.get("multijail"):
        sources, column = as_sources(ev.get("multijail_path")), lang.multijail
    else:
        plan.skip(
            "multijail",
            f"MultiJail has no {lang.name} ({lang.code}) column, so safety is not evaluated; "
            f"set eval.safety_file=FILE (prompt column eval.safety_column) to use another set",
        )
        return
    try:
        items = first_available(sources, lambda s: load_multijail(s, column))
    except Unavailable as e:
        raise SwapexpError(
            f"MultiJail is not available ({e}); set eval.multijail_path to MultiJail.csv, "
            f"or eval.safety=false to skip safety"
        ) from None
    split = ev.get("calibration_split") or {}
    if split.get("enabled"):
        calib, items = split_calibration(items, int(split.get("size", 100)), int(split.get("seed", 0)))
        plan.split = {
            "size": len(calib),
            "seed": int(split.get("seed", 0)),
            "calibration_ids": [it.id for it in calib],
            "evaluation_ids": [it.id for it in items],
        }
        log.info(
            "MultiJail calibration split: %d calibration / %d evaluation prompts", len(calib), len(items)
        )
    plan.safety = SafetyTask(
        items=subset(items, limit, seed),
        lang=lang.code,
        decoding=_decoding(ev, seed),
        unparsed=ev.get("unparsed", "exclude"),
        precheck=precheck_from_cfg(cfg),
    )


def plan_utility(cfg: DictConfig, plan: Plan) -> None:
    ev, lang = cfg.eval, cfg.lang
    limit, seed = check_limit(ev.get("limit")), int(cfg.get("seed", 0))
    for name in ev.get("benchmarks") or []:
        code = lang.get(name)
        if not code:
            plan.skip(name, f"{name} has no {lang.name} ({lang.code}) data")
            continue
        sources = as_sources(ev.get(f"{name}_path"))
        try:
            if name == "mgsm":
                items = first_available(sources, lambda s, c=code: load_mgsm(s, c, limit, seed))
                dec = _decoding(ev, seed, max_new_tokens=ev.get("mgsm_max_new_tokens"))
                plan.utility.append(
                    MGSMTask(items=items, lang=lang.code, decoding=dec, prompt=ev.mgsm_prompt)
                )
            else:
                loader = load_belebele if name == "belebele" else load_mmmlu
                items = first_available(sources, lambda s, c=code, f=loader: f(s, c, limit, seed))
                plan.utility.append(
                    ChoiceTask(
                        name=name,
                        items=items,
                        lang=lang.code,
                        prompt=ev.mc_prompt,
                        answer_prefix=ev.get("mc_answer_prefix") or "",
                    )
                )
        except Unavailable as e:
            plan.skip(name, f"no data ({e}); set eval.{name}_path to a local file or a reachable hub id")


def write_jsonl_atomic(path: Path, records: list[dict[str, Any]]) -> None:
    tmp = path.with_name(f".{path.name}.tmp{os.getpid()}")
    with open(tmp, "w", encoding="utf-8") as f:
        for rec in records:
            f.write(json.dumps(rec, ensure_ascii=False) + "\n")
    tmp.replace(path)


def write_json_atomic(path: Path, obj: Any) -> None:
    tmp = path.with_name(f".{path.name}.tmp{os.getpid()}")
    tmp.write_text(json.dumps(obj, indent=2, ensure_ascii=False, sort_keys=True), encoding="utf-8")
    tmp.replace(path)


def evaluate(cfg: DictConfig, model_dir: Path, run_dir: Path) -> dict[str, Any]:
    """Evaluate ``model_dir`` as configured by ``cfg.eval`` / ``cfg.judge`` / ``cfg.backend``; return flat metrics."""
    from swapexp.cache import cache_dir

    run_dir = Path(run_dir)
    run_dir.mkdir(parents=True, exist_ok=True)
    ev = cfg.eval
    check_config(cfg)
    plan = Plan()
    if ev.get("safety", True):
        plan_safety(cfg, plan)
    if ev.get("utility", True):
        plan_utility(cfg, plan)
    # lm-eval tasks: loaded (datasets read) now, so a bad name fails before any generation; run last
    harness = plan_harness(
        HarnessSettings.from_config(ev.get("harness")),
        data_dir=cfg.paths.get("data_dir"),
        limit=check_limit(ev.get("limit")),
        seed=int(cfg.get("seed", 0)),
    )
    judge = None
    if (
        plan.safety is not None
    ):  # build the judge first: a bad judge config or model fails before any generation
        from swapexp.eval.judges import build_judge

        judge = build_judge(cfg.judge, cfg.backend, cache_dir(cfg.paths.cache_dir))

    metrics: dict[str, Any] = {}
    if not plan.empty:
        from swapexp.eval.backends import build_backend

        todo = ([f"multijail ({len(plan.safety.items)})"] if plan.safety else []) + [
            f"{t.name} ({len(t.items)})" for t in plan.utility
        ]
        log.info("evaluating %s on %s", model_dir, ", ".join(todo))
        backend = build_backend(cfg.backend, Path(model_dir), cache_dir(cfg.paths.cache_dir))
        try:
            if plan.safety is not None:
                plan.safety.generate(backend)
            for task in plan.utility:
                metrics.update(task.run(backend))
        finally:
            backend.close()
    if plan.safety is not None:
        try:
            metrics.update(plan.safety.judge(judge))
        finally:
            judge.close()
    if harness is not None:  # after the backend and the judge: one model in memory at a time
        metrics.update(harness.run(cfg.backend, Path(model_dir), run_dir, cache_dir(cfg.paths.cache_dir)))

    records = (plan.safety.records if plan.safety else []) + [r for t in plan.utility for r in t.records]
    write_jsonl_atomic(run_dir / "generations.jsonl", records)
    write_json_atomic(run_dir / "eval_skipped.json", plan.skipped)
    if plan.split is not None:
        write_json_atomic(run_dir / "multijail_split.json", plan.split)
    for key in sorted(metrics):
        log.info("%s = %s", key, metrics[key])
    if plan.skipped:
        log.warning("skipped: %s (reasons in %s)", ", ".join(plan.skipped), run_dir / "eval_skipped.json")
    return metrics
