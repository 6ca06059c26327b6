"""The streaming merge engine: validate, pass 1 (statistics), pass 2 (write).

Peak memory is a few copies of the largest tensor: each pass holds one tensor
name's inputs (and their float32 copies) at a time, and the output is written
straight to its place in the shard. The kernel is asked to read the next tensor
name's bytes ahead (``posix_fadvise``), which overlaps disk reads with computation
without holding anything more in memory. (Writing on a second thread while the
next output is computed kept one more output alive and gained nothing measurable
on two cores; see the README's Performance section.)
Output goes to a temporary directory that is renamed into place only when
everything succeeded, and never to an input or a directory swapexp did not write
(:mod:`swapexp.outputs`).
"""

from __future__ import annotations

import dataclasses
import json
import logging
import shutil
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import torch
from tqdm.auto import tqdm

from swapexp.checkpoint.host import HOST_FILES, copy_host_files
from swapexp.checkpoint.reader import DTYPE_NAMES, Checkpoint
from swapexp.checkpoint.writer import StreamingWriter, TensorSpec
from swapexp.errors import SwapexpError
from swapexp.merge.base import MergeStrategy
from swapexp.modelcard import CardInput, MergeFacts, merge_argv, write_merge_files
from swapexp.outputs import atomic_output_dir, check_output_dir
from swapexp.runtime import torch_threads

log = logging.getLogger(__name__)


@dataclass
class MergeResult:
    out_dir: Path
    decisions: dict[str, Any]
    files: list[Path] = field(default_factory=list)


def check_compatible(ckpts: dict[str, Checkpoint]) -> None:
    """Same architecture, same tensor names, same shapes; the first offender is named."""
    roles = list(ckpts)
    ref_role = "language" if "language" in ckpts else roles[0]
    ref = ckpts[ref_role]
    ref_cfg = ref.config
    for role, ck in ckpts.items():
        if role == ref_role:
            continue
        cfg = ck.config
        for key in ("model_type", "architectures"):
            if key in cfg and key in ref_cfg and cfg[key] != ref_cfg[key]:
                raise SwapexpError(
                    f"experts of different architectures: {ref_role} has {key}={ref_cfg[key]}, "
                    f"{role} has {key}={cfg[key]}; all checkpoints must be fine-tuned from the same base"
                )
    ref_names = ref.names
    for role, ck in ckpts.items():
        if role == ref_role:
            continue
        missing = [n for n in ref_names if n not in ck]
        if missing:
            raise SwapexpError(
                f"tensor {missing[0]} is missing from the {role} checkpoint {ck.path} "
                f"({len(missing)} missing); all checkpoints must share one architecture"
            )
        extra = [n for n in ck.names if n not in ref]
        if extra:
            raise SwapexpError(
                f"tensor {extra[0]} is missing from the {ref_role} checkpoint {ref.path} "
                f"({len(extra)} missing); all checkpoints must share one architecture"
            )
        for n in ref_names:
            a, b = ref.info(n).shape, ck.info(n).shape
            if a != b:
                raise SwapexpError(
                    f"tensor {n} has shape {list(b)} in {role} but {list(a)} in {ref_role}; "
                    "experts must be fine-tuned from the same base model"
                )


def all_finite(t: torch.Tensor) -> bool:
    """True when ``t`` holds no NaN/Inf: one fused min/max pass, no full-size temporaries.

    ``aminmax`` propagates NaN and any Inf is its own min or max, so both are finite exactly
    when every element is (``isfinite(t).all()`` costs ~10x more: it builds boolean temporaries).
    """
    if not t.is_floating_point() or t.numel() == 0:
        return True
    if t.element_size() == 1:  # float8: no CPU min/max kernels; half holds all its values, NaN included
        t = t.to(torch.float16)
    lo, hi = torch.aminmax(t.reshape(-1))
    return bool(torch.isfinite(lo)) and bool(torch.isfinite(hi))


def _check_finite(role: str, name: str, t: torch.Tensor) -> None:
    if not all_finite(t):
        bad = "NaN" if bool(torch.isnan(t).any()) else "Inf"
        raise SwapexpError(
            f"tensor {name} of the {role} checkpoint contains {bad}; fix or re-export that checkpoint"
        )


