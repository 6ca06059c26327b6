"""The pipeline's edit stage: edit the model the merge stage produced, cached by content hash.


:class:`SparseEdit` is what ``edit=sparse`` instantiates: the method's parameters and how to run it
(batch size, device, dtype) plus which harmless prompts to calibrate on (:class:`HarmlessSource`:
several sources, each with its language; by default the training parts of ``benign_en`` and of
the target language's SFT set, never the benign sets the evaluation measures over-refusal on). The pipeline hands it the
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
import os
import shutil
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from swapexp.cache import dir_hash, hash_json
from swapexp.edit.sparse import EDIT_VERSION, Calibration, SparseEditParams, sparse_edit
from swapexp.errors import SwapexpError
from swapexp.modelcard import CardInput
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


#: ``part`` of a harmless source: ``train`` = an SFT set without its held-out tail, ``all`` = every row
HARMLESS_PARTS = ("train", "all")
#: the language of the harmful prompts the safety neurons are selected on (MultiJail's English column)
SELECTION_LANG = "en"


@dataclass(frozen=True)
class HarmlessSource:
    """One source of harmless prompts: a swapexp SFT set name (``benign_en``, ``lang_sw``) or a
    ``.jsonl`` file with a ``prompt`` per row, its language (None: the rows' own ``lang`` field), and
    for an SFT set which part (``train``: without the held-out tail the demo experts never see)."""

    source: str
    lang: str | None = None
    part: str = "train"

    @property
    def is_file(self) -> bool:
        return (
            self.source.endswith(".jsonl") or "/" in self.source or Path(self.source).expanduser().is_file()
        )

    def as_dict(self) -> dict[str, Any]:
        return {"source": self.source, "lang": self.lang, "part": self.part}


def parse_harmless(spec: Any) -> tuple[HarmlessSource, ...]:
    """``edit.harmless`` as sources: a name or path, a list of them, or a list of
    ``{source, lang, part}`` mappings (mixed freely). Checks the shape, not the files."""
    if spec is None or isinstance(spec, (str, os.PathLike, Mapping)):
        spec = [spec] if spec is not None else []
    sources = []
    for entry in spec:
        if isinstance(entry, (str, os.PathLike)):
            entry = {"source": str(entry)}
        if not isinstance(entry, Mapping):
            raise SwapexpError(
                f"edit.harmless entries are names, paths or {{source, lang, part}} mappings, got {entry!r}"
            )
        unknown = sorted(set(entry) - {"source", "lang", "part"})
        if unknown:
            raise SwapexpError(
                f"edit.harmless entry {dict(entry)} has no field {', '.join(unknown)}; use source, lang, part"
            )
        source = str(entry.get("source") or "").strip()
        if not source:
            raise SwapexpError(
                f"edit.harmless entry {dict(entry)} has no source; name an SFT set or a .jsonl file"
            )
        part = str(entry.get("part") or "train")
        if part not in HARMLESS_PARTS:
            raise SwapexpError(f"edit.harmless part={part!r} for {source}; choose train or all")
        lang = entry.get("lang")
        sources.append(HarmlessSource(source, str(lang) if lang is not None else None, part))
    if not sources:
        raise SwapexpError(
            "edit.harmless is empty; give at least one harmless prompt source, e.g. edit.harmless=[benign_en]"
        )
    return tuple(sources)


@dataclass
class SparseEdit:
    """``edit=sparse`` (``conf/edit/sparse.yaml`` documents every field)."""

    params: SparseEditParams
    harmless: tuple[HarmlessSource, ...] = (HarmlessSource("benign_en", "en"),)
    harmless_size: int | None = 128  # per source
    harmless_holdout: float = 0.1  # the held-out tail part=train leaves out (experts.holdout)
    harmless_data_dir: str | None = None  # where SFT set names are read (experts.data_dir)
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
            for k in (
                "harmless",
                "harmless_size",
                "harmless_holdout",
                "harmless_data_dir",
                "batch_size",
                "device",
                "dtype",
                "progress",
            )
            if k in opts
        }
        if "harmless" in runtime:
            runtime["harmless"] = parse_harmless(runtime["harmless"])
        params = SparseEditParams.from_mapping(opts)
        known = {f for f in SparseEditParams.__dataclass_fields__} | {"selection"}
        unknown = sorted(set(opts) - known)
        if unknown:
            raise SwapexpError(f"edit=sparse has no option {', '.join(unknown)} (see conf/edit/sparse.yaml)")
        edit = cls(params=params, **runtime)
        if int(edit.batch_size) < 1:
            raise SwapexpError(f"edit.batch_size must be >= 1, got {edit.batch_size}")
        size = edit.harmless_size
        if size is not None and (isinstance(size, bool) or int(size) != size or size < 1):
            raise SwapexpError(f"edit.harmless_size must be a positive integer or null (all), got {size!r}")
        if not 0.0 <= float(edit.harmless_holdout) < 1.0:
            raise SwapexpError(f"edit.harmless_holdout must be in [0, 1), got {edit.harmless_holdout}")
        edit.check_sources()
        return edit

    def check_sources(self) -> None:
        """Every harmless source exists (before any model is built); the benign sets the evaluation
        measures over-refusal on are flagged."""
        from swapexp.experts.data import available, benign_dir, sft_path

        for src in self.harmless:
            if src.is_file:
                path = Path(src.source).expanduser()
                if not path.is_file():
                    raise SwapexpError(
                        f"harmless prompt file {path} does not exist; set edit.harmless to existing "
                        "JSONL files or swapexp SFT set names"
                    )
                if path.resolve().parent == benign_dir().resolve():
                    log.warning(
                        "edit.harmless uses %s, a benign set the evaluation measures over-refusal on: the "
                        "edit then calibrates on prompts it is scored on",
                        path,
                    )
            elif not sft_path(src.source, self.harmless_data_dir).is_file():
                have = ", ".join(available(self.harmless_data_dir)) or "none"
                raise SwapexpError(
                    f"edit.harmless names the SFT set {src.source!r}, which does not exist (available: {have}); "
                    "name one of them or a JSONL file"
                )

    def run(
        self,
        model_dir: Path,
        calibration: Calibration,
        *,
        cache_root: Path,
        run_dir: Path,
        shard_size: int | str = "5GB",
        source_ref: str | None = None,
        overrides: list[str] | None = None,
    ) -> tuple[Path, dict[str, Any]]:
        """Build (or find in the cache) the edited model; record it in ``run_dir/edit``.
        Returns the edited model's directory and the ``edit/*`` metrics. ``source_ref`` (the config's
        reference of the edited model, when it is an input) and ``overrides`` (the run's Hydra
        overrides) go into the model card of a model this run builds."""
        input_hash = dir_hash(model_dir)
        key = edit_cache_key(
            params=self.params.as_dict(),
            input_hash=input_hash,
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
                source=CardInput.of("edited", model_dir, source_ref, input_hash),
                overrides=overrides,
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
                "harmless_sources": calibration.harmless_sources,
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
    Batch size and progress are left out (like the generation cache's batch size); the versions of
    torch and transformers, whose kernels compute the activations, are in (as in the generation cache)."""
    from swapexp.runtime import library_versions, resolve_device, resolve_dtype

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
            "versions": library_versions("torch", "transformers"),
        }
    )


def edit_metrics(summary: Mapping[str, Any]) -> dict[str, Any]:
    """``edit/<field>`` for the summary's main figures (layer, neurons selected, rank, objective before
    and after, ``||dW||``)."""
    return {f"edit/{k}": summary[k] for k in METRIC_FIELDS if k in summary}
