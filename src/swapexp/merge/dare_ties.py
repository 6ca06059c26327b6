"""DARE-TIES (Yu et al., 2024) with mergekit's semantics.

Per tensor: each task vector ``E - B`` randomly dropped (each entry kept with probability
``density``, the kept ones divided by ``density``), weighted by ``lambda_safety`` /
``lambda_language``, then TIES' sign election and merge of the agreeing entries (divided by the sum
of their weights only when ``normalize``, off by default as in mergekit). The masks are seeded per
(``seed``, tensor, expert): a rerun is bit-identical. The arithmetic lives in
``sparse_task_arithmetic.py``.
"""

import dataclasses

import torch

from swapexp.merge.base import register
from swapexp.merge.sparse_task_arithmetic import (
    DENSITY,
    NORMALIZE,
    SEED,
    SparseTaskArithmetic,
    random_drop_,
    tensor_seed,
)
from swapexp.merge.task_arithmetic import LAMBDA_LANGUAGE, LAMBDA_SAFETY


@register("dare_ties")
class DareTies(SparseTaskArithmetic):
    consensus = True

    # mergekit's default for DARE: the weighted sum, not the weighted mean
    parameters = (
        LAMBDA_SAFETY,
        LAMBDA_LANGUAGE,
        DENSITY,
        dataclasses.replace(NORMALIZE, default=False),
        SEED,
    )
    seed: int

    def sparsify(self, delta: torch.Tensor, name: str, role: str) -> torch.Tensor:
        return random_drop_(delta, self.density, tensor_seed(self.seed, name, role))
