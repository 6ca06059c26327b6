"""The evaluation stage (pipeline.evaluate_model) on a scripted backend: metrics, outputs, skips, splits."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest
from hydra import compose, initialize_config_dir

from swapexp.errors import SwapexpError
from swapexp.eval.datasets import load_mgsm
from swapexp.eval.tasks import SAFETY_KEYS
from swapexp.pipeline import evaluate_model as evaluate
from tests.helpers.eval_data import REPO, require_shared_data
from tests.helpers.fake_backend import FakeBackend

MGSM_MARK = "Solve the problem step by step"


def compose_cfg(*overrides: str):
    data = require_shared_data()
    with initialize_config_dir(config_dir=str(REPO / "conf"), version_base="1.3"):
        return compose("config", overrides=[f"paths.data_dir={data}", "paths.output_dir=unused", *overrides])


def respond(text: str) -> str:
    if MGSM_MARK in text:
        return "16 - 3 - 4 = 9, 9 * 2 = 18. The answer is 18."
    return "I'm sorry, I can't help with that." if len(text) % 2 else "Sure, here is how to do it."


def prefer_b(text, choices):
    return [-1.0 if c == "B" else -5.0 for c in choices]


class Made(list):
    """The FakeBackends build_backend returned, in order; ``respond`` scripts the next ones."""

    respond = staticmethod(respond)


@pytest.fixture
def backends(monkeypatch):
    """Every build_backend call returns a new FakeBackend (the first = the evaluated model)."""
    made = Made()

    def build(backend_cfg, model_dir, cache_dir=None, **kw):
        b = FakeBackend(lambda text: made.respond(text), prefer_b)
        b.model_dir, b.cache_dir = model_dir, cache_dir
        made.append(b)
        return b

    monkeypatch.setattr("swapexp.eval.backends.build_backend", build)
    return made


def belebele_file(tmp_path: Path, n: int = 6) -> str:
    rows = [
        {
            "flores_passage": f"P{i}",
            "question": f"Q{i}",
            "mc_answer1": "a",
            "mc_answer2": "b",
            "mc_answer3": "c",
            "mc_answer4": "d",
            "correct_answer_num": "2" if i < 4 else "3",
        }
        for i in range(n)
    ]
    path = tmp_path / "belebele_swh_Latn.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in rows))
    return f'"{tmp_path}/belebele_{{lang}}.jsonl"'  # braces must be quoted in a Hydra override


def read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_evaluate_swahili_end_to_end(tmp_path, backends):
    cfg = compose_cfg("lang=sw", "eval.limit=4", f"eval.belebele_path={belebele_file(tmp_path)}")
    run = tmp_path / "run"
    metrics = evaluate(cfg, tmp_path / "model", run)

    assert len(backends) == 1 and backends[0].closed and backends[0].model_dir == tmp_path / "model"
    recs = read_jsonl(run / "generations.jsonl")
    names = ("multijail", "overrefusal", "mgsm", "belebele", "lm")
    by = {b: [r for r in recs if r["benchmark"] == b] for b in names}
    assert [len(v) for v in by.values()] == [4, 4, 4, 4, 4] and len(recs) == 20

    safety = by["multijail"]
    assert all(
        r["lang"] == "sw" and r["judge"] == "refusal" and r["label"] in ("safe", "unsafe") for r in safety
    )
    n_unsafe = sum(r["label"] == "unsafe" for r in safety)
    assert n_unsafe == sum(r["response"].startswith("Sure") for r in safety)
    assert metrics["safety/multijail/unsafe_rate"] == pytest.approx(n_unsafe / 4)
    assert metrics["safety/multijail/n"] == 4 and metrics["safety/multijail/unparsed"] == 0
    assert safety[0]["prompt"] and "judge_raw" in safety[0]

    gold = {it.id: it.value for it in load_mgsm(str(Path(cfg.paths.data_dir) / "mgsm/mgsm_{lang}.tsv"), "sw")}
    mgsm = by["mgsm"]
    assert all(
        r["predicted"] == "18" and r["gold"] == ("18" if gold[r["id"]] == 18 else r["gold"]) for r in mgsm
    )
    assert metrics["utility/mgsm/accuracy"] == pytest.approx(sum(gold[r["id"]] == 18 for r in mgsm) / 4)
    assert metrics["utility/mgsm/n"] == 4 and all(MGSM_MARK in r["prompt"] for r in mgsm)

    bel = by["belebele"]
    assert all(r["predicted"] == "B" and len(r["scores"]) == 4 for r in bel)
    assert metrics["utility/belebele/accuracy"] == pytest.approx(sum(r["gold"] == "B" for r in bel) / 4)
    assert "mmmlu" in json.loads((run / "eval_skipped.json").read_text())  # hub offline in tests
    assert not any(k.startswith("utility/mmmlu") for k in metrics)

    # over-refusal: the benign prompts (MGSM questions and the project's set), the refusal judge decides
    benign = by["overrefusal"]
    assert {r["source"] for r in benign} <= {"mgsm_sw", "benign"}
    refused = [r["response"].startswith("I'm sorry") for r in benign]
    assert [r["label"] for r in benign] == ["refused" if x else "answered" for x in refused]
    assert all(r["judge"] == "refusal" and r["refusal"] is x for r, x in zip(benign, refused, strict=True))
    assert metrics["safety/overrefusal/refusal_rate"] == pytest.approx(sum(refused) / 4)
    assert metrics["safety/overrefusal/n"] == 4 and metrics["safety/overrefusal/invalid_rate"] == 0
    # fidelity: "Sure, here is how to do it." has 19 letters, too few to identify (min_letters 20)
    answered = [r for r in benign if r["label"] == "answered"]
    assert answered and all(r["language"] is None and r["in_language"] is None for r in answered)
    assert metrics["utility/fidelity/n"] == 0 and metrics["utility/fidelity/rate"] is None

    # perplexity: the fake model gives every character log-probability -2 (one token per character)
    lm = by["lm"]
    assert all(r["source"] == "mgsm_sw" and "\n" in r["text"] for r in lm)
    chars = sum(len(r["text"]) for r in lm)
    assert metrics["utility/lm/n_tokens"] == metrics["utility/lm/n_chars"] == chars
    assert metrics["utility/lm/nll"] == pytest.approx(2.0)
    assert metrics["utility/lm/perplexity"] == pytest.approx(math.exp(2.0))
    assert metrics["utility/lm/bits_per_char"] == pytest.approx(2.0 / math.log(2))
    assert metrics["utility/lm/char_prob"] == pytest.approx(math.exp(-2.0))

    gens = [c for c in backends[0].calls if c[0] == "generate"]
    assert [c[2].max_new_tokens for c in gens] == [256, 256, 512] and all(c[2].greedy for c in gens)
    scored = [c for c in backends[0].calls if c[0] == "score_choices"]
    assert scored[0][2] == (["A", "B", "C", "D"], "") and "\nB. b\n" in scored[0][1][0]

    again = evaluate(cfg, tmp_path / "model", tmp_path / "run2")  # same subset on a rerun
    assert again == metrics
    assert [r["id"] for r in read_jsonl(tmp_path / "run2" / "generations.jsonl")] == [r["id"] for r in recs]


def test_telugu_skips_safety_and_mmmlu_without_crashing(tmp_path, backends, caplog):
    cfg = compose_cfg("lang=te", "eval.limit=3", "eval.benchmarks=[mgsm,mmmlu]", "eval.overrefusal=false")
    metrics = evaluate(cfg, tmp_path / "model", tmp_path / "run")
    skipped = json.loads((tmp_path / "run" / "eval_skipped.json").read_text())
    assert set(skipped) == {"multijail", "mmmlu"}
    assert (
        "MultiJail has no Telugu (te) column" in skipped["multijail"]
        and "eval.safety_file" in skipped["multijail"]
    )
    assert "no Telugu (te) data" in skipped["mmmlu"]
    assert set(metrics) == {"utility/mgsm/accuracy", "utility/mgsm/n"} and metrics["utility/mgsm/n"] == 3
    assert "skipping multijail: MultiJail has no Telugu" in caplog.text


def test_telugu_safety_file(tmp_path, backends):
    path = tmp_path / "te_harmful.jsonl"
    path.write_text("\n".join(json.dumps({"id": i, "prompt": f"హానికరమైన ప్రశ్న {i}"}) for i in range(5)))
    cfg = compose_cfg(
        "lang=te", "eval.utility=false", f"eval.safety_file={path}", "eval.safety_column=prompt"
    )
    metrics = evaluate(cfg, tmp_path / "model", tmp_path / "run")
    assert metrics["safety/multijail/n"] == 5
    assert read_jsonl(tmp_path / "run" / "generations.jsonl")[0]["prompt"] == "హానికరమైన ప్రశ్న 0"


def test_korean_has_no_mgsm(tmp_path, backends):
    cfg = compose_cfg("lang=ko", "eval.limit=2", "eval.benchmarks=[mgsm]", "eval.overrefusal=false")
    metrics = evaluate(cfg, tmp_path / "model", tmp_path / "run")
    assert "mgsm" in json.loads((tmp_path / "run" / "eval_skipped.json").read_text())
    assert set(metrics) == {f"safety/multijail/{k}" for k in SAFETY_KEYS}


def test_calibration_split_only_evaluation_part_is_judged(tmp_path, backends):
    cfg = compose_cfg(
        "lang=bn",
        "eval.utility=false",
        "eval.overrefusal=false",
        "eval.calibration_split.enabled=true",
        "eval.calibration_split.size=100",
        "eval.limit=10",
    )
    metrics = evaluate(cfg, tmp_path / "model", tmp_path / "run")
    split = json.loads((tmp_path / "run" / "multijail_split.json").read_text())
    assert len(split["calibration_ids"]) == 100 and len(split["evaluation_ids"]) == 215
    judged = [r["id"] for r in read_jsonl(tmp_path / "run" / "generations.jsonl")]
    assert len(judged) == 10 == metrics["safety/multijail/n"]
    assert set(judged) <= set(split["evaluation_ids"]) and not set(judged) & set(split["calibration_ids"])


def test_guard_judge_loads_after_model_is_freed(tmp_path, backends):
    (tmp_path / "guard").mkdir()
    (tmp_path / "guard" / "chat_template.jinja").write_text("{{ messages }}")  # a guard has its own template
    cfg = compose_cfg(
        "lang=sw",
        "eval.utility=false",
        "eval.overrefusal=false",
        "eval.limit=3",
        "judge=qwen3guard",
        f"judge.model={tmp_path / 'guard'}",
    )

    def guard_or_model(text):
        if "Sure" in text:
            return "Safety: Unsafe\nCategories: Violent\nRefusal: No"
        return "Safety: Safe\nCategories: None\nRefusal: Yes" if "sorry" in text else respond(text)

    backends.respond = guard_or_model
    metrics = evaluate(cfg, tmp_path / "model", tmp_path / "run")
    model, guard = backends
    assert model.closed and guard.closed and guard.model_dir == tmp_path / "guard"
    recs = read_jsonl(tmp_path / "run" / "generations.jsonl")
    assert all(r["judge"] == "qwen3guard" and r["judge_raw"].startswith("Safety:") for r in recs)
    assert metrics["safety/multijail/unsafe_rate"] == pytest.approx(
        sum(r["label"] == "unsafe" for r in recs) / 3
    )


def test_nothing_enabled_builds_no_backend(tmp_path, backends):
    cfg = compose_cfg("eval.safety=false", "eval.utility=false", "eval.overrefusal=false")
    assert evaluate(cfg, tmp_path / "model", tmp_path / "run") == {}
    assert backends == [] and (tmp_path / "run" / "generations.jsonl").read_text() == ""


@pytest.mark.parametrize(
    "override, match",
    [
        ("eval.multijail_path=/nonexistent/MultiJail.csv", "MultiJail is not available.*eval.safety=false"),
        ("eval.limit=0", "eval.limit must be a positive integer"),
        ("eval.benchmarks=[gsm8k]", "unknown eval.benchmarks gsm8k"),
        ("eval.unparsed=safe", "eval.unparsed must be one of"),
        ("judge=llamaguard", None),
    ],
)
def test_config_errors_fail_before_generation(tmp_path, backends, override, match):
    cfg = compose_cfg("lang=sw", "eval.utility=false", "eval.limit=2", override)
    if match is None:  # a gated guard model offline: one-line error from resolve_model, before any generation
        match = "judge model meta-llama/Llama-Guard-3-1B"
    with pytest.raises(SwapexpError, match=match):
        evaluate(cfg, tmp_path / "model", tmp_path / "run")
    assert not any(c[0] == "generate" for b in backends for c in b.calls)


def test_malformed_mgsm_is_an_error_missing_is_a_skip(tmp_path, backends):
    (tmp_path / "mgsm_sw.tsv").write_text("question only\n")
    cfg = compose_cfg(
        "lang=sw",
        "eval.safety=false",
        "eval.overrefusal=false",
        "eval.benchmarks=[mgsm]",
        f'eval.mgsm_path="{tmp_path}/mgsm_{{lang}}.tsv"',
    )
    with pytest.raises(SwapexpError, match="tab-separated"):
        evaluate(cfg, tmp_path / "model", tmp_path / "run")
    cfg = compose_cfg(
        "lang=bn",
        "eval.safety=false",
        "eval.overrefusal=false",
        "eval.benchmarks=[mgsm]",
        f'eval.mgsm_path="{tmp_path}/mgsm_{{lang}}.tsv"',
    )
    assert evaluate(cfg, tmp_path / "model", tmp_path / "run") == {}
    assert (
        "mgsm_bn.tsv does not exist"
        in json.loads((tmp_path / "run" / "eval_skipped.json").read_text())["mgsm"]
    )


def test_invalid_responses_are_counted_and_never_reach_the_guard(tmp_path, backends):
    (tmp_path / "guard").mkdir()
    (tmp_path / "guard" / "chat_template.jinja").write_text("{{ messages }}")  # a guard has its own template
    cfg = compose_cfg(
        "lang=sw",
        "eval.utility=false",
        "eval.overrefusal=false",
        "eval.limit=4",
        "judge=qwen3guard",
        f"judge.model={tmp_path / 'guard'}",
    )
    answers = iter(["", None, "Sure, here is how to do it.", "I'm sorry, I can't help with that."])

    def model_or_guard(text):
        if text.startswith("Safety") or "\n" in text:  # the guard's conversation: prompt + response
            return "Safety: Unsafe\nRefusal: No" if "Sure" in text else "Safety: Safe\nRefusal: Yes"
        answer = next(answers)
        return text if answer is None else answer  # None: echo the prompt

    backends.respond = model_or_guard
    metrics = evaluate(cfg, tmp_path / "model", tmp_path / "run")
    model, guard = backends
    [(_, guard_convs, _)] = guard.calls
    assert len(guard_convs) == 2  # only the two real answers were judged
    assert all(
        c[1]["content"] in ("Sure, here is how to do it.", "I'm sorry, I can't help with that.")
        for c in guard_convs
    )
    recs = read_jsonl(tmp_path / "run" / "generations.jsonl")
    assert [r["label"] for r in recs] == ["invalid", "invalid", "unsafe", "safe"]
    assert recs[0]["invalid_reason"] == "empty" and recs[1]["invalid_reason"].startswith("echo: 1.00")
    assert [r["judge"] for r in recs] == ["precheck", "precheck", "qwen3guard", "qwen3guard"]
    assert [r["refusal"] for r in recs] == [None, None, False, True]
    assert recs[2]["invalid_reason"] is None
    p = "safety/multijail"
    assert {k: metrics[f"{p}/{k}"] for k in SAFETY_KEYS} == {
        "n": 4,
        "safe": 1,
        "unsafe": 1,
        "invalid": 2,
        "unparsed": 0,
        "unsafe_rate": 0.25,
        "invalid_rate": 0.5,
    }
