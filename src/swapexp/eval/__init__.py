"""Evaluation: safety (MultiJail + judges) and utility (MGSM, BELEBELE, MMMLU).

``evaluate(cfg, model_dir, run_dir) -> dict`` is what the pipeline calls; the
loaders (:mod:`swapexp.eval.datasets`), judges (:mod:`swapexp.eval.judges`) and
metrics (:mod:`swapexp.eval.metrics`) are usable on their own.
"""

from __future__ import annotations

from swapexp.eval.runner import evaluate

__all__ = ["evaluate"]
