"""DARE with a linear combination (Yu et al., 2024) with mergekit's semantics.

Per tensor: each task vector ``E - B`` randomly dropped (each entry kept with probability
``density``, the kept ones divided by ``density``), then
``B + lambda_S d_S + lambda_L d_L`` (divided by ``lambda_S + lambda_L`` when ``normalize``, off by
default as in mergekit). No sign election: at ``density=1`` this is task arithmetic. The masks are
seeded per (``seed``, tensor, expert): a rerun is bit-identical. The arithmetic lives in
``sparse_task_arithmetic.py``.
"""

from swapexp.merge.base import register
from swapexp.merge.sparse_task_arithmetic import RandomDrop


@register("dare_linear")
class DareLinear(RandomDrop):
    consensus = False
