"""Sparse weight editing (method.md §2) of one checkpoint, end to end.

1. Collect pooled activations (:mod:`~swapexp.edit.activations`) of the English harmful
   prompts and the English harmless prompts (every layer's ``down_proj`` input + the edited
   layer's MLP input) and of the target-language harmful prompts and the other harmless prompts
   (the edited layer's MLP input only).
2. Select the safety neurons S of every layer (:mod:`~swapexp.edit.neurons`, English harmful
   vs English harmless: like with like, so a language difference is not taken for a safety one).
3. At the edited layer, with ``W_S`` the projection restricted to S (``x @ W`` notation: the
   rows S of ``{up,gate}_proj.weight``, transposed)::

       X_low = target-language harmful inputs, X_safe = every harmless input (all languages),
       Y_target = X_en W_S,   D = Y_target - X_low W_S = (X_en - X_low) W_S

   (a bias, if the projection had one, cancels in D), and solve the rank-constrained ridge
   problem in closed form (:mod:`~swapexp.edit.solver`).
4. Write ``W[S] += dW*^T`` in the checkpoint's dtype, every other tensor copied as stored
   (:mod:`~swapexp.edit.apply`), plus ``edit.json`` (summary) and ``neurons.json``.
"""

from __future__ import annotations

import dataclasses
import logging
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import torch

from swapexp.checkpoint.arch import DEFAULT_ARCH
from swapexp.checkpoint.reader import Checkpoint
from swapexp.edit.activations import POOLINGS, collect, find_mlps, load_model
from swapexp.edit.apply import write_edited
from swapexp.edit.neurons import select_neurons
from swapexp.edit.solver import check_hyper, solve_low_rank
from swapexp.errors import SwapexpError
from swapexp.modelcard import CARD, CardInput, MergeFacts, render_edit_card
from swapexp.runtime import release_memory, write_json_atomic

log = logging.getLogger(__name__)

PROJECTIONS = ("up", "gate")
EDIT_VERSION = 1


@dataclass(frozen=True)
class SparseEditParams:
    """The method's hyper-parameters (``conf/edit/sparse.yaml`` documents each)."""

    layer: int | None = None  # None = the middle layer; negative counts from the end
    projection: str = "up"
    rank: int = 32
    gamma: float = 1.0
    lam: float = 1e-2
    pooling: str = "mean"
    z_threshold: float = 2.0
    cohens_d_threshold: float = 1.0
    absolute: bool = False
    chat_template: bool = True
    max_length: int = 256

    def __post_init__(self) -> None:
        if self.projection not in PROJECTIONS:
            raise SwapexpError(f"edit.projection={self.projection!r}; choose up or gate")
        if self.pooling not in POOLINGS:
            raise SwapexpError(f"edit.pooling={self.pooling!r}; choose one of: {', '.join(POOLINGS)}")
        if self.layer is not None and (isinstance(self.layer, bool) or int(self.layer) != self.layer):
            raise SwapexpError(
                f"edit.layer must be an integer or null (the middle layer), got {self.layer!r}"
            )
        check_hyper(self.rank, float(self.gamma), float(self.lam))

    @classmethod
    def from_mapping(cls, cfg: dict[str, Any]) -> SparseEditParams:
        """From the ``edit`` config node (nested ``selection`` flattened, runtime fields ignored)."""
        flat = {k: v for k, v in cfg.items() if k != "selection"}
        flat.update(cfg.get("selection") or {})
        names = {f.name for f in dataclasses.fields(cls)}
        return cls(**{k: v for k, v in flat.items() if k in names})

    def as_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)


@dataclass
class Calibration:
    """Parallel harmful prompts (target language / English, same order) and harmless prompts.

    ``harmless_langs`` (parallel to ``harmless``; None = unknown) decides which harmless prompts
    take part in the neuron selection: the English ones, the language of the harmful prompts the
    selection contrasts them with (all of them when none is English). Every harmless prompt enters
    the edit's preservation term ``gamma ||X_safe dW||^2``."""

    harmful_target: list[str]
    harmful_en: list[str]
    harmless: list[str]
    ids: list[Any] = field(default_factory=list)  # MultiJail ids of the harmful prompts
    lang: str = ""
    harmless_langs: list[str | None] | None = None
    harmless_sources: list[dict[str, Any]] = field(default_factory=list)  # what each source gave

    def __post_init__(self) -> None:
        if len(self.harmful_target) != len(self.harmful_en):
            raise SwapexpError(
                f"calibration prompts are not parallel: {len(self.harmful_target)} target-language vs "
                f"{len(self.harmful_en)} English"
            )
        if not self.harmful_en or not self.harmless:
            raise SwapexpError(
                "sparse editing needs harmful and harmless calibration prompts; none were given"
            )
        if self.harmless_langs is not None and len(self.harmless_langs) != len(self.harmless):
            raise ValueError("harmless_langs must have one language per harmless prompt")

    def selection_mask(self) -> list[bool]:
        """Which harmless prompts the safety-neuron selection uses: the English ones (the harmful
        prompts it contrasts them with are English), or all when none is English."""
        langs = self.harmless_langs or [None] * len(self.harmless)
        mask = [lang == "en" for lang in langs]
        return mask if any(mask) else [True] * len(self.harmless)

    def fingerprint(self) -> dict[str, Any]:
        from swapexp.cache import hash_json

        return {
            "ids": self.ids,
            "lang": self.lang,
            "texts": hash_json([self.harmful_target, self.harmful_en, self.harmless], 32),
        }


