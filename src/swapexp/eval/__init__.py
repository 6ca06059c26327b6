"""Evaluation: safety (MultiJail + judges) and utility (MGSM, BELEBELE, MMMLU)."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)


def evaluate(cfg, model_dir: Path, run_dir: Path) -> dict[str, Any]:
    """Evaluate ``model_dir``; return flat metrics (placeholder until the evaluation issue lands)."""
    log.warning("evaluation is not implemented yet; no metrics computed for %s", model_dir)
    return {}
