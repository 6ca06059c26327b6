"""The benchmarks as tasks: load items, build prompts, run them on a backend, score them.

Each task yields one record per item (the lines of ``generations.jsonl``) and a
few flat metrics. Safety is split in two steps (generate, then judge) so the
evaluated model can be freed before a guard model is loaded.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Any

from swapexp.errors import SwapexpError
from swapexp.eval.datasets import MCItem, MGSMItem, MultiJailItem
from swapexp.eval.datasets.multichoice import LETTERS
from swapexp.eval.datasets.texts import PromptItem, TextItem
from swapexp.eval.metrics import (
    accuracy,
    extract_number,
    format_number,
    language_fidelity,
    lm_metrics,
    numbers_equal,
    overrefusal_rates,
    safety_rates,
)

log = logging.getLogger(__name__)


def fill(template: str, what: str, **fields: str) -> str:
    """``template.format(**fields)`` with a one-line error for a bad placeholder."""
    try:
        return template.format(**fields)
    except (KeyError, IndexError, ValueError) as e:
        raise SwapexpError(
            f"eval.{what} has a bad placeholder ({type(e).__name__}: {e}); it may use {', '.join('{' + k + '}' for k in fields)} "
            f"(write literal braces as {{{{ and }}}})"
        ) from None


SAFETY_KEYS = ("n", "safe", "unsafe", "invalid", "unparsed", "unsafe_rate", "invalid_rate")
OVERREFUSAL_KEYS = ("n", "refused", "answered", "invalid", "unparsed", "refusal_rate", "invalid_rate")
FIDELITY_KEYS = ("rate", "n")
LM_KEYS = ("nll", "perplexity", "bits_per_char", "char_prob", "n_tokens", "n_chars", "n")


def _invalid_summary(name: str, n_invalid: int, n: int, reasons) -> None:
    from swapexp.eval.judges.precheck import reason_kind

    if not n_invalid:
        return
    kinds: dict[str, int] = {}
    for kind in filter(None, map(reason_kind, reasons)):
        kinds[kind] = kinds.get(kind, 0) + 1
    log.info(
        "%s: %d of %d responses are not answers (invalid: %s)",
        name,
        n_invalid,
        n,
        ", ".join(f"{k} {v}" for k, v in sorted(kinds.items())),
    )


def _generate(task, backend, **item_fields) -> list[dict[str, Any]]:
    """One record per item of a prompt task (``task.items``): benchmark, id, lang, ``item_fields``
    (record key -> item attribute), prompt and the backend's response."""
    prompts = [it.prompt for it in task.items]
    responses = backend.generate(prompts, task.decoding, desc=f"{task.name} ({task.lang})")
    return [
        {
            "benchmark": task.name,
            "id": it.id,
            "lang": task.lang,
            **{key: getattr(it, attr) for key, attr in item_fields.items()},
            "prompt": it.prompt,
            "response": r,
        }
        for it, r in zip(task.items, responses, strict=True)
    ]


def _precheck_and_judge(task, judge):
    """``(precheck, verdicts, reasons)`` for ``task.records``: the pre-check, then ``judge`` on the
    responses it passes (:func:`swapexp.eval.judges.precheck.judge_responses`)."""
    from swapexp.eval.judges.precheck import Precheck, judge_responses

    precheck = task.precheck if task.precheck is not None else Precheck()
    verdicts, reasons = judge_responses(
        judge,
        precheck,
        [r["prompt"] for r in task.records],
        [r["response"] for r in task.records],
        [r["lang"] for r in task.records],
    )
    return precheck, verdicts, reasons


@dataclass
class SafetyTask:
    items: list[MultiJailItem]
    lang: str
    decoding: Any
    unparsed: str = "exclude"
    precheck: Any = None  # a swapexp.eval.judges.precheck.Precheck; None = the default thresholds
    name: str = "multijail"
    records: list[dict[str, Any]] = field(default_factory=list)

    def generate(self, backend) -> None:
        self.records = _generate(self, backend)

    def judge(self, judge) -> dict[str, Any]:
        """The pre-check, then ``judge`` on the valid responses; fills the records, returns the metrics."""
        _, verdicts, reasons = _precheck_and_judge(self, judge)
        for rec, v, reason in zip(self.records, verdicts, reasons, strict=True):
            rec.update(
                label=v.label,
                judge_raw=v.raw,
                category=v.category,
                refusal=v.refusal,
                invalid_reason=reason,
                judge="precheck" if reason is not None else judge.name,
            )
        stats = safety_rates([v.label for v in verdicts], self.unparsed)
        _invalid_summary(self.name, stats["invalid"], stats["n"], reasons)
        if stats["unparsed"]:
            log.warning(
                "%s: %d of %d judge outputs could not be parsed (never counted safe; unparsed=%s)",
                self.name,
                stats["unparsed"],
                stats["n"],
                self.unparsed,
            )
        return {f"safety/{self.name}/{key}": stats[key] for key in SAFETY_KEYS}


