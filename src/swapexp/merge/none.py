"""No merge: one of the three models, unchanged (the baseline rows B, S and L)."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from swapexp.merge.base import ROLES, MergeStrategy, Param, register

EXPERT = Param(
    "expert",
    str,
    "language",
    "the model to use unmerged: base | safety | language",
    choices=ROLES,
    show=False,  # the report shows it with the strategy: "none (safety)"
)


@register("none")
class SelectExpert(MergeStrategy):
    """Stands for one input model; nothing is merged or written."""

    kind = "expert"
    merges = False
    parameters = (EXPERT,)
    expert: str

    @classmethod
    def label_head(cls, params: Mapping[str, Any]) -> str:
        return f"expert-{params.get('expert') or EXPERT.default}"

    def roles(self) -> tuple[str, ...]:
        return (self.expert,)

    def select(self, models: Mapping[str, Path]) -> Path:
        return Path(models[self.expert])

    def merge_tensor(self, name, get):
        return get(self.expert)
