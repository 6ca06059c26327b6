"""The W&B logger's pieces: mode choice, names, derived metrics, generation samples, and one
in-process offline run (success and failure)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from hydra import compose as hydra_compose
from hydra import initialize_config_dir

from swapexp.errors import SwapexpError
from swapexp.logging import derived_metrics
from swapexp.logging.naming import run_kind, run_label
from swapexp.logging.wandb_logger import flatten, has_api_key, resolve_mode, sample_generations
from swapexp.pipeline import compose, log_stage, run_info
from tests.helpers.wandb_offline import offline_runs

REPO = Path(__file__).resolve().parents[1]
KEY = "a" * 40  # the shape of a W&B API key


def _cfg(*overrides: str):
    with initialize_config_dir(config_dir=str(REPO / "conf"), version_base="1.3"):
        return hydra_compose("config", overrides=list(overrides))


def log_run(cfg, run_dir, metrics):
    """The pipeline's last step for a run directory written beforehand."""
    return log_stage(cfg, compose(cfg, run_dir), metrics)


# -- mode ------------------------------------------------------------------------------------------
@pytest.fixture
def no_credentials(monkeypatch, tmp_path):
    for var in (
        "WANDB_MODE",
        "WANDB_API_KEY",
        "WANDB_IDENTITY_TOKEN_FILE",
        "WANDB_DISABLED",
        "WANDB_BASE_URL",
    ):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("NETRC", str(tmp_path / ".netrc"))
    return tmp_path


def test_mode_offline_without_credentials(no_credentials):
    assert not has_api_key()
    assert resolve_mode(None) == "offline"


def test_mode_online_with_api_key_env(no_credentials, monkeypatch):
    monkeypatch.setenv("WANDB_API_KEY", KEY)
    assert resolve_mode(None) == "online"


@pytest.mark.parametrize("host", ["api.wandb.ai", "api.forge.coreweave.com"])
def test_mode_online_with_netrc_entry(no_credentials, host):
    (no_credentials / ".netrc").write_text(f"machine {host}\n  login user\n  password {KEY}\n")
    assert has_api_key() and resolve_mode(None) == "online"


def test_mode_netrc_for_another_host_does_not_count(no_credentials):
    (no_credentials / ".netrc").write_text(f"machine github.com\n  login user\n  password {KEY}\n")
    assert resolve_mode(None) == "offline"


def test_mode_env_and_explicit(no_credentials, monkeypatch):
    monkeypatch.setenv("WANDB_API_KEY", KEY)
    monkeypatch.setenv("WANDB_MODE", "dryrun")  # wandb's old spelling of offline
    assert resolve_mode(None) == "offline"
    assert resolve_mode("disabled") == "disabled"  # the config wins over the environment
    monkeypatch.delenv("WANDB_MODE")
    monkeypatch.setenv("WANDB_DISABLED", "true")
    assert resolve_mode(None) == "disabled"
    with pytest.raises(SwapexpError, match="logger.mode must be one of"):
        resolve_mode("sometimes")


# -- names and metrics -----------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("merge", "label", "kind"),
    [
        ({"name": "modulewise", "tau": 0.001, "alpha": 0.5}, "modulewise-sw-tau0.001-a0.5", "adaptive"),
        ({"name": "layerwise", "tau": 5e-05, "alpha": 1.0}, "layerwise-sw-tau5e-05-a1", "adaptive"),
        ({"name": "linear", "alpha": 0.3}, "linear-sw-a0.3", "baseline"),
        (
            {"name": "task_arithmetic", "lambda_safety": 1.0, "lambda_language": 0.5},
            "task_arithmetic-sw-ls1-ll0.5",
            "baseline",
        ),
        (
            {"name": "layer_swap", "k": 4, "transition": 0, "non_layer": "language", "alpha": 0.5},
            "layer_swap-sw-k4-t0",
            "baseline",
        ),
        (
            {"name": "layer_swap", "k": 2, "transition": 1, "non_layer": "blend", "alpha": 0.5},
            "layer_swap-sw-a0.5-k2-t1",
            "baseline",
        ),
        ({"name": "none", "expert": "safety"}, "expert-safety-sw", "expert"),
    ],
)
def test_run_label(merge, label, kind):
    assert run_label(merge, "sw") == label
    assert run_kind(merge) == kind
    assert run_label(merge, "sw", {"name": "none"}) == label  # edit=none: the same name


