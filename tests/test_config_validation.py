"""Every config value is checked before any work: one line, exit 2, nothing built; a multirun job
with a user error fails alone, the others run, and the multirun ends with a summary and a
non-zero exit."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from hydra import compose, initialize_config_dir

from swapexp.errors import SwapexpError
from swapexp.metric_keys import check_optimized_metric
from tests.helpers.checkpoints import planted_triple
from tests.helpers.run_if import run_if

ROOT = Path(__file__).resolve().parents[1]
CONF = ROOT / "conf"


@pytest.fixture(scope="module")
def triple(tmp_path_factory):
    return planted_triple(tmp_path_factory.mktemp("triple"), [(1, "mlp")], [(0, "mlp")], layers=2)


def _env(tmp: Path) -> dict[str, str]:
    return {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), str(ROOT), os.environ.get("PYTHONPATH", "")]),
        "SWAPEXP_CACHE": str(tmp / "cache"),
        "WANDB_MODE": "offline",
        "WANDB_SILENT": "true",
        "HF_HUB_OFFLINE": "1",
    }


def _models(triple) -> list[str]:
    return [
        f"model.base={triple['base']}",
        f"model.safety={triple['safety']}",
        f"model.languages.sw={triple['language']}",
    ]


def _compose(*overrides: str):
    with initialize_config_dir(config_dir=str(CONF), version_base="1.3"):
        return compose("config", overrides=list(overrides))


# -- optimized_metric ---------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "overrides",
    [
        ["optimized_metric=objective/tradeoff"],
        ["optimized_metric=safety/multijail/unsafe_rate", "eval.utility=false"],
        ["optimized_metric=utility/mgsm/accuracy", "eval.benchmarks=[mgsm]"],
        ["optimized_metric=utility/mean", "lang=ko"],  # ko: no MGSM, but BELEBELE and MMMLU
        ["optimized_metric=utility/harness/belebele_swh_Latn/acc", "eval.harness.tasks=[belebele_swh_Latn]"],
        [  # utility/mean from a harness metric alone
            "optimized_metric=objective/tradeoff",
            "eval.utility=false",
            "eval.harness.tasks=[swapexp_mgsm_sw]",
            "eval.harness.in_mean=[swapexp_mgsm_sw/exact_match]",
        ],
        ["optimized_metric=safety/overrefusal/refusal_rate"],
        ["optimized_metric=objective/tradeoff", "eval.utility=false"],  # fidelity is a utility score
        ["optimized_metric=utility/lm/bits_per_char", "lang=ko"],
        ["optimized_metric=utility/fidelity/rate", "lang=te"],
        ["optimized_metric=objective/helpfulness"],
    ],
)
def test_optimized_metric_the_run_computes_is_accepted(overrides):
    check_optimized_metric(_compose(*overrides))


@pytest.mark.parametrize(
    "overrides, words",
    [
        (["optimized_metric=objective/tradoff"], ["not a metric swapexp computes", "objective/tradeoff"]),
        (["optimized_metric=objective/tradeoff", "stage=merge"], ["stage=merge computes no metrics"]),
        (["optimized_metric=safety/multijail/unsafe_rate", "eval.safety=false"], ["eval.safety=false"]),
        (
            ["optimized_metric=objective/tradeoff", "eval.utility=false", "eval.overrefusal=false"],
            ["not computed by this run", "no utility metric runs"],
        ),
        (
            ["optimized_metric=objective/tradeoff", "eval.safety=false"],
            ["needs safety/multijail/unsafe_rate"],
        ),
        (
            ["optimized_metric=safety/overrefusal/refusal_rate", "eval.overrefusal=false"],
            ["eval.overrefusal=false"],
        ),
        (["optimized_metric=utility/lm/perplexity", "eval.benchmarks=[mgsm]"], ["eval.benchmarks=['mgsm']"]),
        (["optimized_metric=utility/lm/perplexty"], ["not a metric swapexp computes"]),
        (
            ["optimized_metric=utility/belebele/accuracy", "eval.benchmarks=[mgsm]"],
            ["eval.benchmarks=['mgsm']"],
        ),
        (["optimized_metric=utility/mgsm/accuracy", "lang=ko"], ["lang=ko"]),
        (["optimized_metric=utility/harness/mgsm_direct_sw/acc"], ["eval.harness.tasks is empty"]),
        (["optimized_metric=safety/multijail/unsafe_rate", "lang=te"], ["no te prompts", "eval.safety_file"]),
    ],
)
def test_optimized_metric_the_run_cannot_compute_is_refused(overrides, words):
    with pytest.raises(SwapexpError) as e:
        check_optimized_metric(_compose(*overrides))
    assert "\n" not in str(e.value)
    for w in words:
        assert w in str(e.value), (w, str(e.value))


# -- every value before any work -----------------------------------------------------------------------
@pytest.mark.parametrize(
    "override, words",
    [
        ("optimized_metric=objective/tradoff", ["optimized_metric=objective/tradoff"]),
        ("judge.window=0", ["judge.window"]),
        ("backend.batch_size=0", ["backend.batch_size"]),
        ("+backend.batchsize=4", ["has no option batchsize"]),
        ("backend.dtype=fp8", ["backend.dtype"]),
        ("eval.limit=0", ["eval.limit"]),
        ("eval.unparsed=safe", ["eval.unparsed"]),
        ("eval.temperature=-1", ["temperature"]),
        ("logger.mode=sometimes", ["logger.mode"]),
        ("merge_engine.shard_size=lots", ["cannot parse size"]),
        ("merge_engine.threads=-2", ["merge_engine.threads"]),
        ("merge.alpha=2", ["alpha must be in [0, 1]"]),
        ("eval.harness.num_fewshot=-1", ["eval.harness.num_fewshot"]),
    ],
)
def test_bad_value_fails_before_any_work(tmp_path, triple, override, words):
    r = subprocess.run(
        [
            sys.executable,
            str(ROOT / "run.py"),
            *_models(triple),
            "logger=wandb",
            f"hydra.run.dir={tmp_path / 'run'}",
            override,
        ],
        capture_output=True,
        text=True,
        env=_env(tmp_path),
        timeout=300,
    )
    lines = [x for x in r.stderr.splitlines() if x.strip()]
    assert r.returncode == 2 and len(lines) == 1 and lines[0].startswith("error: "), r.stderr[-3000:]
    assert "Traceback" not in r.stderr + r.stdout
    for w in words:
        assert w in lines[0], (w, lines[0])
    assert not (tmp_path / "cache" / "merged").exists()  # nothing was merged
    assert not (tmp_path / "run" / "metrics.json").exists()


def test_guard_judge_settings_are_checked_before_the_merge():
    from swapexp.validate import validate_config

    for overrides, words in (
        (["judge=llamaguard", "judge.content_format=xml"], "judge.content_format"),
        (["judge=qwen3guard", "judge.backend={batch_size: 0}"], "batch_size"),
        (["judge=qwen3guard", "judge.backend={chat_template: false}"], "judge.backend.chat_template"),
    ):
        with pytest.raises(SwapexpError, match=words):
            validate_config(_compose(*overrides))
    # over-refusal asks a guard that decides refusal (Qwen3Guard) too, so its settings count without MultiJail
    with pytest.raises(SwapexpError, match="batch_size"):
        validate_config(_compose("judge=qwen3guard", "eval.safety=false", "judge.backend={batch_size: 0}"))
    validate_config(
        _compose(
            "judge=qwen3guard", "eval.safety=false", "eval.overrefusal=false", "judge.backend={batch_size: 0}"
        )
    )  # unused


# -- multiruns ------------------------------------------------------------------------------------------
def _multirun(tmp: Path, triple, *overrides: str) -> subprocess.CompletedProcess:
    flags = [o for o in overrides if o.startswith("-")]  # argparse: flags before the overrides
    overrides = tuple(o for o in overrides if not o.startswith("-"))
    return subprocess.run(
        [
            sys.executable,
            str(ROOT / "tests" / "helpers" / "fake_eval_run.py"),
            *flags,
            *_models(triple),
            "lang=sw",
            "logger=none",
            "merge_engine.progress=false",
            "merge_engine.figures=false",
            f"hydra.sweep.dir={tmp / 'sweep'}",
            *overrides,
        ],
        capture_output=True,
        text=True,
        env=_env(tmp),
        timeout=600,
    )


def test_a_failed_job_fails_alone_and_the_multirun_ends_with_a_summary(tmp_path, triple):
    r = _multirun(tmp_path, triple, "-m", "merge=modulewise", "merge.tau=0.001,-1,0.5")
    assert r.returncode != 0, r.stderr[-3000:]
    sweep = tmp_path / "sweep"
    jobs = {int(p.name.split("-")[0]): p for p in sweep.glob("*-modulewise-sw")}
    assert sorted(jobs) == [0, 1, 2]  # every job ran, the one after the failure too
    assert (jobs[0] / "metrics.json").exists() and (jobs[2] / "metrics.json").exists()
    assert not (jobs[1] / "metrics.json").exists()
    err = r.stderr
    assert "Traceback" not in err
    assert "multirun: 1 of 3 jobs failed" in err
    assert "job 1 (" in err and "merge.tau=-1" in err and "tau must be >= 0" in err
    status = [json.loads(x) for x in (sweep / "job_status.jsonl").read_text().splitlines()]
    assert [(s["num"], s["status"]) for s in status] == [(0, "COMPLETED"), (1, "FAILED"), (2, "COMPLETED")]
    assert "tau must be >= 0" in status[1]["error"]


def test_a_multirun_without_failures_exits_zero(tmp_path, triple):
    r = _multirun(tmp_path, triple, "-m", "merge=modulewise", "merge.tau=0.001,0.5")
    assert r.returncode == 0, r.stderr[-3000:]
    assert "failed" not in r.stderr


@run_if("hydra_plugins.hydra_optuna_sweeper")
def test_optuna_counts_failed_trials_against_max_failure_rate(tmp_path, triple):
    """Trials with tau=-1 fail; with max_failure_rate=1 the study runs all its trials instead of
    dying on the first failure, writes its result, then the multirun reports the failures."""
    r = _multirun(
        tmp_path,
        triple,
        "hparams_search=optuna",
        "hydra.sweeper.n_trials=3",
        "hydra.sweeper.max_failure_rate=1.0",
        "merge.tau=choice(0.001,-1)",  # seeded sampler: both values come up in three trials
    )
    sweep = tmp_path / "sweep"
    status = [json.loads(x) for x in (sweep / "job_status.jsonl").read_text().splitlines()]
    failed = [s for s in status if s["status"] == "FAILED"]
    assert len(status) == 3 and 0 < len(failed) < 3, r.stderr[-3000:]
    assert all("merge.tau=-1" in s["overrides"] and "tau must be >= 0" in s["error"] for s in failed)
    assert (sweep / "optimization_results.yaml").exists()
    assert r.returncode != 0 and f"multirun: {len(failed)} of 3 jobs failed" in r.stderr
