"""Lazy, streaming reader for safetensors checkpoints (single file or sharded).

Only the JSON headers are read up front. :meth:`Checkpoint.read` then reads one
tensor at its offset, so a merge touches one tensor at a time and never keeps
whole files mapped (``safe_open`` memory-maps the whole file, and every page it
touches stays in the process' RSS until the file is closed). A tensor of at least
:data:`MMAP_MIN_BYTES` is mapped on its own (copy-on-write, page-aligned around its
byte range): no copy out of the page cache, no fresh pages to fault in and zero,
and the mapping is released with the last tensor that uses it. Smaller tensors are
read with ``os.preadv`` into a fresh buffer (a mapping would cost more than the copy).
The safetensors format is a little-endian u64 header length, a JSON header
``{name: {dtype, shape, data_offsets}}`` and the raw bytes.

Pickle-based checkpoints (``*.bin``, ``*.pt``) are never opened.
"""

from __future__ import annotations

import json
import mmap
import os
import struct
from dataclasses import dataclass
from pathlib import Path

import torch

from swapexp.errors import SwapexpError

INDEX_NAME = "model.safetensors.index.json"

#: tensors at least this large are memory-mapped one by one instead of copied with pread
MMAP_MIN_BYTES = 1 << 20

DTYPES: dict[str, torch.dtype] = {
    "F64": torch.float64,
    "F32": torch.float32,
    "F16": torch.float16,
    "BF16": torch.bfloat16,
    "I64": torch.int64,
    "I32": torch.int32,
    "I16": torch.int16,
    "I8": torch.int8,
    "U8": torch.uint8,
    "BOOL": torch.bool,
}
if hasattr(torch, "float8_e4m3fn"):
    DTYPES["F8_E4M3"] = torch.float8_e4m3fn
    DTYPES["F8_E5M2"] = torch.float8_e5m2
DTYPE_NAMES = {v: k for k, v in DTYPES.items()}
DTYPE_SIZES = {k: torch.empty((), dtype=v).element_size() for k, v in DTYPES.items()}


@dataclass(frozen=True)
class TensorInfo:
    name: str
    dtype: str  # safetensors dtype string, e.g. "BF16"
    shape: tuple[int, ...]
    file: Path
    start: int  # absolute byte offset in `file`
    end: int

    @property
    def nbytes(self) -> int:
        return self.end - self.start

    @property
    def torch_dtype(self) -> torch.dtype:
        return DTYPES[self.dtype]

    @property
    def is_float(self) -> bool:
        return self.torch_dtype.is_floating_point


def read_header(path: Path) -> tuple[dict, dict, int]:
    """Return (tensors, metadata, data_start) of one safetensors file."""
    try:
        with open(path, "rb") as f:
            raw = f.read(8)
            if len(raw) != 8:
                raise SwapexpError(
                    f"{path} is not a safetensors file (truncated header); re-save the checkpoint"
                )
            (n,) = struct.unpack("<Q", raw)
            if n > 100 * 1024 * 1024:
                raise SwapexpError(f"{path} is not a safetensors file (header of {n} bytes); re-save it")
            header = json.loads(f.read(n))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as e:
        raise SwapexpError(
            f"cannot read safetensors header of {path} ({e}); re-save the checkpoint"
        ) from None
    metadata = header.pop("__metadata__", None) or {}
    return header, metadata, 8 + n


