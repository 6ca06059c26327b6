"""DARE-TIES (Yu et al., 2024) with mergekit's semantics.

Per tensor: each task vector ``E - B`` randomly dropped (each entry kept with probability
``density``, the kept ones divided by ``density``), weighted by ``lambda_safety`` /
``lambda_language``, then TIES' sign election and merge of the agreeing entries (divided by the sum
of their weights only when ``normalize``, off by default as in mergekit). The masks are seeded per
(``seed``, tensor, expert): a rerun is bit-identical. The arithmetic lives in
``sparse_task_arithmetic.py``.
"""

from swapexp.merge.base import register
from swapexp.merge.sparse_task_arithmetic import RandomDrop


@register("dare_ties")
class DareTies(RandomDrop):
    consensus = True
