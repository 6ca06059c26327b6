"""The one flow: experts -> merge -> generate -> judge -> metrics -> log.

Data flows through :func:`run` once, top to bottom; the modules it calls do not
call back up. Every step caches its result by content hash, so rerunning the
same config does no work.
"""

from __future__ import annotations

import json
import logging
import shutil
from pathlib import Path
from typing import Any

from omegaconf import DictConfig, OmegaConf

from swapexp.cache import dir_hash, hash_json
from swapexp.errors import SwapexpError

log = logging.getLogger(__name__)

ENGINE_VERSION = 1
STAGES = ("all", "experts", "merge", "eval")


def run_dir_of(cfg: DictConfig) -> Path:
    try:
        from hydra.core.hydra_config import HydraConfig

        return Path(HydraConfig.get().runtime.output_dir)
    except Exception:  # composed without @hydra.main (tests, notebooks)
        out = Path(cfg.paths.get("output_dir") or "outputs/run")
        out.mkdir(parents=True, exist_ok=True)
        return out


def model_refs(cfg: DictConfig) -> dict[str, str]:
    """The base, safety and language model references for the configured language."""
    code = cfg.lang.code
    langs = cfg.model.get("languages") or {}
    if code not in langs or not langs[code]:
        have = ", ".join(langs) or "none"
        raise SwapexpError(
            f"model config {cfg.model.name!r} has no language expert for lang={code} (it has: {have}); "
            f"add model.languages.{code}=PATH_OR_HUB_ID"
        )
    return {"base": cfg.model.base, "safety": cfg.model.safety, "language": langs[code]}


def resolve_models(
    cfg: DictConfig, roles: tuple[str, ...] = ("base", "safety", "language")
) -> dict[str, Path]:
    from swapexp.models import resolve_model

    refs = model_refs(cfg)
    built = [refs[r] for r in roles if isinstance(refs[r], str) and refs[r].startswith("built:")]
    if built:  # check every demo-expert reference before training any of them
        from swapexp.experts import expert_plan

        for ref in built:
            expert_plan(cfg, ref)
    out = {}
    for role in roles:
        ref = refs[role]
        if isinstance(ref, str) and ref.startswith("built:"):
            from swapexp.experts import build_expert  # demo experts (issue 4)

            out[role] = build_expert(cfg, ref, role)
        else:
            out[role] = resolve_model(ref, role)
    return out


def strategy_from_cfg(cfg: DictConfig):
    from swapexp.merge import build_strategy

    params = {
        k: v
        for k, v in OmegaConf.to_container(cfg.merge, resolve=True).items()
        if k not in ("_target_", "name")
    }
    return build_strategy(cfg.merge.name, **params)


def merge_stage(cfg: DictConfig, models: dict[str, Path], run_dir: Path) -> Path:
    """Build (or find in the cache) the merged model; copy its decisions and figures to the run dir."""
    from swapexp.cache import cache_dir
    from swapexp.merge.engine import merge

    strategy = strategy_from_cfg(cfg)
    if (chosen := strategy.select(models)) is not None:  # no merge: one of the models as it is
        return chosen
    eng = cfg.merge_engine
    key = hash_json(
        {
            "strategy": strategy.name,
            "params": strategy.params(),
            "inputs": {r: dir_hash(p) for r, p in models.items() if r != "base" or strategy.needs_base},
            "engine": ENGINE_VERSION,
            "shard_size": str(eng.shard_size),
        }
    )
    out = cache_dir(cfg.paths.cache_dir) / "merged" / f"{strategy.name}-{key}"
    if (out / "decisions.json").exists():
        log.info("merged model found in cache: %s", out)
    else:
        log.info("merging with %s %s -> %s", strategy.name, strategy.params(), out)
        merge(
            strategy,
            base=models.get("base"),
            safety=models["safety"],
            language=models["language"],
            out_dir=out,
            shard_size=eng.shard_size,
            check_finite=eng.check_finite,
            figures=eng.figures,
            progress=eng.progress,
            threads=eng.get("threads", 1),
        )
    dest = run_dir / "merge"
    dest.mkdir(parents=True, exist_ok=True)
    shutil.copy2(out / "decisions.json", dest / "decisions.json")
    if (out / "figures").exists():
        shutil.copytree(out / "figures", dest / "figures", dirs_exist_ok=True)
    (dest / "model_path.txt").write_text(str(out) + "\n")
    return out


def run(cfg: DictConfig) -> dict[str, Any]:
    """Run the configured stage(s); return the metrics (empty for build-only stages)."""
    stage = cfg.get("stage", "all")
    if stage not in STAGES:
        raise SwapexpError(f"unknown stage {stage!r}; choose one of: {', '.join(STAGES)}")
    run_dir = run_dir_of(cfg)
    from swapexp.edit.stage import edit_stage, plan_edit

    # merge=sparse_edit / +edit=sparse edit the model; a bad edit config fails here, before any merge
    edit = plan_edit(cfg) if stage != "experts" else None
    strategy = strategy_from_cfg(cfg)  # a bad merge.* value fails here, before any model is built
    roles = ("base", "safety", "language") if stage == "experts" else strategy.roles()
    models = resolve_models(cfg, roles)
    if stage == "experts":
        return {}
    model_dir = merge_stage(cfg, models, run_dir)
    if edit is not None:  # edit the selected/merged model
        model_dir = edit_stage(cfg, model_dir, run_dir)
    metrics: dict[str, Any] = {}
    if stage in ("all", "eval"):
        from swapexp.eval import evaluate

        metrics = evaluate(cfg, model_dir, run_dir)
        from swapexp.logging import derived_metrics  # utility/mean, objective/tradeoff

        metrics.update(derived_metrics(metrics))
    _write_json_atomic(run_dir / "metrics.json", metrics)
    if stage in ("all", "eval"):
        from swapexp.logging import log_run

        log_run(cfg, run_dir, metrics)
    return metrics


def select_metric(cfg: DictConfig, metrics: dict[str, Any]) -> float | None:
    """The metric a Hydra sweeper optimises (``optimized_metric`` in the config)."""
    name = cfg.get("optimized_metric")
    if not name:
        return None
    if name not in metrics:
        raise SwapexpError(f"optimized_metric {name!r} was not computed; available: {', '.join(metrics)}")
    return float(metrics[name])


def _write_json_atomic(path: Path, obj: Any) -> None:
    tmp = path.with_suffix(path.suffix + ".tmp")
    tmp.write_text(json.dumps(obj, indent=2, sort_keys=True))
    tmp.replace(path)
