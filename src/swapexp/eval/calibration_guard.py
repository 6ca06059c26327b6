"""The safety metric never scores a prompt the model was calibrated on.

Sparse editing calibrates on MultiJail prompts (the calibration part of the id/seed split, in the
target language and in English); scoring the edited model on any of those ids, in any language
(MultiJail's languages are translations of one another), would measure the calibration set. The
pipeline keeps the two apart by construction (one split, shared by the edit and the evaluation),
but an evaluation can still be pointed at an edited model with another split, or none: evaluating
a cached edited model with ``pipeline.evaluate_model``, or ``merge=none`` on an edited directory.

:func:`check_no_calibration_ids` cross-checks the MultiJail ids about to be scored against every
record of a calibration it can find, and refuses with one line:

- ``RUN_DIR/edit/calibration.json`` (``multijail_ids``): what this run's edit stage calibrated on;
- ``MODEL_DIR/edit.json`` (``calibration.ids``): what the evaluated model itself was edited on,
  whichever run built it.

A ``eval.safety_file`` has ids of its own, not MultiJail's, so it is not cross-checked.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from swapexp.errors import SwapexpError

#: where a calibration is recorded, relative to the run directory / the model directory
RUN_RECORD = Path("edit") / "calibration.json"
MODEL_RECORD = Path("edit.json")


def _ids(path: Path, *keys: str) -> set[int] | None:
    """The ids under ``keys`` in the JSON file ``path`` (None when the file is absent)."""
    if not path.is_file():
        return None
    try:
        node: Any = json.loads(path.read_text(encoding="utf-8"))
        for key in keys:
            node = node.get(key) if isinstance(node, dict) else None
    except (OSError, json.JSONDecodeError) as e:
        raise SwapexpError(
            f"cannot read the calibration record {path} ({e}); fix or remove it before evaluating"
        ) from None
    if node is None:
        return None
    try:
        return {int(i) for i in node}
    except (TypeError, ValueError):
        raise SwapexpError(
            f"the calibration record {path} has non-integer MultiJail ids under {'.'.join(keys)}; "
            "fix or remove it before evaluating"
        ) from None


def calibration_records(model_dir: Path | None, run_dir: Path | None) -> dict[Path, set[int]]:
    """Every calibration record found: path -> the MultiJail ids it calibrated on."""
    found = {}
    candidates = []
    if run_dir is not None:
        candidates.append((Path(run_dir) / RUN_RECORD, ("multijail_ids",)))
    if model_dir is not None:
        candidates.append((Path(model_dir) / MODEL_RECORD, ("calibration", "ids")))
    for path, keys in candidates:
        ids = _ids(path, *keys)
        if ids:
            found[path] = ids
    return found


def check_no_calibration_ids(scored: Iterable[int], model_dir: Path | None, run_dir: Path | None) -> None:
    """Refuse to score any MultiJail id in ``scored`` that a calibration record of ``model_dir`` or
    ``run_dir`` lists (one line: how many, which, from where, and the fix)."""
    scored = set(scored)
    for path, ids in calibration_records(model_dir, run_dir).items():
        leaked = sorted(scored & ids)
        if leaked:
            shown = ", ".join(map(str, leaked[:8])) + (", ..." if len(leaked) > 8 else "")
            raise SwapexpError(
                f"the safety evaluation would score {len(leaked)} MultiJail prompt(s) the sparse edit "
                f"calibrated on (ids {shown}; from {path}); evaluate with the edit's calibration split "
                "(eval.calibration_split.enabled=true with its size and seed) so they stay out"
            )
