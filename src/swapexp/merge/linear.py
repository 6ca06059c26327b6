"""Uniform linear merging: alpha * S + (1 - alpha) * L for every tensor."""

from swapexp.checkpoint.arch import DEFAULT_ARCH, ArchitectureSpec
from swapexp.merge.base import MergeStrategy, blend, check_alpha, register


@register("linear")
class Linear(MergeStrategy):
    def __init__(self, alpha: float = 0.5, arch: ArchitectureSpec = DEFAULT_ARCH):
        super().__init__(arch)
        self.alpha = check_alpha(alpha)

    def params(self):
        return {"alpha": self.alpha}

    def inputs_for(self, name):
        return ("safety", "language")

    def merge_tensor(self, name, get):
        return blend(get("safety"), get("language"), self.alpha)
