"""The cache directory and content hashing.

Everything swapexp builds (the converted demo model, demo experts, merge scores,
merged models, generations) lives under ``$SWAPEXP_CACHE`` (default
``~/.cache/swapexp``), keyed by a hash of what it was built from, so a rerun of
the same config finds it and does no work. A file's content hash is memoised by
(path, size, mtime) so large checkpoints are hashed once.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any


def cache_dir(override: str | os.PathLike | None = None) -> Path:
    p = Path(override or os.environ.get("SWAPEXP_CACHE") or Path.home() / ".cache" / "swapexp").expanduser()
    p.mkdir(parents=True, exist_ok=True)
    return p


def hash_json(obj: Any, n: int = 16) -> str:
    """Stable short hash of a JSON-serialisable object."""
    raw = json.dumps(obj, sort_keys=True, separators=(",", ":"), default=str).encode()
    return hashlib.sha256(raw).hexdigest()[:n]


def file_hash(path: str | os.PathLike, memo_dir: Path | None = None) -> str:
    """sha256 of a file's bytes, memoised by (realpath, size, mtime_ns)."""
    path = Path(path).resolve()
    st = path.stat()
    key = hash_json([str(path), st.st_size, st.st_mtime_ns], 32)
    memo = (memo_dir or cache_dir()) / "hashes" / key
    if memo.exists():
        return memo.read_text().strip()
    h = hashlib.sha256()
    with open(path, "rb") as f:
        while chunk := f.read(1 << 22):
            h.update(chunk)
    digest = h.hexdigest()
    memo.parent.mkdir(parents=True, exist_ok=True)
    tmp = memo.with_suffix(f".tmp{os.getpid()}")
    tmp.write_text(digest)
    os.replace(tmp, memo)
    return digest


def dir_hash(path: str | os.PathLike, patterns: tuple[str, ...] = ("*.safetensors", "*.json")) -> str:
    """Content hash of a checkpoint directory (weights and json files)."""
    path = Path(path)
    files = sorted({f for p in patterns for f in path.glob(p) if f.is_file()})
    return hash_json([[f.name, file_hash(f)] for f in files])


@contextlib.contextmanager
def locked(path: str | os.PathLike) -> Iterator[None]:
    """Hold an exclusive lock on ``path`` (created if missing) for the block: the jobs of a parallel
    sweep that would build the same cached item wait for the first one instead of building it twice.
    Without ``fcntl`` (not POSIX) the block runs unlocked."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        import fcntl
    except ImportError:  # pragma: no cover
        yield
        return
    with open(path, "a") as f:
        fcntl.flock(f, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(f, fcntl.LOCK_UN)
