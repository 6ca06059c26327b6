"""Experiment logging: one W&B run per Hydra job (``logger=wandb``, the default) or none (``logger=none``).

``conf/logger/*.yaml`` instantiate :func:`build_logger`; the pipeline's last step calls the
logger's ``log(RunInfo)``. :func:`derived_metrics` (``utility/mean``, ``objective/{safety,helpfulness,tradeoff}``) is
added to ``metrics.json`` by the pipeline before it is written.
"""

from __future__ import annotations

import inspect
from pathlib import Path
from typing import Any

from swapexp.errors import SwapexpError
from swapexp.logging.objective import derived_metrics
from swapexp.logging.run import RunInfo

LOGGERS = ("wandb", "none")

__all__ = ["LOGGERS", "NoLogger", "RunInfo", "build_logger", "derived_metrics"]


class NoLogger:
    """``logger=none``: metrics.json and the run directory are all there is."""

    name = "none"

    def log(self, info: RunInfo) -> Path | None:
        return None


def build_logger(name: str = "wandb", **options: Any):
    """The logger ``name`` with its options (the fields of ``conf/logger/NAME.yaml``)."""
    if name == "none":
        return NoLogger()
    if name == "wandb":
        from swapexp.logging.wandb_logger import WandbLogger

        known = [p for p in inspect.signature(WandbLogger.__init__).parameters if p != "self"]
        unknown = sorted(set(options) - set(known))
        if unknown:
            raise SwapexpError(
                f"logger=wandb has no option {', '.join(unknown)}; its options are: {', '.join(known)}"
            )
        return WandbLogger(**options)
    raise SwapexpError(f"unknown logger {name!r}; choose one of: {', '.join(LOGGERS)}")
