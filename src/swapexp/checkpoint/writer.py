"""Streaming safetensors writer (atomic output directories live in :mod:`swapexp.outputs`).

The output layout (names, dtypes, shapes) is known before any tensor is
computed, so every shard's header is written first and each tensor's bytes are
then written with ``os.pwrite`` at its final offset, in any order, as soon as it
is ready. Nothing but the tensor being written is held in memory.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import torch

from swapexp.checkpoint.reader import DTYPE_NAMES, DTYPE_SIZES, INDEX_NAME
from swapexp.errors import SwapexpError
from swapexp.outputs import atomic_output_dir  # noqa: F401  (re-exported: the writer's callers use it)

_UNITS = {
    "": 1,
    "B": 1,
    "KB": 10**3,
    "MB": 10**6,
    "GB": 10**9,
    "TB": 10**12,
    "KIB": 2**10,
    "MIB": 2**20,
    "GIB": 2**30,
    "TIB": 2**40,
}


def parse_size(value: int | str) -> int:
    """'5GB' / '500MiB' / 1000 -> bytes."""
    if isinstance(value, int):
        return value
    s = str(value).strip().upper().replace(" ", "")
    num = s.rstrip("KMGTIB")
    unit = s[len(num) :]
    try:
        if unit not in _UNITS:
            raise ValueError
        size = int(float(num) * _UNITS[unit])
    except ValueError:
        raise SwapexpError(f"cannot parse size {value!r}; use e.g. 5GB, 500MB or 2GiB") from None
    if size <= 0:
        raise SwapexpError(f"size {value!r} must be positive")
    return size


@dataclass(frozen=True)
class TensorSpec:
    name: str
    dtype: str  # safetensors dtype string
    shape: tuple[int, ...]

    @property
    def nbytes(self) -> int:
        n = DTYPE_SIZES[self.dtype]
        for d in self.shape:
            n *= d
        return n


@dataclass
class _Slot:
    file: Path
    start: int
    nbytes: int
    spec: TensorSpec


class StreamingWriter:
    """Write a (possibly sharded) safetensors checkpoint tensor by tensor.

    ``specs`` fixes the layout; shards are cut greedily at ``max_shard_bytes``.
    One shard is written as ``model.safetensors``; several as
    ``model-0000k-of-0000n.safetensors`` plus ``model.safetensors.index.json``.
    """

    def __init__(self, out_dir: Path, specs: Iterable[TensorSpec], max_shard_bytes: int | str = "5GB"):
        self.out_dir = Path(out_dir)
        limit = parse_size(max_shard_bytes)
        shards: list[list[TensorSpec]] = [[]]
        size = 0
        for spec in specs:
            if shards[-1] and size + spec.nbytes > limit:
                shards.append([])
                size = 0
            shards[-1].append(spec)
            size += spec.nbytes
        n = len(shards)
        names = (
            ["model.safetensors"]
            if n == 1
            else [f"model-{k + 1:05d}-of-{n:05d}.safetensors" for k in range(n)]
        )
        self._slots: dict[str, _Slot] = {}
        self._fds: dict[Path, int] = {}
        self.weight_map: dict[str, str] = {}
        self.total_size = 0
        try:
            self._lay_out(names, shards)
        except BaseException:
            self.abort()
            raise
        self.files = [self.out_dir / f for f in names]
        self._written: set[str] = set()

    def _lay_out(self, names: list[str], shards: list[list[TensorSpec]]) -> None:
        """Create every shard: its header, and the file sized to hold every tensor."""
        for fname, shard in zip(names, shards, strict=True):
            path = self.out_dir / fname
            header: dict = {"__metadata__": {"format": "pt"}}
            offset = 0
            for spec in shard:
                header[spec.name] = {
                    "dtype": spec.dtype,
                    "shape": list(spec.shape),
                    "data_offsets": [offset, offset + spec.nbytes],
                }
                offset += spec.nbytes
            raw = json.dumps(header, separators=(",", ":")).encode()
            raw += b" " * (-len(raw) % 8)
            data_start = 8 + len(raw)
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
            self._fds[path] = fd
            os.pwrite(fd, len(raw).to_bytes(8, "little") + raw, 0)
            os.ftruncate(fd, data_start + offset)
            for spec in shard:
                h = header[spec.name]
                self._slots[spec.name] = _Slot(path, data_start + h["data_offsets"][0], spec.nbytes, spec)
                self.weight_map[spec.name] = fname
            self.total_size += offset

    def write(self, name: str, tensor: torch.Tensor) -> None:
        slot = self._slots.get(name)
        if slot is None:
            raise KeyError(f"tensor {name} is not in the output layout")
        if DTYPE_NAMES.get(tensor.dtype) != slot.spec.dtype or tuple(tensor.shape) != slot.spec.shape:
            raise ValueError(
                f"tensor {name}: got {tensor.dtype} {tuple(tensor.shape)}, layout says "
                f"{slot.spec.dtype} {slot.spec.shape}"
            )
        if slot.nbytes:
            data = memoryview(tensor.detach().contiguous().reshape(-1).view(torch.uint8).numpy())
            fd, done = self._fds[slot.file], 0
            while done < slot.nbytes:
                done += os.pwrite(fd, data[done:], slot.start + done)
        self._written.add(name)

    def close(self) -> None:
        missing = [n for n in self._slots if n not in self._written]
        for fd in self._fds.values():
            os.close(fd)
        self._fds.clear()
        if missing:
            raise RuntimeError(f"{len(missing)} tensors were never written, first: {missing[0]}")
        if len(self.files) > 1:
            index = {"metadata": {"total_size": self.total_size}, "weight_map": self.weight_map}
            (self.out_dir / INDEX_NAME).write_text(json.dumps(index, indent=2))

    def abort(self) -> None:
        for fd in self._fds.values():
            os.close(fd)
        self._fds.clear()
