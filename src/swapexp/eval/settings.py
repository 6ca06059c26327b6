"""What an evaluation is told: the ``eval.*`` settings and the language's benchmark codes, as
objects the pipeline builds once from the config (the evaluation never reads the config itself)."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from swapexp.errors import SwapexpError
from swapexp.eval.datasets.sampling import check_limit
from swapexp.eval.metrics import UNPARSED_POLICIES

UTILITY = ("mgsm", "belebele", "mmmlu", "lm")


@dataclass(frozen=True)
class Language:
    """``conf/lang/CODE.yaml``: the language's code and name, each benchmark's code for it
    (``codes["multijail"]``, ``codes["mgsm"]``, ...; None = the benchmark has no such language), and
    its lm-evaluation-harness tasks (``harness``: ``tasks`` and ``in_mean``, which
    ``experiment=harness_paper`` reads)."""

    code: str
    name: str
    codes: dict[str, str | None] = field(default_factory=dict)
    harness: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def from_mapping(cls, node: Mapping[str, Any]) -> Language:
        node = dict(node)
        code, name = str(node.pop("code")), str(node.pop("name", ""))
        harness = dict(node.pop("harness", None) or {})
        bad = sorted(k for k, v in node.items() if v is not None and not isinstance(v, str))
        if bad:
            raise SwapexpError(
                f"lang={code}: {', '.join(bad)} must be a benchmark's code for the language (a string or "
                f"null); see conf/lang/{code}.yaml"
            )
        return cls(code=code, name=name, codes=node, harness=harness)

    def get(self, benchmark: str) -> str | None:
        return self.codes.get(benchmark)


@dataclass(frozen=True)
class CalibrationSplit:
    enabled: bool = False
    size: int = 100
    seed: int = 0


@dataclass(frozen=True)
class EvalSettings:
    """``conf/eval/default.yaml`` (every field is documented there); ``seed`` is the run's seed."""

    safety: bool = True
    utility: bool = True
    benchmarks: tuple[str, ...] = UTILITY
    limit: int | None = None
    max_new_tokens: int = 256
    temperature: float = 0.0
    top_p: float = 1.0
    mgsm_max_new_tokens: int = 512
    multijail_path: Any = None
    safety_file: str | None = None
    safety_column: str | None = None
    mgsm_path: Any = None
    belebele_path: Any = None
    mmmlu_path: Any = None
    overrefusal: bool = True
    overrefusal_path: Any = None
    lm_path: Any = None
    lm_max_length: int = 1024
    mgsm_prompt: str = "{question}"
    mc_prompt: str = "{question}\n\nA. {A}\nB. {B}\nC. {C}\nD. {D}"
    mc_answer_prefix: str = ""
    unparsed: str = "exclude"
    precheck: dict[str, Any] | None = None  # the pre-check's thresholds (swapexp.eval.judges.precheck)
    harness: dict[str, Any] | None = None  # lm-evaluation-harness tasks (swapexp.eval.harness)
    calibration_split: CalibrationSplit = CalibrationSplit()
    seed: int = 0

    def __post_init__(self) -> None:
        """Fail fast, before any model is loaded, on settings that cannot work."""
        check_limit(self.limit)
        unknown = [b for b in self.benchmarks if b not in UTILITY]
        if unknown:
            raise SwapexpError(
                f"unknown eval.benchmarks {', '.join(unknown)}; choose from {', '.join(UTILITY)}"
            )
        if (
            isinstance(self.lm_max_length, bool)
            or not isinstance(self.lm_max_length, int)
            or self.lm_max_length < 1
        ):
            raise SwapexpError(
                f"eval.lm_max_length must be a positive number of tokens, got {self.lm_max_length!r}"
            )
        if self.unparsed not in UNPARSED_POLICIES:
            raise SwapexpError(
                f"eval.unparsed must be one of {', '.join(UNPARSED_POLICIES)}, got {self.unparsed!r}"
            )
        self.decoding()
        self.decoding(max_new_tokens=self.mgsm_max_new_tokens)
        self.make_precheck()  # validates the pre-check thresholds
        self.harness_settings()  # and that lm-eval is installed when tasks are asked for

    def harness_settings(self):
        """``eval.harness`` as :class:`~swapexp.eval.harness.HarnessSettings`."""
        from swapexp.eval.harness import HarnessSettings

        return HarnessSettings.from_config(self.harness)

    def make_precheck(self):
        """The pre-check configured by ``eval.precheck`` (shared with ``swapexp judge-eval``)."""
        from swapexp.eval.judges.precheck import Precheck

        return Precheck(self.precheck)

    @classmethod
    def from_mapping(cls, node: Mapping[str, Any], seed: int = 0) -> EvalSettings:
        values = dict(node)
        names = {f.name for f in dataclasses.fields(cls)} - {"seed"}
        unknown = sorted(set(values) - names)
        if unknown:
            raise SwapexpError(f"eval has no field {', '.join(unknown)} (see conf/eval/default.yaml)")
        split = values.pop("calibration_split", None) or {}
        values["benchmarks"] = tuple(values.get("benchmarks") or ())
        return cls(
            **values,
            calibration_split=CalibrationSplit(
                enabled=bool(split.get("enabled", False)),
                size=int(split.get("size", 100) or 0),
                seed=int(split.get("seed", 0)),
            ),
            seed=int(seed),
        )

    def decoding(self, **overrides: Any):
        from swapexp.eval.backends import DecodingConfig

        values = {k: getattr(self, k) for k in ("max_new_tokens", "temperature", "top_p")}
        values.update({k: v for k, v in overrides.items() if v is not None})
        return DecodingConfig.from_mapping(values, seed=self.seed)
