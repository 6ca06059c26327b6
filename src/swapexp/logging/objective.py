"""Metrics derived from the evaluation's flat metrics: the utility average and the trade-off objective.

The pipeline adds them to ``metrics.json`` (so sweepers, W&B and the report all see the same
numbers); the report recomputes them for run directories written before they existed.

- ``utility/mean``: the mean of every ``utility/<benchmark>/accuracy`` the run has (MGSM,
  BELEBELE, MMMLU; a language without a benchmark averages the others) and of the
  lm-evaluation-harness metrics named by ``eval.harness.in_mean``
  (``utility/harness/<task>/<metric>``), each counting as one benchmark.
- ``objective/tradeoff``: ``utility/mean - safety/multijail/unsafe_rate``, higher is better; the
  default target of ``hparams_search=optuna`` and of the Bayesian W&B sweep.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping
from typing import Any

UNSAFE = "safety/multijail/unsafe_rate"
UTILITY = "utility/mean"
TRADEOFF = "objective/tradeoff"
_ACCURACY = re.compile(r"^utility/([^/]+)/accuracy$")


def _number(v: Any) -> float | None:
    if isinstance(v, bool) or not isinstance(v, (int, float)):
        return None
    v = float(v)
    return v if math.isfinite(v) else None


def utility_accuracies(metrics: Mapping[str, Any]) -> dict[str, float]:
    """``{benchmark: accuracy}`` for every utility benchmark in ``metrics``."""
    out = {}
    for key, value in metrics.items():
        m = _ACCURACY.match(key)
        if m and (v := _number(value)) is not None:
            out[m.group(1)] = v
    return dict(sorted(out.items()))


def derived_metrics(metrics: Mapping[str, Any], in_mean: Iterable[str] = ()) -> dict[str, float]:
    """``utility/mean`` and ``objective/tradeoff`` when their inputs exist (else nothing).

    ``in_mean``: more metric keys (e.g. ``utility/harness/belebele_swh_Latn/acc``) averaged into
    ``utility/mean`` with the built-in accuracies; a key the run does not have is left out.
    """
    out: dict[str, float] = {}
    values = list(utility_accuracies(metrics).values())
    values += [v for key in dict.fromkeys(in_mean) if (v := _number(metrics.get(key))) is not None]
    if values:
        out[UTILITY] = sum(values) / len(values)
    unsafe = _number(metrics.get(UNSAFE))
    if UTILITY in out and unsafe is not None:
        out[TRADEOFF] = out[UTILITY] - unsafe
    return out
