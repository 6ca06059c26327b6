"""The merge-strategy interface, its declared facts, and the registry.

A strategy is a small class (mergekit style): the engine streams tensors to it, it never does
I/O. Pass 1 (optional) shows it every *target* tensor of every input so it can compute
statistics; ``finalize`` turns them into decisions; pass 2 asks it for one output tensor at a
time, handing it a lazy ``get(role)`` that reads an input tensor only when the strategy asks.

Everything the rest of swapexp needs to know about a strategy is declared on its class and read
from there, never re-derived elsewhere:

- ``parameters``: one :class:`Param` per hyper-parameter (type, default, range or choices, help,
  run-name tag, CLI flag, and when it is *used*). The ``swapexp merge`` flags, the Hydra-time
  validation of ``merge.*``, the W&B run name and the report's columns are generated from them.
- ``kind`` (``adaptive`` | ``baseline`` | ``expert``), ``inputs`` (the roles it reads; see
  :meth:`MergeStrategy.roles`), ``merges`` (whether it builds a model with the streaming engine,
  or selects one input unchanged), ``edit`` (an edit the strategy implies).
- :meth:`MergeStrategy.label`: the run name; :meth:`MergeStrategy.identity`: the effective
  content of its output, which addresses merged models in the cache.

Adding a strategy = one file in ``swapexp/merge/`` with a ``@register("name")`` class, plus
``conf/merge/name.yaml``.
"""

from __future__ import annotations

import importlib
import math
import pkgutil
from abc import ABC, abstractmethod
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar

import torch

from swapexp.checkpoint.arch import DEFAULT_ARCH, ArchitectureSpec
from swapexp.errors import SwapexpError

Getter = Callable[[str], torch.Tensor]  # role -> that input's tensor (original dtype)

ROLES = ("base", "safety", "language")
KINDS = ("adaptive", "baseline", "expert")


def fmt_value(v: Any) -> str:
    """Short, stable text for a parameter value: 0.001 -> '0.001', 1.0 -> '1', 5e-05 -> '5e-05'."""
    if isinstance(v, bool):
        return str(v).lower()
    if isinstance(v, (int, float)):
        return f"{v:g}"
    return str(v)


