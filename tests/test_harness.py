"""lm-evaluation-harness tasks inside a run (``eval.harness``): settings, metric keys, the project's
offline MGSM tasks (planted answers score 1, digits of any script), the tiny model end to end through
the pipeline without touching the network, and the lm-eval task names the README and presets use."""

from __future__ import annotations

import json
import re
import socket
import sys
from pathlib import Path

import pytest
import yaml
from hydra import compose, initialize_config_dir

from swapexp.errors import SwapexpError
from swapexp.eval.harness import (
    PREFIX,
    TASKS_DIR,
    HarnessSettings,
    bind_project_tasks,
    flatten_results,
    lm_eval_model,
    plan_harness,
)
from swapexp.logging.objective import derived_metrics
from tests.helpers.eval_data import REPO
from tests.helpers.run_if import run_if
from tests.helpers.tiny_lm import make_tiny_lm

needs_lm_eval = run_if("lm_eval")
LANGS = ("en", "sw", "bn", "te")
NATIVE_DIGITS = {"bn": "০১২৩৪৫৬৭৮৯", "te": "౦౧౨౩౪౫౬౭౮౯"}


def mgsm_dir() -> Path:
    d = REPO.parent / "shared" / "data"
    if not all((d / "mgsm" / f"mgsm_{lang}.tsv").is_file() for lang in LANGS):
        pytest.skip("the shared MGSM TSVs (../shared/data/mgsm) are not here")
    return d


def read_tsv(data: Path, lang: str) -> list[tuple[str, str]]:
    lines = (data / "mgsm" / f"mgsm_{lang}.tsv").read_text(encoding="utf-8").splitlines()
    return [tuple(line.split("\t")) for line in lines if line.strip()]


@pytest.fixture
def no_network(monkeypatch):
    """Every outgoing connection fails, and is recorded (lm-eval swallows some errors)."""
    attempts: list[object] = []

    def refuse(*args, **kwargs):
        attempts.append(args[1] if len(args) > 1 else args)
        raise OSError("network disabled in this test")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", lambda *a, **k: refuse(None, a[0] if a else None))
    return attempts


# -- settings ---------------------------------------------------------------------------------------
def test_default_config_has_no_tasks_and_documents_every_field():
    with initialize_config_dir(config_dir=str(REPO / "conf"), version_base="1.3"):
        cfg = compose("config")
    s = HarnessSettings.from_config(cfg.eval.harness)
    assert s.tasks == () and s.in_mean == () and s.include_path == ()
    assert s.apply_chat_template is None and s.batch_size is None and s.cache and s.log_samples
    text = (REPO / "conf" / "eval" / "default.yaml").read_text()
    block = text[text.index("\nharness:") :]
    for key in cfg.eval.harness:
        line = next(ln for ln in block.splitlines() if ln.strip().startswith(f"{key}:"))
        assert "#" in line, f"eval.harness.{key} has no comment"


@pytest.mark.parametrize(
    ("raw", "match"),
    [
        ({"taks": ["x"]}, "has no field taks"),
        ({"num_fewshot": -1}, "num_fewshot must be"),
        ({"batch_size": 0}, "batch_size must be"),
        ({"batch_size": "big"}, "batch_size must be"),
        ({"in_mean": ["exact_match"]}, "TASK/METRIC"),
        ({"in_mean": ["swapexp_mgsm_sw/exact_match,none"]}, "TASK/METRIC"),
        ({"bootstrap_iters": -5}, "bootstrap_iters must be"),
        ({"log_samples": "yes"}, "log_samples must be true or false"),
        ({"include_path": ["/no/such/folder"]}, "include_path /no/such/folder is not a folder"),
    ],
)
def test_bad_settings_are_one_line_errors(raw, match):
    with pytest.raises(SwapexpError, match=match) as e:
        HarnessSettings.from_config(raw)
    assert "\n" not in str(e.value)


def test_good_settings():
    s = HarnessSettings.from_config(
        {"tasks": "a, b", "batch_size": "auto:4", "in_mean": ["a/acc"], "gen_kwargs": {"max_gen_toks": 3}}
    )
    assert s.tasks == ("a", "b") and s.batch_size == "auto:4" and s.gen_kwargs == {"max_gen_toks": 3}
    assert s.in_mean_keys == ["utility/harness/a/acc"]


