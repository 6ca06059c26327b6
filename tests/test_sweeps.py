"""Sweeps: a Hydra multirun logs one offline W&B run per job and the report reads the multirun;
every W&B sweep config parses and names real config keys; every experiment preset composes.

The fast multirun uses the real run.py, merge and W&B logger on a planted tiny triple, with a
deterministic stand-in for the evaluation (tests/helpers/fake_eval_run.py) so it takes seconds;
the slow variant runs the real evaluation on a tiny LM with a tokenizer.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from hydra import compose, initialize_config_dir
from omegaconf import OmegaConf

from tests.helpers.checkpoints import planted_triple
from tests.helpers.run_if import run_if
from tests.helpers.wandb_offline import offline_runs

REPO = Path(__file__).resolve().parents[1]
CONF = REPO / "conf"
SWEEPS = sorted((REPO / "sweeps").glob("*.yaml"))
EXPERIMENTS = sorted((CONF / "experiment").glob("*.yaml"))
TAUS = (0.001, 0.5)  # 0.5 > every |d| of the planted triple: all units blend
EVAL_KEYS = (
    "safety/multijail/unsafe_rate",
    "safety/multijail/n",
    "utility/mgsm/accuracy",
    "utility/mean",
    "objective/tradeoff",
)


def _env(tmp: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        {
            "PYTHONPATH": os.pathsep.join([str(REPO / "src"), str(REPO), env.get("PYTHONPATH", "")]),
            "WANDB_MODE": "offline",
            "WANDB_SILENT": "true",
            # W&B's own state (artifact staging, settings) stays in the test's temp dir
            "WANDB_DATA_DIR": str(tmp / "wandb-data"),
            "WANDB_CACHE_DIR": str(tmp / "wandb-cache"),
            "WANDB_CONFIG_DIR": str(tmp / "wandb-config"),
            "HF_HUB_OFFLINE": "1",
            "HF_DATASETS_OFFLINE": "1",
            "TRANSFORMERS_OFFLINE": "1",
            "SWAPEXP_CACHE": str(
                tmp / "swapexp-cache"
            ),  # module fixtures run before conftest's per-test cache
        }
    )
    env.pop("WANDB_DIR", None)  # the run directory is the default W&B dir
    return env


def _run(args: list[str], tmp: Path, timeout: int = 600) -> subprocess.CompletedProcess:
    proc = subprocess.run(
        [sys.executable, *args], cwd=REPO, env=_env(tmp), capture_output=True, text=True, timeout=timeout
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    return proc


@pytest.fixture(scope="module")
def multirun(tmp_path_factory):
    """``run.py -m merge=modulewise merge.tau=0.001,0.5`` with logger=wandb (offline) on a planted triple."""
    tmp = tmp_path_factory.mktemp("sweep")
    m = planted_triple(
        tmp / "models",
        safety_units=[(1, "mlp"), (2, "self_attn")],
        language_units=[(0, "mlp"), (3, "self_attn")],
    )
    sweep = tmp / "multirun"
    _run(
        [
            str(REPO / "tests" / "helpers" / "fake_eval_run.py"),
            "-m",
            "merge=modulewise",
            f"merge.tau={','.join(map(str, TAUS))}",
            "lang=sw",
            "logger=wandb",
            "logger.project=swapexp-test",
            f"model.base={m['base']}",
            f"model.safety={m['safety']}",
            f"model.languages.sw={m['language']}",
            f"hydra.sweep.dir={sweep}",
            "merge_engine.progress=false",
        ],
        tmp,
    )
    return sweep


def test_multirun_one_offline_wandb_run_per_job(multirun):
    jobs = sorted(multirun.glob("*-modulewise-sw"))
    assert len(jobs) == 2
    runs = []
    for job in jobs:
        found = offline_runs(job)
        assert len(found) == 1, f"{job} should hold exactly one offline W&B run, found {len(found)}"
        runs.append((job, found[0]))
    assert len({r.run_id for _, r in runs}) == 2  # two separate runs
    assert {r.config["merge.tau"] for _, r in runs} == set(TAUS)  # whose configs differ in tau
    assert {r.name for _, r in runs} == {f"modulewise-sw-tau{t:g}-a0.5" for t in TAUS}
    assert {r.group for _, r in runs} == {f"multirun-{multirun.name}"}  # one group per multirun
    for job, r in runs:
        metrics = json.loads((job / "metrics.json").read_text())
        assert set(EVAL_KEYS) <= set(metrics)
        for key, value in metrics.items():  # the summary holds every metric
            assert r.summary[key] == pytest.approx(value), key
        assert r.project == "swapexp-test" and r.exit_code == 0
        assert {"modulewise", "sw", "adaptive"} <= set(r.tags)
        assert r.config["lang.code"] == "sw" and r.config["merge.name"] == "modulewise"
        assert str(job) == r.config["run_dir"] and r.path.parent == job / "wandb"  # files under the run dir
        decisions = json.loads((job / "merge" / "decisions.json").read_text())
        n_safety = sum(u["choice"] == "safety" for u in decisions["units"])
        assert r.summary["merge/units_safety"] == n_safety
        assert r.summary["merge/decisions"]["_type"] == "table-file"
        assert r.summary["merge/decisions"]["nrows"] == len(decisions["units"]) == 8
        assert r.summary["eval/generations"]["nrows"] == 7  # fake eval: 4 multijail + 3 mgsm rows
        assert r.summary["merge/decision_heatmap"]["_type"] == "image-file"
        assert r.summary["merge/shares"]["_type"] == "image-file"
        art = [a for a in r.artifacts if a["type"] == "merge-decisions"]
        assert len(art) == 1 and art[0]["name"] == "decisions-modulewise-sw"
        assert (
            "decisions.json" in art[0]["files"]
            and art[0]["metadata"]["params"]["tau"] == r.config["merge.tau"]
        )
    by_tau = {r.config["merge.tau"]: r for _, r in runs}
    assert by_tau[0.001].summary["merge/units_safety"] == 2 and by_tau[0.5].summary["merge/units_safety"] == 0


def test_report_from_multirun(multirun, tmp_path, capsys):
    from swapexp.report.__main__ import main

    out = tmp_path / "report"
    assert main([str(multirun), "-o", str(out), "-q"]) == 0
    assert capsys.readouterr().out.strip() == str(out / "report.html")
    md = (out / "report.md").read_text()
    rows = [line for line in md.splitlines() if line.startswith("| modulewise-sw-")]
    assert len(rows) == 2  # one row per job
    assert any("tau0.001" in r for r in rows) and any("tau0.5" in r for r in rows)
    for png in ("pareto.png", "grid_modulewise_sw.png", "decisions_modulewise_sw.png"):
        assert (out / png).stat().st_size > 1000, png
        assert f'src="{png}"' in (out / "report.html").read_text()
    assert len((out / "runs.csv").read_text().splitlines()) == 3


# -- W&B sweep configs --------------------------------------------------------------------------
W_METHODS = {"grid", "random", "bayes"}
W_DISTRIBUTIONS = {
    "constant",
    "categorical",
    "int_uniform",
    "uniform",
    "q_uniform",
    "log_uniform",
    "log_uniform_values",
    "q_log_uniform",
    "q_log_uniform_values",
    "inv_log_uniform",
    "inv_log_uniform_values",
    "normal",
    "q_normal",
    "log_normal",
    "q_log_normal",
    "beta",
    "q_beta",
}


def _param_values(spec: dict) -> list:
    """Values to try for one sweep parameter: all listed values, or a distribution's bounds."""
    if "value" in spec:
        return [spec["value"]]
    if "values" in spec:
        return list(spec["values"])
    return [spec["min"], spec["max"]]


