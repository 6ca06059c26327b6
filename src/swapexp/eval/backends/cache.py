"""The generation cache: a rerun of the same config generates nothing.

:class:`CachedBackend` wraps any :class:`Backend`. Every completion is stored under a key hashing

- the model's content hash (:func:`swapexp.cache.dir_hash` over weights, json, tokenizer and chat
  template files: a merged model with the same weights shares the entries, a retrained one does not),
- the backend's output-relevant settings (:meth:`Backend.fingerprint`: backend name, dtype, chat
  template on/off and generation prompt, attention kernel, every vLLM ``engine_kwargs`` entry (e.g.
  ``quantization``), ``max_model_len`` and the too-long policy, the torch/transformers/vLLM versions),
- the conversation (its messages, after ``str`` -> one user message),
- the decoding settings (greedy ignores ``top_p`` and ``seed``).

Choice scores (:meth:`Backend.score_choices`) are cached the same way, keyed by the choices and prefix
instead of the decoding settings; text log-likelihoods (:meth:`Backend.loglikelihood`) by the text and
the window length instead of a conversation. Every key names its kind (``generate``, ``score``,
``loglikelihood``), so one string asked for in two ways is two entries. Entries live in one SQLite file per model under
``<cache>/generations/<model-hash>.sqlite``; each finished batch is committed in its own transaction,
so an interrupted run keeps what it generated and two processes can share a file (SQLite locks it;
writers wait up to ``timeout`` seconds). ``hits``/``misses`` count looked-up items.
"""

from __future__ import annotations

import json
import logging
import os
import sqlite3
import time
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from swapexp.cache import dir_hash, hash_json
from swapexp.eval.backends.base import (
    DEFAULT_LL_WINDOW,
    Backend,
    Conversation,
    DecodingConfig,
    as_messages,
)

log = logging.getLogger(__name__)

#: bump when the key's meaning changes, so entries written under the old meaning are never served
#: (2: complete backend fingerprint; hf no longer applies generation_config.json sampling settings)
CACHE_VERSION = 2
MODEL_FILES = ("*.safetensors", "*.json", "*.jinja", "tokenizer*", "*.model", "*.tiktoken")
_SQL_CHUNK = 500  # keys per SELECT (SQLite caps bound parameters)


class GenerationStore:
    """A key -> JSON value table in one SQLite file, safe for concurrent processes."""

    def __init__(self, path: Path, timeout: float = 120.0):
        self.path = Path(path)
        self.timeout = timeout
        self._conn: sqlite3.Connection | None = None
        self._pid: int | None = None

    @property
    def conn(self) -> sqlite3.Connection:
        if self._conn is None or self._pid != os.getpid():  # never share a connection across fork
            self.path.parent.mkdir(parents=True, exist_ok=True)
            conn = sqlite3.connect(self.path, timeout=self.timeout)
            with conn:
                conn.execute(
                    "CREATE TABLE IF NOT EXISTS entries (key TEXT PRIMARY KEY, kind TEXT NOT NULL, "
                    "request TEXT NOT NULL, value TEXT NOT NULL, created REAL NOT NULL)"
                )
            self._conn, self._pid = conn, os.getpid()
        return self._conn

    def get_many(self, keys: Sequence[str]) -> dict[str, Any]:
        found: dict[str, Any] = {}
        uniq = list(dict.fromkeys(keys))
        for k in range(0, len(uniq), _SQL_CHUNK):
            chunk = uniq[k : k + _SQL_CHUNK]
            marks = ",".join("?" * len(chunk))
            for key, value in self.conn.execute(
                f"SELECT key, value FROM entries WHERE key IN ({marks})", chunk
            ):
                found[key] = json.loads(value)
        return found

    def put_many(self, rows: Iterable[tuple[str, str, Any, Any]]) -> None:
        """Insert ``(key, kind, request, value)`` rows in one transaction (all or nothing)."""
        now = time.time()
        data = [
            (k, kind, json.dumps(req, ensure_ascii=False), json.dumps(val, ensure_ascii=False), now)
            for k, kind, req, val in rows
        ]
        if data:
            with self.conn:
                self.conn.executemany("INSERT OR REPLACE INTO entries VALUES (?, ?, ?, ?, ?)", data)

    def __len__(self) -> int:
        return int(self.conn.execute("SELECT COUNT(*) FROM entries").fetchone()[0])

    def close(self) -> None:
        if self._conn is not None and self._pid == os.getpid():
            self._conn.close()
        self._conn = None


