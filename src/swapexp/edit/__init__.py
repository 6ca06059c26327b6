"""Sparse weight editing (method.md §2): a training-free edit of one model's MLP projection.

Not a merge strategy: it needs activations, not per-tensor arithmetic, so it is not in
``swapexp.merge.available_strategies()`` (the ``swapexp merge --strategy`` list). The pipeline
runs it as its own stage after the merge stage (``merge=sparse_edit`` edits one expert,
``edit=sparse`` edits whatever the merge produced). ``conf/edit/*.yaml`` instantiate
:func:`build_edit`.

- :mod:`~swapexp.edit.activations`: forward hooks on every layer's MLP, batched, pooled
- :mod:`~swapexp.edit.neurons`: safety-neuron selection by z-score and Cohen's d
- :mod:`~swapexp.edit.solver`: the closed-form rank-constrained ridge solution (float64)
- :mod:`~swapexp.edit.apply`: write the edited checkpoint with the streaming writer
- :mod:`~swapexp.edit.sparse`: the method end to end; :mod:`~swapexp.edit.stage`: the pipeline
  stage (the edit's settings, its cache, what the run directory receives)
"""

from __future__ import annotations

from typing import Any

from swapexp.edit.solver import EditSolution, solve_low_rank
from swapexp.edit.sparse import Calibration, EditResult, SparseEditParams, sparse_edit
from swapexp.edit.stage import SparseEdit
from swapexp.errors import SwapexpError

#: edit methods by name (``edit=NAME``); ``none`` = no edit
EDITS = {"sparse": SparseEdit}

__all__ = [
    "EDITS",
    "Calibration",
    "EditResult",
    "EditSolution",
    "SparseEdit",
    "SparseEditParams",
    "build_edit",
    "solve_low_rank",
    "sparse_edit",
]


def build_edit(name: str = "none", **options: Any) -> SparseEdit | None:
    """The edit stage ``name`` with its options (the fields of ``conf/edit/NAME.yaml``); None for
    ``edit=none``."""
    if name == "none":
        return None
    if name not in EDITS:
        raise SwapexpError(f"unknown edit method {name!r}; choose one of: none, {', '.join(EDITS)}")
    return EDITS[name].from_options(options)
