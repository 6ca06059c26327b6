"""The merge-strategy interface and its registry.

A strategy is a small class (mergekit style): the engine streams tensors to it,
it never does I/O. Pass 1 (optional) shows it every *target* tensor of every
input so it can compute statistics; ``finalize`` turns them into decisions;
pass 2 asks it for one output tensor at a time, handing it a lazy ``get(role)``
that reads an input tensor only when the strategy asks for it.

Adding a strategy = one file in ``swapexp/merge/`` with a ``@register("name")``
class, plus ``conf/merge/name.yaml``.
"""

from __future__ import annotations

import importlib
import inspect
import math
import pkgutil
from abc import ABC, abstractmethod
from collections.abc import Callable
from typing import Any, ClassVar

import torch

from swapexp.checkpoint.arch import DEFAULT_ARCH, ArchitectureSpec
from swapexp.errors import SwapexpError

Getter = Callable[[str], torch.Tensor]  # role -> that input's tensor (original dtype)

ROLES = ("base", "safety", "language")


class MergeStrategy(ABC):
    """Base class. Subclasses set ``name`` (by ``@register``) and implement ``merge_tensor``."""

    name: ClassVar[str] = ""
    #: does the strategy read the base model B?
    needs_base: ClassVar[bool] = False

    def __init__(self, arch: ArchitectureSpec = DEFAULT_ARCH):
        self.arch = arch

    # -- pass 1 -------------------------------------------------------------------
    def wants_stats(self, name: str) -> bool:
        """Should pass 1 call :meth:`observe` for this tensor?"""
        return False

    def observe(self, name: str, tensors: dict[str, torch.Tensor]) -> None:  # noqa: B027
        """Pass 1: see one tensor of every input (role -> tensor, original dtype)."""

    def finalize(self, names: list[str]) -> None:  # noqa: B027
        """Between the passes: turn statistics into decisions. ``names`` are all tensor names."""

    # -- pass 2 -------------------------------------------------------------------
    @abstractmethod
    def merge_tensor(self, name: str, get: Getter) -> torch.Tensor:
        """Return the merged tensor (any float dtype; the engine casts to L's dtype once)."""

    def inputs_for(self, name: str) -> tuple[str, ...] | None:
        """Pass 2: the roles :meth:`merge_tensor` will read for ``name``, so the engine can have the
        kernel read them ahead; ``None`` (the default) when not known in advance."""
        return None

    # -- reporting ----------------------------------------------------------------
    def params(self) -> dict[str, Any]:
        """The strategy's hyper-parameters (they key the cache and name the run)."""
        return {}

    def units(self) -> list[dict[str, Any]]:
        """Per-unit decisions for ``decisions.json`` (empty when the strategy has none)."""
        return []

    def decisions(self) -> dict[str, Any]:
        p = self.params()
        return {
            "strategy": self.name,
            "tau": p.get("tau"),
            "alpha": p.get("alpha"),
            "params": p,
            "units": self.units(),
        }


# -- shared arithmetic --------------------------------------------------------------
#: elements per slice when a blend converts S to float32 piecewise
BLEND_CHUNK = 1 << 20


def blend(safety: torch.Tensor, language: torch.Tensor, alpha: float) -> torch.Tensor:
    """alpha * S + (1 - alpha) * L, in float32 (the inputs are never modified).

    For float32 L the result is one new tensor. Otherwise L's float32 copy is the result and S is
    converted and blended into it slice by slice, so no full-size float32 copy of S exists; lerp is
    elementwise, so the values are exactly those of ``torch.lerp(L.float(), S.float(), alpha)``.
    """
    alpha = float(alpha)
    l = language.to(torch.float32)
    if l is language:
        return torch.lerp(l, safety.to(torch.float32), alpha)
    flat_l, flat_s = l.view(-1), safety.reshape(-1)
    for i in range(0, flat_l.numel(), BLEND_CHUNK):
        flat_l[i : i + BLEND_CHUNK].lerp_(flat_s[i : i + BLEND_CHUNK].to(torch.float32), alpha)
    return l


def check_alpha(alpha: float, name: str = "alpha") -> float:
    alpha = float(alpha)
    if not (0.0 <= alpha <= 1.0) or math.isnan(alpha):
        raise SwapexpError(f"{name} must be in [0, 1], got {alpha}; e.g. merge.{name}=0.5")
    return alpha


def check_tau(tau: float) -> float:
    tau = float(tau)
    if not tau >= 0.0:
        raise SwapexpError(f"tau must be >= 0, got {tau}; e.g. merge.tau=0.001")
    return tau


def check_finite_param(value: float, name: str) -> float:
    value = float(value)
    if not math.isfinite(value):
        raise SwapexpError(f"{name} must be a finite number, got {value}")
    return value


# -- registry -----------------------------------------------------------------------
_REGISTRY: dict[str, type[MergeStrategy]] = {}
_DISCOVERED = False


def register(name: str):
    """Class decorator: make a strategy available under ``name``."""

    def deco(cls: type[MergeStrategy]) -> type[MergeStrategy]:
        if name in _REGISTRY and _REGISTRY[name] is not cls:
            raise ValueError(f"merge strategy {name!r} registered twice")
        cls.name = name
        _REGISTRY[name] = cls
        return cls

    return deco


def _discover() -> None:
    global _DISCOVERED
    if _DISCOVERED:
        return
    import swapexp.merge as pkg

    for mod in pkgutil.iter_modules(pkg.__path__):
        if not mod.name.startswith("_"):
            importlib.import_module(f"swapexp.merge.{mod.name}")
    _DISCOVERED = True


def available_strategies() -> list[str]:
    _discover()
    return sorted(_REGISTRY)


def get_strategy_class(name: str) -> type[MergeStrategy]:
    _discover()
    if name not in _REGISTRY:
        raise SwapexpError(
            f"unknown merge strategy {name!r}; choose one of: {', '.join(available_strategies())}"
        )
    return _REGISTRY[name]


def strategy_params(name: str) -> list[str]:
    sig = inspect.signature(get_strategy_class(name).__init__)
    return [p for p in sig.parameters if p not in ("self", "arch")]


def build_strategy(name: str, **params: Any) -> MergeStrategy:
    """Instantiate a registered strategy; unknown parameters are a user error."""
    cls = get_strategy_class(name)
    allowed = strategy_params(name)
    unknown = [k for k in params if k not in allowed and k != "arch"]
    if unknown:
        takes = ", ".join(allowed) or "no parameters"
        raise SwapexpError(f"merge strategy {name!r} does not take {', '.join(unknown)} (it takes: {takes})")
    return cls(**params)