class CachedBackend(Backend):
    """Serves completions and choice scores from the cache; asks ``inner`` only for the missing ones."""

    def __init__(self, inner: Backend, model_dir: Path, cache_root: Path, enabled: bool = True):
        self.inner = inner
        self.name = inner.name
        self.model_dir = Path(model_dir)
        self.cache_root = Path(cache_root)
        self.enabled = bool(enabled)
        self.hits = 0
        self.misses = 0
        self._model_hash: str | None = None
        self._store: GenerationStore | None = None

    # -- keys ------------------------------------------------------------------------------------
    @property
    def model_hash(self) -> str:
        if self._model_hash is None:
            self._model_hash = dir_hash(self.model_dir, MODEL_FILES)
        return self._model_hash

    @property
    def store(self) -> GenerationStore:
        if self._store is None:
            self._store = GenerationStore(self.cache_root / "generations" / f"{self.model_hash}.sqlite")
        return self._store

    @property
    def path(self) -> Path:
        """The SQLite file holding this model's entries."""
        return self.store.path

    def fingerprint(self) -> dict[str, Any]:
        return self.inner.fingerprint()

    def _requests(
        self, kind: str, conversations: Sequence[Conversation], **extra: Any
    ) -> list[dict[str, Any]]:
        backend = self.inner.fingerprint()
        return [
            {
                "v": CACHE_VERSION,
                "kind": kind,
                "model": self.model_hash,
                "backend": backend,
                "messages": as_messages(c),
                **extra,
            }
            for c in conversations
        ]

    @property
    def stats(self) -> dict[str, int]:
        return {"hits": self.hits, "misses": self.misses}

    def _lookup(self, requests: list[dict]) -> tuple[list[str], dict[str, Any], list[int]]:
        """Keys of the requests, the cached results found, and the index of the first request of
        every missing key (duplicates are computed once); counts hits and misses."""
        keys = [hash_json(r, 32) for r in requests]
        found = self.store.get_many(keys)
        todo: dict[str, int] = {}
        for i, k in enumerate(keys):
            if k not in found and k not in todo:
                todo[k] = i
        n_miss = sum(k not in found for k in keys)
        self.hits += len(keys) - n_miss
        self.misses += n_miss
        return keys, found, list(todo.values())

    # -- Backend ---------------------------------------------------------------------------------
    def generate(
        self, conversations: Sequence[Conversation], decoding: DecodingConfig, desc: str = ""
    ) -> list[str]:
        if not self.enabled:
            self.misses += len(conversations)
            return self.inner.generate(conversations, decoding, desc)
        requests = self._requests("generate", conversations, decoding=decoding.cache_key())
        keys, found, first = self._lookup(requests)
        if first:
            log.info(
                "%s%d of %d completions cached, generating %d",
                f"{desc}: " if desc else "",
                sum(k in found for k in keys),
                len(keys),
                len(first),
            )
            for idx, texts in self.inner.generate_stream([conversations[i] for i in first], decoding, desc):
                rows = [
                    (keys[first[j]], "generate", requests[first[j]], t)
                    for j, t in zip(idx, texts, strict=True)
                ]
                self.store.put_many(rows)
                found.update({k: t for k, _, _, t in rows})
        return [found[k] for k in keys]

    def score_choices(
        self, conversations: Sequence[Conversation], choices: Sequence[str], prefix: str = ""
    ) -> list[list[float]]:
        if not self.enabled:
            self.misses += len(conversations)
            return self.inner.score_choices(conversations, choices, prefix)
        requests = self._requests("score", conversations, choices=list(choices), prefix=prefix)
        keys, found, first = self._lookup(requests)
        if first:
            scores = self.inner.score_choices([conversations[i] for i in first], choices, prefix)
            rows = [(keys[i], "score", requests[i], s) for i, s in zip(first, scores, strict=True)]
            self.store.put_many(rows)
            found.update({k: s for k, _, _, s in rows})
        return [[float(x) for x in found[k]] for k in keys]

    def loglikelihood(
        self, texts: Sequence[str], max_length: int = DEFAULT_LL_WINDOW
    ) -> list[tuple[float, int]]:
        if not self.enabled:
            self.misses += len(texts)
            return self.inner.loglikelihood(texts, max_length)
        backend = self.inner.fingerprint()
        requests = [
            {
                "v": CACHE_VERSION,
                "kind": "loglikelihood",
                "model": self.model_hash,
                "backend": backend,
                "text": str(t),
                "max_length": int(max_length),
            }
            for t in texts
        ]
        keys, found, first = self._lookup(requests)
        if first:
            results = self.inner.loglikelihood([texts[i] for i in first], max_length)
            rows = [
                (keys[i], "loglikelihood", requests[i], [float(lp), int(n)])
                for i, (lp, n) in zip(first, results, strict=True)
            ]
            self.store.put_many(rows)
            found.update({k: v for k, _, _, v in rows})
        return [(float(found[k][0]), int(found[k][1])) for k in keys]

    def close(self) -> None:
        self.inner.close()
        if self._store is not None:
            self._store.close()
