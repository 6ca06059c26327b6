"""The pipeline's edit stage: edit the model the merge stage selected, cached by content hash.

Runs when the config has an ``edit`` node other than ``edit=none`` (``merge=sparse_edit``, or
``+edit=sparse`` after any merge). The edited model is cached under ``$SWAPEXP_CACHE/edited/sparse-<hash>``, the hash
covering the method's parameters, the content of the input model and the calibration prompts;
the run directory gets ``edit/summary.json``, ``edit/neurons.json``, ``edit/calibration.json``
(the MultiJail ids used) and ``edit/model_path.txt``.
"""

from __future__ import annotations

import json
import logging
import shutil
from pathlib import Path

from omegaconf import DictConfig, OmegaConf

from swapexp.cache import cache_dir, dir_hash, hash_json
from swapexp.edit.sparse import EDIT_VERSION, SparseEditParams, sparse_edit
from swapexp.errors import SwapexpError

log = logging.getLogger(__name__)

METHODS = ("sparse",)


def plan_edit(cfg: DictConfig) -> SparseEditParams | None:
    """The run's edit parameters, or None when it does not edit (no ``edit`` node, ``edit=none``).

    Called before any model is built, so a bad edit config fails at once, not after a merge.
    """
    from swapexp.edit.data import check_calibration_split
    from swapexp.merge import get_strategy_class

    name = (cfg.get("edit") or {}).get("name", "none")
    implied = get_strategy_class(cfg.merge.name).edit
    if implied and name != implied:
        raise SwapexpError(
            f"merge={cfg.merge.name} edits the model but edit={name} was given; "
            f"drop edit={name} or use merge=none"
        )
    if name == "none":
        return None
    params = edit_params(cfg)
    check_calibration_split(cfg)
    return params


def edit_params(cfg: DictConfig) -> SparseEditParams:
    node = cfg.get("edit")
    if node is None or node.get("name") == "none":
        raise SwapexpError("no edit configured; add +edit=sparse (or use merge=sparse_edit)")
    method = node.get("name", "sparse")
    if method not in METHODS:
        raise SwapexpError(f"unknown edit method {method!r}; choose one of: {', '.join(METHODS)}")
    return SparseEditParams.from_mapping(OmegaConf.to_container(node, resolve=True))


def edit_stage(cfg: DictConfig, model_dir: Path, run_dir: Path) -> Path:
    """Build (or find in the cache) the edited model; copy its summary and neurons to the run dir."""
    from swapexp.edit.data import calibration_from_cfg

    params = edit_params(cfg)
    calib = calibration_from_cfg(cfg)
    e = cfg.edit
    key = hash_json(
        {
            "method": "sparse",
            "params": params.as_dict(),
            "input": dir_hash(model_dir),
            "calibration": calib.fingerprint(),
            "version": EDIT_VERSION,
            "shard_size": str(cfg.merge_engine.shard_size),
        }
    )
    out = cache_dir(cfg.paths.cache_dir) / "edited" / f"sparse-{key}"
    if (out / "edit.json").exists():
        log.info("edited model found in cache: %s", out)
    else:
        log.info("sparse edit of %s -> %s", model_dir, out)
        sparse_edit(
            model_dir,
            calib,
            params,
            out,
            batch_size=int(e.get("batch_size", 8)),
            device=e.get("device", "auto"),
            dtype=e.get("dtype", "auto"),
            shard_size=cfg.merge_engine.shard_size,
            progress=bool(e.get("progress", True)),
        )
    dest = run_dir / "edit"
    dest.mkdir(parents=True, exist_ok=True)
    shutil.copy2(out / "edit.json", dest / "summary.json")
    shutil.copy2(out / "neurons.json", dest / "neurons.json")
    (dest / "calibration.json").write_text(
        json.dumps(
            {"lang": calib.lang, "multijail_ids": calib.ids, "harmless": len(calib.harmless)}, indent=2
        )
    )
    (dest / "model_path.txt").write_text(str(out) + "\n")
    return out
