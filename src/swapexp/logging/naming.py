"""Run names and kinds from a job's config (shared by the W&B logger and the report)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

ADAPTIVE = ("layerwise", "modulewise")
# merge parameter -> short tag in run names, in name order
PARAM_TAGS = {
    "tau": "tau",
    "alpha": "a",
    "lambda_safety": "ls",
    "lambda_language": "ll",
    "k": "k",
    "transition": "t",
    "density": "d",
    "normalize": "norm",
    "seed": "seed",
}


def fmt_value(v: Any) -> str:
    """Short, stable text for a parameter value: 0.001 -> '0.001', 1.0 -> '1', 5e-05 -> '5e-05'."""
    if isinstance(v, bool):
        return str(v).lower()
    if isinstance(v, (int, float)):
        return f"{v:g}"
    return str(v)


def run_kind(merge: Mapping[str, Any]) -> str:
    """``adaptive`` (layerwise/modulewise), ``expert`` (merge=none) or ``baseline`` (other merges)."""
    name = merge.get("name")
    if name in ADAPTIVE:
        return "adaptive"
    return "expert" if name == "none" else "baseline"


def run_label(merge: Mapping[str, Any], lang: str) -> str:
    """``<strategy>-<lang>-tau<t>-a<alpha>`` with the parameters the strategy has.

    ``modulewise-sw-tau0.001-a0.5``, ``linear-sw-a0.5``, ``task_arithmetic-bn-ls1-ll1``,
    ``layer_swap-ko-k4-t0`` (alpha only when ``non_layer=blend``), ``expert-safety-sw`` (merge=none).
    """
    name = merge.get("name", "?")
    if name == "none":
        return f"expert-{merge.get('expert', 'language')}-{lang}"
    parts = [str(name), str(lang)]
    for key, tag in PARAM_TAGS.items():
        if merge.get(key) is None:
            continue
        if key == "alpha" and name == "layer_swap" and merge.get("non_layer") != "blend":
            continue  # unused
        parts.append(f"{tag}{fmt_value(merge[key])}")
    return "-".join(parts)
