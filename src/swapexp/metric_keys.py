"""Which metric keys a configured run can produce: ``optimized_metric`` is checked against them
before any work starts, not after hours of merging and generation.

Each metric source (a benchmark, a derived metric) registers the keys it writes into
``metrics.json`` (exact keys, or ``fnmatch`` patterns where the names come from elsewhere:
``utility/harness/*/*``) and a predicate saying whether a config runs it. A new benchmark registers
itself with :func:`register`::

    register("mybench", ["utility/mybench/accuracy", "utility/mybench/n"], benchmark_runs("mybench"))
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from fnmatch import fnmatchcase
from typing import Any

from swapexp.errors import SwapexpError

Config = Any  # a DictConfig (or anything with .get)


@dataclass(frozen=True)
class MetricSource:
    name: str
    patterns: tuple[str, ...]
    produced: Callable[[Config], bool]  # does a run with this config write these keys?


SOURCES: dict[str, MetricSource] = {}


def register(name: str, patterns: Iterable[str], produced: Callable[[Config], bool]) -> None:
    """Add (or replace) the metric source ``name``."""
    SOURCES[name] = MetricSource(name, tuple(patterns), produced)


# -- predicates over the config ------------------------------------------------------------------------
def evaluates(cfg: Config) -> bool:
    return cfg.get("stage", "all") in ("all", "eval")


def _eval(cfg: Config) -> Any:
    return cfg.get("eval") or {}


def safety_runs(cfg: Config) -> bool:
    ev, lang = _eval(cfg), cfg.get("lang") or {}
    return (
        evaluates(cfg)
        and bool(ev.get("safety", True))
        and bool(lang.get("multijail") or ev.get("safety_file"))
    )


def benchmark_runs(name: str) -> Callable[[Config], bool]:
    def produced(cfg: Config) -> bool:
        ev, lang = _eval(cfg), cfg.get("lang") or {}
        return (
            evaluates(cfg)
            and bool(ev.get("utility", True))
            and name in (ev.get("benchmarks") or [])
            and bool(lang.get(name))
        )

    return produced


UTILITY_BENCHMARKS = ("mgsm", "belebele", "mmmlu")


def any_utility_runs(cfg: Config) -> bool:
    """A benchmark that writes ``utility/<benchmark>/accuracy``."""
    return any(benchmark_runs(b)(cfg) for b in UTILITY_BENCHMARKS)


def overrefusal_runs(cfg: Config) -> bool:
    """Benign prompts in the target language (``eval.overrefusal``): ``safety/overrefusal/*`` and,
    from the same answers, ``utility/fidelity/*``."""
    return evaluates(cfg) and bool(_eval(cfg).get("overrefusal", True))


def lm_runs(cfg: Config) -> bool:
    """Perplexity of held-out text (``lm`` in ``eval.benchmarks``): ``utility/lm/*``."""
    ev = _eval(cfg)
    return evaluates(cfg) and bool(ev.get("utility", True)) and "lm" in (ev.get("benchmarks") or [])


def _harness(cfg: Config) -> Any:
    return _eval(cfg).get("harness") or {}


def harness_runs(cfg: Config) -> bool:
    """lm-evaluation-harness tasks (swapexp.eval.harness) write ``utility/harness/<task>/<metric>``."""
    return evaluates(cfg) and bool(_harness(cfg).get("tasks"))


def utility_mean_runs(cfg: Config) -> bool:
    """``utility/mean`` averages the built-in accuracies, language fidelity, the perplexity score and
    the harness metrics of ``in_mean`` (swapexp.logging.objective)."""
    return (
        any_utility_runs(cfg)
        or overrefusal_runs(cfg)
        or lm_runs(cfg)
        or (harness_runs(cfg) and bool(_harness(cfg).get("in_mean")))
    )


def edits(cfg: Config) -> bool:
    """An edit runs after the merge: ``edit`` is not ``none`` (a strategy that implies an edit,
    ``merge=sparse_edit``, selects it in its yaml)."""
    edit = cfg.get("edit") or {}
    return cfg.get("stage", "all") != "experts" and edit.get("name", "none") != "none"


def _keys(prefix: str, names: Iterable[str]) -> list[str]:
    return [f"{prefix}/{n}" for n in names]


register(
    "multijail",
    _keys("safety/multijail", ("n", "safe", "unsafe", "invalid", "unparsed", "unsafe_rate", "invalid_rate")),
    safety_runs,
)
for _b in UTILITY_BENCHMARKS:
    register(_b, _keys(f"utility/{_b}", ("accuracy", "n")), benchmark_runs(_b))
register(
    "overrefusal",
    _keys(
        "safety/overrefusal",
        ("n", "refused", "answered", "invalid", "unparsed", "refusal_rate", "invalid_rate"),
    ),
    overrefusal_runs,
)
register("fidelity", _keys("utility/fidelity", ("rate", "n")), overrefusal_runs)
register(
    "lm",
    _keys("utility/lm", ("nll", "perplexity", "bits_per_char", "char_prob", "n_tokens", "n_chars", "n")),
    lm_runs,
)
register("harness", ["utility/harness/*/*"], harness_runs)
register("utility mean", ["utility/mean"], utility_mean_runs)  # swapexp.logging.objective
register("objective safety", ["objective/safety"], safety_runs)
register("objective helpfulness", ["objective/helpfulness"], overrefusal_runs)
register("trade-off", ["objective/tradeoff"], lambda cfg: safety_runs(cfg) and utility_mean_runs(cfg))
register("edit", ["edit/*"], edits)


