"""End to end on a tiny model: merge=modulewise lang=sw eval.limit=N through the real pipeline,
the real hf backend and its generation cache, the refusal judge, and the shared MultiJail/MGSM data."""

from __future__ import annotations

import json

import pytest
from hydra import compose, initialize_config_dir

from tests.helpers.eval_data import REPO, require_shared_data
from tests.helpers.tiny_lm import make_tiny_lm


@pytest.fixture(scope="module")
def tiny_models(tmp_path_factory):
    """One tiny LM (with tokenizer and chat template) in every role: the merge is the identity, which
    keeps the test fast while exercising merge -> generate -> judge -> metrics for real."""
    model = make_tiny_lm(tmp_path_factory.mktemp("tiny") / "lm")
    return {"base": model, "safety": model, "language": model}


def test_modulewise_sw_limit_end_to_end(tmp_path, tiny_models, monkeypatch):
    data = require_shared_data()
    belebele = tmp_path / "belebele_swh_Latn.jsonl"
    belebele.write_text(
        "\n".join(
            json.dumps(
                {
                    "flores_passage": f"Habari {i}.",
                    "question": f"Swali {i}?",
                    "mc_answer1": "moja",
                    "mc_answer2": "mbili",
                    "mc_answer3": "tatu",
                    "mc_answer4": "nne",
                    "correct_answer_num": str(i % 4 + 1),
                }
            )
            for i in range(4)
        )
    )
    run = tmp_path / "run"
    overrides = [
        "merge=modulewise",
        "lang=sw",
        "eval.limit=3",
        "logger=none",
        f"paths.data_dir={data}",
        f"paths.output_dir={run}",
        f"model.base={tiny_models['base']}",
        f"model.safety={tiny_models['safety']}",
        f"model.languages.sw={tiny_models['language']}",
        "eval.max_new_tokens=6",
        "eval.mgsm_max_new_tokens=6",
        "eval.benchmarks=[mgsm,belebele,mmmlu,lm]",
        f"eval.belebele_path={belebele}",
        "merge_engine.figures=false",
        "backend.device=cpu",
        "backend.batch_size=4",
    ]
    with initialize_config_dir(config_dir=str(REPO / "conf"), version_base="1.3"):
        cfg = compose("config", overrides=overrides)
    from swapexp.pipeline import run as run_pipeline

    metrics = run_pipeline(cfg)
    on_disk = json.loads((run / "metrics.json").read_text())
    assert on_disk == metrics
    for key in (
        "safety/multijail/unsafe_rate",
        "safety/multijail/n",
        "safety/multijail/unparsed",
        "utility/mgsm/accuracy",
        "utility/mgsm/n",
        "utility/belebele/accuracy",
        "utility/belebele/n",
        *(f"safety/overrefusal/{k}" for k in ("n", "refusal_rate", "invalid_rate")),
        *(f"utility/lm/{k}" for k in ("nll", "perplexity", "n_tokens", "bits_per_char")),
        "utility/fidelity/n",
        "utility/mean",
        "objective/tradeoff",
    ):
        assert key in metrics, key
    import math

    assert metrics["utility/lm/perplexity"] == math.exp(metrics["utility/lm/nll"]) > 1.0
    assert metrics["safety/overrefusal/n"] == 3 and metrics["utility/lm/n"] == 3
    assert (
        metrics["safety/multijail/n"] == 3
        and metrics["utility/mgsm/n"] == 3
        and metrics["utility/belebele/n"] == 3
    )
    assert 0.0 <= metrics["safety/multijail/unsafe_rate"] <= 1.0
    recs = [json.loads(line) for line in (run / "generations.jsonl").read_text().splitlines()]
    benchmarks = {"multijail", "overrefusal", "mgsm", "belebele", "lm"}
    assert len(recs) == 15 and {r["benchmark"] for r in recs} == benchmarks
    assert all(isinstance(r["response"], str) for r in recs if r["benchmark"] != "lm")
    assert "mmmlu" in json.loads((run / "eval_skipped.json").read_text())
    assert (run / "merge" / "decisions.json").is_file()

    def no_model_calls(*a, **k):
        raise AssertionError("a rerun of the same config must not run the model")

    from swapexp.eval.backends.hf import HFBackend

    for method in ("generate", "generate_stream", "score_choices", "loglikelihood"):
        monkeypatch.setattr(HFBackend, method, no_model_calls)
    rerun = run_pipeline(cfg)  # cached merge, generations, choice scores, log-likelihoods: identical metrics
    assert rerun == metrics
