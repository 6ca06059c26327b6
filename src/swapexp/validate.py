"""Check a whole run config before any work starts.

:func:`validate_config` is :func:`swapexp.pipeline.compose` without the run: every group node that
selects an implementation is instantiated (``merge``, ``edit``, ``backend``, ``logger``: their
factories check every option), the settings become objects (``eval``, ``lang``, ``merge_engine``),
``optimized_metric`` is checked against the metric keys the run can produce, and a judge's options
are checked without resolving its model (:func:`check_judge`). It builds nothing and loads no
model: models and data files are resolved later, by the stages that read them.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from omegaconf import DictConfig

from swapexp.errors import SwapexpError


def check_judge(judge: Mapping[str, Any], backend: Any) -> None:
    """The judge's options, and a guard judge's backend settings, without resolving its model."""
    from swapexp.eval.backends import check_backend_config
    from swapexp.eval.judges import JUDGES, RefusalJudge
    from swapexp.eval.judges.guard import CONTENT_FORMATS, GuardJudge, guard_backend_config

    params = {k: v for k, v in judge.items() if not (k.startswith("_") and k.endswith("_"))}
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
        settings = getattr(backend, "settings", backend)
        check_backend_config(guard_backend_config(params.get("backend"), settings), "judge.backend")
    elif cls is RefusalJudge:
        params.pop("backend", None)
        RefusalJudge(**params)


def validate_config(cfg: DictConfig) -> None:
    """Every value the configured stage will use, checked now (one line per mistake, nothing built)."""
    from swapexp.pipeline import compose

    compose(cfg)
