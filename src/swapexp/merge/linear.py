"""Uniform linear merging: alpha * S + (1 - alpha) * L for every tensor."""

from swapexp.merge.base import ALPHA, MergeStrategy, blend, register


@register("linear")
class Linear(MergeStrategy):
    parameters = (ALPHA,)
    alpha: float

    def inputs_for(self, name):
        return ("safety", "language")

    def merge_tensor(self, name, get):
        return blend(get("safety"), get("language"), self.alpha)