@dataclass
class EditResult:
    out_dir: Path
    summary: dict[str, Any]
    neurons: dict[str, Any]


def resolve_layer(layer: int | None, num_layers: int) -> int:
    if num_layers < 1:
        raise SwapexpError("the checkpoint has no decoder layers (model.layers.N.*)")
    if layer is None:
        return num_layers // 2
    if not -num_layers <= layer < num_layers:
        raise SwapexpError(
            f"edit.layer={layer} is out of range for a model with {num_layers} layers; "
            f"use 0..{num_layers - 1}, -{num_layers}..-1, or null for the middle layer"
        )
    return layer % num_layers


def projection_name(ckpt: Checkpoint, layer: int, projection: str) -> str:
    name = f"model.layers.{layer}.mlp.{projection}_proj.weight"
    if name not in ckpt:
        raise SwapexpError(
            f"{ckpt.path} has no tensor {name}; sparse editing needs a gated MLP "
            "(Llama/Qwen/Gemma/Mistral naming)"
        )
    return name


def sparse_edit(
    model_dir: str | Path,
    calib: Calibration,
    params: SparseEditParams,
    out_dir: str | Path,
    *,
    batch_size: int = 8,
    device: str | None = "auto",
    dtype: str | None = "auto",
    shard_size: int | str = "5GB",
    progress: bool = True,
    source: CardInput | None = None,
    overrides: Sequence[str] | None = None,
) -> EditResult:
    """Edit ``model_dir`` with ``params`` on ``calib``; write the edited model to ``out_dir``, with its
    model card (``README.md``). ``source`` describes ``model_dir`` for the card (None: hashed here);
    ``overrides``: the Hydra overrides of the run, the card's rebuild command."""
    t0 = time.perf_counter()
    ckpt = Checkpoint(model_dir, role="edited model")
    try:
        layer = resolve_layer(params.layer, DEFAULT_ARCH.num_layers(ckpt.names))
        name = projection_name(ckpt, layer, params.projection)
        inter, hidden = ckpt.info(name).shape
        if params.rank > min(inter, hidden):
            raise SwapexpError(
                f"edit.rank={params.rank} is above the size of {params.projection}_proj "
                f"({inter} x {hidden}); use edit.rank <= {min(inter, hidden)}"
            )

        model, tok = load_model(Path(model_dir), device, dtype)
        if len(find_mlps(model)) != DEFAULT_ARCH.num_layers(ckpt.names):
            raise SwapexpError(f"{model_dir}: the loaded model's MLPs do not match the checkpoint's layers")
        kw = dict(
            layer=layer,
            pooling=params.pooling,
            batch_size=batch_size,
            max_length=params.max_length,
            chat_template=params.chat_template,
            progress=progress,
        )
        t1, c1 = time.perf_counter(), time.process_time()
        en = collect(model, tok, calib.harmful_en, neuron_stats=True, desc="edit: harmful (en)", **kw)
        mask = calib.selection_mask()
        selecting = [p for p, m in zip(calib.harmless, mask, strict=True) if m]
        keeping = [p for p, m in zip(calib.harmless, mask, strict=True) if not m]
        safe = collect(model, tok, selecting, neuron_stats=True, desc="edit: harmless (selection)", **kw)
        x_safe = safe.x
        if keeping:  # other languages: only kept unchanged, their inputs at the edited layer suffice
            other = collect(model, tok, keeping, neuron_stats=False, desc="edit: harmless (other)", **kw)
            x_safe = torch.cat([safe.x, other.x])
        low = collect(
            model,
            tok,
            calib.harmful_target,
            neuron_stats=False,
            desc=f"edit: harmful ({calib.lang or 'target'})",
            **kw,
        )
        t_collect, c_collect = time.perf_counter() - t1, time.process_time() - c1
        del model
        release_memory()

        selection = select_neurons(
            en.stats, safe.stats, params.z_threshold, params.cohens_d_threshold, params.absolute
        )
        chosen = selection[layer]
        if not chosen.indices:
            raise SwapexpError(
                f"no safety neurons selected at layer {layer} (z > {params.z_threshold} or "
                f"Cohen's d > {params.cohens_d_threshold}); lower edit.selection.z_threshold / "
                "edit.selection.cohens_d_threshold, pick another edit.layer, or add calibration prompts"
            )
        rank = params.rank
        if rank > len(chosen.indices):
            log.warning(
                "edit.rank=%d is above the %d selected neurons; the edit has rank <= %d",
                rank,
                len(chosen.indices),
                len(chosen.indices),
            )
            rank = len(chosen.indices)
        n = len(calib.harmful_target)
        if n < rank:  # after the clamp: the neurons, not edit.rank, may be what bounds the edit
            raise SwapexpError(
                f"too few calibration prompts for an edit of rank {rank} (edit.rank={params.rank}, "
                f"{len(chosen.indices)} neurons selected at layer {layer}): {n} harmful prompts give an edit "
                f"of rank <= {n}; raise eval.calibration_split.size or lower edit.rank"
            )

        t2, c2 = time.perf_counter(), time.process_time()
        w = ckpt.read(name)
        idx = torch.tensor(chosen.indices, dtype=torch.long)
        w_s = w.to(torch.float64)[idx].T  # hidden x |S|  (x @ W notation)
        d = (en.x - low.x) @ w_s  # Y_target - X_low W_S
        sol = solve_low_rank(low.x, d, x_safe, rank=rank, gamma=float(params.gamma), lam=float(params.lam))
        new = w.to(torch.float64)
        new[idx] += sol.delta.T
        new = new.to(w.dtype)
        t_solve, c_solve = time.perf_counter() - t2, time.process_time() - c2
        stored = float((new.to(torch.float64) - w.to(torch.float64)).norm())
        if sol.delta_norm > 0 and stored < 0.5 * sol.delta_norm:
            log.warning(
                "casting the edit to %s keeps only %.0f%% of ||dW||", w.dtype, 100 * stored / sol.delta_norm
            )

        harm_x = low.x @ w_s
        summary = {
            "method": "sparse_edit",
            "version": EDIT_VERSION,
            "params": params.as_dict(),
            "layer": layer,
            "tensor": name,
            "dtype": str(w.dtype).removeprefix("torch."),
            "num_selected": len(chosen.indices),
            "rank": sol.rank,
            "singular_values": [float(v) for v in sol.singular_values[: max(rank, 8)]],
            "objective_before": sol.objective_before,
            "objective_after": sol.objective_after,
            "delta_norm": sol.delta_norm,
            "delta_norm_stored": stored,
            "weight_rows_norm": float(w_s.norm()),
            "target_gap_before": float(d.norm()),
            "target_gap_after": float((en.x @ w_s - (harm_x + low.x @ sol.delta)).norm()),
            "harmless_shift": float((x_safe @ sol.delta).norm()),
            "harmless_norm": float((x_safe @ w_s).norm()),
            "calibration": {
                "harmful": n,
                "harmless": len(calib.harmless),
                "harmless_selection": len(selecting),  # the English ones: the neuron selection's contrast
                "harmless_sources": calib.harmless_sources,
                "lang": calib.lang,
                "ids": calib.ids,
            },
            "seconds": {"activations": round(t_collect, 3), "solve": round(t_solve, 3)},  # wall clock
            "cpu_seconds": {"activations": round(c_collect, 3), "solve": round(c_solve, 3)},  # all threads
        }
        neurons = {
            "layer_edited": layer,
            "z_threshold": params.z_threshold,
            "cohens_d_threshold": params.cohens_d_threshold,
            "absolute": params.absolute,
            "pooling": params.pooling,
            "counts": {"harmful": en.count, "harmless": safe.count},
            "layers": [s.as_dict() for s in selection.values()],
        }
        log.info(
            "sparse edit: layer %d, %d neurons, rank %d, objective %.4g -> %.4g, ||dW|| = %.4g",
            layer,
            len(chosen.indices),
            sol.rank,
            sol.objective_before,
            sol.objective_after,
            sol.delta_norm,
        )
        merged = MergeFacts.load(model_dir)  # the edited model is a swapexp merge: its card's facts
        card = render_edit_card(
            summary, source or CardInput.of("edited", model_dir), merge=merged, hydra_overrides=overrides
        )
        t3 = time.perf_counter()
        out = write_edited(
            ckpt,
            out_dir,
            {name: new},
            shard_size=shard_size,
            progress=progress,
            extra_json={"edit.json": summary, "neurons.json": neurons},
            extra_text={CARD: card},
            copy_dirs=["figures"] if merged is not None and merged.figures else [],
        )
        summary["seconds"]["write"] = round(time.perf_counter() - t3, 3)
        summary["seconds"]["total"] = round(time.perf_counter() - t0, 3)
        write_json_atomic(out / "edit.json", summary, sort_keys=False)
        return EditResult(out, summary, neurons)
    finally:
        ckpt.close()
