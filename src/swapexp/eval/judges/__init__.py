"""Safety judges, chosen by the ``judge`` config group (``judge=refusal|qwen3guard|llamaguard``).

:func:`judge_responses` is the one path from responses to verdicts: the shared pre-check
(:class:`Precheck`, ``eval.precheck``) labels non-answers ``invalid``, the judge labels the rest.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from omegaconf import DictConfig, OmegaConf

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


def build_judge(judge_cfg: Any, backend_cfg: Any = None, cache_dir: Path | None = None) -> Judge:
    """The judge named by ``judge_cfg.name``. A guard judge generates with its own backend settings
    (:func:`swapexp.eval.judges.guard.guard_backend_config`: ``judge.backend``, plus device, dtype and
    batch size of ``backend_cfg``, the evaluated model's backend)."""
    params = (
        OmegaConf.to_container(judge_cfg, resolve=True)
        if isinstance(judge_cfg, DictConfig)
        else dict(judge_cfg)
    )
    name = params.pop("name", None)
    if name not in JUDGES:
        raise SwapexpError(f"unknown judge {name!r}; choose one of: {', '.join(JUDGES)}")
    cls = JUDGES[name]
    own_backend = params.pop("backend", None)
    if issubclass(cls, GuardJudge):
        backend_cfg = OmegaConf.create(guard_backend_config(own_backend, backend_cfg))
    return cls(**params, backend_cfg=backend_cfg, cache_dir=cache_dir)
