"""Experiment logging (W&B or none)."""

from __future__ import annotations

from pathlib import Path
from typing import Any


def log_run(cfg, run_dir: Path, metrics: dict[str, Any]) -> None:
    """Send one job's config, metrics and artefacts to the configured logger."""
    if cfg.logger.name == "none":
        return