def _one_at_a_time(values: dict[str, list]) -> list[dict]:
    """Jobs that together use every value of every parameter: all first values, then each other
    value of one parameter at a time (a full product would compose hundreds of configs)."""
    base = {k: v[0] for k, v in values.items()}
    jobs = [base]
    for key, vs in values.items():
        jobs += [{**base, key: v} for v in vs[1:]]
    return jobs


def _compose_jobs(jobs: list[list[str]]) -> list:
    with initialize_config_dir(config_dir=str(CONF), version_base="1.3"):
        return [compose("config", overrides=o) for o in jobs]


@pytest.mark.parametrize("path", SWEEPS, ids=[p.name for p in SWEEPS])
def test_wandb_sweep_config(path):
    sweep = yaml.safe_load(path.read_text())
    assert sweep["method"] in W_METHODS
    assert (REPO / sweep["program"]).is_file() and sweep["program"] == "run.py"
    assert sweep["command"] == ["${env}", "${interpreter}", "${program}", "${args_no_hyphens}"]
    assert sweep["metric"]["goal"] in ("maximize", "minimize") and sweep["metric"]["name"]
    params = sweep["parameters"]
    for name, spec in params.items():
        kinds = [k for k in ("value", "values", "distribution", "min") if k in spec]
        assert kinds, f"{name}: needs value, values or a distribution"
        if "distribution" in spec:
            assert spec["distribution"] in W_DISTRIBUTIONS, name
        if sweep["method"] == "grid":
            assert "value" in spec or "values" in spec, f"grid sweeps take discrete values only: {name}"
    # the parameters are Hydra overrides of real config keys: compose every value of every parameter
    names = list(params)
    jobs = _one_at_a_time({n: _param_values(params[n]) for n in names})
    groups = [n for n in names if (CONF / n).is_dir()]
    assert groups or any(n.startswith("merge.") for n in names)
    for job, cfg in zip(jobs, _compose_jobs([[f"{k}={v}" for k, v in j.items()] for j in jobs]), strict=True):
        for key, value in job.items():
            if key == "merge":
                assert cfg.merge.name == value
            elif key == "lang":
                assert cfg.lang.code == value
            elif key not in groups:
                assert OmegaConf.select(cfg, key) == pytest.approx(value), key
        if "merge.tau" in job:
            assert cfg.merge.name in ("layerwise", "modulewise")


