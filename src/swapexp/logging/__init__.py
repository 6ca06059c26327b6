"""Experiment logging: one W&B run per Hydra job (``logger=wandb``, the default) or none (``logger=none``).

:func:`log_run` is the pipeline's last step. :func:`derived_metrics` (``utility/mean``,
``objective/tradeoff``) is added to ``metrics.json`` by the pipeline before it is written.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from swapexp.errors import SwapexpError
from swapexp.logging.objective import derived_metrics

LOGGERS = ("wandb", "none")

__all__ = ["LOGGERS", "derived_metrics", "log_run"]


def log_run(cfg, run_dir: Path, metrics: dict[str, Any]) -> Path | None:
    """Send one job's config, metrics and artefacts to the configured logger.

    Returns the logger's local run directory (the W&B offline run dir), or None.
    """
    name = cfg.logger.name
    if name == "none":
        return None
    if name == "wandb":
        from swapexp.logging.wandb_logger import log_wandb_run

        return log_wandb_run(cfg, Path(run_dir), metrics)
    raise SwapexpError(f"unknown logger {name!r}; choose one of: {', '.join(LOGGERS)}")
