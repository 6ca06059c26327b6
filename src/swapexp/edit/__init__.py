"""Sparse weight editing (method.md §2): a training-free edit of one model's MLP projection.

Not a merge strategy: it needs activations, not per-tensor arithmetic, so it is not in
``swapexp.merge.available_strategies()`` (the ``swapexp merge --strategy`` list). The pipeline
runs it as its own stage after the merge stage (``merge=sparse_edit`` edits one expert,
``+edit=sparse`` edits whatever the merge produced).

- :mod:`~swapexp.edit.activations`: forward hooks on every layer's MLP, batched, pooled
- :mod:`~swapexp.edit.neurons`: safety-neuron selection by z-score and Cohen's d
- :mod:`~swapexp.edit.solver`: the closed-form rank-constrained ridge solution (float64)
- :mod:`~swapexp.edit.apply`: write the edited checkpoint with the streaming writer
- :mod:`~swapexp.edit.sparse`: the method end to end; :mod:`~swapexp.edit.data` and
  :mod:`~swapexp.edit.stage`: calibration data and the pipeline stage
"""

from swapexp.edit.solver import EditSolution, solve_low_rank
from swapexp.edit.sparse import Calibration, EditResult, SparseEditParams, sparse_edit

__all__ = ["Calibration", "EditResult", "EditSolution", "SparseEditParams", "solve_low_rank", "sparse_edit"]