def test_wandb_metric_is_logged():
    """The sweeps' metric names are keys the pipeline writes."""
    from swapexp.logging.objective import TRADEOFF, UNSAFE, UTILITY

    for path in SWEEPS:
        assert yaml.safe_load(path.read_text())["metric"]["name"] in (TRADEOFF, UNSAFE, UTILITY)


# -- Hydra presets ----------------------------------------------------------------------------------
@pytest.mark.parametrize("path", EXPERIMENTS, ids=[p.stem for p in EXPERIMENTS])
def test_experiment_composes_with_its_jobs(path):
    """The preset composes, and so does a job with every value of every swept parameter."""
    from swapexp.logging.naming import run_label

    with initialize_config_dir(config_dir=str(CONF), version_base="1.3"):
        cfg = compose("config", overrides=[f"experiment={path.stem}"], return_hydra_config=True)
    params = {
        k: [v.strip() for v in str(vals).split(",")]
        for k, vals in OmegaConf.to_container(cfg.hydra.sweeper.params).items()
    }
    assert sum(len(v) > 1 for v in params.values()) >= 1, "a preset sweeps something"
    jobs = _one_at_a_time(params)
    cfgs = _compose_jobs([[f"experiment={path.stem}", *(f"{k}={v}" for k, v in job.items())] for job in jobs])
    labels = {run_label(c.merge, c.lang.code) for c in cfgs}
    assert len(labels) == len(jobs), "every job of a preset is a different run"


def test_baselines_preset_has_every_baseline_row():
    with initialize_config_dir(config_dir=str(CONF), version_base="1.3"):
        cfg = compose("config", overrides=["experiment=baselines"], return_hydra_config=True)
    rows = set(str(cfg.hydra.sweeper.params.baseline).split(","))
    assert rows == {
        "base",
        "safety",
        "language",
        "linear",
        "task_arithmetic",
        "layer_swap",
        "ties",
        "dare_ties",
        "dare_linear",
    }
    assert set(str(cfg.hydra.sweeper.params.lang).split(",")) == {"sw", "bn", "te", "ko"}


def test_demo_paper_presets_are_the_demo_results_runs():
    """`make demo-results`: 7 comparison rows + a 3 x 3 module-wise grid that holds the method's
    defaults, all on sw with the same evaluation (>= 100 MultiJail items, over-refusal, perplexity)."""
    with initialize_config_dir(config_dir=str(CONF), version_base="1.3"):
        rows = compose("config", overrides=["experiment=demo_paper"], return_hydra_config=True)
        grid = compose("config", overrides=["experiment=demo_paper_grid"], return_hydra_config=True)
    assert set(str(rows.hydra.sweeper.params.baseline).split(",")) == {
        "base",
        "safety",
        "language",
        "linear",
        "task_arithmetic",
        "layer_swap",
        "layerwise",
    }
    params = grid.hydra.sweeper.params
    taus = [float(t) for t in str(params["merge.tau"]).split(",")]
    alphas = [float(a) for a in str(params["merge.alpha"]).split(",")]
    assert grid.merge.name == "modulewise" and len(taus) * len(alphas) >= 9
    assert grid.merge.tau in taus and grid.merge.alpha in alphas  # the defaults are a grid point
    for cfg in (rows, grid):
        assert cfg.lang.code == "sw" and cfg.eval.safety and cfg.eval.overrefusal
        assert cfg.eval.limit >= 100 and "lm" in cfg.eval.benchmarks
        assert cfg.eval == (rows.eval)  # one evaluation for every point


@run_if("hydra_plugins.hydra_optuna_sweeper")
def test_optuna_search_composes():
    with initialize_config_dir(config_dir=str(CONF), version_base="1.3"):
        cfg = compose("config", overrides=["hparams_search=optuna"], return_hydra_config=True)
    sw = cfg.hydra.sweeper
    assert sw._target_.endswith("OptunaSweeper") and sw.direction == "maximize"
    assert cfg.optimized_metric == "objective/tradeoff"
    assert set(sw.params) == {"merge.tau", "merge.alpha"} and "log" in sw.params["merge.tau"]