def open_inputs(strategy: MergeStrategy, base, safety, language) -> dict[str, Checkpoint]:
    """Open the checkpoints the strategy reads (paths or Checkpoint objects), L always (the host)."""
    given = {"base": base, "safety": safety, "language": language}
    roles = [r for r in ("base", "safety", "language") if r in strategy.roles() or r == "language"]
    for role in roles:
        if given[role] is None:
            raise SwapexpError(f"merge strategy {strategy.name!r} needs the {role} model; pass --{role} DIR")
    return {r: given[r] if isinstance(given[r], Checkpoint) else Checkpoint(given[r], role=r) for r in roles}


def merge(
    strategy: MergeStrategy,
    *,
    safety,
    language,
    base=None,
    out_dir: str | Path,
    shard_size: int | str = "5GB",
    check_finite: bool = True,
    figures: bool = True,
    progress: bool = True,
    threads: int | None = 1,
    overwrite: bool = False,
    what: str = "--out",
    card: MergeFacts | None = None,
) -> MergeResult:
    """Merge S and L (and B) with ``strategy`` into ``out_dir`` (written atomically).

    ``out_dir`` is checked before anything is read (:func:`swapexp.outputs.check_output_dir`): it
    may not be an input, contain one or lie inside one, and an existing non-empty directory is
    replaced only when it is a previous swapexp output or ``overwrite`` is true. ``what`` names
    the output in error messages.

    ``threads``: torch intra-op threads while merging (restored afterwards); ``None`` or 0 keeps
    torch's setting. The per-tensor ops are memory-bound, so one thread is as fast as more on a
    small machine and much faster on a busy one (no thread hand-offs per op); raise it on a
    large machine whose page cache holds the inputs.
    """
    with torch_threads(threads):
        ckpts = open_inputs(strategy, base, safety, language)
        try:
            inputs = [ck.path for ck in ckpts.values()]
            check_output_dir(out_dir, inputs, overwrite=overwrite, what=what)  # before anything is read
            check_compatible(ckpts)
            names = ckpts["language"].names
            scan(strategy, ckpts, check_roles=list(ckpts) if check_finite else (), progress=progress)
            strategy.finalize(names)
            return write_merged(
                strategy,
                ckpts,
                out_dir,
                shard_size=shard_size,
                figures=figures,
                progress=progress,
                overwrite=overwrite,
                what=what,
                card=card,
            )
        finally:
            for ck in ckpts.values():
                ck.close()


def scan(
    strategy: MergeStrategy,
    ckpts: dict[str, Checkpoint],
    *,
    check_roles=("base", "safety", "language"),
    observe: bool = True,
    progress: bool = True,
) -> None:
    """Pass 1: every tensor of the ``check_roles`` inputs is checked for NaN/Inf, and (``observe``)
    the strategy sees every tensor it wants statistics for. Reads nothing when there is nothing to do."""
    check_roles = [r for r in ckpts if r in check_roles]
    names = ckpts["language"].names
    pass1 = [n for n in names if check_roles or (observe and strategy.wants_stats(n))]

    def roles_for(name: str) -> list[str]:
        return list(ckpts) if observe and strategy.wants_stats(name) else check_roles

    for i, name in enumerate(
        tqdm(pass1, desc=f"{strategy.name}: pass 1/2 (scores)", disable=not progress, unit="t")
    ):
        stats = observe and strategy.wants_stats(name)
        roles = roles_for(name)
        if i + 1 < len(pass1):  # the kernel reads the next tensors from disk while we compute
            for role in roles_for(pass1[i + 1]):
                ckpts[role].prefetch(pass1[i + 1])
        tensors = {}
        for role in roles:
            t = ckpts[role].read(name)
            if role in check_roles:
                _check_finite(role, name, t)
            if stats:
                tensors[role] = t
            del t
        if stats:
            strategy.observe(name, tensors)
        del tensors


