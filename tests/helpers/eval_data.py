"""Locate the shared benchmark data (MultiJail.csv, MGSM TSVs) for tests."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


def shared_data_dir() -> Path | None:
    """``$SWAPEXP_DATA`` if set, else ``<repo>/../shared/data``; None when it has no MultiJail.csv."""
    d = Path(os.environ.get("SWAPEXP_DATA") or REPO.parent / "shared" / "data")
    return d if (d / "multijail" / "MultiJail.csv").is_file() else None


def require_shared_data() -> Path:
    d = shared_data_dir()
    if d is None:
        pytest.skip("shared data (MultiJail.csv, MGSM TSVs) not found: set SWAPEXP_DATA=/path/to/shared/data")
    return d