def test_without_tasks_lm_eval_is_never_imported(monkeypatch):
    monkeypatch.setitem(sys.modules, "lm_eval", None)  # any `import lm_eval` now raises ImportError
    s = HarnessSettings.from_config({"tasks": []})
    assert plan_harness(s, data_dir=None, limit=None, seed=0) is None


def test_tasks_without_lm_eval_name_the_extra(monkeypatch):
    monkeypatch.setitem(sys.modules, "lm_eval", None)
    with pytest.raises(SwapexpError, match=r"pip install -e \.\[harness\]") as e:
        HarnessSettings.from_config({"tasks": ["swapexp_mgsm_sw"]})
    assert "\n" not in str(e.value)


def test_pyproject_declares_the_harness_extra():
    import tomllib

    extras = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]["optional-dependencies"]
    assert any(dep.startswith("lm-eval") for dep in extras["harness"])
    assert "lmeval" not in extras


# -- metric keys ------------------------------------------------------------------------------------
def test_flatten_results_keys():
    results = {
        "results": {
            "belebele_swh_Latn": {
                "alias": "belebele_swh_Latn",
                "acc,none": 0.25,
                "acc_stderr,none": 0.01,
                "acc_norm,none": 0.5,
                "acc_norm_stderr,none": "N/A",
            },
            "mgsm_direct_sw": {
                "exact_match,remove_whitespace": 0.1,
                "exact_match_stderr,remove_whitespace": 0.02,
                "exact_match,flexible-extract": 0.3,
                "exact_match_stderr,flexible-extract": 0.04,
            },
        },
        "n-samples": {"belebele_swh_Latn": {"original": 900, "effective": 8}},
    }
    assert flatten_results(results) == {
        f"{PREFIX}belebele_swh_Latn/acc": 0.25,
        f"{PREFIX}belebele_swh_Latn/acc_stderr": 0.01,
        f"{PREFIX}belebele_swh_Latn/acc_norm": 0.5,  # its stderr "N/A" is left out
        f"{PREFIX}belebele_swh_Latn/n": 8,
        f"{PREFIX}mgsm_direct_sw/exact_match_remove_whitespace": 0.1,
        f"{PREFIX}mgsm_direct_sw/exact_match_remove_whitespace_stderr": 0.02,
        f"{PREFIX}mgsm_direct_sw/exact_match_flexible-extract": 0.3,
        f"{PREFIX}mgsm_direct_sw/exact_match_flexible-extract_stderr": 0.04,
    }


def test_in_mean_enters_utility_mean():
    m = {
        "utility/mgsm/accuracy": 0.2,
        "utility/belebele/accuracy": 0.4,
        f"{PREFIX}belebele_swh_Latn/acc": 0.9,
        f"{PREFIX}belebele_swh_Latn/acc_norm": 0.0,
        "safety/multijail/unsafe_rate": 0.1,
    }
    assert derived_metrics(m)["utility/mean"] == pytest.approx(0.3)  # harness metrics only when named
    d = derived_metrics(m, [f"{PREFIX}belebele_swh_Latn/acc"])
    assert d["utility/mean"] == pytest.approx(0.5)
    assert d["objective/tradeoff"] == pytest.approx((0.9 + 0.5) / 2)
    assert derived_metrics({f"{PREFIX}t/acc": 0.6}, [f"{PREFIX}t/acc"]) == {"utility/mean": 0.6}


@needs_lm_eval
def test_outputs_replace_the_folder_whole(tmp_path):
    import numpy as np

    from swapexp.eval.harness import write_outputs

    out = tmp_path / "harness"
    write_outputs({"results": {"a": {"acc,none": np.float64(0.5)}}, "samples": {"a": [{"x": 1}]}}, out)
    assert json.loads((out / "results.json").read_text()) == {"results": {"a": {"acc,none": 0.5}}}
    write_outputs({"results": {"b": {}}, "samples": {"b": [{"y": {2, 3}}, {"y": "z"}]}}, out)
    assert sorted(p.name for p in out.iterdir()) == ["results.json", "samples_b.jsonl"]
    rows = [json.loads(x) for x in (out / "samples_b.jsonl").open()]
    assert rows == [{"y": [2, 3]}, {"y": "z"}]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["harness"]  # no temporary folder left


