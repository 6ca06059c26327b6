"""The one flow: experts -> merge -> edit -> generate -> judge -> metrics -> log.

:func:`compose` reads the Hydra config once: it instantiates every group node that selects an
implementation (``merge``, ``edit``, ``backend``, ``logger``; the ``judge`` when safety is evaluated)
from its ``_target_`` and turns the settings nodes into objects (:class:`~swapexp.eval.EvalSettings`,
:class:`~swapexp.eval.Language`, :class:`~swapexp.merge.stage.MergeOptions`,
:class:`~swapexp.experts.ExpertBuilder`), so a bad value fails before any work. :func:`run` then
hands each stage what it needs; the stage modules never read the config. Data flows through
:func:`run` once, top to bottom; the modules it calls do not call back up. Every step caches its
result by content hash, so rerunning the same config does no work.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from omegaconf import DictConfig, OmegaConf

from swapexp.errors import SwapexpError
from swapexp.hydra_utils import instantiate
from swapexp.runtime import write_json_atomic

log = logging.getLogger(__name__)

STAGES = ("all", "experts", "merge", "eval")


def run_dir_of(cfg: DictConfig) -> Path:
    try:
        from hydra.core.hydra_config import HydraConfig

        return Path(HydraConfig.get().runtime.output_dir)
    except Exception:  # composed without @hydra.main (tests, notebooks)
        out = Path(cfg.paths.get("output_dir") or "outputs/run")
        out.mkdir(parents=True, exist_ok=True)
        return out


def _plain(node: Any) -> Any:
    return OmegaConf.to_container(node, resolve=True) if OmegaConf.is_config(node) else node


@dataclass
class Job:
    """Everything the stages of one run need, built once from its config by :func:`compose`."""

    stage: str
    run_dir: Path | None  # None until the run starts (then Hydra's output directory)
    cache_root: Path
    seed: int
    strategy: Any  # MergeStrategy
    edit: Any  # SparseEdit | None
    merge_options: Any  # MergeOptions
    refs: dict[str, str]
    experts: Any  # ExpertBuilder
    lang: Any  # Language
    eval: Any  # EvalSettings
    backend: Any  # BackendFactory
    judge: dict[str, Any]  # the judge node, instantiated only when safety is evaluated
    logger: Any
    data_dir: Path | None = None  # paths.data_dir (the project's lm-eval tasks read it)

    @property
    def evaluates(self) -> bool:
        return self.stage in ("all", "eval")


def compose(cfg: DictConfig, run_dir: Path | None = None) -> Job:
    """Build the run's objects from ``cfg``; every config error surfaces here, before any work
    (:func:`swapexp.validate.validate_config` is this without the run). ``run_dir`` is set by
    :func:`run` to Hydra's output directory (or ``paths.output_dir`` outside Hydra) when not given."""
    from swapexp.cache import cache_dir
    from swapexp.eval import EvalSettings, Language
    from swapexp.experts import ExpertBuilder
    from swapexp.inputs import model_refs
    from swapexp.merge.stage import MergeOptions
    from swapexp.metric_keys import check_optimized_metric, overrefusal_runs, safety_runs
    from swapexp.validate import check_judge

    stage = cfg.get("stage", "all")
    if stage not in STAGES:
        raise SwapexpError(f"unknown stage {stage!r}; choose one of: {', '.join(STAGES)}")
    check_optimized_metric(cfg)  # against the metric keys this run can produce
    seed = int(cfg.get("seed") or 0)
    lang = Language.from_mapping(_plain(cfg.lang))
    refs = model_refs(_plain(cfg.model), lang.code)  # the language has an expert
    strategy = instantiate(cfg.merge)  # a bad merge.* value fails here, before any model is built
    edit_node = cfg.get("edit")
    edit_name = (edit_node or {}).get("name", "none")
    if strategy.edit and edit_name != strategy.edit:
        raise SwapexpError(
            f"merge={strategy.name} edits the model but edit={edit_name} was given; "
            f"drop edit={edit_name} or use merge=none"
        )
    edit = instantiate(edit_node) if edit_node is not None and stage != "experts" else None
    settings = EvalSettings.from_mapping(_plain(cfg.eval), seed=seed)
    if edit is not None:
        split = settings.calibration_split
        if not split.enabled:
            raise SwapexpError(
                "sparse editing calibrates on MultiJail, so the safety metric must leave those prompts out: "
                "add eval.calibration_split.enabled=true (to every row of a sweep, so rows stay comparable)"
            )
        if split.size < 1:
            raise SwapexpError("eval.calibration_split.size must be a positive number of MultiJail prompts")
    merge_options = MergeOptions.from_mapping(_plain(cfg.merge_engine))
    cache_root = cache_dir(cfg.paths.cache_dir)
    # every option and value checked, nothing loaded; the model directory comes when the merge has made it
    backend = instantiate(cfg.backend, cache_dir=cache_root)
    judge = _plain(cfg.judge)
    if safety_runs(cfg) or overrefusal_runs(cfg):
        check_judge(judge, backend)  # a guard's options, before its model is resolved
    logger = instantiate(cfg.logger)
    return Job(
        stage=stage,
        run_dir=Path(run_dir) if run_dir is not None else None,
        cache_root=cache_root,
        seed=seed,
        strategy=strategy,
        edit=edit,
        merge_options=merge_options,
        refs=refs,
        experts=ExpertBuilder(
            experts=_plain(cfg.get("experts") or {}),
            base=cfg.model.base,
            lang=lang.code,
            cache_root=cache_root,
        ),
        lang=lang,
        eval=settings,
        backend=backend,
        judge=judge,
        logger=logger,
        data_dir=cfg.paths.get("data_dir"),
    )


