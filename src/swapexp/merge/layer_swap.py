"""Fixed layer swapping (Bandarkar et al. 2024, arXiv 2410.01335).

The bottom ``k`` and top ``k`` layers come from the language expert L, the
middle from the task (here: safety) expert S. With ``transition = t > 0`` the
t layers on each side of the middle block ramp linearly from L to S: the j-th
transition layer (j = 1..t, counted from the L side) is w*S + (1-w)*L with
w = j / (t + 1). Tensors outside the layer stack come from ``non_layer``
("language" by default, as in the paper where the language expert's embeddings
and head are kept; "safety" or "blend" with ``alpha``).
"""

from typing import Any

from swapexp.checkpoint.arch import DEFAULT_ARCH, ArchitectureSpec
from swapexp.errors import SwapexpError
from swapexp.merge.base import ALPHA, MergeStrategy, Param, blend, register


def _blends_non_layer(params) -> bool:
    return params.get("non_layer") == "blend"


@register("layer_swap")
class LayerSwap(MergeStrategy):
    parameters = (
        Param("k", int, 4, "layers taken from L at each end", low=0, tag="k"),
        Param("transition", int, 0, "layers per side that ramp linearly from L to S", low=0, tag="t"),
        Param(
            "non_layer",
            str,
            "language",
            "where embeddings, final norm and lm_head come from",
            choices=("language", "safety", "blend"),
            flag="--non-layer",
        ),
        Param(
            "alpha",
            float,
            0.5,
            "blend weight of S for the non-layer tensors when non_layer=blend",
            low=0.0,
            high=1.0,
            tag=ALPHA.tag,
            used=_blends_non_layer,
        ),
    )
    label_order = ("alpha", "k", "transition")
    k: int
    transition: int
    non_layer: str
    alpha: float

    def __init__(self, arch: ArchitectureSpec = DEFAULT_ARCH, **params: Any):
        super().__init__(arch, **params)
        self.weights: dict[int, float] = {}

    def finalize(self, names):
        n = self.arch.num_layers(names)
        if 2 * (self.k + self.transition) > n:
            raise SwapexpError(
                f"layer_swap needs 2*(k + transition) <= number of layers ({n}), got k={self.k}, "
                f"transition={self.transition}; lower merge.k or merge.transition"
            )
        t = self.transition
        for i in range(n):
            depth = min(i, n - 1 - i)  # distance from the nearer end
            if depth < self.k:
                w = 0.0
            elif depth < self.k + t:
                w = (depth - self.k + 1) / (t + 1)
            else:
                w = 1.0
            self.weights[i] = w

    def units(self):
        out = []
        for i, w in self.weights.items():
            choice = "language" if w == 0.0 else "safety" if w == 1.0 else "blend"
            out.append(
                {
                    "layer": i,
                    "module": "layer",
                    "score_safety": None,
                    "score_language": None,
                    "p_safety": None,
                    "p_language": None,
                    "d": None,
                    "choice": choice,
                    "weight_safety": w,
                }
            )
        return out

    def inputs_for(self, name):
        layer = self.arch.layer_of(name)
        if layer is None:
            return ("safety", "language") if self.non_layer == "blend" else (self.non_layer,)
        w = self.weights.get(layer)
        return ("language",) if w == 0.0 else ("safety",) if w == 1.0 else ("safety", "language")

    def merge_tensor(self, name, get):
        layer = self.arch.layer_of(name)
        if layer is None:
            if self.non_layer == "blend":
                return blend(get("safety"), get("language"), self.alpha)
            return get(self.non_layer)
        w = self.weights[layer]
        if w == 0.0:
            return get("language")
        if w == 1.0:
            return get("safety")
        return blend(get("safety"), get("language"), w)