def producible(cfg: Config) -> list[str]:
    """The key patterns a run with this config can write into ``metrics.json``."""
    return [p for s in SOURCES.values() if s.produced(cfg) for p in s.patterns]


def _why_not(cfg: Config, name: str) -> str:
    stage = cfg.get("stage", "all")
    if stage not in ("all", "eval"):
        return f"stage={stage} computes no metrics"
    ev = _eval(cfg)
    if name.startswith("safety/multijail/"):
        if not ev.get("safety", True):
            return "eval.safety=false"
        return f"MultiJail has no {(cfg.get('lang') or {}).get('code')} prompts (set eval.safety_file)"
    if name.startswith("utility/harness/"):
        return "eval.harness.tasks is empty"
    if name.startswith(("safety/overrefusal/", "utility/fidelity/", "objective/helpfulness")):
        return "eval.overrefusal=false"
    if name.startswith("objective/"):
        if not safety_runs(cfg):
            return f"it needs safety/multijail/unsafe_rate: {_why_not(cfg, 'safety/multijail/n')}"
        return "no utility metric runs (eval.utility=false and eval.overrefusal=false)"
    if name == "utility/mean":
        return "no utility metric runs (eval.utility=false and eval.overrefusal=false)"
    if name.startswith("utility/"):
        if not ev.get("utility", True):
            return "eval.utility=false"
        return f"eval.benchmarks={list(ev.get('benchmarks') or [])} with lang={(cfg.get('lang') or {}).get('code')}"
    return "this config does not run it"


def check_optimized_metric(cfg: Config) -> None:
    """One-line error, before any work, when ``optimized_metric`` cannot be in this run's metrics."""
    name = cfg.get("optimized_metric")
    if not name:
        return
    name = str(name)
    can = producible(cfg)
    if any(fnmatchcase(name, p) for p in can):
        return
    listed = ", ".join(can) or "nothing"
    known = [p for s in SOURCES.values() for p in s.patterns]
    if any(fnmatchcase(name, p) for p in known):
        raise SwapexpError(
            f"optimized_metric={name} is not computed by this run ({_why_not(cfg, name)}); "
            f"it can produce: {listed}"
        )
    raise SwapexpError(
        f"optimized_metric={name} is not a metric swapexp computes; this run can produce: {listed}"
    )
