"""Check a whole run config before any work starts.

``run.py`` used to find some bad values only when it reached them: a bad judge or backend
option after the merge, a bad ``optimized_metric`` after the evaluation. :func:`validate_config`
checks every group the configured stage will use, in the order the pipeline uses them, so each
mistake is one line at once (``SwapexpError``). It builds nothing and loads no model: models and
data files are resolved later, by the stages that read them.
"""

from __future__ import annotations

from typing import Any

from omegaconf import DictConfig, OmegaConf

from swapexp.errors import SwapexpError

EXPERTS = ("base", "safety", "language")


def _container(node: Any) -> dict[str, Any]:
    if node is None:
        return {}
    if isinstance(node, DictConfig):
        return dict(OmegaConf.to_container(node, resolve=True))  # type: ignore[arg-type]
    return dict(node)


def check_merge(cfg: DictConfig) -> None:
    from swapexp.checkpoint.writer import parse_size
    from swapexp.pipeline import strategy_from_cfg

    if cfg.merge.name in ("none", "sparse_edit"):
        expert = cfg.merge.get("expert", "language")
        if expert not in EXPERTS:
            raise SwapexpError(f"merge.expert must be base, safety or language, got {expert!r}")
    else:
        strategy_from_cfg(cfg)  # unknown strategy, foreign or out-of-range parameters
    eng = cfg.get("merge_engine") or {}
    parse_size(eng.get("shard_size", "5GB"))
    threads = eng.get("threads", 1)
    if threads is not None and (isinstance(threads, bool) or not isinstance(threads, int) or threads < 0):
        raise SwapexpError(
            f"merge_engine.threads must be an integer >= 0 (0 = torch's default), got {threads!r}"
        )


def check_judge(cfg: DictConfig) -> None:
    from swapexp.eval.backends import check_backend_config
    from swapexp.eval.judges import JUDGES, RefusalJudge
    from swapexp.eval.judges.guard import CONTENT_FORMATS, GuardJudge, guard_backend_config

    params = _container(cfg.judge)
    name = params.pop("name", None)
    if name not in JUDGES:
        raise SwapexpError(f"unknown judge {name!r}; choose one of: {', '.join(JUDGES)}")
    cls = JUDGES[name]
    if issubclass(cls, GuardJudge):
        fmt = params.get("content_format")
        if fmt is not None and fmt not in CONTENT_FORMATS:
            raise SwapexpError(
                f"judge.content_format must be one of {', '.join(CONTENT_FORMATS)} or null (chosen from the "
                f"model), got {fmt!r}"
            )
        if int(params.get("max_new_tokens", 1)) < 1:
            raise SwapexpError(f"judge.max_new_tokens must be >= 1, got {params['max_new_tokens']}")
        check_backend_config(guard_backend_config(params.get("backend"), cfg.backend), "judge.backend")
    elif cls is RefusalJudge:
        params.pop("backend", None)
        RefusalJudge(**params)


def check_logger(cfg: DictConfig) -> None:
    from swapexp.logging import LOGGERS

    lc = cfg.get("logger") or {}
    name = lc.get("name", "none")
    if name not in LOGGERS:
        raise SwapexpError(f"unknown logger {name!r}; choose one of: {', '.join(LOGGERS)}")
    if name == "wandb":
        from swapexp.logging.wandb_logger import resolve_mode

        if lc.get("mode"):
            resolve_mode(lc.get("mode"))
        n = lc.get("log_generations", 0)
        if isinstance(n, bool) or not isinstance(n, int) or n < 0:
            raise SwapexpError(f"logger.log_generations must be an integer >= 0, got {n!r}")


def validate_config(cfg: DictConfig) -> None:
    """Every value the configured stage will use, checked now (one line per mistake, nothing built)."""
    from swapexp.metric_keys import check_optimized_metric
    from swapexp.pipeline import STAGES

    stage = cfg.get("stage", "all")
    if stage not in STAGES:
        raise SwapexpError(f"unknown stage {stage!r}; choose one of: {', '.join(STAGES)}")
    check_optimized_metric(cfg)
    from swapexp.pipeline import model_refs

    model_refs(cfg)  # the language has an expert
    if stage == "experts":
        return
    check_merge(cfg)
    if stage in ("all", "eval"):
        from swapexp.eval.backends import check_backend_config
        from swapexp.eval.runner import check_config
        from swapexp.metric_keys import safety_runs

        check_config(cfg)
        check_backend_config(cfg.backend)
        if safety_runs(cfg):
            check_judge(cfg)
        check_logger(cfg)