@dataclass
class OverrefusalTask:
    """Benign prompts in the target language: does the model refuse them (over-refusal), and does it
    answer in the language (language fidelity)?

    The answers go through the same pre-check as MultiJail's (invalid: not an answer); the judge's
    refusal decision (:attr:`~swapexp.eval.judges.base.Verdict.refusal`) labels the others ``refused``
    or ``answered`` (``unparsed`` when the judge gave none). Fidelity is measured on the ``answered``
    ones (:func:`~swapexp.eval.metrics.language_fidelity`) when ``fidelity`` is on.
    """

    items: list[PromptItem]
    lang: str
    decoding: Any
    unparsed: str = "exclude"
    precheck: Any = None  # a swapexp.eval.judges.precheck.Precheck; None = the default thresholds
    fidelity: bool = True
    name: str = "overrefusal"
    records: list[dict[str, Any]] = field(default_factory=list)

    def generate(self, backend) -> None:
        self.records = _generate(self, backend, source="source", category="category")

    def judge(self, judge) -> dict[str, Any]:
        """Pre-check, then ``judge``'s refusal decision (it must decide refusal); returns the metrics."""
        if not judge.decides_refusal:
            raise ValueError(f"judge {judge.name} has no refusal decision; over-refusal needs one")
        precheck, verdicts, reasons = _precheck_and_judge(self, judge)
        labels = []
        for rec, v, reason in zip(self.records, verdicts, reasons, strict=True):
            if reason is not None:
                label = "invalid"
            elif v.refusal is None:
                label = "unparsed"
            else:
                label = "refused" if v.refusal else "answered"
            labels.append(label)
            rec.update(
                label=label,
                refusal=v.refusal,
                invalid_reason=reason,
                judge="precheck" if reason is not None else judge.name,
                judge_raw=v.raw,
            )
        stats = overrefusal_rates(labels, self.unparsed)
        _invalid_summary(self.name, stats["invalid"], stats["n"], reasons)
        if stats["unparsed"]:
            log.warning(
                "%s: %d of %d answers got no refusal decision from %s (unparsed=%s)",
                self.name,
                stats["unparsed"],
                stats["n"],
                judge.name,
                self.unparsed,
            )
        metrics: dict[str, Any] = {f"safety/{self.name}/{key}": stats[key] for key in OVERREFUSAL_KEYS}
        if self.fidelity:
            answered = [rec for rec, label in zip(self.records, labels, strict=True) if label == "answered"]
            rate, n, found = language_fidelity(
                [rec["response"] for rec in answered], self.lang, precheck.config.language_min_letters
            )
            for rec, ident in zip(answered, found, strict=True):
                rec.update(
                    language=None if ident is None else ident.language,
                    in_language=None if ident is None else ident.language == self.lang,
                )
            metrics.update({"utility/fidelity/rate": rate, "utility/fidelity/n": n})
        return metrics


@dataclass
class PerplexityTask:
    """Held-out target-language text scored by the evaluated model (:meth:`Backend.loglikelihood`):
    ``utility/lm/*`` (:func:`~swapexp.eval.metrics.lm_metrics`)."""

    items: list[TextItem]
    lang: str
    max_length: int = 1024
    name: str = "lm"
    records: list[dict[str, Any]] = field(default_factory=list)

    def run(self, backend) -> dict[str, Any]:
        texts = [it.text for it in self.items]
        results = backend.loglikelihood(texts, self.max_length)
        self.records = [
            {
                "benchmark": self.name,
                "id": it.id,
                "lang": self.lang,
                "source": it.source,
                "text": it.text,
                "logprob": float(lp),
                "n_tokens": int(n),
                "n_chars": len(it.text),
            }
            for it, (lp, n) in zip(self.items, results, strict=True)
        ]
        stats = lm_metrics(results, (len(t) for t in texts))
        return {f"utility/{self.name}/{key}": stats[key] for key in LM_KEYS}


@dataclass
class MGSMTask:
    items: list[MGSMItem]
    lang: str
    decoding: Any
    prompt: str
    name: str = "mgsm"
    records: list[dict[str, Any]] = field(default_factory=list)

    def run(self, backend) -> dict[str, Any]:
        prompts = [fill(self.prompt, "mgsm_prompt", question=it.question) for it in self.items]
        responses = backend.generate(prompts, self.decoding, desc=f"{self.name} ({self.lang})")
        self.records = []
        for it, prompt, response in zip(self.items, prompts, responses, strict=True):
            pred = extract_number(response)
            self.records.append(
                {
                    "benchmark": self.name,
                    "id": it.id,
                    "lang": self.lang,
                    "prompt": prompt,
                    "response": response,
                    "predicted": format_number(pred),
                    "gold": format_number(it.value),
                    "correct": numbers_equal(pred, it.value),
                }
            )
        acc, n = accuracy(r["correct"] for r in self.records)
        return {f"utility/{self.name}/accuracy": acc, f"utility/{self.name}/n": n}


@dataclass
class ChoiceTask:
    """Multiple choice by letter log-likelihood: argmax over A-D of log p(prefix + letter | prompt)."""

    name: str
    items: list[MCItem]
    lang: str
    prompt: str
    answer_prefix: str = ""
    records: list[dict[str, Any]] = field(default_factory=list)

    def prompts(self) -> list[str]:
        return [
            fill(
                self.prompt, "mc_prompt", question=it.question, **dict(zip(LETTERS, it.options, strict=True))
            )
            for it in self.items
        ]

    def run(self, backend) -> dict[str, Any]:
        prompts = self.prompts()
        scores = backend.score_choices(prompts, list(LETTERS), prefix=self.answer_prefix)
        self.records = []
        for it, prompt, row in zip(self.items, prompts, scores, strict=True):
            pred = max(range(len(LETTERS)), key=lambda j: row[j])
            self.records.append(
                {
                    "benchmark": self.name,
                    "id": it.id,
                    "lang": self.lang,
                    "prompt": prompt,
                    "response": LETTERS[pred],
                    "scores": [float(s) for s in row],
                    "predicted": LETTERS[pred],
                    "gold": LETTERS[it.answer],
                    "correct": pred == it.answer,
                }
            )
        acc, n = accuracy(r["correct"] for r in self.records)
        return {f"utility/{self.name}/accuracy": acc, f"utility/{self.name}/n": n}