# -- the project's MGSM tasks -----------------------------------------------------------------------
def test_project_tasks_bind_data_files_to_the_data_dir(tmp_path):
    data = tmp_path / "data"
    files = bind_project_tasks(data, tmp_path / "tasks")
    assert set(files) == {f"swapexp_mgsm_{lang}" for lang in LANGS}
    assert files["swapexp_mgsm_sw"] == [str(data.resolve() / "mgsm" / "mgsm_sw.tsv")]
    bound = yaml.safe_load((tmp_path / "tasks" / "mgsm" / "swapexp_mgsm_sw.yaml").read_text())
    assert bound["include"] == str(TASKS_DIR / "mgsm" / "swapexp_mgsm_sw.yaml")
    assert bound["dataset_kwargs"]["data_files"] == {"test": files["swapexp_mgsm_sw"][0]}
    assert bound["dataset_kwargs"]["delimiter"] == "\t" and bound["dataset_kwargs"]["header"] is None


def test_mgsm_filter_reads_any_script():
    sys.path.insert(0, str(TASKS_DIR / "mgsm"))
    try:
        import utils  # the tasks' utils.py, as lm-eval loads it
    finally:
        sys.path.pop(0)
        sys.modules.pop("utils", None)
    resps = [["উত্তর হল ৭২।"], ["సమాధానం: ౧౧౪,౨౦౦"], ["Jibu ni 18. Kisha 5."], ["hakuna"], ["3.50 dollars"]]
    assert utils.final_numbers(resps, [{}] * len(resps)) == [
        ["72"],
        ["114200"],
        ["18"],
        ["[invalid]"],
        ["3.5"],
    ]
    assert utils.doc_to_target({"answer": "114,200"}) == "114200"
    assert utils.doc_to_target({"answer": 72}) == "72"


@needs_lm_eval
def test_unknown_task_and_missing_data_fail_before_any_model(tmp_path):
    s = HarnessSettings.from_config({"tasks": ["swapexp_mgsm_xx"]})
    with pytest.raises(
        SwapexpError, match=r"unknown lm-eval task 'swapexp_mgsm_xx' \(did you mean .*swapexp_mgsm_sw"
    ):
        plan_harness(s, data_dir=mgsm_dir(), limit=None, seed=0)
    s = HarnessSettings.from_config({"tasks": ["swapexp_mgsm_sw"]})
    with pytest.raises(SwapexpError, match=r"data file .*mgsm_sw\.tsv does not exist; set paths\.data_dir"):
        plan_harness(s, data_dir=tmp_path, limit=None, seed=0)
    s = HarnessSettings.from_config({"tasks": ["swapexp_mgsm_sw"], "in_mean": ["mgsm_direct_sw/acc"]})
    with pytest.raises(SwapexpError, match="'mgsm_direct_sw' is not among the loaded tasks"):
        plan_harness(s, data_dir=mgsm_dir(), limit=2, seed=0)


@needs_lm_eval
def test_limit_picks_the_builtin_mgsm_items():
    from swapexp.eval.datasets import load_mgsm

    data = mgsm_dir()
    plan = plan_harness(HarnessSettings.from_config({"tasks": ["swapexp_mgsm"]}), data, limit=5, seed=3)
    assert set(plan.leaves) == {f"swapexp_mgsm_{lang}" for lang in LANGS}  # the tag expands
    builtin = [it.id for it in load_mgsm(str(data / "mgsm" / "mgsm_{lang}.tsv"), "sw", 5, 3)]
    assert plan.samples["swapexp_mgsm_sw"] == builtin
    assert plan.counts == {f"swapexp_mgsm_{lang}": 5 for lang in LANGS}
    full = plan_harness(HarnessSettings.from_config({"tasks": ["swapexp_mgsm_te"]}), data, None, 0)
    assert full.samples is None and full.counts == {"swapexp_mgsm_te": 250}