@dataclass(frozen=True)
class Param:
    """One hyper-parameter of a strategy: everything the CLI, the config check, the run name and
    the report need to know about it.

    - ``type``: ``float``, ``int``, ``bool`` or ``str``; ``default``: used when the value is absent.
    - ``low`` / ``high``: bounds of a number, inclusive (``low_open``: ``low`` itself excluded);
      ``choices``: the values a ``str`` may take.
    - ``tag``: the run name shows the value as ``<tag><value>`` (``tau0.001``); None = not shown.
    - ``flag``: the ``swapexp merge`` flag; None = ``--name-with-dashes`` (a bool gets both
      ``--name`` and ``--no-name``).
    - ``used``: when the value changes the output, given all parameter values (``layer_swap``'s
      alpha only blends when ``non_layer=blend``); an unused value is left out of the run name,
      the report's columns and the identity of the output.
    - ``show``: shown in the report's "other params" column (tau and alpha have their own columns;
      an expert choice is shown with the strategy).
    """

    name: str
    type: type
    default: Any
    help: str
    low: float | None = None
    high: float | None = None
    low_open: bool = False
    choices: tuple[str, ...] | None = None
    tag: str | None = None
    flag: str | None = None
    used: Callable[[Mapping[str, Any]], bool] | None = None
    show: bool = True

    @property
    def cli_flag(self) -> str:
        return self.flag or f"--{self.name.replace('_', '-')}"

    def is_used(self, params: Mapping[str, Any]) -> bool:
        return self.used is None or bool(self.used(params))

    def _fix(self) -> str:
        return f"e.g. merge.{self.name}={fmt_value(self.default)}"

    def check(self, value: Any) -> Any:
        """The value converted to ``type``; a value out of range is a one-line user error."""
        name = self.name
        if self.type is bool:
            if isinstance(value, bool):
                return value
            if isinstance(value, str) and value.lower() in ("true", "false"):
                return value.lower() == "true"
            raise SwapexpError(f"{name} must be true or false, got {value!r}; {self._fix()}")
        if self.type is str:
            value = str(value)
            if self.choices and value not in self.choices:
                raise SwapexpError(
                    f"{name} must be one of {', '.join(self.choices)}, got {value!r}; {self._fix()}"
                )
            return value
        kind = "an integer" if self.type is int else "a number"
        try:
            if isinstance(value, bool):
                raise ValueError
            number = float(value)
        except (TypeError, ValueError):
            raise SwapexpError(f"{name} must be {kind}, got {value!r}; {self._fix()}") from None
        if self.type is int:
            if (
                not math.isfinite(number)
                or number != int(number)
                or (self.low is not None and number < self.low)
            ):
                floor = f" >= {self.low:g}" if self.low is not None else ""
                raise SwapexpError(f"{name} must be an integer{floor}, got {value}; {self._fix()}")
            if self.high is not None and number > self.high:
                raise SwapexpError(f"{name} must be <= {self.high:g}, got {value}; {self._fix()}")
            return int(number)
        above_low = self.low is None or (number > self.low if self.low_open else number >= self.low)
        if self.low is not None and self.high is not None:
            if not (above_low and number <= self.high):  # NaN fails too
                bracket = "(" if self.low_open else "["
                raise SwapexpError(
                    f"{name} must be in {bracket}{self.low:g}, {self.high:g}], got {number}; {self._fix()}"
                )
        elif self.low is not None:
            if not above_low:
                sign = ">" if self.low_open else ">="
                raise SwapexpError(f"{name} must be {sign} {self.low:g}, got {number}; {self._fix()}")
        elif self.high is not None:
            if not number <= self.high:
                raise SwapexpError(f"{name} must be <= {self.high:g}, got {number}; {self._fix()}")
        elif not math.isfinite(number):
            raise SwapexpError(f"{name} must be a finite number, got {number}")
        return number


