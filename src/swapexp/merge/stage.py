"""The pipeline's merge stage: find or build the merged model, record the decisions in the run dir.

A sweep never does the same work twice. Everything is addressed by content under the cache root:

- ``checked/<content hash>``: an input checkpoint whose every tensor was found finite (pass 1's
  NaN/Inf check runs once per checkpoint content, not once per merge);
- ``scores/<hash>.json``: pass 1's statistics (for the adaptive swaps: the relative update of every
  target tensor), keyed by the content of B, S and L and the statistic's settings
  (:meth:`~swapexp.merge.base.MergeStrategy.scores_key`), so the jobs of a tau x alpha sweep, and
  layer-wise and module-wise alike, score once;
- ``merged/<strategy>-<hash>``: the merged model, keyed by its *effective* content
  (:meth:`~swapexp.merge.base.MergeStrategy.identity`: the strategy, every unit's choice, alpha only
  where something is blended) and the inputs, so two tau values that choose the same units share
  one model, and through the generation cache (keyed by model content) its generations;
- ``figures/<hash>-<name>.png``: each decision figure, keyed by what it draws (the heatmap by the
  unit choices, the shares plot by the scores and tau);
- ``locks/``: the jobs of a parallel sweep that need the same item wait for the one building it.

The stage receives a strategy object and the resolved input directories; it reads no config. The
run directory gets ``merge/decisions.json`` (this run's parameters and decisions),
``merge/figures/`` and ``merge/model_path.txt``.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from swapexp.cache import dir_hash, hash_json, locked
from swapexp.errors import SwapexpError
from swapexp.merge.base import MergeStrategy
from swapexp.modelcard import CardInput, MergeFacts, Rebuild
from swapexp.runtime import torch_threads, write_json_atomic

log = logging.getLogger(__name__)

#: version of the merged-model key (bump when the engine's output for an identity changes)
ENGINE_VERSION = 2


@dataclass(frozen=True)
class MergeOptions:
    """``merge_engine.*`` in the root config: how the streaming engine runs (every strategy)."""

    shard_size: int | str = "5GB"
    check_finite: bool = True
    figures: bool = True
    progress: bool = True
    threads: int | None = 1

    def __post_init__(self) -> None:
        from swapexp.checkpoint.writer import parse_size

        parse_size(self.shard_size)
        t = self.threads
        if t is not None and (isinstance(t, bool) or not isinstance(t, int) or t < 0):
            raise SwapexpError(
                f"merge_engine.threads must be an integer >= 0 (0 = torch's default), got {t!r}"
            )

    @classmethod
    def from_mapping(cls, node: Mapping[str, Any]) -> MergeOptions:
        return cls(**dict(node))


@dataclass
class Merged:
    """What the merge stage did: the model to use next, and whether pass 1 ran and a model was written."""

    path: Path
    scored: bool = False  # pass 1 read the inputs (finiteness check and/or statistics)
    built: bool = False  # a merged model was written (False: selected input, or found in the cache)


class MergeStore:
    """The content-addressed merge caches under one root (see the module docstring)."""

    def __init__(self, root: Path):
        self.root = Path(root)

    def is_checked(self, content: str) -> bool:
        return (self.root / "checked" / content).exists()

    def mark_checked(self, content: str) -> None:
        path = self.root / "checked" / content
        path.parent.mkdir(parents=True, exist_ok=True)
        path.touch()

    def scores_path(self, key: str) -> Path:
        return self.root / "scores" / f"{key}.json"

    def load_scores(self, key: str) -> dict[str, Any] | None:
        path = self.scores_path(key)
        return json.loads(path.read_text()) if path.exists() else None

    def save_scores(self, key: str, scores: dict[str, Any]) -> None:
        path = self.scores_path(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        write_json_atomic(path, scores, sort_keys=False, indent=None)

    def merged_dir(self, strategy: MergeStrategy, key: str) -> Path:
        return self.root / "merged" / f"{strategy.name}-{key}"

    def lock(self, item: Path):
        """A lock for building ``item`` (kept apart, under ``<root>/locks``)."""
        return locked(self.root / "locks" / f"{item.parent.name}-{item.name}.lock")

    def figures(self, decisions: dict[str, Any]) -> dict[str, Path]:
        """The decision figures of ``decisions`` (file name -> cached image), each drawn once per
        content: a tau x alpha sweep draws a heatmap per distinct choice set and a shares plot per tau."""
        from swapexp.merge.figures import FIGURES, figure_content, plot_figure

        out = {}
        for name in FIGURES:
            content = figure_content(decisions, name)
            if content is None:
                continue
            path = self.root / "figures" / f"{hash_json(content)}-{name}"
            with self.lock(path):
                if not path.exists():
                    path.parent.mkdir(parents=True, exist_ok=True)
                    tmp = path.with_name(f".{path.name}.tmp{os.getpid()}.png")
                    plot_figure(name, content, tmp)
                    tmp.replace(path)
            out[name] = path
        return out


def merge_stage(
    strategy: MergeStrategy,
    models: Mapping[str, Path],
    options: MergeOptions,
    *,
    cache_root: Path,
    run_dir: Path,
    refs: Mapping[str, str] | None = None,
    overrides: Sequence[str] | None = None,
) -> Merged:
    """The model the strategy stands for: one of ``models`` unchanged (``none``), or the merged model,
    found in the cache or built; its decisions and figures are recorded in ``run_dir/merge``.

    ``refs`` (the model references of the config) and ``overrides`` (the run's Hydra overrides) go
    into the model card of a model this run builds; a model found in the cache keeps its card."""
    from swapexp.merge import engine

    if (chosen := strategy.select(models)) is not None:  # no merge: one of the models as it is
        return Merged(Path(chosen))
    store = MergeStore(cache_root)
    result = Merged(Path())
    with torch_threads(options.threads):
        ckpts = engine.open_inputs(strategy, models.get("base"), models.get("safety"), models.get("language"))
        try:
            engine.check_compatible(ckpts)
            names = ckpts["language"].names
            content = {role: dir_hash(ck.path) for role, ck in ckpts.items()}

            # pass 1, only what no earlier merge of the same content did
            check = [r for r in ckpts if options.check_finite and not store.is_checked(content[r])]
            scores_key = strategy.scores_key()
            scores = None
            if scores_key is not None:
                scores_key = hash_json({"inputs": content, "settings": scores_key})
                scores = store.load_scores(scores_key)
                if scores is not None:
                    strategy.import_scores(scores)
            observe = scores is None and any(strategy.wants_stats(n) for n in names)
            if check or observe:
                engine.scan(strategy, ckpts, check_roles=check, observe=observe, progress=options.progress)
                result.scored = True
            for role in check:
                store.mark_checked(content[role])
            if scores_key is not None and scores is None:
                store.save_scores(scores_key, strategy.export_scores())
            strategy.finalize(names)

            # pass 2, unless a merge with the same effective content exists
            key = hash_json(
                {
                    "identity": strategy.identity(),
                    "inputs": content,
                    "engine": ENGINE_VERSION,
                    "shard_size": str(options.shard_size),
                }
            )
            out = store.merged_dir(strategy, key)
            with store.lock(out):
                if (out / "decisions.json").exists():
                    log.info("merged model found in cache: %s", out)
                else:
                    log.info("merging with %s %s -> %s", strategy.name, strategy.params(), out)
                    card = MergeFacts(
                        strategy.name,
                        strategy.params(),
                        {
                            role: CardInput.of(role, ck.path, (refs or {}).get(role), content[role])
                            for role, ck in ckpts.items()
                        },
                        rebuild=Rebuild(hydra_overrides=tuple(overrides) if overrides is not None else None),
                    )
                    engine.write_merged(
                        strategy,
                        ckpts,
                        out,
                        shard_size=options.shard_size,
                        figures=False,  # drawn once per content by the figure cache, copied in
                        figure_files=store.figures(strategy.decisions()) if options.figures else None,
                        progress=options.progress,
                        what="the merged-model cache directory",
                        card=card,
                        shared=True,
                    )
                    result.built = True
            result.path = out.resolve()
        finally:
            for ck in ckpts.values():
                ck.close()
    record(strategy.decisions(), out, run_dir, figures=store.figures if options.figures else None)
    return result


def record(decisions: dict[str, Any], model_dir: Path, run_dir: Path, figures=None) -> None:
    """``run_dir/merge``: this run's ``decisions.json`` (its own parameters, even when the model is
    shared with another tau), the figures and ``model_path.txt``."""
    dest = Path(run_dir) / "merge"
    dest.mkdir(parents=True, exist_ok=True)
    (dest / "decisions.json").write_text(json.dumps(decisions, indent=2))
    if figures is not None and decisions["units"]:
        (dest / "figures").mkdir(exist_ok=True)
        for name, path in figures(decisions).items():
            shutil.copy2(path, dest / "figures" / name)
    (dest / "model_path.txt").write_text(str(model_dir) + "\n")
