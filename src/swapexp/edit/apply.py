"""Write an edited checkpoint through the merges' streaming writer.

Every tensor of the input is copied as stored (same names, dtypes, shapes, order); the tensors
in ``replacements`` are written instead, cast once to the input's dtype. The directory is
written atomically (never into, over or around the input: :mod:`swapexp.outputs`) and gets the
input's config, generation config and tokenizer files.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import torch
from tqdm.auto import tqdm

from swapexp.checkpoint.host import copy_host_files
from swapexp.checkpoint.reader import Checkpoint
from swapexp.checkpoint.writer import StreamingWriter, TensorSpec
from swapexp.outputs import atomic_output_dir


def write_edited(
    ckpt: Checkpoint,
    out_dir: str | Path,
    replacements: dict[str, torch.Tensor],
    *,
    shard_size: int | str = "5GB",
    extra_json: dict[str, Any] | None = None,
    extra_text: dict[str, str] | None = None,
    copy_dirs: list[str] | tuple[str, ...] = (),
    progress: bool = True,
    overwrite: bool = False,
    what: str = "the edit output",
) -> Path:
    """Copy ``ckpt`` to ``out_dir`` with ``replacements`` (name -> tensor) swapped in.

    ``out_dir`` may not be the input, contain it or lie inside it; an existing non-empty
    directory is replaced only when it is a previous swapexp output or ``overwrite`` is true.
    ``extra_json`` / ``extra_text``: files written beside the weights (``edit.json``, the model card);
    ``copy_dirs``: folders of the input copied along (the figures of a merged model).
    """
    for name, t in replacements.items():
        info = ckpt.info(name)
        if tuple(t.shape) != info.shape:
            raise ValueError(
                f"replacement for {name} has shape {tuple(t.shape)}, checkpoint has {info.shape}"
            )
    names = ckpt.names
    specs = [TensorSpec(n, ckpt.info(n).dtype, ckpt.info(n).shape) for n in names]
    with atomic_output_dir(out_dir, kind="edit", inputs=[ckpt.path], overwrite=overwrite, what=what) as tmp:
        writer = StreamingWriter(tmp, specs, shard_size)
        try:
            for name in tqdm(names, desc="edit: write", disable=not progress, unit="t"):
                if name in replacements:
                    out = replacements[name].to(ckpt.info(name).torch_dtype)
                else:
                    out = ckpt.read(name)
                writer.write(name, out)
                del out
            writer.close()
        except BaseException:
            writer.abort()
            raise
        copy_host_files(ckpt.path, tmp)
        for fname, obj in (extra_json or {}).items():
            (tmp / fname).write_text(json.dumps(obj, indent=2))
        for fname, text in (extra_text or {}).items():
            (tmp / fname).write_text(text, encoding="utf-8")
        for folder in copy_dirs:
            if (ckpt.path / folder).is_dir():
                shutil.copytree(ckpt.path / folder, tmp / folder)
    return Path(out_dir).expanduser().resolve()
