"""The pipeline's merge stage: build the merged model (or find it in the cache) and record the
decisions in the run directory.

The stage receives a strategy object and the resolved input directories; it reads no config.
Merged models are cached under ``<cache>/merged/<strategy>-<hash>``, the hash covering the strategy,
its parameters, the content of the inputs it reads, the engine version and the shard size; the run
directory gets ``merge/decisions.json``, ``merge/figures/`` and ``merge/model_path.txt``.
"""

from __future__ import annotations

import logging
import shutil
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from swapexp.cache import dir_hash, hash_json
from swapexp.merge.base import MergeStrategy

log = logging.getLogger(__name__)

ENGINE_VERSION = 1


@dataclass(frozen=True)
class MergeOptions:
    """``merge_engine.*`` in the root config: how the streaming engine runs (every strategy)."""

    shard_size: int | str = "5GB"
    check_finite: bool = True
    figures: bool = True
    progress: bool = True
    threads: int | None = 1

    @classmethod
    def from_mapping(cls, node: Mapping[str, Any]) -> MergeOptions:
        return cls(**dict(node))


def merge_stage(
    strategy: MergeStrategy,
    models: Mapping[str, Path],
    options: MergeOptions,
    *,
    cache_root: Path,
    run_dir: Path,
) -> Path:
    """The model the strategy stands for: one of ``models`` unchanged (``none``), or the merged model,
    built or found in the cache; its decisions and figures are copied to ``run_dir/merge``."""
    from swapexp.merge import engine

    if (chosen := strategy.select(models)) is not None:  # no merge: one of the models as it is
        return chosen
    key = hash_json(
        {
            "strategy": strategy.name,
            "params": strategy.params(),
            "inputs": {r: dir_hash(models[r]) for r in strategy.roles()},
            "engine": ENGINE_VERSION,
            "shard_size": str(options.shard_size),
        }
    )
    out = Path(cache_root) / "merged" / f"{strategy.name}-{key}"
    if (out / "decisions.json").exists():
        log.info("merged model found in cache: %s", out)
    else:
        log.info("merging with %s %s -> %s", strategy.name, strategy.params(), out)
        engine.merge(
            strategy,
            base=models.get("base"),
            safety=models.get("safety"),
            language=models["language"],
            out_dir=out,
            shard_size=options.shard_size,
            check_finite=options.check_finite,
            figures=options.figures,
            progress=options.progress,
            threads=options.threads,
        )
    dest = Path(run_dir) / "merge"
    dest.mkdir(parents=True, exist_ok=True)
    shutil.copy2(out / "decisions.json", dest / "decisions.json")
    if (out / "figures").exists():
        shutil.copytree(out / "figures", dest / "figures", dirs_exist_ok=True)
    (dest / "model_path.txt").write_text(str(out) + "\n")
    return out
