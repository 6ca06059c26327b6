"""MultiJail (Deng et al. 2024): 315 harmful prompts in English and 9 other languages.

The local CSV has the columns ``id,source,tags,en,zh,it,vi,ar,ko,th,bn,sw,jv``
(the first header carries a UTF-8 BOM, which is stripped); the hub copy is
``DAMO-NLP-SG/MultiJail``. The target-language column comes from the ``lang``
config (``lang.multijail``); Telugu has none.

Public API (also used by sparse editing to get harmful calibration prompts)::

    items = load_multijail("/data/multijail/MultiJail.csv", "sw")
    items = load_multijail(cfg.eval.multijail_path, cfg.lang.multijail)   # the configured sources
    calibration, evaluation = split_calibration(items, calibration_size=100, seed=0)
"""

from __future__ import annotations

import ast
import csv
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from swapexp.errors import SwapexpError
from swapexp.eval.datasets.sampling import split_by_hash, subset
from swapexp.eval.datasets.sources import (
    Unavailable,
    as_sources,
    first_available,
    is_hub_id,
    load_file_rows,
    load_hub_rows,
    require_columns,
)

log = logging.getLogger(__name__)

HUB_ID = "DAMO-NLP-SG/MultiJail"
LANGUAGES = ("en", "zh", "it", "vi", "ar", "ko", "th", "bn", "sw", "jv")


@dataclass(frozen=True)
class MultiJailItem:
    id: int
    prompt: str  # the prompt in the requested language
    en: str  # the English original (parallel prompt)
    tags: tuple[str, ...]  # harm categories
    source: str  # "anthropics" | "openai"
    lang: str = "en"


def _read_csv(path: Path) -> list[dict[str, Any]]:
    if path.stat().st_size == 0:
        raise SwapexpError(f"{path} is empty; point eval.multijail_path at MultiJail.csv")
    try:
        # utf-8-sig strips the BOM in front of the first header ("\ufeffid" -> "id")
        with open(path, encoding="utf-8-sig", newline="") as f:
            reader = csv.DictReader(f)
            rows = list(reader)
            header = reader.fieldnames or []
    except (UnicodeDecodeError, csv.Error) as e:
        raise SwapexpError(f"cannot read {path} as UTF-8 CSV ({e}); fix or replace the file") from None
    if not header:
        raise SwapexpError(f"{path} has no header row; expected MultiJail's id,source,tags,en,... columns")
    if not rows:
        raise SwapexpError(
            f"{path} has a header but no rows; point eval.multijail_path at the full MultiJail.csv"
        )
    bad = [i + 2 for i, r in enumerate(rows) if None in r]  # more fields than headers
    if bad:
        raise SwapexpError(f"{path}: line {bad[0]} has more fields than the header; the CSV is malformed")
    return rows


def _tags(value: Any) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, (list, tuple)):
        return tuple(str(v) for v in value)
    text = str(value).strip()
    if text.startswith("["):
        try:
            # the CSV stores a Python list literal: "['Violence & incitement']"
            parsed = ast.literal_eval(text)
            if isinstance(parsed, (list, tuple)):
                return tuple(str(v) for v in parsed)
        except (ValueError, SyntaxError):
            pass
    return (text,) if text else ()


def read_rows(path_or_hub: str | Sequence[str]) -> tuple[list[dict[str, Any]], str]:
    """The raw rows of a MultiJail-format source (or of the first available of a list) and its name."""
    if not isinstance(path_or_hub, str):
        return first_available(as_sources(list(path_or_hub)), read_rows)
    path = Path(str(path_or_hub)).expanduser()
    if path.is_file():
        rows = _read_csv(path) if path.suffix.lower() == ".csv" else load_file_rows(path)
        return rows, str(path)
    if is_hub_id(str(path_or_hub)):
        return load_hub_rows(str(path_or_hub), None, "train"), str(path_or_hub)
    raise Unavailable(f"{path} does not exist")


