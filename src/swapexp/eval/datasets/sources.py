"""Where benchmark data comes from: a local file or a dataset on the Hugging Face hub.

A *source* is a string: an existing local file (``.csv``, ``.tsv``, ``.json``,
``.jsonl``, ``.parquet``; ``{lang}`` in it is replaced by the benchmark's
language code) or a hub dataset id (``org/name``). A config field may hold one
source or a list tried in order (local copy first, hub second).

A source that is simply not there (missing file, hub unreachable and not in the
local cache) raises :class:`Unavailable` with the reason, so the caller can skip
the benchmark and say why. A file that is there but malformed raises
:class:`~swapexp.errors.SwapexpError` naming the file and the problem.
"""

from __future__ import annotations

import contextlib
import logging
import os
import socket
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import urlparse

from swapexp.errors import SwapexpError

log = logging.getLogger(__name__)

T = TypeVar("T")
FILE_BUILDERS = {".csv": "csv", ".tsv": "csv", ".json": "json", ".jsonl": "json", ".parquet": "parquet"}
_REACHABLE: bool | None = None


class Unavailable(SwapexpError):
    """The data is not available here (not an error in the data).

    The evaluation catches it to skip a utility benchmark and report the reason;
    uncaught (e.g. by a script calling a loader), it is a one-line user error.
    """


def as_sources(value: str | Sequence[str] | None) -> list[str]:
    """A config value (one source, a list of them, or null) as a list of non-empty strings."""
    if value is None:
        return []
    if isinstance(value, str):
        return [value] if value.strip() else []
    return [str(v) for v in value if v is not None and str(v).strip()]


def first_available(sources: Sequence[str], load: Callable[[str], T]) -> T:
    """``load(source)`` for the first available source; :class:`Unavailable` listing every reason otherwise."""
    reasons = []
    for src in sources:
        try:
            return load(src)
        except Unavailable as e:
            reasons.append(str(e))
    raise Unavailable("; ".join(reasons) or "no source configured")


def is_hub_id(ref: str) -> bool:
    """``org/name`` that is not a local path and has no data-file suffix."""
    if ref.startswith(("/", ".", "~")) or ref.count("/") != 1 or Path(ref).suffix.lower() in FILE_BUILDERS:
        return False
    return not Path(ref).exists()


def local_path(ref: str, lang: str | None = None) -> Path:
    """``ref`` with ``{lang}`` filled in and ``~`` expanded."""
    return Path(ref.replace("{lang}", lang or "")).expanduser()


def _offline_env() -> bool:
    return any(
        os.environ.get(v, "0").strip().lower() not in ("0", "", "false", "no", "off")
        for v in ("HF_HUB_OFFLINE", "HF_DATASETS_OFFLINE")
    )


def hub_reachable(timeout: float = 3.0) -> bool:
    """Whether the hub endpoint answers a TCP connect (checked once per process).

    Without this, ``datasets`` retries for ~30 s per dataset on a machine without
    network before giving up.
    """
    global _REACHABLE
    if _offline_env():
        return False
    if _REACHABLE is None:
        from huggingface_hub import constants

        url = urlparse(constants.ENDPOINT)
        port = url.port or (443 if url.scheme == "https" else 80)
        try:
            with socket.create_connection((url.hostname, port), timeout=timeout):
                _REACHABLE = True
        except OSError:
            _REACHABLE = False
            log.info(
                "the hub (%s) is unreachable; hub datasets are read from the local cache only", url.hostname
            )
    return _REACHABLE


@contextlib.contextmanager
def _cache_only() -> Iterator[None]:
    """Make ``datasets``/``huggingface_hub`` behave as with HF_HUB_OFFLINE=1 (local cache only)."""
    from unittest import mock

    import datasets.config
    import huggingface_hub.constants

    with (
        mock.patch.object(datasets.config, "HF_HUB_OFFLINE", True),
        mock.patch.object(huggingface_hub.constants, "HF_HUB_OFFLINE", True),
    ):
        yield


def load_hub_rows(repo_id: str, config: str | None, split: str) -> list[dict[str, Any]]:
    """Rows of ``repo_id`` (config, split) from the hub or its local cache; :class:`Unavailable` if neither."""
    import datasets

    online = hub_reachable()
    ctx = contextlib.nullcontext() if online else _cache_only()
    what = f"{repo_id}" + (f" ({config})" if config else "")
    try:
        with ctx:
            ds = datasets.load_dataset(repo_id, config, split=split)
    except Exception as e:  # datasets raises many types (ConnectionError, FileNotFoundError, ValueError ...)
        msg = str(e).splitlines()[0][:200] if str(e) else type(e).__name__
        if not online:
            raise Unavailable(
                f"hub dataset {what}: hub unreachable or offline and not in the local cache"
            ) from None
        raise Unavailable(f"hub dataset {what}: {type(e).__name__}: {msg}") from None
    return [dict(r) for r in ds]


def load_file_rows(path: Path) -> list[dict[str, Any]]:
    """Rows of a local csv/tsv/json/jsonl/parquet file read with ``datasets``; malformed -> SwapexpError."""
    import datasets

    suffix = path.suffix.lower()
    builder = FILE_BUILDERS.get(suffix)
    if builder is None:
        raise SwapexpError(
            f"{path}: unsupported file type {suffix or '(none)'}; use one of {', '.join(FILE_BUILDERS)}"
        )
    if path.stat().st_size == 0:
        raise SwapexpError(f"{path} is empty; point the config at a non-empty data file")
    kwargs: dict[str, Any] = {"sep": "\t"} if suffix == ".tsv" else {}
    try:
        with _cache_only():
            ds = datasets.load_dataset(builder, data_files=str(path), split="train", **kwargs)
    except Exception as e:
        first = (str(e).splitlines() or [type(e).__name__])[0][:200]
        raise SwapexpError(
            f"cannot read {path} as {suffix[1:]} ({type(e).__name__}: {first}); fix or replace the file"
        ) from None
    rows = [dict(r) for r in ds]
    if not rows:
        raise SwapexpError(f"{path} has no rows; point the config at a non-empty data file")
    return rows


def require_columns(rows: list[dict[str, Any]], needed: Sequence[str], where: str, fix: str = "") -> None:
    have = list(rows[0]) if rows else []
    missing = [c for c in needed if c not in have]
    if missing:
        raise SwapexpError(
            f"{where} has no column {', '.join(repr(m) for m in missing)} (columns: {', '.join(have) or 'none'})"
            + (f"; {fix}" if fix else "")
        )
