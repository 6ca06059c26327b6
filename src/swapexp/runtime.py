"""Run-time helpers shared by every stage: the device and dtype rule, torch threads, atomic JSON
files, checked JSONL reading, library versions for cache keys and freeing memory after a model is dropped.

One ``auto`` rule for every stage that loads a model (generation backends, sparse editing):
device ``auto`` = CUDA if visible, else Apple MPS, else CPU; dtype ``auto`` = bfloat16 on a CUDA GPU
(float16 where the GPU lacks bfloat16), float32 on CPU and MPS.
"""

from __future__ import annotations

import contextlib
import functools
import json
import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from swapexp.errors import SwapexpError

DTYPES = ("auto", "float32", "bfloat16", "float16")


def resolve_device(device: str | None, what: str = "device", check: bool = True) -> str:
    """``auto`` | ``cpu`` | ``cuda`` | ``cuda:N`` | ``mps`` -> a torch device string; ``what`` names the
    config field in errors (``backend.device``); ``check=False`` does not require the device to exist
    (for cache keys)."""
    import torch

    device = str(device or "auto")
    if device == "auto":
        if torch.cuda.is_available():
            return "cuda"
        if getattr(torch.backends, "mps", None) is not None and torch.backends.mps.is_available():
            return "mps"
        return "cpu"
    if check and device.startswith("cuda") and not torch.cuda.is_available():
        raise SwapexpError(f"{what}={device} but no CUDA GPU is visible; use {what}=cpu (or auto)")
    if device not in ("cpu", "mps") and not device.startswith("cuda"):
        raise SwapexpError(f"{what} must be auto, cpu, cuda, cuda:N or mps, got {device!r}")
    return device


def resolve_dtype(dtype: str | None, device: str, what: str = "dtype"):
    """``auto``: bfloat16 on a CUDA GPU that supports it (else float16), float32 on CPU and MPS."""
    import torch

    dtype = str(dtype or "auto")
    if dtype not in DTYPES:
        raise SwapexpError(f"{what} must be one of {', '.join(DTYPES)}, got {dtype!r}")
    if dtype == "auto":
        if str(device).startswith("cuda"):
            return torch.bfloat16 if torch.cuda.is_bf16_supported() else torch.float16
        return torch.float32
    return getattr(torch, dtype)


@contextlib.contextmanager
def torch_threads(n: int | None) -> Iterator[None]:
    """Run the block with ``n`` torch intra-op threads and restore the previous setting afterwards;
    ``None`` or 0 keeps torch's setting."""
    import torch

    before = torch.get_num_threads()
    if n is not None and int(n) < 0:
        raise SwapexpError(f"threads must be >= 0 (0 = torch's default), got {n}")
    if n:
        torch.set_num_threads(int(n))
    try:
        yield
    finally:
        torch.set_num_threads(before)


def write_json_atomic(
    path: str | os.PathLike, obj: Any, *, sort_keys: bool = True, indent: int | None = 2, end: str = ""
) -> Path:
    """Write ``obj`` as JSON (UTF-8, non-ASCII kept) to a temporary name beside ``path``, then rename
    (:func:`swapexp.outputs.write_text_atomic`): a crash never leaves a half-written file, and a full
    disk or a missing permission is one line naming the path."""
    from swapexp.outputs import write_text_atomic

    text = json.dumps(obj, indent=indent, ensure_ascii=False, sort_keys=sort_keys) + end
    return write_text_atomic(path, text)


def read_jsonl_objects(path: str | os.PathLike, expected: str) -> Iterator[tuple[int, dict[str, Any]]]:
    """``(line number, object)`` for every non-blank line of the JSONL file ``path``; a line that is
    not valid JSON, or not a JSON object, is one :class:`SwapexpError` naming ``path:line`` and what
    each line should hold (``expected``, e.g. "a JSON object with prompt and response")."""
    with open(path, encoding="utf-8") as f:
        for lineno, line in enumerate(f, 1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
            except json.JSONDecodeError as e:
                raise SwapexpError(
                    f"{path}:{lineno}: not valid JSON ({e.msg}); one JSON object per line"
                ) from None
            if not isinstance(row, dict):
                raise SwapexpError(f"{path}:{lineno}: expected {expected}")
            yield lineno, row


@functools.cache
def library_version(name: str) -> str | None:
    """The installed version of a package (``None`` when absent); read once per process."""
    from importlib import metadata

    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        mod = sys.modules.get(name)
        return getattr(mod, "__version__", None)


def library_versions(*names: str) -> dict[str, str | None]:
    """``{name: version}``: the libraries whose kernels and model code produce a backend's outputs (or an edit's)."""
    return {n: library_version(n) for n in names}


def release_memory() -> None:
    """Collect garbage and return cached GPU memory after a model is dropped."""
    import gc

    gc.collect()
    try:
        import torch

        if torch.cuda.is_available():
            torch.cuda.empty_cache()
    except ImportError:  # pragma: no cover
        pass
