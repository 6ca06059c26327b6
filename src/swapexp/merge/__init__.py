"""Merge strategies (one per file, registered by name) and the streaming engine."""

from swapexp.merge.base import (
    MergeStrategy,
    available_strategies,
    blend,
    build_strategy,
    get_strategy_class,
    register,
)

__all__ = [
    "MergeStrategy",
    "available_strategies",
    "blend",
    "build_strategy",
    "get_strategy_class",
    "register",
]
