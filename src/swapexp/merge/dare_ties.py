"""DARE-TIES (Yu et al., 2024) with mergekit's semantics.

Per tensor: each task vector ``E - B`` randomly dropped (each entry kept with probability
``density``, the kept ones divided by ``density``), weighted by ``lambda_safety`` /
``lambda_language``, then TIES' sign election and merge of the agreeing entries (divided by the sum
of their weights only when ``normalize``, off by default as in mergekit). The masks are seeded per
(``seed``, tensor, expert): a rerun is bit-identical. The arithmetic lives in
``sparse_task_arithmetic.py``.
"""

import torch

from swapexp.checkpoint.arch import DEFAULT_ARCH, ArchitectureSpec
from swapexp.merge.base import register
from swapexp.merge.sparse_task_arithmetic import (
    SparseTaskArithmetic,
    check_seed,
    random_drop_,
    tensor_seed,
)


@register("dare_ties")
class DareTies(SparseTaskArithmetic):
    consensus = True

    def __init__(
        self,
        density: float = 0.5,
        lambda_safety: float = 1.0,
        lambda_language: float = 1.0,
        normalize: bool = False,
        seed: int = 0,
        arch: ArchitectureSpec = DEFAULT_ARCH,
    ):
        self._set_common(lambda_safety, lambda_language, density, normalize, arch)
        self.seed = check_seed(seed)

    def params(self):
        return {**super().params(), "seed": self.seed}

    def sparsify(self, delta: torch.Tensor, name: str, role: str) -> torch.Tensor:
        return random_drop_(delta, self.density, tensor_seed(self.seed, name, role))
