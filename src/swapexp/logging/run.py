"""What a logger is told about one finished job (built by the pipeline, read by every logger)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


@dataclass
class RunInfo:
    run_dir: Path
    metrics: Mapping[str, Any]
    config: dict[str, Any]  # the job's resolved config, nested (logged flat: ``merge.tau``)
    label: str  # the run name: modulewise-sw-tau0.001-a0.5
    kind: str  # adaptive | baseline | expert
    strategy: str  # merge.name
    edit: str | None = None  # the edit after the merge, as named in runs (sparse_edit); None = none
    lang: str = ""
    model: str | None = None
    seed: int = 0
    tags: list[str] = field(default_factory=list)  # the job's top-level ``tags``
    overrides: list[str] = field(default_factory=list)  # the job's command-line overrides
    job_num: int | None = None  # its number in a multirun
    multirun_group: str | None = None  # ``<experiment|hparams_search|multirun>-<sweep dir>`` in a multirun
