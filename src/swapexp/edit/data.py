"""Calibration prompts for sparse editing.

- Harmful, parallel: the *calibration part* of MultiJail (``eval.calibration_split``, split by
  id and seed with :func:`swapexp.eval.datasets.multijail.split_calibration`), in the target
  language and in English. The evaluation scores safety on the other part only, so the
  edited model is never evaluated on a prompt it was calibrated on.
- Harmless: the project's own benign English prompts
  (:func:`swapexp.experts.data.load_sft` ``("benign_en")``) or a JSONL file with a ``prompt``
  field, subsampled to ``harmless_size`` with the run's seed.
"""

from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Any

from swapexp.edit.sparse import Calibration
from swapexp.errors import SwapexpError


def harmful_calibration(
    sources: str | list[str], lang: str | None, size: int, seed: int
) -> tuple[list[Any], list[str], list[str]]:
    """(ids, target-language prompts, English prompts) of MultiJail's calibration part.

    ``sources``: ``eval.multijail_path``, one source or a list tried in order (as the evaluation does).
    """
    if not lang:
        raise SwapexpError(
            "MultiJail has no prompts in this language (lang.multijail is null), so sparse editing has no "
            "harmful calibration data; choose a language MultiJail covers (ko, bn, sw)"
        )
    try:
        from swapexp.eval.datasets.multijail import load_multijail, split_calibration
        from swapexp.eval.datasets.sources import Unavailable
    except ImportError as e:
        raise SwapexpError(
            f"the MultiJail loader is not available ({e}); install the evaluation package"
        ) from None
    reasons, items = [], None
    for src in [sources] if isinstance(sources, str) else list(sources):
        try:
            items = load_multijail(src, lang)
            break
        except Unavailable as e:
            reasons.append(str(e))
    if items is None:
        raise SwapexpError(
            f"MultiJail is not available ({'; '.join(reasons) or 'no source configured'}); "
            "set eval.multijail_path to MultiJail.csv"
        )
    calib, _ = split_calibration(items, int(size), int(seed))
    calib = [it for it in calib if (it.prompt or "").strip() and (it.en or "").strip()]
    if not calib:
        raise SwapexpError("the MultiJail calibration split is empty; raise eval.calibration_split.size")
    return [it.id for it in calib], [it.prompt for it in calib], [it.en for it in calib]


def harmless_prompts(source: str, size: int | None, seed: int) -> list[str]:
    """Prompts from a named SFT set (``benign_en``) or a ``.jsonl`` path, ``size`` of them at most."""
    if str(source).endswith(".jsonl") or Path(str(source)).expanduser().is_file():
        path = Path(str(source)).expanduser()
        if not path.is_file():
            raise SwapexpError(
                f"harmless prompt file {path} does not exist; set edit.harmless to a JSONL file"
            )
        rows = []
        for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if line.strip():
                try:
                    rows.append(json.loads(line))
                except json.JSONDecodeError as e:
                    raise SwapexpError(f"{path}:{i} is not valid JSON ({e.msg}); fix the file") from None
    else:
        try:
            from swapexp.experts.data import load_sft
        except ImportError:
            raise SwapexpError(
                f"the benign prompt set {source!r} is not available (swapexp.experts.data is missing); "
                'set edit.harmless=/path/to/prompts.jsonl (one {"prompt": ...} per line)'
            ) from None
        try:
            rows = load_sft(source)
        except (FileNotFoundError, KeyError) as e:
            raise SwapexpError(
                f"cannot load the benign prompt set {source!r} ({e}); "
                'set edit.harmless=/path/to/prompts.jsonl (one {"prompt": ...} per line)'
            ) from None
    prompts = [r["prompt"] for r in rows if isinstance(r, dict) and str(r.get("prompt") or "").strip()]
    if not prompts:
        raise SwapexpError(f"the harmless prompt set {source!r} has no prompts (a 'prompt' field per row)")
    if size is not None and len(prompts) > int(size):
        prompts = random.Random(seed).sample(prompts, int(size))
    return prompts


def check_calibration_split(cfg):
    """``eval.calibration_split`` must be on: the edit's harmful prompts are its calibration part."""
    split = (cfg.get("eval") or {}).get("calibration_split") or {}
    if not split.get("enabled"):
        raise SwapexpError(
            "sparse editing calibrates on MultiJail, so the safety metric must leave those prompts out: "
            "add eval.calibration_split.enabled=true (to every row of a sweep, so rows stay comparable)"
        )
    if not split.get("size"):
        raise SwapexpError("eval.calibration_split.size must be a positive number of MultiJail prompts")
    return split


def calibration_from_cfg(cfg) -> Calibration:
    """Build the calibration set of a run (needs ``eval.calibration_split.enabled``)."""
    split = check_calibration_split(cfg)
    e = cfg.edit
    # the very sources the evaluation reads, and its seed default, so the split's ids match
    sources = cfg.eval.get("multijail_path") or str(Path(cfg.paths.data_dir) / "multijail" / "MultiJail.csv")
    if not isinstance(sources, str):
        sources = [str(s) for s in sources if s]
    ids, target, en = harmful_calibration(
        sources, cfg.lang.get("multijail"), split.size, split.get("seed", 0)
    )
    harmless = harmless_prompts(e.harmless, e.get("harmless_size"), cfg.get("seed", 0))
    return Calibration(harmful_target=target, harmful_en=en, harmless=harmless, ids=ids, lang=cfg.lang.code)
