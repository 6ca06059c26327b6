"""Demo experts fine-tuned from the embedded base (see the demo-experts issue)."""

from __future__ import annotations

from pathlib import Path

from swapexp.errors import SwapexpError


def build_expert(cfg, ref: str, role: str) -> Path:
    raise SwapexpError(f"{ref}: building demo experts is not available yet; point model.{role} at a checkpoint")