class MergeStrategy(ABC):
    """Base class. Subclasses declare their facts (below) and implement ``merge_tensor``."""

    #: the registered name (set by ``@register``)
    name: ClassVar[str] = ""
    #: adaptive (decides per unit from the checkpoints) | baseline | expert (one unmerged model)
    kind: ClassVar[str] = "baseline"
    #: the hyper-parameters, in the order of ``params()`` and ``decisions.json``
    parameters: ClassVar[tuple[Param, ...]] = ()
    #: parameters shown in the run name, in name order (None = declaration order)
    label_order: ClassVar[tuple[str, ...] | None] = None
    #: the roles it reads (B only when the strategy needs it)
    inputs: ClassVar[tuple[str, ...]] = ("safety", "language")
    #: False: the output is one of the inputs, unchanged (no merge is built; see :meth:`select`)
    merges: ClassVar[bool] = True
    #: the edit this strategy implies (``sparse_edit`` = no merge, then edit): it is not repeated
    #: in the run name, and a run of this strategy without that edit is a user error
    edit: ClassVar[str | None] = None
    #: one sentence on what it does (model cards); None = the first line of the class's docstring,
    #: else of its module's
    description: ClassVar[str | None] = None

    def __init__(self, arch: ArchitectureSpec = DEFAULT_ARCH, **params: Any):
        self.arch = arch
        for key, value in self.check_params(params).items():
            setattr(self, key, value)

    # -- declared facts -------------------------------------------------------------------
    @classmethod
    def param(cls, name: str) -> Param:
        return next(p for p in cls.parameters if p.name == name)

    @classmethod
    def summary(cls) -> str:
        """What the strategy does, in one sentence: :attr:`description`, else the first line of the
        class's own docstring, else of its module's."""
        import sys

        for text in (cls.description, cls.__dict__.get("__doc__"), sys.modules[cls.__module__].__doc__):
            if text and text.strip():
                return text.strip().splitlines()[0].strip()
        return cls.name

    @classmethod
    def check_params(cls, params: Mapping[str, Any]) -> dict[str, Any]:
        """Every declared parameter, given or default, converted and range-checked; an unknown
        name is a user error."""
        known = [p.name for p in cls.parameters]
        unknown = [k for k in params if k not in known]
        if unknown:
            takes = ", ".join(known) or "no parameters"
            raise SwapexpError(
                f"merge strategy {cls.name!r} does not take {', '.join(unknown)} (it takes: {takes})"
            )
        return {
            p.name: p.check(params[p.name]) if params.get(p.name) is not None else p.default
            for p in cls.parameters
        }

    @classmethod
    def describe_params(cls, raw: Mapping[str, Any]) -> dict[str, Any]:
        """Declared parameters from a saved config node (defaults filled, converted where
        possible, unknown keys ignored): for reading old run directories, never raises."""
        out = {}
        for p in cls.parameters:
            value = raw.get(p.name)
            if value is None:
                out[p.name] = p.default
                continue
            try:
                out[p.name] = p.check(value)
            except SwapexpError:
                out[p.name] = value
        return out

    @classmethod
    def used_params(cls, params: Mapping[str, Any]) -> dict[str, Any]:
        """The parameters whose value changes the output (declaration order)."""
        return {p.name: params.get(p.name) for p in cls.parameters if p.is_used(params)}

    @classmethod
    def label_head(cls, params: Mapping[str, Any]) -> str:
        """What the run name starts with (the strategy's name; an expert names itself)."""
        return cls.name

    @classmethod
    def label(cls, params: Mapping[str, Any], lang: str, edit: str | None = None) -> str:
        """``<strategy>[+<edit>]-<lang>-<tag><value>...`` with the used, tagged parameters:
        ``modulewise-sw-tau0.001-a0.5``, ``layer_swap-ko-k4-t0``, ``expert-safety-sw``,
        ``modulewise+sparse_edit-sw-tau0.001-a0.5``."""
        head = cls.label_head(params) + (f"+{edit}" if edit else "")
        order = cls.label_order or tuple(p.name for p in cls.parameters)
        tags = []
        for name in order:
            p = cls.param(name)
            if p.tag is None or params.get(name) is None or not p.is_used(params):
                continue
            tags.append(f"{p.tag}{fmt_value(params[name])}")
        return "-".join([head, str(lang), *tags])

    def roles(self) -> tuple[str, ...]:
        """The inputs this instance reads (the pipeline resolves, builds and hashes only these)."""
        return self.inputs

    @property
    def needs_base(self) -> bool:
        return "base" in self.roles()

    def select(self, models: Mapping[str, Path]) -> Path | None:
        """A strategy that does not merge returns the input it stands for; others return None."""
        return None

    # -- pass 1 -------------------------------------------------------------------------
    def wants_stats(self, name: str) -> bool:
        """Should pass 1 call :meth:`observe` for this tensor?"""
        return False

    def observe(self, name: str, tensors: dict[str, torch.Tensor]) -> None:  # noqa: B027
        """Pass 1: see one tensor of every input (role -> tensor, original dtype)."""

    def scores_key(self) -> dict[str, Any] | None:
        """What pass 1's statistics depend on besides the inputs' content (JSON-able), so they can be
        cached and shared with other strategies of the same statistic; None = nothing to cache."""
        return None

    def export_scores(self) -> dict[str, Any]:
        """Pass 1's statistics (JSON-able), after pass 1."""
        return {}

    def import_scores(self, scores: Mapping[str, Any]) -> None:  # noqa: B027
        """Load statistics exported by a strategy with the same :meth:`scores_key`, instead of pass 1."""

    def finalize(self, names: list[str]) -> None:  # noqa: B027
        """Between the passes: turn statistics into decisions. ``names`` are all tensor names."""

    # -- pass 2 -------------------------------------------------------------------------
    @abstractmethod
    def merge_tensor(self, name: str, get: Getter) -> torch.Tensor:
        """Return the merged tensor (any float dtype; the engine casts to L's dtype once)."""

    def inputs_for(self, name: str) -> tuple[str, ...] | None:
        """Pass 2: the roles :meth:`merge_tensor` will read for ``name``, so the engine can have the
        kernel read them ahead; ``None`` (the default) when not known in advance."""
        return None

    # -- reporting ----------------------------------------------------------------------
    def params(self) -> dict[str, Any]:
        """The strategy's hyper-parameters, in declaration order."""
        return {p.name: getattr(self, p.name) for p in self.parameters}

    def identity(self) -> dict[str, Any]:
        """The effective content of the output (after :meth:`finalize`): two instances with equal
        identities over the same inputs write the same tensors, so they share one merged model.
        The default is the strategy and its used parameters."""
        return {"strategy": self.name, "params": self.used_params(self.params())}

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