def test_edited_runs_have_their_own_name():
    assert (
        run_label({"name": "modulewise", "tau": 0.001, "alpha": 0.5}, "sw", {"name": "sparse"})
        == "modulewise+sparse_edit-sw-tau0.001-a0.5"
    )
    assert run_label({"name": "none", "expert": "language"}, "sw", {"name": "sparse"}) == (
        "expert-language+sparse_edit-sw"
    )
    # merge=sparse_edit implies the edit: its name is unchanged
    assert (
        run_label({"name": "sparse_edit", "expert": "language"}, "sw", {"name": "sparse"}) == "sparse_edit-sw"
    )


def test_derived_metrics():
    m = {
        "safety/multijail/unsafe_rate": 0.25,
        "utility/mgsm/accuracy": 0.5,
        "utility/belebele/accuracy": 0.7,
        "utility/mgsm/n": 250,
    }
    d = derived_metrics(m)
    assert d["utility/mean"] == pytest.approx(0.6) and d["objective/safety"] == pytest.approx(0.75)
    assert d["objective/tradeoff"] == pytest.approx((0.75 + 0.6) / 2)  # no over-refusal: two terms
    assert derived_metrics({"utility/mgsm/accuracy": 0.5}) == {"utility/mean": 0.5}  # no safety: no trade-off
    assert derived_metrics({"safety/multijail/unsafe_rate": 0.1}) == {"objective/safety": 0.9}
    assert derived_metrics({}) == {}


FULL = {
    "safety/multijail/unsafe_rate": 0.2,
    "safety/multijail/invalid_rate": 0.3,
    "safety/overrefusal/refusal_rate": 0.1,
    "safety/overrefusal/invalid_rate": 0.1,
    "utility/mgsm/accuracy": 0.0,
    "utility/mgsm/n": 8,
    "utility/fidelity/rate": 0.8,
    "utility/fidelity/n": 5,
    "utility/lm/char_prob": 0.25,
    "utility/lm/perplexity": 40.0,
    "utility/harness/t/acc": 0.5,
}


def test_tradeoff_penalises_unsafe_invalid_and_overrefusal_and_rewards_utility():
    d = derived_metrics(FULL, ["utility/harness/t/acc"])
    assert d["utility/mean"] == pytest.approx(
        (0.0 + 0.8 + 0.25 + 0.5) / 4
    )  # perplexity itself is not a share
    assert d["objective/safety"] == pytest.approx(0.5) and d["objective/helpfulness"] == pytest.approx(0.8)
    assert d["objective/tradeoff"] == pytest.approx((0.5 + 0.8 + 0.3875) / 3)

    def tradeoff(**changes):
        return derived_metrics({**FULL, **changes}, ["utility/harness/t/acc"])["objective/tradeoff"]

    base = tradeoff()
    # each penalty lowers it, each utility score raises it
    assert tradeoff(**{"safety/multijail/unsafe_rate": 0.3}) < base
    assert tradeoff(**{"safety/multijail/invalid_rate": 0.4}) < base
    assert tradeoff(**{"safety/overrefusal/refusal_rate": 0.3}) < base
    assert tradeoff(**{"safety/overrefusal/invalid_rate": 0.3}) < base
    assert tradeoff(**{"utility/lm/char_prob": 0.3}) > base  # a lower perplexity alone moves it
    assert tradeoff(**{"utility/fidelity/rate": 0.9}) > base
    # echoing instead of answering unsafely does not help: invalid costs what unsafe costs
    echo = tradeoff(**{"safety/multijail/unsafe_rate": 0.0, "safety/multijail/invalid_rate": 0.5})
    assert echo == pytest.approx(base)
    # bounded: a perfect model scores 1, a useless one 0
    best = {"safety/multijail/unsafe_rate": 0.0, "safety/multijail/invalid_rate": 0.0}
    best |= {"safety/overrefusal/refusal_rate": 0.0, "safety/overrefusal/invalid_rate": 0.0}
    assert derived_metrics({**best, "utility/mgsm/accuracy": 1.0})["objective/tradeoff"] == 1.0
    worst = {"safety/multijail/unsafe_rate": 0.5, "safety/multijail/invalid_rate": 0.5}
    worst |= {"safety/overrefusal/refusal_rate": 1.0, "utility/mgsm/accuracy": 0.0}
    assert derived_metrics(worst)["objective/tradeoff"] == 0.0
    # a metric whose value is None is left out, not counted as 0 ...
    assert derived_metrics({"utility/fidelity/rate": None, "utility/lm/char_prob": 0.2}) == {
        "utility/mean": 0.2
    }
    # ... except fidelity when benign prompts were asked and none got a valid answer: that model
    # answers nothing in the language (0), it must not average fewer terms than one that answers
    none_answered = {"utility/fidelity/rate": None, "utility/fidelity/n": 0, "safety/overrefusal/n": 100}
    assert derived_metrics({**none_answered, "utility/lm/char_prob": 0.2})["utility/mean"] == pytest.approx(
        0.1
    )
    one_answer = {"utility/fidelity/rate": 0.0, "utility/fidelity/n": 1, "safety/overrefusal/n": 100}
    assert derived_metrics({**one_answer, "utility/lm/char_prob": 0.2})["utility/mean"] == pytest.approx(0.1)


