"""Read what an offline W&B run recorded, from its ``run-<id>.wandb`` transaction log.

wandb >= 0.2x (wandb-core) writes ``files/config.yaml`` and ``files/wandb-summary.json`` only
when a run is synced, so an offline run's config and summary live only in the ``.wandb`` file:
a LevelDB-style log (7-byte header ``:W&B`` + magic 0xBEE1 + version, then 32 KiB blocks of
records with a crc32/length/type header) of ``wandb_internal_pb2.Record`` protobufs. This is
what ``wandb sync`` uploads.
"""

from __future__ import annotations

import json
import struct
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

BLOCK = 32 * 1024
HEADER = 7
FULL, FIRST, MIDDLE, LAST = 1, 2, 3, 4


@dataclass
class OfflineRun:
    path: Path
    run_id: str = ""
    name: str = ""
    group: str = ""
    project: str = ""
    tags: list[str] = field(default_factory=list)
    config: dict[str, Any] = field(default_factory=dict)
    summary: dict[str, Any] = field(default_factory=dict)
    history: list[dict[str, Any]] = field(default_factory=list)
    artifacts: list[dict[str, Any]] = field(default_factory=list)
    exit_code: int | None = None


def _records(data: bytes):
    from wandb.proto import wandb_internal_pb2 as pb

    assert data[:4] == b":W&B", "not a W&B transaction log"
    pos, buf = HEADER, b""
    while pos + HEADER <= len(data):
        left = BLOCK - pos % BLOCK
        if left < HEADER:  # block trailer padding
            pos += left
            continue
        _crc, length, kind = struct.unpack("<IHB", data[pos : pos + HEADER])
        if length == 0 and kind == 0:
            pos += left
            continue
        buf += data[pos + HEADER : pos + HEADER + length]
        pos += HEADER + length
        if kind in (FULL, LAST):
            rec = pb.Record()
            rec.ParseFromString(buf)
            buf = b""
            yield rec


def _key(item) -> list[str]:
    return list(item.nested_key) or [item.key]


def _set(d: dict, keys: list[str], value: Any) -> None:
    for k in keys[:-1]:
        d = d.setdefault(k, {})
    d[keys[-1]] = value


def read_offline_run(run_path: Path, timeout: float = 30.0) -> OfflineRun:
    """``run_path``: an ``offline-run-*`` directory (or its ``.wandb`` file).

    wandb-core writes the log from its own process and may still be flushing it for a moment after
    ``run.finish()`` returns in this process, so this waits (up to ``timeout`` s) for the exit record.
    """
    run_path = Path(run_path)
    f = run_path if run_path.suffix == ".wandb" else next(run_path.glob("run-*.wandb"))
    deadline = time.monotonic() + timeout
    while True:
        out = _parse(f)
        if out.exit_code is not None or time.monotonic() > deadline:
            return out
        time.sleep(0.2)


def _parse(f: Path) -> OfflineRun:
    out = OfflineRun(path=f.parent)
    try:
        records = list(_records(f.read_bytes()))
    except Exception:  # a record cut off mid-write
        return out
    for rec in records:
        kind = rec.WhichOneof("record_type")
        if kind == "run":
            r = rec.run
            out.run_id, out.name, out.group, out.project = r.run_id, r.display_name, r.run_group, r.project
            out.tags = list(r.tags)
            for item in r.config.update:
                out.config[item.key] = json.loads(item.value_json)
        elif kind == "config":
            for item in rec.config.update:
                out.config[item.key] = json.loads(item.value_json)
        elif kind == "summary":
            for item in rec.summary.update:
                _set(out.summary, _key(item), json.loads(item.value_json))
        elif kind == "history":
            row: dict[str, Any] = {}
            for item in rec.history.item:
                _set(row, _key(item), json.loads(item.value_json))
            out.history.append(row)
        elif kind == "artifact":
            a = rec.artifact
            out.artifacts.append(
                {
                    "name": a.name,
                    "type": a.type,
                    "files": [e.path for e in a.manifest.contents],
                    "metadata": json.loads(a.metadata or "{}"),
                }
            )
        elif kind == "exit":
            out.exit_code = rec.exit.exit_code
    return out


def offline_runs(run_dir: Path) -> list[OfflineRun]:
    """Every offline W&B run under ``<run_dir>/wandb/``."""
    return [read_offline_run(p) for p in sorted((Path(run_dir) / "wandb").glob("offline-run-*"))]