def check_paths(run_dir: Path, cache_root: Path, model_dirs: list[Path]) -> None:
    """The run directory and the cache may not be (or lie inside) a model directory the run reads,
    and the run directory may not contain one: files written there would change the model's
    content hash, and nothing swapexp writes may replace a model."""
    from swapexp.outputs import check_output_path

    check_output_path(run_dir, model_dirs, what="the run directory (hydra.run.dir)")
    cache = Path(cache_root).expanduser().resolve()
    for d in model_dirs:
        d = Path(d).expanduser().resolve()
        if cache == d or d in cache.parents:
            raise SwapexpError(
                f"paths.cache_dir {cache} lies inside the input model {d}; choose a cache outside every model"
            )


def run(cfg: DictConfig) -> dict[str, Any]:
    """Run the configured stage(s); return the metrics (empty for build-only stages)."""
    from swapexp.inputs import edit_calibration, resolve_models
    from swapexp.logging import derived_metrics
    from swapexp.merge.stage import merge_stage

    job = compose(cfg)  # every config value checked, before any work
    if job.run_dir is None:
        job.run_dir = run_dir_of(cfg)
    roles = ("base", "safety", "language") if job.stage == "experts" else job.strategy.roles()
    local = [Path(r) for r in job.refs.values() if isinstance(r, str) and Path(r).expanduser().is_dir()]
    check_paths(job.run_dir, job.cache_root, local)  # before any expert is built
    models = resolve_models(job.refs, roles, job.experts)
    check_paths(job.run_dir, job.cache_root, list(models.values()))
    if job.stage == "experts":
        return {}
    overrides = hydra_overrides(job.run_dir)  # for the model cards of what this run builds
    model_dir = merge_stage(
        job.strategy,
        models,
        job.merge_options,
        cache_root=job.cache_root,
        run_dir=job.run_dir,
        refs=job.refs,
        overrides=overrides,
    ).path
    multijail = multijail_of(job)
    metrics: dict[str, Any] = {}
    if job.edit is not None:  # edit the selected/merged model
        calibration = edit_calibration(multijail, job.lang.code, job.edit, job.seed)
        selected = [r for r, d in models.items() if Path(d) == Path(model_dir)]
        model_dir, edit_metrics = job.edit.run(
            model_dir,
            calibration,
            cache_root=job.cache_root,
            run_dir=job.run_dir,
            shard_size=job.merge_options.shard_size,
            source_ref=job.refs.get(selected[0]) if selected else None,
            overrides=overrides,
        )
        metrics.update(edit_metrics)  # edit/layer, edit/num_selected, edit/rank, edit/objective_*, ...
    if job.evaluates:
        metrics.update(evaluation_stage(job, model_dir, multijail))
        # utility/mean (with the harness metrics of eval.harness.in_mean), objective/tradeoff
        metrics.update(derived_metrics(metrics, job.eval.harness_settings().in_mean_keys))
    write_json_atomic(job.run_dir / "metrics.json", metrics)
    if job.evaluates:
        log_stage(cfg, job, metrics)
    return metrics


def hydra_overrides(run_dir: Path | None = None) -> list[str] | None:
    """The Hydra overrides of the running job (a multirun job's own values included), or those saved in
    ``run_dir/.hydra/overrides.yaml``; None outside Hydra (a config composed in Python)."""
    hc = _hydra_config()
    if hc is not None:
        return [str(o) for o in hc.overrides.task]
    f = Path(run_dir) / ".hydra" / "overrides.yaml" if run_dir is not None else None
    if f is not None and f.exists():
        return [str(x) for x in OmegaConf.load(f)]
    return None


def log_stage(cfg: DictConfig, job: Job, metrics: dict[str, Any]) -> Path | None:
    """The last step: hand the finished job to the logger (returns its local run directory, if any)."""
    return job.logger.log(run_info(cfg, job, metrics))


def multijail_of(job: Job):
    """The run's MultiJail split, loaded on first use (by the edit or the evaluation) and then shared."""
    from swapexp.inputs import MultiJailOnce

    split = job.eval.calibration_split
    return MultiJailOnce(
        job.eval.multijail_path,
        job.lang.get("multijail"),
        enabled=split.enabled,
        size=split.size,
        seed=split.seed,
    )