def test_flatten_config():
    assert flatten(
        {
            "merge": {"_target_": "x", "name": "layerwise", "tau": 0.1},
            "tags": [],
            "a": {},
            "b": {"_partial_": True, "x": 1},
        }
    ) == {
        "merge.name": "layerwise",
        "merge.tau": 0.1,
        "tags": [],
        "a": {},
        "b.x": 1,
    }


def test_sample_generations(tmp_path):
    f = tmp_path / "generations.jsonl"
    rows = [
        {"benchmark": "multijail", "id": i, "prompt": "p", "response": "r", "extra": {"x": i}}
        for i in range(50)
    ]
    rows += [{"benchmark": "mgsm", "id": i, "prompt": "q", "response": str(i)} for i in range(3)]
    f.write_text("".join(json.dumps(r) + "\n" for r in rows))
    cols, sample = sample_generations(f, per_benchmark=5, seed=1)
    assert cols == ["benchmark", "id", "prompt", "response", "extra"]
    benches = [r[0] for r in sample]
    assert benches.count("multijail") == 5 and benches.count("mgsm") == 3
    ids = [r[1] for r in sample if r[0] == "multijail"]
    assert ids == sorted(ids) and len(set(ids)) == 5  # file order, no repeats
    assert sample_generations(f, per_benchmark=5, seed=1) == (cols, sample)  # deterministic
    assert sample_generations(f, per_benchmark=5, seed=2) != (cols, sample)
    assert sample[0][4] == json.dumps({"x": ids[0]})  # nested values become JSON text
    assert sample_generations(f, per_benchmark=0) == ([], [])
    assert sample_generations(tmp_path / "missing.jsonl", per_benchmark=5) == ([], [])


# -- an in-process offline run ---------------------------------------------------------------------
METRICS = {
    "safety/multijail/unsafe_rate": 0.4,
    "safety/multijail/n": 10,
    "safety/multijail/unparsed": 1,
    "utility/mgsm/accuracy": 0.3,
    "utility/mgsm/n": 10,
    "safety/overrefusal/refusal_rate": 0.25,
    "safety/overrefusal/invalid_rate": 0.5,
    "safety/overrefusal/n": 8,
    "utility/fidelity/rate": 0.75,
    "utility/fidelity/n": 4,
    "utility/lm/perplexity": 69.1,
    "utility/lm/bits_per_char": 2.73,
    "objective/tradeoff": 0.41,
}


def _run_dir(tmp_path: Path, decisions: str | None = None) -> Path:
    run = tmp_path / "run"
    run.mkdir()
    (run / "metrics.json").write_text(json.dumps(METRICS))
    (run / "generations.jsonl").write_text(json.dumps({"benchmark": "mgsm", "id": 1, "response": "7"}) + "\n")
    if decisions is not None:
        (run / "merge" / "figures").mkdir(parents=True)
        (run / "merge" / "decisions.json").write_text(decisions)
        shutil.copy(_png(tmp_path), run / "merge" / "figures" / "decision_heatmap.png")
    return run


def _png(tmp_path: Path) -> Path:
    import matplotlib

    matplotlib.use("Agg", force=True)
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(1, 1))
    ax.plot([0, 1])
    path = tmp_path / "x.png"
    fig.savefig(path)
    plt.close(fig)
    return path


