"""Shared machinery of the adaptive swaps of method.md section 1.

Scores are relative update sizes of the two experts against the base, summed
(layer-wise) or root-sum-squared (module-wise) over each unit's target tensors;
shares are normalised jointly over all units; the sign and size of
d = p_S - p_L against tau picks safety, language or a blend.
"""

from __future__ import annotations

import math
from collections import defaultdict
from typing import Any, ClassVar

import torch

from swapexp.checkpoint.arch import DEFAULT_ARCH, ArchitectureSpec
from swapexp.merge.base import ALPHA, MergeStrategy, Param, blend

BASE_NORM_EPS = 1e-8
SHARE_EPS = 1e-8


def relative_update(expert: torch.Tensor, base: torch.Tensor) -> float:
    """r = ||E - B||_F / ||B||_F in float32 (||E - B||_F when ||B||_F <= 1e-8)."""
    b = base.to(torch.float32)
    return relative_updates({"expert": expert}, b)["expert"]


def relative_updates(
    experts: dict[str, torch.Tensor], base32: torch.Tensor, scratch: torch.Tensor | None = None
) -> dict[str, float]:
    """r of several experts against one float32 base, in float32, without full-size temporaries.

    ``E - B`` is formed in ``scratch`` (a float32 buffer of at least ``base32.numel()`` elements,
    reused across calls) instead of a fresh tensor per expert; the values, and so the norms, are
    exactly those of ``expert.to(float32) - base.to(float32)``.
    """
    n = base32.numel()
    if scratch is None or scratch.numel() < n:
        scratch = torch.empty(n, dtype=torch.float32)
    diff = scratch[:n].view(base32.shape)
    nb = torch.linalg.vector_norm(base32).item()
    out = {}
    for role, e in experts.items():
        if e.dtype == torch.float32:
            torch.sub(e, base32, out=diff)
        else:
            diff.copy_(e).sub_(base32)
        d = torch.linalg.vector_norm(diff).item()
        out[role] = d if nb <= BASE_NORM_EPS else d / nb
    return out


def decide(d: float, tau: float) -> str:
    if d > tau:
        return "safety"
    if d < -tau:
        return "language"
    return "blend"


#: version of the pass-1 statistic (bump when relative_updates changes): part of the score cache key
SCORES_VERSION = 1