class Checkpoint:
    """A directory holding ``model.safetensors`` or a sharded set with its index.

    ``role`` ("base", "safety", "language", ...) only makes error messages clearer.
    """

    def __init__(self, path: str | os.PathLike, role: str = "model"):
        self.role = role
        self.path = Path(path).expanduser()
        if not self.path.exists():
            raise SwapexpError(
                f"{role} checkpoint {self.path} does not exist; pass a directory with safetensors"
            )
        if self.path.is_file():
            files = [self.path] if self.path.suffix == ".safetensors" else []
            self.path = self.path.parent
        elif (self.path / INDEX_NAME).exists():
            try:
                index = json.loads((self.path / INDEX_NAME).read_text())
                files = sorted({self.path / f for f in index["weight_map"].values()})
            except (KeyError, json.JSONDecodeError) as e:
                raise SwapexpError(
                    f"{self.path / INDEX_NAME} is malformed ({e}); re-save the checkpoint"
                ) from None
        else:
            files = sorted(self.path.glob("*.safetensors"))
        if not files:
            pickles = [p.name for p in self.path.glob("*.bin")] + [p.name for p in self.path.glob("*.pt")]
            hint = (
                f" (found {', '.join(pickles)}: swapexp never unpickles; convert with "
                "`model.save_pretrained(dir, safe_serialization=True)`)"
                if pickles
                else ""
            )
            raise SwapexpError(f"{role} checkpoint {self.path} holds no safetensors files{hint}")
        self._infos: dict[str, TensorInfo] = {}
        self.metadata: dict = {}
        for file in files:
            if not file.exists():
                raise SwapexpError(f"{role} checkpoint is missing shard {file}; re-download or re-save it")
            header, metadata, data_start = read_header(file)
            self.metadata.update(metadata)
            for name, h in header.items():
                if h["dtype"] not in DTYPES:
                    raise SwapexpError(f"tensor {name} in {file} has unsupported dtype {h['dtype']}")
                s, e = h["data_offsets"]
                self._infos[name] = TensorInfo(
                    name, h["dtype"], tuple(h["shape"]), file, data_start + s, data_start + e
                )
        self.files = files
        self._fds: dict[Path, int] = {}

    # -- metadata -----------------------------------------------------------------
    @property
    def names(self) -> list[str]:
        return list(self._infos)

    def __contains__(self, name: str) -> bool:
        return name in self._infos

    def __len__(self) -> int:
        return len(self._infos)

    def info(self, name: str) -> TensorInfo:
        try:
            return self._infos[name]
        except KeyError:
            raise SwapexpError(
                f"tensor {name} is missing from the {self.role} checkpoint {self.path}"
            ) from None

    @property
    def config(self) -> dict:
        p = self.path / "config.json"
        return json.loads(p.read_text()) if p.exists() else {}

    @property
    def nbytes(self) -> int:
        return sum(i.nbytes for i in self._infos.values())

    # -- data ---------------------------------------------------------------------
    def _fd(self, file: Path) -> int:
        fd = self._fds.get(file)
        if fd is None:
            fd = self._fds[file] = os.open(file, os.O_RDONLY)
        return fd

    def _truncated(self, info: TensorInfo) -> SwapexpError:
        return SwapexpError(f"{info.file} is truncated at tensor {info.name}; re-download or re-save it")

    def read_bytes(self, name: str) -> bytearray:
        info = self.info(name)
        buf = bytearray(info.nbytes)
        view = memoryview(buf)
        fd, pos, done = self._fd(info.file), info.start, 0
        while done < info.nbytes:
            n = os.preadv(fd, [view[done:]], pos + done)
            if n <= 0:
                raise self._truncated(info)
            done += n
        return buf

    def map_tensor(self, name: str) -> torch.Tensor:
        """Map one tensor's bytes copy-on-write; the mapping lives as long as the tensor (or a view)."""
        info = self.info(name)
        fd = self._fd(info.file)
        if os.fstat(fd).st_size < info.end:  # a mapping past the end of the file would SIGBUS on access
            raise self._truncated(info)
        start = info.start - info.start % mmap.ALLOCATIONGRANULARITY
        m = mmap.mmap(fd, info.end - start, access=mmap.ACCESS_COPY, offset=start)
        t = torch.frombuffer(
            m, dtype=info.torch_dtype, count=info.nbytes // DTYPE_SIZES[info.dtype], offset=info.start - start
        )
        return t.reshape(info.shape)

    def prefetch(self, name: str) -> None:
        """Ask the kernel to start reading one tensor's bytes into the page cache (no-op where unsupported)."""
        if hasattr(os, "posix_fadvise"):
            info = self.info(name)
            if info.nbytes:
                os.posix_fadvise(self._fd(info.file), info.start, info.nbytes, os.POSIX_FADV_WILLNEED)

    def read(self, name: str) -> torch.Tensor:
        """Read one tensor: a CPU tensor of its own (writes to it never reach the file)."""
        info = self.info(name)
        if info.nbytes == 0:
            return torch.empty(info.shape, dtype=info.torch_dtype)
        if info.nbytes >= MMAP_MIN_BYTES:
            return self.map_tensor(name)
        t = torch.frombuffer(self.read_bytes(name), dtype=info.torch_dtype)
        return t.reshape(info.shape)

    def close(self) -> None:
        for fd in self._fds.values():
            os.close(fd)
        self._fds.clear()

    def __enter__(self) -> Checkpoint:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def __del__(self) -> None:  # pragma: no cover - best effort
        try:
            self.close()
        except Exception:
            pass

    def __repr__(self) -> str:
        return f"Checkpoint({self.role}: {self.path}, {len(self)} tensors)"