# -- shared arithmetic --------------------------------------------------------------------
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


#: the blend weight shared by every strategy that blends S and L
ALPHA = Param("alpha", float, 0.5, "blend weight of S in [0, 1]", low=0.0, high=1.0, tag="a")


# -- registry -----------------------------------------------------------------------------
_REGISTRY: dict[str, type[MergeStrategy]] = {}
_DISCOVERED = False


def register(name: str):
    """Class decorator: make a strategy available under ``name``."""

    def deco(cls: type[MergeStrategy]) -> type[MergeStrategy]:
        if name in _REGISTRY and _REGISTRY[name] is not cls:
            raise ValueError(f"merge strategy {name!r} registered twice")
        if cls.kind not in KINDS:
            raise ValueError(f"merge strategy {name!r}: kind must be one of {KINDS}, got {cls.kind!r}")
        names = [p.name for p in cls.parameters]
        if len(set(names)) != len(names) or not set(cls.label_order or ()) <= set(names):
            raise ValueError(f"merge strategy {name!r}: parameters or label_order are inconsistent")
        cls.name = name
        _REGISTRY[name] = cls
        return cls

    return deco


def unregister(name: str) -> None:
    """Remove a strategy (tests register throwaway ones)."""
    _REGISTRY.pop(name, None)


def _discover() -> None:
    global _DISCOVERED
    if _DISCOVERED:
        return
    import swapexp.merge as pkg

    for mod in pkgutil.iter_modules(pkg.__path__):
        if not mod.name.startswith("_"):
            importlib.import_module(f"swapexp.merge.{mod.name}")
    _DISCOVERED = True


def registered_strategies() -> list[str]:
    """Every registered strategy, those that only select an input (``none``) included."""
    _discover()
    return sorted(_REGISTRY)


def available_strategies() -> list[str]:
    """The strategies that build a merged model (what ``swapexp merge --strategy`` takes)."""
    _discover()
    return sorted(n for n, cls in _REGISTRY.items() if cls.merges)


def get_strategy_class(name: str, merging_only: bool = False) -> type[MergeStrategy]:
    _discover()
    names = available_strategies() if merging_only else registered_strategies()
    if name not in names:
        raise SwapexpError(f"unknown merge strategy {name!r}; choose one of: {', '.join(names)}")
    return _REGISTRY[name]


def find_strategy_class(name: str) -> type[MergeStrategy] | None:
    """The registered class, or None (e.g. a saved run of a strategy that no longer exists)."""
    _discover()
    return _REGISTRY.get(name)


def build_strategy(name: str, arch: ArchitectureSpec = DEFAULT_ARCH, **params: Any) -> MergeStrategy:
    """Instantiate a registered strategy; unknown or out-of-range parameters are a user error.

    ``conf/merge/*.yaml`` name this function as their ``_target_``: ``hydra.utils.instantiate``
    of a ``merge`` node builds the strategy from it.
    """
    return get_strategy_class(name)(arch=arch, **params)
