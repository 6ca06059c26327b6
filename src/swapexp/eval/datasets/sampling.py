"""Deterministic subsets: ``eval.limit`` and the MultiJail calibration split.

Both rank items by ``sha256(f"{salt}:{seed}:{id}")``: the choice depends only on
the item ids and the seed (not on file order, Python's hash seed or the library
version), so every run and every strategy sees the same items, and a larger
limit keeps the items of a smaller one.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from typing import TypeVar

from swapexp.errors import SwapexpError

T = TypeVar("T")


def _rank(salt: str, seed: int, key: object) -> bytes:
    return hashlib.sha256(f"{salt}:{seed}:{key}".encode()).digest()


def check_limit(limit: object) -> int | None:
    """``eval.limit`` as an int >= 1 or None."""
    if limit is None:
        return None
    if isinstance(limit, bool) or not isinstance(limit, int) or limit < 1:
        raise SwapexpError(f"eval.limit must be a positive integer or null, got {limit!r}")
    return limit


def subset(
    items: Sequence[T], limit: int | None, seed: int, key: Callable[[T], object] = lambda it: it.id
) -> list[T]:
    """At most ``limit`` items, chosen by hash rank of ``(seed, key(item))``, in their original order."""
    limit = check_limit(limit)
    if limit is None or limit >= len(items):
        return list(items)
    order = sorted(range(len(items)), key=lambda i: _rank("limit", seed, key(items[i])))
    keep = set(order[:limit])
    return [it for i, it in enumerate(items) if i in keep]


def split_by_hash(
    items: Sequence[T],
    size: int,
    seed: int,
    key: Callable[[T], object] = lambda it: it.id,
    salt: str = "calibration",
) -> tuple[list[T], list[T]]:
    """``(first, rest)``: ``size`` items chosen by hash rank, and all the others; both sorted by key."""
    if isinstance(size, bool) or not isinstance(size, int) or size < 1:
        raise SwapexpError(f"calibration size must be a positive integer, got {size!r}")
    if size >= len(items):
        raise SwapexpError(
            f"calibration size {size} leaves no evaluation items out of {len(items)}; "
            f"use a smaller eval.calibration_split.size"
        )
    order = sorted(range(len(items)), key=lambda i: _rank(salt, seed, key(items[i])))
    chosen = set(order[:size])
    first = sorted((it for i, it in enumerate(items) if i in chosen), key=key)
    rest = sorted((it for i, it in enumerate(items) if i not in chosen), key=key)
    return first, rest
