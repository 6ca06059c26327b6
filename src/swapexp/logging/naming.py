"""Run names and kinds from a job's ``merge`` (and ``edit``) config node, read from the strategy's
declared facts (:mod:`swapexp.merge.base`); shared by the W&B logger, the run directories and the report."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from swapexp.merge.base import fmt_value

__all__ = ["edit_label", "fmt_value", "run_kind", "run_label", "strategy_label"]


def _cls(merge: Mapping[str, Any]):
    from swapexp.merge import find_strategy_class

    return find_strategy_class(str(merge.get("name", "?")))


def edit_label(merge: Mapping[str, Any], edit: Mapping[str, Any] | str | None) -> str | None:
    """The edit as shown in run names (``sparse_edit``), or None: no edit, or the one the strategy
    implies (``merge=sparse_edit`` is named ``sparse_edit``, not ``sparse_edit+sparse_edit``)."""
    name = edit.get("name") if isinstance(edit, Mapping) else edit
    if not name or name == "none":
        return None
    cls = _cls(merge)
    if cls is not None and cls.edit == name:
        return None
    from swapexp.edit import EDITS  # the edit method declares its label

    method = EDITS.get(str(name))
    return method.label if method is not None else str(name)


def strategy_label(merge: Mapping[str, Any], edit: Mapping[str, Any] | str | None = None) -> str:
    """``modulewise``, ``modulewise+sparse_edit``: the strategy part of run directories."""
    label = edit_label(merge, edit)
    return str(merge.get("name", "?")) + (f"+{label}" if label else "")


def run_kind(merge: Mapping[str, Any]) -> str:
    """``adaptive``, ``expert`` or ``baseline``, as the strategy declares (unknown: baseline)."""
    cls = _cls(merge)
    return cls.kind if cls is not None else "baseline"


def run_label(merge: Mapping[str, Any], lang: str, edit: Mapping[str, Any] | str | None = None) -> str:
    """``<strategy>[+<edit>]-<lang>-<tag><value>...`` with the parameters the strategy uses.

    ``modulewise-sw-tau0.001-a0.5``, ``linear-sw-a0.5``, ``task_arithmetic-bn-ls1-ll1``,
    ``layer_swap-ko-k4-t0`` (alpha only when ``non_layer=blend``), ``expert-safety-sw`` (merge=none),
    ``modulewise+sparse_edit-sw-tau0.001-a0.5`` (with edit=sparse).
    """
    cls = _cls(merge)
    label = edit_label(merge, edit)
    if cls is None:  # a strategy this version does not know (an old run directory)
        return "-".join([strategy_label(merge, edit), str(lang)])
    return cls.label(cls.describe_params(merge), lang, label)
