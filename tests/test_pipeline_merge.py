"""run.py / pipeline: the merge stage from configs, cached by content hash."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hydra import compose, initialize_config_dir

from swapexp.pipeline import run
from tests.helpers.checkpoints import planted_triple

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def triple(tmp_path_factory):
    return planted_triple(tmp_path_factory.mktemp("p"), [(0, "self_attn")], [(1, "mlp")], layers=2)


def _cfg(triple, out, *overrides):
    with initialize_config_dir(str(ROOT / "conf"), version_base="1.3"):
        return compose(
            "config",
            overrides=[
                f"model.base={triple['base']}",
                f"model.safety={triple['safety']}",
                f"model.languages.sw={triple['language']}",
                "lang=sw",
                "stage=merge",
                "logger=none",
                f"paths.output_dir={out}",
                "merge_engine.progress=false",
                *overrides,
            ],
        )


def test_merge_stage_writes_run_dir_and_reuses_cache(tmp_path, triple, monkeypatch):
    cfg = _cfg(triple, tmp_path / "run1", "merge=modulewise", "merge.tau=0.002")
    run(cfg)
    run1 = tmp_path / "run1"
    d = json.loads((run1 / "merge" / "decisions.json").read_text())
    assert d["strategy"] == "modulewise" and d["tau"] == 0.002
    got = {(u["layer"], u["module"]): u["choice"] for u in d["units"]}
    assert got[(0, "self_attn")] == "safety" and got[(1, "mlp")] == "language"
    model_dir = Path((run1 / "merge" / "model_path.txt").read_text().strip())
    assert (model_dir / "model.safetensors").exists()
    assert (run1 / "merge" / "figures" / "decision_heatmap.png").exists()

    # same config again: no merge happens (the engine is not called)
    import swapexp.merge.engine as engine

    def boom(*a, **k):
        raise AssertionError("merge ran again despite a cached result")

    monkeypatch.setattr(engine, "merge", boom)
    monkeypatch.setattr(engine, "write_merged", boom)
    run(_cfg(triple, tmp_path / "run2", "merge=modulewise", "merge.tau=0.002"))
    assert Path((tmp_path / "run2" / "merge" / "model_path.txt").read_text().strip()) == model_dir
    # a different tau is a different merge
    with pytest.raises(AssertionError, match="merge ran again"):
        run(_cfg(triple, tmp_path / "run3", "merge=modulewise", "merge.tau=0.5"))


def test_merge_none_selects_an_expert_without_merging(tmp_path, triple):
    cfg = _cfg(triple, tmp_path / "r", "merge=none", "merge.expert=safety")
    from swapexp.inputs import resolve_models
    from swapexp.merge.stage import merge_stage
    from swapexp.pipeline import compose

    job = compose(cfg)
    assert job.strategy.roles() == ("safety",)  # only the selected model is resolved (or built)
    models = resolve_models(job.refs, job.strategy.roles())
    got = merge_stage(
        job.strategy, models, job.merge_options, cache_root=tmp_path / "c", run_dir=tmp_path / "r"
    )
    assert got.path == Path(triple["safety"]) and not got.built and not (tmp_path / "c").exists()


def test_missing_language_expert_is_a_user_error(tmp_path, triple):
    from swapexp.errors import SwapexpError

    cfg = _cfg(triple, tmp_path / "r", "lang=te", "model.languages.te=null")
    with pytest.raises(SwapexpError, match="no language expert for lang=te"):
        run(cfg)


def test_run_py_merge_stage_subprocess(tmp_path, triple):
    env = {**os.environ, "SWAPEXP_CACHE": str(tmp_path / "cache")}
    args = [
        sys.executable,
        str(ROOT / "run.py"),
        f"model.base={triple['base']}",
        f"model.safety={triple['safety']}",
        f"model.languages.sw={triple['language']}",
        "merge=layerwise",
        "stage=merge",
        "logger=none",
        f"hydra.run.dir={tmp_path / 'run'}",
    ]
    t0 = time.time()
    subprocess.run(args, check=True, capture_output=True, env=env)
    first = time.time() - t0
    assert (tmp_path / "run" / "merge" / "decisions.json").exists()
    assert (tmp_path / "run" / ".hydra" / "config.yaml").exists()
    merged = list((tmp_path / "cache" / "merged").iterdir())
    assert len(merged) == 1 and merged[0].name.startswith("layerwise-")
    r = subprocess.run(args, check=True, capture_output=True, env=env, text=True)
    assert "merged model found in cache" in r.stdout + r.stderr
    assert len(list((tmp_path / "cache" / "merged").iterdir())) == 1
    assert first > 0
