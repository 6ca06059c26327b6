"""The pipeline's edit stage: edit the model the merge stage produced, cached by content hash.


:class:`SparseEdit` is what ``edit=sparse`` instantiates: the method's parameters and how to run it
(batch size, device, dtype) plus which harmless prompts to calibrate on. The pipeline hands it the
model directory and the calibration prompts (:class:`~swapexp.edit.sparse.Calibration`); the edited
model is cached under ``$SWAPEXP_CACHE/edited/sparse-<hash>``, the hash covering the method's
parameters, the content of the input model, the calibration prompts and the resolved
``edit.device``/``edit.dtype`` of the activations (:func:`edit_cache_key`). The run directory gets
``edit/summary.json``, ``edit/neurons.json``, ``edit/calibration.json`` (the MultiJail ids used) and
``edit/model_path.txt``; the summary's main figures also become ``edit/*`` metrics.
"""

from __future__ import annotations

import json
import logging
import shutil
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from swapexp.cache import dir_hash, hash_json
from swapexp.edit.sparse import EDIT_VERSION, Calibration, SparseEditParams, sparse_edit
from swapexp.errors import SwapexpError
from swapexp.runtime import write_json_atomic

log = logging.getLogger(__name__)

#: summary fields reported as ``edit/<field>`` metrics (metrics.json, W&B)
METRIC_FIELDS = (
    "layer",
    "num_selected",
    "rank",
    "objective_before",
    "objective_after",
    "delta_norm",
    "delta_norm_stored",
)


@dataclass
class SparseEdit:
    """``edit=sparse`` (``conf/edit/sparse.yaml`` documents every field)."""

    params: SparseEditParams
    harmless: str = "benign_en"
    harmless_size: int | None = 128
    batch_size: int = 8
    device: str = "auto"
    dtype: str = "auto"
    progress: bool = True

    name = "sparse"
    #: how run names show the edit: modulewise+sparse_edit-sw
    label = "sparse_edit"

    @classmethod
    def from_options(cls, options: Mapping[str, Any]) -> SparseEdit:
        opts = dict(options)
        runtime = {
            k: opts.pop(k)
            for k in ("harmless", "harmless_size", "batch_size", "device", "dtype", "progress")
            if k in opts
        }
        params = SparseEditParams.from_mapping(opts)
        known = {f for f in SparseEditParams.__dataclass_fields__} | {"selection"}
        unknown = sorted(set(opts) - known)
        if unknown:
            raise SwapexpError(f"edit=sparse has no option {', '.join(unknown)} (see conf/edit/sparse.yaml)")
        edit = cls(params=params, **runtime)
        if int(edit.batch_size) < 1:
            raise SwapexpError(f"edit.batch_size must be >= 1, got {edit.batch_size}")
        return edit

    def run(
        self,
        model_dir: Path,
        calibration: Calibration,
        *,
        cache_root: Path,
        run_dir: Path,
        shard_size: int | str = "5GB",
    ) -> tuple[Path, dict[str, Any]]:
        """Build (or find in the cache) the edited model; record it in ``run_dir/edit``.
        Returns the edited model's directory and the ``edit/*`` metrics."""
        key = edit_cache_key(
            params=self.params.as_dict(),
            input_hash=dir_hash(model_dir),
            calibration=calibration.fingerprint(),
            shard_size=str(shard_size),
            device=self.device,
            dtype=self.dtype,
        )
        out = Path(cache_root) / "edited" / f"sparse-{key}"
        if (out / "edit.json").exists():
            log.info("edited model found in cache: %s", out)
        else:
            log.info("sparse edit of %s -> %s", model_dir, out)
            sparse_edit(
                model_dir,
                calibration,
                self.params,
                out,
                batch_size=int(self.batch_size),
                device=self.device,
                dtype=self.dtype,
                shard_size=shard_size,
                progress=bool(self.progress),
            )
        dest = Path(run_dir) / "edit"
        dest.mkdir(parents=True, exist_ok=True)
        shutil.copy2(out / "edit.json", dest / "summary.json")
        shutil.copy2(out / "neurons.json", dest / "neurons.json")
        write_json_atomic(
            dest / "calibration.json",
            {
                "lang": calibration.lang,
                "multijail_ids": calibration.ids,
                "harmless": len(calibration.harmless),
            },
            sort_keys=False,
        )
        (dest / "model_path.txt").write_text(str(out) + "\n")
        return out, edit_metrics(json.loads((dest / "summary.json").read_text()))


def edit_cache_key(
    *, params: dict, input_hash: str, calibration: str, shard_size: str, device: str | None, dtype: str | None
) -> str:
    """The edited model's cache key: the method's parameters, the input model's content, the
    calibration prompts, and where and in which dtype the activations are computed, resolved by the
    one ``auto`` rule of :mod:`swapexp.runtime` (on a CPU-only machine ``auto`` is float32 on CPU).
    Batch size and progress are left out (like the generation cache's batch size)."""
    from swapexp.runtime import resolve_device, resolve_dtype

    dev = resolve_device(device, "edit.device", check=False)
    try:
        run_dtype = str(resolve_dtype(dtype, dev, "edit.dtype")).removeprefix("torch.")
    except (RuntimeError, AssertionError):  # a CUDA device this process cannot query
        run_dtype = f"{dtype or 'auto'} on {dev}"
    return hash_json(
        {
            "method": "sparse",
            "params": params,
            "input": input_hash,
            "calibration": calibration,
            "version": EDIT_VERSION,
            "shard_size": shard_size,
            "device": dev.split(":")[0],
            "dtype": run_dtype,
        }
    )


def edit_metrics(summary: Mapping[str, Any]) -> dict[str, Any]:
    """``edit/<field>`` for the summary's main figures (layer, neurons selected, rank, objective before
    and after, ``||dW||``)."""
    return {f"edit/{k}": summary[k] for k in METRIC_FIELDS if k in summary}