@needs_lm_eval
def test_planted_answers_score_one(tmp_path, no_network):
    """A stand-in model that answers every question correctly, in the language's own digits."""
    from lm_eval.api.model import LM

    data = mgsm_dir()
    gold = {q: a for lang in ("bn", "te") for q, a in read_tsv(data, lang)}

    class Planted(LM):
        def __init__(self):
            super().__init__()
            self.prompts: list[str] = []

        def generate_until(self, requests, disable_tqdm=False):
            out = []
            for req in requests:
                context = req.args[0]
                self.prompts.append(context)
                question = next(q for q in gold if q in context)
                lang = "bn" if "প্রশ্ন:" in context else "te"
                answer = gold[question].translate(str.maketrans("0123456789", NATIVE_DIGITS[lang]))
                out.append(
                    f"ধাপে ধাপে 12 + 3... উত্তর হল {answer}" if lang == "bn" else f"మొత్తం 7. సమాధానం {answer}"
                )
            return out

        def loglikelihood(self, requests, disable_tqdm=False):
            raise NotImplementedError

        def loglikelihood_rolling(self, requests, disable_tqdm=False):
            raise NotImplementedError

    s = HarnessSettings.from_config(
        {"tasks": ["swapexp_mgsm_bn", "swapexp_mgsm_te"], "in_mean": ["swapexp_mgsm_bn/exact_match"]}
    )
    plan = plan_harness(s, data, limit=6, seed=0)
    lm = Planted()
    metrics = plan.evaluate(lm, tmp_path)
    for lang in ("bn", "te"):
        assert metrics[f"{PREFIX}swapexp_mgsm_{lang}/exact_match"] == 1.0
        assert metrics[f"{PREFIX}swapexp_mgsm_{lang}/n"] == 6
        rows = [json.loads(x) for x in (tmp_path / "harness" / f"samples_swapexp_mgsm_{lang}.jsonl").open()]
        assert sorted(r["doc_id"] for r in rows) == plan.samples[f"swapexp_mgsm_{lang}"]
        assert all(r["filtered_resps"] == [r["target"]] and r["exact_match"] == 1.0 for r in rows)
    assert len(lm.prompts) == 12
    assert all(p.endswith("\nAnswer:") for p in lm.prompts)  # lm-eval's direct MGSM prompt, no chat template
    assert any(p.startswith("প্রশ্ন: ") for p in lm.prompts) and any(p.startswith("ప్రశ్న: ") for p in lm.prompts)
    results = json.loads((tmp_path / "harness" / "results.json").read_text())
    assert "samples" not in results and set(results["results"]) == {"swapexp_mgsm_bn", "swapexp_mgsm_te"}
    assert not list(tmp_path.glob(".harness*"))  # no temporary folder left behind
    assert no_network == []


# -- the tiny model through the pipeline ------------------------------------------------------------
@needs_lm_eval
def test_tiny_model_pipeline_writes_harness_metrics(tmp_path, no_network):
    data = mgsm_dir()
    model = make_tiny_lm(tmp_path / "lm")
    run = tmp_path / "run"
    overrides = [
        "merge=none",
        "merge.expert=language",
        "lang=sw",
        "eval.limit=3",
        "eval.safety=false",
        "eval.overrefusal=false",
        "eval.benchmarks=[mgsm]",
        "eval.mgsm_max_new_tokens=6",
        "eval.harness.tasks=[swapexp_mgsm_sw]",
        "eval.harness.in_mean=[swapexp_mgsm_sw/exact_match]",
        "eval.harness.gen_kwargs={max_gen_toks:6}",
        "logger=none",
        f"paths.data_dir={data}",
        f"paths.output_dir={run}",
        f"model.base={model}",
        f"model.safety={model}",
        f"model.languages.sw={model}",
        "backend.device=cpu",
        "backend.batch_size=4",
    ]
    with initialize_config_dir(config_dir=str(REPO / "conf"), version_base="1.3"):
        cfg = compose("config", overrides=overrides)
    from swapexp.pipeline import run as run_pipeline

    metrics = run_pipeline(cfg)
    assert json.loads((run / "metrics.json").read_text()) == metrics
    key = f"{PREFIX}swapexp_mgsm_sw"
    assert {f"{key}/exact_match", f"{key}/exact_match_stderr", f"{key}/n"} <= set(metrics)
    assert metrics[f"{key}/n"] == 3 and metrics["utility/mgsm/n"] == 3
    rows = [json.loads(x) for x in (run / "harness" / "samples_swapexp_mgsm_sw.jsonl").open()]
    assert len(rows) == 3
    # the same three problems as the built-in MGSM benchmark
    builtin = [json.loads(x) for x in (run / "generations.jsonl").open()]
    assert sorted(r["doc_id"] for r in rows) == sorted(r["id"] for r in builtin if r["benchmark"] == "mgsm")
    assert metrics[f"{key}/exact_match"] == sum(r["exact_match"] for r in rows) / 3
    assert rows[0]["arguments"][0][0].startswith("<|im_start|>user\nSwali: ")  # the backend's chat template
    assert metrics["utility/mean"] == pytest.approx(
        (metrics["utility/mgsm/accuracy"] + metrics[f"{key}/exact_match"]) / 2
    )
    assert no_network == []