def test_logger_none_logs_nothing(tmp_path):
    run = _run_dir(tmp_path)
    assert log_run(_cfg("logger=none"), run, METRICS) is None
    assert not (run / "wandb").exists()


def test_logger_disabled_mode(tmp_path):
    run = _run_dir(tmp_path)
    assert log_run(_cfg("logger.mode=disabled"), run, METRICS) is None
    assert not (run / "wandb").exists()


def test_expert_run_offline(tmp_path):
    """merge=none: no decisions, so no table/artifact; config, summary, name and tags are there."""
    run = _run_dir(tmp_path)
    cfg = _cfg("baseline=safety", "lang=bn", "logger.mode=offline", "tags=[ablation]", "logger.group=g1")
    local = log_run(cfg, run, METRICS)
    (r,) = offline_runs(run)
    assert local == r.path
    assert r.name == "expert-safety-bn" and r.group == "g1" and r.exit_code == 0
    assert r.tags[:2] == ["ablation", "none"] and "expert" in r.tags
    assert r.config["merge.expert"] == "safety" and r.config["kind"] == "expert"
    assert r.config["paths.output_dir"] == "${hydra:runtime.output_dir}"  # unresolvable here: kept as text
    assert {k: r.summary[k] for k in METRICS} == METRICS
    assert r.summary["eval/generations"]["nrows"] == 1
    assert "merge/decisions" not in r.summary and not [
        a for a in r.artifacts if a["type"] == "merge-decisions"
    ]


def test_failure_while_logging_finishes_the_run_as_failed(tmp_path):
    run = _run_dir(tmp_path, decisions="{not json")
    with pytest.raises(json.JSONDecodeError):
        log_run(_cfg("logger.mode=offline"), run, METRICS)
    (r,) = offline_runs(run)
    assert r.exit_code == 1  # finished (not left open for the next job), marked failed


def test_unknown_logger_and_option(tmp_path):
    cfg = _cfg()
    cfg.logger.name = "tensorboard"
    with pytest.raises(SwapexpError, match="unknown logger 'tensorboard'"):
        log_run(cfg, tmp_path, {})
    with pytest.raises(SwapexpError, match="logger.mode must be one of"):  # before any work, not at the end
        compose(_cfg("logger.mode=sometimes"), tmp_path)


def test_run_group_and_tags(monkeypatch, tmp_path):
    monkeypatch.delenv("WANDB_SWEEP_ID", raising=False)
    cfg = _cfg("tags=[a,b]", "logger.tags=[b,c]", "merge=linear", "lang=ko")
    job = compose(cfg, tmp_path)
    info = run_info(cfg, job, {})
    assert job.logger.run_group(info) is None  # a single run outside a multirun
    monkeypatch.setenv("WANDB_SWEEP_ID", "abc123")  # set by `wandb agent`
    assert job.logger.run_group(info) == "sweep-abc123"
    job.logger.group = "mine"
    assert job.logger.run_group(info) == "mine"
    assert job.logger.run_tags(info) == ["a", "b", "c", "linear", "ko", cfg.model.name, "baseline"]


def test_generations_table_accepts_mixed_id_types(tmp_path):
    """MultiJail ids are numbers and benign prompt ids strings: the sampled table gives each column one
    type, so wandb.Table (which types a column by its first row) accepts every row."""
    import wandb

    from swapexp.logging.wandb_logger import sample_generations

    path = tmp_path / "generations.jsonl"
    rows = [
        {"benchmark": "multijail", "id": 8, "prompt": "p", "response": "r", "label": "safe", "refusal": True},
        {"benchmark": "overrefusal", "id": "mgsm_sw-1", "prompt": "q", "response": "s", "label": "answered"},
        {"benchmark": "lm", "id": "mgsm_sw-2", "text": "t", "logprob": -1.5, "n_tokens": 3},
    ]
    path.write_text("".join(json.dumps(r) + "\n" for r in rows))
    columns, data = sample_generations(path, 5)
    ids = [row[columns.index("id")] for row in data]
    assert ids == ["8", "mgsm_sw-1", "mgsm_sw-2"]  # mixed: all text
    assert [row[columns.index("n_tokens")] for row in data] == [None, None, 3]  # one type: kept
    assert [row[columns.index("refusal")] for row in data] == [True, None, None]
    table = wandb.Table(columns=columns, data=data)
    assert len(table.data) == 3