@run_if("hydra_plugins.hydra_submitit_launcher")
def test_slurm_launcher_composes_and_builds():
    """No cluster here: compose the launcher and construct it (submitting would need sbatch)."""
    from hydra.utils import get_class

    with initialize_config_dir(config_dir=str(CONF), version_base="1.3"):
        cfg = compose(
            "config", overrides=["launcher=slurm", "hydra.launcher.partition=gpu"], return_hydra_config=True
        )
    lc = cfg.hydra.launcher
    assert lc._target_ == "hydra_plugins.hydra_submitit_launcher.submitit_launcher.SlurmLauncher"
    assert lc.partition == "gpu" and lc.gpus_per_node == 1 and lc.timeout_min == 240
    params = {k: v for k, v in OmegaConf.to_container(lc, resolve=False).items() if k != "_target_"}
    launcher = get_class(lc._target_)(**params)
    assert launcher.params["partition"] == "gpu"


# -- slow: real searches / real evaluation ------------------------------------------------------------
@pytest.mark.slow
@run_if("hydra_plugins.hydra_optuna_sweeper")
def test_optuna_search_runs(tmp_path):
    """Two Optuna trials through run.py: each returns objective/tradeoff; the best params are written."""
    m = planted_triple(tmp_path / "models", safety_units=[(1, "mlp")], language_units=[(0, "mlp")])
    sweep = tmp_path / "optuna"
    _run(
        [
            str(REPO / "tests" / "helpers" / "fake_eval_run.py"),
            "hparams_search=optuna",
            "hydra.sweeper.n_trials=2",
            "hydra.sweeper.sampler.n_startup_trials=2",
            "logger=none",
            f"model.base={m['base']}",
            f"model.safety={m['safety']}",
            f"model.languages.sw={m['language']}",
            f"hydra.sweep.dir={sweep}",
            "merge_engine.progress=false",
            "merge_engine.figures=false",
        ],
        tmp_path,
    )
    best = yaml.safe_load((sweep / "optimization_results.yaml").read_text())
    assert set(best["best_params"]) == {"merge.tau", "merge.alpha"}
    values = [json.loads(p.read_text())["objective/tradeoff"] for p in sweep.glob("*/metrics.json")]
    assert len(values) == 2 and best["best_value"] == pytest.approx(max(values))


@pytest.mark.slow
def test_multirun_real_evaluation(tmp_path):
    """The real run.py (real evaluation on a tiny LM, MultiJail + MGSM, 2 items each) over two tau values."""
    from tests.helpers.eval_data import require_shared_data
    from tests.helpers.tiny_lm import make_tiny_lm

    data = require_shared_data()
    lm = make_tiny_lm(tmp_path / "lm")
    sweep = tmp_path / "multirun"
    _run(
        [
            "run.py",
            "-m",
            "merge=modulewise",
            f"merge.tau={','.join(map(str, TAUS))}",
            "lang=sw",
            f"model.base={lm}",
            f"model.safety={lm}",
            f"model.languages.sw={lm}",
            f"paths.data_dir={data}",
            "eval.limit=2",
            "eval.max_new_tokens=4",
            "eval.mgsm_max_new_tokens=4",
            "eval.benchmarks=[mgsm]",
            "backend.device=cpu",
            f"hydra.sweep.dir={sweep}",
            "merge_engine.progress=false",
        ],
        tmp_path,
    )
    jobs = sorted(sweep.glob("*-modulewise-sw"))
    assert len(jobs) == 2
    taus = set()
    for job in jobs:
        metrics = json.loads((job / "metrics.json").read_text())
        assert metrics["safety/multijail/n"] == 2 and metrics["utility/mgsm/n"] == 2
        (r,) = offline_runs(job)
        taus.add(r.config["merge.tau"])
        assert metrics["safety/overrefusal/n"] == 2  # over-refusal runs by default
        keys = ("safety/multijail/unsafe_rate", "utility/mgsm/accuracy", "objective/tradeoff")
        keys += ("safety/overrefusal/refusal_rate", "objective/helpfulness")
        for key in keys:
            assert r.summary[key] == pytest.approx(metrics[key]), key
        assert r.summary["eval/generations"]["nrows"] == 6  # 2 MultiJail, 2 benign, 2 MGSM
    assert taus == set(TAUS)
    from swapexp.report import build_report

    out = build_report([sweep], tmp_path / "report")
    assert (
        sum(line.startswith("| modulewise-sw-") for line in (out / "report.md").read_text().splitlines()) == 2
    )
