"""Safety judges, chosen by the ``judge`` config group (``judge=refusal|qwen3guard|llamaguard``);
``conf/judge/*.yaml`` instantiate :func:`build_judge`.

:func:`judge_responses` is the one path from responses to verdicts: the shared pre-check
(:class:`Precheck`, ``eval.precheck``) labels non-answers ``invalid``, the judge labels the rest.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from swapexp.errors import SwapexpError
from swapexp.eval.judges.base import LABELS, Judge, Verdict
from swapexp.eval.judges.guard import GuardJudge, guard_backend_config
from swapexp.eval.judges.llamaguard import LlamaGuardJudge, parse_llamaguard
from swapexp.eval.judges.precheck import Precheck, PrecheckConfig, judge_responses
from swapexp.eval.judges.qwen3guard import Qwen3GuardJudge, parse_qwen3guard
from swapexp.eval.judges.refusal import REFUSAL_PHRASES, RefusalJudge

JUDGES: dict[str, type[Judge]] = {
    "refusal": RefusalJudge,
    "qwen3guard": Qwen3GuardJudge,
    "llamaguard": LlamaGuardJudge,
}

__all__ = [
    "JUDGES",
    "LABELS",
    "REFUSAL_PHRASES",
    "Judge",
    "LlamaGuardJudge",
    "Precheck",
    "PrecheckConfig",
    "Qwen3GuardJudge",
    "RefusalJudge",
    "Verdict",
    "build_judge",
    "judge_responses",
    "parse_llamaguard",
    "parse_qwen3guard",
]


def build_judge(
    name: str | None = None,
    *,
    backend: Mapping[str, Any] | None = None,
    backend_cfg: Any = None,
    cache_dir: Path | None = None,
    **params: Any,
) -> Judge:
    """The judge ``name`` with its ``params`` (the fields of ``conf/judge/NAME.yaml``).

    A guard judge generates with its own backend settings
    (:func:`swapexp.eval.judges.guard.guard_backend_config`: ``backend``, the yaml's ``judge.backend``,
    plus device, dtype and batch size of ``backend_cfg``, the evaluated model's backend: a mapping or a
    :class:`~swapexp.eval.backends.BackendFactory`)."""
    if name not in JUDGES:
        raise SwapexpError(f"unknown judge {name!r}; choose one of: {', '.join(JUDGES)}")
    cls = JUDGES[name]
    settings = getattr(backend_cfg, "settings", backend_cfg)  # a BackendFactory's settings
    if issubclass(cls, GuardJudge):
        settings = guard_backend_config(backend, settings)
    return cls(**params, backend_cfg=settings, cache_dir=cache_dir)
