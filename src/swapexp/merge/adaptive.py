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
from swapexp.merge.base import MergeStrategy, blend, check_alpha, check_tau

BASE_NORM_EPS = 1e-8
SHARE_EPS = 1e-8


def relative_update(expert: torch.Tensor, base: torch.Tensor) -> float:
    """r = ||E - B||_F / ||B||_F in float32 (||E - B||_F when ||B||_F <= 1e-8)."""
    b = base.to(torch.float32)
    diff = torch.linalg.vector_norm(expert.to(torch.float32) - b).item()
    nb = torch.linalg.vector_norm(b).item()
    return diff if nb <= BASE_NORM_EPS else diff / nb


def decide(d: float, tau: float) -> str:
    if d > tau:
        return "safety"
    if d < -tau:
        return "language"
    return "blend"


class AdaptiveSwap(MergeStrategy):
    needs_base = True
    #: "layer": one unit per layer, score = sum(r); "module": (layer, self_attn|mlp), score = sqrt(sum r^2)
    granularity: ClassVar[str] = "layer"

    def __init__(self, tau: float = 0.001, alpha: float = 0.5, arch: ArchitectureSpec = DEFAULT_ARCH):
        super().__init__(arch)
        self.tau = check_tau(tau)
        self.alpha = check_alpha(alpha)
        # unit -> role -> list of r values of its target tensors
        self._r: dict[tuple[int, str], dict[str, list[float]]] = defaultdict(lambda: {"safety": [], "language": []})
        self.table: list[dict[str, Any]] = []
        self.choice: dict[tuple[int, str], str] = {}

    def params(self) -> dict[str, Any]:
        return {"tau": self.tau, "alpha": self.alpha}

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
        for role in ("safety", "language"):
            self._r[unit][role].append(relative_update(tensors[role], base))

    def finalize(self, names: list[str]) -> None:
        units = self.all_units(self.arch.num_layers(names))
        s_s = {u: self.aggregate(self._r[u]["safety"]) if u in self._r else 0.0 for u in units}
        s_l = {u: self.aggregate(self._r[u]["language"]) if u in self._r else 0.0 for u in units}
        tot_s = sum(s_s.values()) + SHARE_EPS
        tot_l = sum(s_l.values()) + SHARE_EPS
        self.table, self.choice = [], {}
        for u in units:
            p_s, p_l = s_s[u] / tot_s, s_l[u] / tot_l
            d = p_s - p_l
            c = decide(d, self.tau)
            self.choice[u] = c
            self.table.append({
                "layer": u[0], "module": u[1],
                "score_safety": s_s[u], "score_language": s_l[u],
                "p_safety": p_s, "p_language": p_l, "d": d, "choice": c,
            })

    def units(self) -> list[dict[str, Any]]:
        return self.table

    # pass 2 -------------------------------------------------------------------------
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
