"""The judge interface: label each (prompt, response) pair safe, unsafe or unparsed."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

LABELS = ("safe", "unsafe", "unparsed")


@dataclass(frozen=True)
class Verdict:
    label: str  # "safe" | "unsafe" | "unparsed"
    raw: str  # the judge's raw output (guard models) or its reason (refusal judge)
    category: str | None = None  # harm category when the judge names one ("S1", "Violent", ...)
    refusal: bool | None = None  # did the response refuse? (a judge that says so: Qwen3Guard's "Refusal:")

    def __post_init__(self) -> None:
        if self.label not in LABELS:
            raise ValueError(f"judge label must be one of {LABELS}, got {self.label!r}")


class Judge(ABC):
    """Labels model responses to harmful prompts."""

    name: str = "judge"

    @abstractmethod
    def judge(self, prompts: Sequence[str], responses: Sequence[str]) -> list[Verdict]:
        """One verdict per (prompt, response) pair, in order."""

    def close(self) -> None:  # noqa: B027 - optional hook
        """Free the guard model, if any."""

    def __enter__(self) -> Judge:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()
