"""Merge strategies (one per file, registered by name, each declaring its facts) and the streaming engine."""

from swapexp.merge.base import (
    MergeStrategy,
    Param,
    available_strategies,
    blend,
    build_strategy,
    find_strategy_class,
    get_strategy_class,
    register,
    registered_strategies,
)

__all__ = [
    "MergeStrategy",
    "Param",
    "available_strategies",
    "blend",
    "build_strategy",
    "find_strategy_class",
    "get_strategy_class",
    "register",
    "registered_strategies",
]
