"""TIES merging (Yadav et al., 2023) with mergekit's semantics.

Per tensor: each task vector ``E - B`` trimmed to its ``density`` fraction of largest magnitudes,
weighted by ``lambda_safety`` / ``lambda_language``, a sign elected per entry by the sum of the
weighted vectors, and the agreeing entries merged (their weighted mean when ``normalize``, their sum
otherwise) onto B. The arithmetic lives in ``sparse_task_arithmetic.py``.
"""

import torch

from swapexp.merge.base import register
from swapexp.merge.sparse_task_arithmetic import SparseTaskArithmetic, magnitude_trim


@register("ties")
class Ties(SparseTaskArithmetic):
    consensus = True

    def sparsify(self, delta: torch.Tensor, name: str, role: str) -> torch.Tensor:
        return magnitude_trim(delta, self.density)