class AdaptiveSwap(MergeStrategy):
    kind = "adaptive"
    inputs = ("base", "safety", "language")
    parameters = (
        Param("tau", float, 0.001, "decision margin, >= 0", low=0.0, tag="tau"),
        Param(
            "alpha",
            float,
            0.5,
            "blend weight of S in [0, 1] for undecided units and the non-layer tensors",
            low=0.0,
            high=1.0,
            tag=ALPHA.tag,
        ),
    )
    #: "layer": one unit per layer, score = sum(r); "module": (layer, self_attn|mlp), score = sqrt(sum r^2)
    granularity: ClassVar[str] = "layer"
    tau: float
    alpha: float

    def __init__(self, arch: ArchitectureSpec = DEFAULT_ARCH, **params: Any):
        super().__init__(arch, **params)
        # tensor name -> role -> r (relative update) of every target tensor seen in pass 1
        self._r: dict[str, dict[str, float]] = {}
        self.table: list[dict[str, Any]] = []
        self.choice: dict[tuple[int, str], str] = {}
        self._blends_non_layer = True  # any tensor outside the layers (embeddings, head) is blended
        self._scratch: torch.Tensor | None = None  # float32 buffers for E - B and B, reused across tensors

    # unit bookkeeping ---------------------------------------------------------------
    def unit_of(self, name: str) -> tuple[int, str] | None:
        """The unit a tensor belongs to, or None when it follows no unit."""
        layer = self.arch.layer_of(name)
        if layer is None:
            return None
        if self.granularity == "layer":
            return (layer, "layer")
        module = self.arch.module_of(name)
        return (layer, module) if module else None

    def all_units(self, num_layers: int) -> list[tuple[int, str]]:
        if self.granularity == "layer":
            return [(i, "layer") for i in range(num_layers)]
        return [(i, m) for i in range(num_layers) for m in self.arch.modules]

    def aggregate(self, rs: list[float]) -> float:
        if self.granularity == "layer":
            return float(sum(rs))
        return math.sqrt(sum(r * r for r in rs))

    # pass 1 -------------------------------------------------------------------------
    def wants_stats(self, name: str) -> bool:
        return self.arch.is_target(name)

    def observe(self, name: str, tensors: dict[str, torch.Tensor]) -> None:
        unit = self.unit_of(name)
        if unit is None:  # a target outside both modules cannot happen with the default spec
            return
        base = tensors["base"]
        n = base.numel()
        if self._scratch is None or self._scratch.shape[1] < n:  # grown to the largest target, then reused
            self._scratch = torch.empty((2, n), dtype=torch.float32)
        # float32 B without a fresh copy: B itself, or B converted into the second scratch row
        base32 = base if base.dtype == torch.float32 else self._scratch[1, :n].view(base.shape).copy_(base)
        self._r[name] = relative_updates(
            {role: tensors[role] for role in ("safety", "language")}, base32, self._scratch[0]
        )

    # the statistic is per tensor, so layer-wise and module-wise share it (the units differ)
    def scores_key(self) -> dict[str, Any]:
        return {
            "statistic": "relative_update",
            "version": SCORES_VERSION,
            "base_norm_eps": BASE_NORM_EPS,
            "layer_pattern": self.arch.layer_pattern,
            "targets": list(self.arch.targets),
        }

    def export_scores(self) -> dict[str, Any]:
        return {name: dict(r) for name, r in self._r.items()}

    def import_scores(self, scores) -> None:
        self._r = {name: {role: float(v) for role, v in r.items()} for name, r in scores.items()}

    def finalize(self, names: list[str]) -> None:
        self._scratch = None
        units = self.all_units(self.arch.num_layers(names))
        per_unit: dict[tuple[int, str], dict[str, list[float]]] = defaultdict(
            lambda: {"safety": [], "language": []}
        )
        for name in names:  # in checkpoint order, as pass 1 saw them
            if name in self._r and (unit := self.unit_of(name)) is not None:
                for role in ("safety", "language"):
                    per_unit[unit][role].append(self._r[name][role])
        s_s = {u: self.aggregate(per_unit[u]["safety"]) if u in per_unit else 0.0 for u in units}
        s_l = {u: self.aggregate(per_unit[u]["language"]) if u in per_unit else 0.0 for u in units}
        self._blends_non_layer = any(self.arch.layer_of(n) is None for n in names)
        tot_s = sum(s_s.values()) + SHARE_EPS
        tot_l = sum(s_l.values()) + SHARE_EPS
        self.table, self.choice = [], {}
        for u in units:
            p_s, p_l = s_s[u] / tot_s, s_l[u] / tot_l
            d = p_s - p_l
            c = decide(d, self.tau)
            self.choice[u] = c
            self.table.append(
                {
                    "layer": u[0],
                    "module": u[1],
                    "score_safety": s_s[u],
                    "score_language": s_l[u],
                    "p_safety": p_s,
                    "p_language": p_l,
                    "d": d,
                    "choice": c,
                }
            )

    def units(self) -> list[dict[str, Any]]:
        return self.table

    def identity(self) -> dict[str, Any]:
        """The strategy, every unit's choice, and alpha only when something is blended: two tau
        values that choose the same units give the same model."""
        blends = self._blends_non_layer or "blend" in self.choice.values()
        return {
            "strategy": self.name,
            "choices": [[u[0], u[1], c] for u, c in sorted(self.choice.items())],
            "alpha": self.alpha if blends else None,
        }

    # pass 2 -------------------------------------------------------------------------
    def inputs_for(self, name):
        unit = self.unit_of(name)
        if self.arch.layer_of(name) is None or (unit is not None and self.choice.get(unit) == "blend"):
            return ("safety", "language")
        if unit is None:
            return ("language",)
        return (self.choice[unit],) if unit in self.choice else ("safety", "language")

    def merge_tensor(self, name, get):
        if self.arch.layer_of(name) is None:  # embeddings, final norm, lm_head
            return blend(get("safety"), get("language"), self.alpha)
        unit = self.unit_of(name)
        if unit is None:  # module-wise: the layer's norms stay L's
            return get("language")
        c = self.choice[unit]
        if c == "safety":
            return get("safety")
        if c == "language":
            return get("language")
        return blend(get("safety"), get("language"), self.alpha)