def load_multijail(
    path_or_hub: str | Sequence[str], lang: str | None, limit: int | None = None, seed: int = 0
) -> list[MultiJailItem]:
    """MultiJail items with prompts in column ``lang`` (None = English), sorted by id.

    ``path_or_hub``: a CSV (or csv/jsonl/json/parquet file in the same layout), a hub id,
    or a list of them tried in order (e.g. ``cfg.eval.multijail_path``).

    ``limit`` keeps a deterministic subset (see :func:`~swapexp.eval.datasets.sampling.subset`).
    A missing file or an unreachable hub raises :class:`Unavailable`; a missing
    column, an empty or malformed file, or a bad id raises SwapexpError.
    """
    col = lang or "en"
    rows, where = read_rows(path_or_hub)
    fix = "check lang.multijail / eval.safety_column"
    if col == "te":
        fix = "MultiJail has no Telugu; set eval.safety_file=FILE (with a 'te' column) or eval.safety=false"
    require_columns(rows, [col], f"MultiJail source {where}", fix)
    items, empty, seen = [], 0, set()
    for i, row in enumerate(rows):
        raw_id = row.get("id", i)
        try:
            item_id = int(str(raw_id).strip())
        except ValueError:
            raise SwapexpError(f"{where}: row {i + 1} has a non-integer id {raw_id!r}") from None
        if item_id in seen:
            raise SwapexpError(f"{where}: id {item_id} appears twice; ids must be unique")
        seen.add(item_id)
        prompt = str(row.get(col) or "").strip()
        if not prompt:
            empty += 1
            continue
        items.append(
            MultiJailItem(
                id=item_id,
                prompt=prompt,
                en=str(row.get("en") or "").strip(),
                tags=_tags(row.get("tags")),
                source=str(row.get("source") or ""),
                lang=col,
            )
        )
    if empty:
        log.warning("%s: %d rows have an empty %r prompt and are left out", where, empty, col)
    if not items:
        raise SwapexpError(f"{where} has no non-empty prompts in column {col!r}")
    items.sort(key=lambda it: it.id)
    return subset(items, limit, seed)


def split_calibration(
    items: Sequence[MultiJailItem], calibration_size: int, seed: int
) -> tuple[list[MultiJailItem], list[MultiJailItem]]:
    """``(calibration, evaluation)``: a deterministic split by item id and seed, both sorted by id.

    The same ids land in the same part whatever the language or the order of
    ``items``, so the split is shared by all languages and all strategies.
    """
    return split_by_hash(items, calibration_size, seed, key=lambda it: it.id, salt="multijail-calibration")


@dataclass
class MultiJailSplit:
    """MultiJail in one language, loaded once per run and split once: the *calibration* part (sparse
    editing's harmful prompts) and the *evaluation* part (what the safety metric scores). Without a
    calibration split every item is in the evaluation part."""

    calibration: list[MultiJailItem]
    evaluation: list[MultiJailItem]
    enabled: bool = False
    seed: int = 0

    def record(self) -> dict[str, Any] | None:
        """What ``multijail_split.json`` holds (None without a split)."""
        if not self.enabled:
            return None
        return {
            "size": len(self.calibration),
            "seed": self.seed,
            "calibration_ids": [it.id for it in self.calibration],
            "evaluation_ids": [it.id for it in self.evaluation],
        }


def load_split(
    sources: str | Sequence[str], lang: str, *, enabled: bool, size: int, seed: int
) -> MultiJailSplit:
    """Load MultiJail from the first available of ``sources`` in column ``lang`` and split it by id and
    seed (:func:`split_calibration`) when ``enabled``. A MultiJail that is not available raises
    :class:`Unavailable`."""
    items = first_available(as_sources(sources), lambda s: load_multijail(s, lang))
    if not enabled:
        return MultiJailSplit(calibration=[], evaluation=items)
    calib, rest = split_calibration(items, int(size), int(seed))
    log.info("MultiJail calibration split: %d calibration / %d evaluation prompts", len(calib), len(rest))
    return MultiJailSplit(calibration=calib, evaluation=rest, enabled=True, seed=int(seed))
