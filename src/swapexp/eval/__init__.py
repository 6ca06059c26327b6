"""Evaluation: safety (MultiJail + judges, over-refusal on benign prompts) and utility (MGSM, BELEBELE,
MMMLU, perplexity, language fidelity).

The pipeline builds :class:`EvalSettings` and :class:`Language` from the config, loads the
MultiJail split once, calls :func:`plan_evaluation` and then :func:`evaluate` with a backend factory
and a judge. The loaders (:mod:`swapexp.eval.datasets`), judges (:mod:`swapexp.eval.judges`) and
metrics (:mod:`swapexp.eval.metrics`) are usable on their own.
"""

from __future__ import annotations

from swapexp.eval.runner import Holdout, Plan, evaluate, plan_evaluation
from swapexp.eval.settings import EvalSettings, Language

__all__ = ["EvalSettings", "Holdout", "Language", "Plan", "evaluate", "plan_evaluation"]
