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
    """The judge named by ``judge_cfg.name``; guard judges generate with ``judge_cfg.backend``
    (when set) or ``backend_cfg`` (the evaluated model's backend settings)."""
    params = (
        OmegaConf.to_container(judge_cfg, resolve=True)
        if isinstance(judge_cfg, DictConfig)
        else dict(judge_cfg)
    )
    name = params.pop("name", None)
    if name not in JUDGES:
        raise SwapexpError(f"unknown judge {name!r}; choose one of: {', '.join(JUDGES)}")
    own_backend = params.pop("backend", None)
    if own_backend and backend_cfg is not None:
        backend_cfg = OmegaConf.merge(backend_cfg, own_backend)  # judge.backend overrides single fields
    elif own_backend:
        backend_cfg = OmegaConf.create(own_backend)
    return JUDGES[name](**params, backend_cfg=backend_cfg, cache_dir=cache_dir)