def test_lm_eval_model_follows_the_backend(tmp_path):
    s = HarnessSettings.from_config({"model_args": {"max_length": 64}})
    model, args, batch, device = lm_eval_model(
        {"name": "hf", "device": "cpu", "dtype": "auto", "batch_size": 5}, tmp_path, s
    )
    assert (model, batch, device) == ("hf", 5, "cpu")
    assert args == {"pretrained": str(tmp_path), "dtype": "float32", "max_length": 64}
    vllm = {
        "name": "vllm",
        "dtype": "bfloat16",
        "tensor_parallel_size": 2,
        "engine_kwargs": {"quantization": "fp8"},
    }
    model, args, batch, device = lm_eval_model(
        vllm, tmp_path, HarnessSettings.from_config({"batch_size": 16})
    )
    assert (model, batch, device) == ("vllm", 16, None)
    assert args["dtype"] == "bfloat16" and args["tensor_parallel_size"] == 2 and args["quantization"] == "fp8"


# -- lm-eval task names in the README and the presets -----------------------------------------------
def documented_task_names() -> set[str]:
    readme = (REPO / "README.md").read_text()
    section = readme[readme.index("### lm-evaluation-harness") :]
    section = section[: section.index("\n## ")]
    names = set(re.findall(r"`((?:belebele|mgsm|mmmlu)_[A-Za-z_]+)`", section))
    for path in sorted((REPO / "conf" / "lang").glob("*.yaml")):
        names.update(yaml.safe_load(path.read_text())["harness"]["tasks"])
    return names


def leaf_tasks(index, name: str) -> set[str]:
    """The tasks a task, group or tag name stands for, from lm-eval's index."""
    from lm_eval.tasks._index import Kind

    entry = index[name]
    if entry.kind == Kind.TAG:
        return set().union(*(leaf_tasks(index, t) for t in entry.tags))
    if entry.kind == Kind.GROUP:
        children = [c if isinstance(c, str) else c["task"] for c in entry.cfg["task"]]
        return set().union(*(leaf_tasks(index, c) for c in children))
    return {name}


@needs_lm_eval
def test_documented_task_names_exist_in_lm_eval_and_use_local_metrics():
    from lm_eval.api.registry import metric_registry
    from lm_eval.tasks import TaskManager

    names = documented_task_names()
    assert {"belebele_swh_Latn", "mgsm_direct_sw", "mmmlu_sw_ke", "mgsm_native_cot_sw"} <= names
    tm = TaskManager(include_path=str(TASKS_DIR))
    missing = sorted(names - set(tm.all_tasks))
    assert not missing, f"not lm-eval tasks: {missing}"
    # no metric of these tasks (nor of the project's) is fetched from the hub by HF `evaluate`
    import lm_eval.api.metrics  # noqa: F401  (fills the registry)

    leaves = set().union(*(leaf_tasks(tm.task_index, n) for n in names | {"swapexp_mgsm"}))
    assert len(leaves) > 50  # MMMLU expands to its subject tasks
    for task in sorted(leaves):
        for m in tm.task_index[task].cfg["metric_list"]:
            assert m["metric"] in metric_registry and not m.get("hf_evaluate"), (task, m)


def test_lang_presets_name_metrics_of_their_tasks():
    for path in sorted((REPO / "conf" / "lang").glob("*.yaml")):
        h = yaml.safe_load(path.read_text())["harness"]
        assert h["tasks"], path.name
        assert {entry.split("/")[0] for entry in h["in_mean"]} == set(h["tasks"]), path.name