def evaluate_model(cfg: DictConfig, model_dir: Path, run_dir: Path | None = None) -> dict[str, Any]:
    """Evaluate an existing model directory with the config's evaluation settings, judge and backend
    (no merge, no edit, no logging): the evaluation stage alone."""
    job = compose(cfg, run_dir)
    if job.run_dir is None:
        job.run_dir = run_dir_of(cfg)
    return evaluation_stage(job, Path(model_dir), multijail_of(job))


def evaluation_stage(job: Job, model_dir: Path, multijail) -> dict[str, Any]:
    """Plan the evaluation, build the judge (when MultiJail is evaluated, or over-refusal with a judge
    that decides refusal: a guard model is resolved before any generation), then evaluate ``model_dir``."""
    import swapexp.eval as evaluation
    from swapexp.eval.judges import JUDGES

    needs_multijail = job.eval.safety and not job.eval.safety_file and job.lang.get("multijail")
    experts = dict(job.experts.experts or {})
    plan = evaluation.plan_evaluation(
        job.eval,
        job.lang,
        multijail.split if needs_multijail else None,
        data_dir=job.data_dir,
        holdout=evaluation.Holdout(experts.get("data_dir"), float(experts.get("holdout", 0.1))),
    )
    # the judge labels MultiJail, and answers to benign prompts when it decides refusal (else the
    # refusal judge does: evaluation.runner.refusal_judge_for); a guard is resolved before any generation
    judge_cls = JUDGES.get(str(job.judge.get("name")))
    judge = None
    if plan.safety is not None or (plan.overrefusal is not None and judge_cls and judge_cls.decides_refusal):
        judge = instantiate(job.judge, backend_cfg=job.backend, cache_dir=job.cache_root)
    return evaluation.evaluate(plan, model_dir, job.run_dir, job.backend, judge)


# -- what the logger is told ---------------------------------------------------------------------
def _hydra_config():
    try:
        from hydra.core.hydra_config import HydraConfig

        return HydraConfig.get()
    except Exception:  # not inside a Hydra app (tests, notebooks)
        return None


def _container(cfg: DictConfig) -> dict[str, Any]:
    """The config resolved; a value whose interpolation cannot resolve here (e.g. ``${hydra:...}``
    outside a Hydra app) is kept as its raw text."""
    try:
        return OmegaConf.to_container(cfg, resolve=True)
    except Exception:
        raw = OmegaConf.to_container(cfg, resolve=False)

        def walk(node: Any, path: str) -> Any:
            if isinstance(node, dict):
                return {k: walk(v, f"{path}.{k}" if path else str(k)) for k, v in node.items()}
            if isinstance(node, str) and "${" in node:
                try:
                    value = OmegaConf.select(cfg, path, throw_on_resolution_failure=True)
                    return (
                        OmegaConf.to_container(value, resolve=True) if OmegaConf.is_config(value) else value
                    )
                except Exception:
                    return node
            return node

        return walk(raw, "")


def run_info(cfg: DictConfig, job: Job, metrics: dict[str, Any]):
    """The :class:`~swapexp.logging.RunInfo` of a finished job: its config, name, kind and place."""
    from hydra.types import RunMode

    from swapexp.logging import RunInfo
    from swapexp.logging.naming import edit_label, run_label

    hc = _hydra_config()
    overrides = hydra_overrides(job.run_dir) or []
    job_num, group = None, None
    if hc is not None:
        job_num = hc.job.get("num")
        if hc.mode == RunMode.MULTIRUN:
            choices = hc.runtime.choices
            prefix = choices.get("experiment") or choices.get("hparams_search") or "multirun"
            group = f"{prefix}-{Path(hc.sweep.dir).name}"
    return RunInfo(
        run_dir=job.run_dir,
        metrics=metrics,
        config=_container(cfg),
        label=run_label(_plain(cfg.merge), job.lang.code, _plain(cfg.get("edit"))),
        kind=job.strategy.kind,
        strategy=job.strategy.name,
        edit=edit_label(_plain(cfg.merge), _plain(cfg.get("edit"))),
        lang=job.lang.code,
        model=cfg.model.get("name"),
        seed=job.seed,
        tags=[str(t) for t in (cfg.get("tags") or [])],
        overrides=overrides,
        job_num=job_num,
        multirun_group=group,
    )


def select_metric(cfg: DictConfig, metrics: dict[str, Any]) -> float | None:
    """The metric a Hydra sweeper optimises (``optimized_metric`` in the config)."""
    name = cfg.get("optimized_metric")
    if not name:
        return None
    if name not in metrics:
        raise SwapexpError(f"optimized_metric {name!r} was not computed; available: {', '.join(metrics)}")
    return float(metrics[name])
