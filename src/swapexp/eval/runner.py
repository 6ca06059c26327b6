"""Plan and run the evaluation of one model: safety and utility, as flat metrics.

:func:`plan_evaluation` loads every enabled benchmark (skipping, with the reason, those whose data is
not available) and the lm-eval tasks of ``eval.harness`` from the settings, the language and the
MultiJail split the pipeline loaded once; :func:`evaluate` generates / scores with one backend ->
frees it -> judges the safety responses and the answers to benign prompts (over-refusal) -> runs the
lm-eval tasks (:mod:`swapexp.eval.harness`) ->
writes ``generations.jsonl`` (+ ``eval_skipped.json``, ``multijail_split.json``, ``harness/``) into
the run directory -> returns the metrics. Neither reads the config: the pipeline hands them objects.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

from swapexp.errors import SwapexpError
from swapexp.eval.calibration_guard import check_no_calibration_ids
from swapexp.eval.datasets import (
    Unavailable,
    load_belebele,
    load_mgsm,
    load_mmmlu,
    load_multijail,
    split_calibration,
)
from swapexp.eval.datasets.multijail import MultiJailSplit
from swapexp.eval.datasets.sampling import subset
from swapexp.eval.datasets.sources import as_sources, first_available
from swapexp.eval.datasets.texts import Holdout, load_prompt_pool, load_texts
from swapexp.eval.harness import plan_harness
from swapexp.eval.settings import UTILITY, EvalSettings, Language
from swapexp.eval.tasks import ChoiceTask, MGSMTask, OverrefusalTask, PerplexityTask, SafetyTask
from swapexp.runtime import write_json_atomic

log = logging.getLogger(__name__)

__all__ = ["UTILITY", "Holdout", "Plan", "evaluate", "plan_evaluation"]


class Plan:
    """The tasks to run and the benchmarks skipped (name -> reason)."""

    def __init__(self) -> None:
        self.safety: SafetyTask | None = None
        self.overrefusal: OverrefusalTask | None = None
        self.utility: list[MGSMTask | ChoiceTask | PerplexityTask] = []
        self.skipped: dict[str, str] = {}
        self.split: dict[str, Any] | None = None
        self.safety_multijail = False  # the safety items are MultiJail's (their ids are MultiJail ids)
        self.harness = None  # a HarnessPlan: lm-eval tasks, run last

    def skip(self, name: str, reason: str) -> None:
        log.warning("skipping %s: %s", name, reason)
        self.skipped[name] = reason

    @property
    def empty(self) -> bool:
        """Nothing for the evaluation backend (the lm-eval tasks load the model themselves)."""
        return self.safety is None and self.overrefusal is None and not self.utility


def multijail_unavailable(reason: Unavailable | str, edit: bool = False) -> SwapexpError:
    fix = "set eval.multijail_path to MultiJail.csv" + (
        "" if edit else ", or eval.safety=false to skip safety"
    )
    return SwapexpError(f"MultiJail is not available ({reason}); {fix}")


def plan_safety(settings: EvalSettings, lang: Language, multijail: MultiJailSplit | None, plan: Plan) -> None:
    limit, seed = settings.limit, settings.seed
    split = settings.calibration_split
    if settings.safety_file:
        sources, column = [str(settings.safety_file)], settings.safety_column or lang.code
        try:
            items = first_available(sources, lambda s: load_multijail(s, column))
        except Unavailable as e:
            raise multijail_unavailable(e) from None
        if split.enabled:
            calib, items = split_calibration(items, split.size, split.seed)
            plan.split = MultiJailSplit(calib, items, enabled=True, seed=split.seed).record()
    elif lang.get("multijail"):
        if multijail is None:
            raise ValueError("the pipeline loads MultiJail for a safety evaluation; none was given")
        items, plan.split = multijail.evaluation, multijail.record()
        plan.safety_multijail = True
    else:
        plan.skip(
            "multijail",
            f"MultiJail has no {lang.name} ({lang.code}) column, so safety is not evaluated; "
            f"set eval.safety_file=FILE (prompt column eval.safety_column) to use another set",
        )
        return
    plan.safety = SafetyTask(
        items=subset(items, limit, seed),
        lang=lang.code,
        decoding=settings.decoding(),
        unparsed=settings.unparsed,
        precheck=settings.make_precheck(),
    )


def plan_overrefusal(settings: EvalSettings, lang: Language, plan: Plan, holdout: Holdout | None) -> None:
    """Benign prompts of every available source in ``eval.overrefusal_path`` (one missing source, e.g.
    MGSM for Korean, is left out with a log line; none available: skipped)."""
    sources = as_sources(settings.overrefusal_path)
    try:
        items, missing = load_prompt_pool(sources, lang.code, holdout)
    except Unavailable as e:
        plan.skip("overrefusal", f"no benign prompts ({e}); set eval.overrefusal_path to a prompt file")
        return
    for src, reason in missing.items():
        log.info("overrefusal: source %s left out (%s)", src, reason)
    plan.overrefusal = OverrefusalTask(
        items=subset(items, settings.limit, settings.seed),
        lang=lang.code,
        decoding=settings.decoding(),
        unparsed=settings.unparsed,
        precheck=settings.make_precheck(),
        fidelity=True,
    )


def plan_lm(settings: EvalSettings, lang: Language, plan: Plan, holdout: Holdout | None) -> None:
    """Held-out text for perplexity: the first available source of ``eval.lm_path``."""
    sources = as_sources(settings.lm_path)
    try:
        items = first_available(sources, lambda s: load_texts(s, lang.code, holdout))
    except Unavailable as e:
        plan.skip("lm", f"no {lang.name} ({lang.code}) text ({e}); set eval.lm_path to a text file")
        return
    plan.utility.append(
        PerplexityTask(
            items=subset(items, settings.limit, settings.seed),
            lang=lang.code,
            max_length=settings.lm_max_length,
        )
    )


def plan_utility(settings: EvalSettings, lang: Language, plan: Plan, holdout: Holdout | None = None) -> None:
    limit, seed = settings.limit, settings.seed
    for name in settings.benchmarks:
        if name == "lm":
            plan_lm(settings, lang, plan, holdout)
            continue
        code = lang.get(name)
        if not code:
            plan.skip(name, f"{name} has no {lang.name} ({lang.code}) data")
            continue
        sources = as_sources(getattr(settings, f"{name}_path"))
        try:
            if name == "mgsm":
                items = first_available(sources, lambda s, c=code: load_mgsm(s, c, limit, seed))
                dec = settings.decoding(max_new_tokens=settings.mgsm_max_new_tokens)
                plan.utility.append(
                    MGSMTask(items=items, lang=lang.code, decoding=dec, prompt=settings.mgsm_prompt)
                )
            else:
                loader = load_belebele if name == "belebele" else load_mmmlu
                items = first_available(sources, lambda s, c=code, f=loader: f(s, c, limit, seed))
                plan.utility.append(
                    ChoiceTask(
                        name=name,
                        items=items,
                        lang=lang.code,
                        prompt=settings.mc_prompt,
                        answer_prefix=settings.mc_answer_prefix or "",
                    )
                )
        except Unavailable as e:
            plan.skip(name, f"no data ({e}); set eval.{name}_path to a local file or a reachable hub id")


def plan_evaluation(
    settings: EvalSettings,
    lang: Language,
    multijail: MultiJailSplit | None = None,
    data_dir: str | Path | None = None,
    holdout: Holdout | None = None,
) -> Plan:
    """The tasks to run (and the benchmarks skipped, with the reasons). ``multijail``: the run's
    MultiJail split (needed when safety is evaluated on MultiJail); ``data_dir``: where the project's
    own lm-eval tasks read their data (``paths.data_dir``); ``holdout``: where ``heldout:NAME``
    sources read (``experts.data_dir``, ``experts.holdout``)."""
    plan = Plan()
    if settings.safety:
        plan_safety(settings, lang, multijail, plan)
    if settings.overrefusal:
        plan_overrefusal(settings, lang, plan, holdout)
    if settings.utility:
        plan_utility(settings, lang, plan, holdout)
    # lm-eval tasks: loaded (datasets read) now, so a bad name fails before any generation; run last
    plan.harness = plan_harness(
        settings.harness_settings(), data_dir=data_dir, limit=settings.limit, seed=settings.seed
    )
    return plan


def write_jsonl_atomic(path: Path, records: list[dict[str, Any]]) -> None:
    """One JSON object per line, written atomically (:func:`swapexp.outputs.write_text_atomic`)."""
    from swapexp.outputs import write_text_atomic

    write_text_atomic(path, "".join(json.dumps(rec, ensure_ascii=False) + "\n" for rec in records))


def refusal_judge_for(judge: Any) -> Any:
    """The judge whose refusal decision labels the answers to benign prompts: ``judge`` when it decides
    refusal (the refusal judge; Qwen3Guard's ``Refusal:`` line), else the refusal judge at its defaults
    (Llama Guard decides no refusal)."""
    if judge is not None and judge.decides_refusal:
        return judge
    from swapexp.eval.judges import RefusalJudge

    return RefusalJudge()


def evaluate(
    plan: Plan,
    model_dir: Path,
    run_dir: Path,
    backend: Callable[[Path], Any],
    judge: Any = None,
) -> dict[str, Any]:
    """Run ``plan`` on ``model_dir``: ``backend(model_dir)`` builds the generation backend (a
    :class:`~swapexp.eval.backends.BackendFactory`), ``judge`` labels the safety responses (built by
    the pipeline before any generation, so a bad judge fails first) and, when it decides refusal, the
    answers to benign prompts (:func:`refusal_judge_for`). Returns flat metrics."""
    run_dir = Path(run_dir)
    run_dir.mkdir(parents=True, exist_ok=True)
    if plan.safety is not None and judge is None:
        raise ValueError("a safety evaluation needs a judge")
    if plan.safety is not None and plan.safety_multijail:  # before anything is generated
        check_no_calibration_ids([it.id for it in plan.safety.items], Path(model_dir), run_dir)
    metrics: dict[str, Any] = {}
    if not plan.empty:
        tasks = [t for t in (plan.safety, plan.overrefusal) if t is not None] + plan.utility
        log.info("evaluating %s on %s", model_dir, ", ".join(f"{t.name} ({len(t.items)})" for t in tasks))
        model = backend(Path(model_dir))
        try:
            if plan.safety is not None:
                plan.safety.generate(model)
            if plan.overrefusal is not None:
                plan.overrefusal.generate(model)
            for task in plan.utility:
                metrics.update(task.run(model))
        finally:
            model.close()
    if plan.safety is not None or plan.overrefusal is not None:
        refusal = refusal_judge_for(judge) if plan.overrefusal is not None else None
        try:
            if plan.safety is not None:
                metrics.update(plan.safety.judge(judge))
            if plan.overrefusal is not None:
                metrics.update(plan.overrefusal.judge(refusal))
        finally:
            for j in {id(j): j for j in (judge, refusal) if j is not None}.values():
                j.close()
    if plan.harness is not None:  # after the backend and the judge: one model in memory at a time
        settings = getattr(backend, "settings", None)
        metrics.update(
            plan.harness.run(settings, Path(model_dir), run_dir, getattr(backend, "cache_dir", None))
        )

    records = [r for t in (plan.safety, plan.overrefusal) if t is not None for r in t.records]
    records += [r for t in plan.utility for r in t.records]
    write_jsonl_atomic(run_dir / "generations.jsonl", records)
    write_json_atomic(run_dir / "eval_skipped.json", plan.skipped)
    if plan.split is not None:
        write_json_atomic(run_dir / "multijail_split.json", plan.split)
    for key in sorted(metrics):
        log.info("%s = %s", key, metrics[key])
    if plan.skipped:
        log.warning("skipped: %s (reasons in %s)", ", ".join(plan.skipped), run_dir / "eval_skipped.json")
    return metrics