def write_merged(
    strategy: MergeStrategy,
    ckpts: dict[str, Checkpoint],
    out_dir: str | Path,
    *,
    shard_size: int | str = "5GB",
    figures: bool = True,
    progress: bool = True,
    overwrite: bool = False,
    what: str = "--out",
    card: MergeFacts | None = None,
    figure_files: Mapping[str, Path] | None = None,
    shared: bool = False,
) -> MergeResult:
    """Pass 2 (after :meth:`MergeStrategy.finalize`): every output tensor computed and written at its
    place in a pre-laid-out shard, the host's files, ``decisions.json``, the figures and the model card
    (``README.md`` + ``swapexp_merge.yaml``, :mod:`swapexp.modelcard`) beside it, atomically (never
    into, over or around an input: :mod:`swapexp.outputs`).

    ``card``: the inputs as the caller knows them (references, content hashes) and the Hydra
    overrides of the run; None = the input directories, hashed here. ``figure_files``: figures drawn
    elsewhere (the pipeline's figure cache) to copy into ``figures/``. ``shared``: the output is
    addressed by content and may serve other configurations (the card says so)."""
    lang = ckpts["language"]
    names = lang.names
    decisions = strategy.decisions()
    specs = [TensorSpec(n, lang.info(n).dtype, lang.info(n).shape) for n in names]
    inputs = [ck.path for ck in ckpts.values()]
    with atomic_output_dir(out_dir, kind="merge", inputs=inputs, overwrite=overwrite, what=what) as tmp:
        writer = StreamingWriter(tmp, specs, shard_size)
        try:
            for i, name in enumerate(
                tqdm(names, desc=f"{strategy.name}: pass 2/2 (write)", disable=not progress, unit="t")
            ):
                if i + 1 < len(names):
                    for role in strategy.inputs_for(names[i + 1]) or ():
                        if role in ckpts:
                            ckpts[role].prefetch(names[i + 1])
                cache: dict[str, torch.Tensor] = {}

                def get(role: str, _name=name, _cache=cache) -> torch.Tensor:
                    if role not in _cache:
                        if role not in ckpts:
                            raise RuntimeError(f"strategy {strategy.name} read undeclared input {role}")
                        _cache[role] = ckpts[role].read(_name)
                    return _cache[role]

                out = strategy.merge_tensor(name, get)
                info = lang.info(name)
                if not info.is_float:
                    out = get("language")
                cache.clear()  # drop the inputs (those not returned as the output) before the cast
                writer.write(name, out.to(info.torch_dtype))
                del out, cache
            writer.close()
        except BaseException:
            writer.abort()
            raise
        copy_host_files(lang.path, tmp)
        (tmp / "decisions.json").write_text(json.dumps(decisions, indent=2))
        if figures and decisions["units"]:
            from swapexp.merge.figures import plot_decisions

            plot_decisions(decisions, tmp / "figures")
        for fname, src in (figure_files or {}).items():
            (tmp / "figures").mkdir(exist_ok=True)
            shutil.copyfile(src, tmp / "figures" / fname)
        final = Path(out_dir).expanduser().resolve()
        facts = card or MergeFacts(
            strategy.name, strategy.params(), {r: CardInput.of(r, ck.path) for r, ck in ckpts.items()}
        )
        facts = dataclasses.replace(
            facts,
            strategy=strategy.name,
            params=strategy.params(),
            decisions=decisions,
            figures=sorted(p.name for p in (tmp / "figures").glob("*.png")),
            shard_size=str(shard_size),
            rebuild=dataclasses.replace(
                facts.rebuild,
                merge_argv=merge_argv(
                    strategy, {r: i.path for r, i in facts.inputs.items()}, final, shard_size
                ),
            ),
        )
        write_merge_files(tmp, facts, shared_note=shared)
    out = Path(out_dir).expanduser().resolve()
    return MergeResult(out, decisions, sorted(out.iterdir()))


__all__ = [
    "merge",
    "scan",
    "write_merged",
    "open_inputs",
    "check_compatible",
    "MergeResult",
    "HOST_FILES",
    "DTYPE_NAMES",
]
