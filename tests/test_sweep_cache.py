"""A sweep never does the same work twice: pass 1 runs once per input content, a merged model is
addressed by its effective content, and the cached path gives the same tensors as a fresh merge."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import torch

import swapexp.merge.engine as engine
from swapexp.merge import build_strategy
from swapexp.merge.stage import MergeOptions, merge_stage
from tests.helpers.checkpoints import planted_triple, state

OPTIONS = MergeOptions(progress=False)


@pytest.fixture(scope="module")
def triple(tmp_path_factory):
    return planted_triple(
        tmp_path_factory.mktemp("t"),
        safety_units=[(1, "mlp"), (2, "self_attn")],
        language_units=[(0, "mlp"), (3, "self_attn")],
    )


@pytest.fixture
def calls(monkeypatch):
    """Counts pass-1 scans and pass-2 writes."""
    seen = {"scan": 0, "write": 0}
    scan, write = engine.scan, engine.write_merged

    def counting_scan(*a, **k):
        seen["scan"] += 1
        return scan(*a, **k)

    def counting_write(*a, **k):
        seen["write"] += 1
        return write(*a, **k)

    monkeypatch.setattr(engine, "scan", counting_scan)
    monkeypatch.setattr(engine, "write_merged", counting_write)
    return seen


def _stage(name, triple, cache, run_dir, options=OPTIONS, **params):
    return merge_stage(build_strategy(name, **params), triple, options, cache_root=cache, run_dir=run_dir)


def test_tau_alpha_grid_scores_once_and_shares_models(triple, tmp_path, calls):
    cache = tmp_path / "cache"
    grid = [(tau, alpha) for tau in (0.001, 0.002, 0.5) for alpha in (0.3, 0.7)]
    results, choices = {}, {}
    for i, (tau, alpha) in enumerate(grid):
        run = tmp_path / f"run{i}"
        results[tau, alpha] = _stage("modulewise", triple, cache, run, tau=tau, alpha=alpha)
        d = json.loads((run / "merge" / "decisions.json").read_text())
        assert (d["tau"], d["alpha"]) == (tau, alpha)  # every run records its own parameters
        assert {p.name for p in (run / "merge" / "figures").iterdir()} == {
            "decision_heatmap.png",
            "shares.png",
        }
        choices[tau] = [u["choice"] for u in d["units"]]
    assert choices[0.001] == choices[0.002] != choices[0.5]  # tau 0.001 and 0.002 choose the same units
    assert calls["scan"] == 1 and len(list((cache / "scores").iterdir())) == 1  # pass 1 once
    # one model per (choices, alpha): tau 0.001 and 0.002 share theirs
    assert calls["write"] == 4 == sum(r.built for r in results.values())
    assert results[0.001, 0.3].path == results[0.002, 0.3].path != results[0.001, 0.7].path
    assert len([p for p in (cache / "merged").iterdir()]) == 4
    # each figure is drawn once per content: a heatmap per choice set, a shares plot per tau
    assert len(list((cache / "figures").glob("*-decision_heatmap.png"))) == 2
    assert len(list((cache / "figures").glob("*-shares.png"))) == 3
    # layer-wise uses the same per-tensor statistic: no pass 1 at all
    _stage("layerwise", triple, cache, tmp_path / "lw")
    assert calls["scan"] == 1 and len(list((cache / "scores").iterdir())) == 1


def test_finiteness_is_checked_once_per_checkpoint(triple, tmp_path, calls):
    cache = tmp_path / "cache"
    _stage("linear", triple, cache, tmp_path / "a", alpha=0.3)
    assert calls["scan"] == 1 and len(list((cache / "checked").iterdir())) == 2  # S and L
    _stage("linear", triple, cache, tmp_path / "b", alpha=0.6)
    assert calls["scan"] == 1 and calls["write"] == 2  # a new alpha: pass 2 only
    _stage("task_arithmetic", triple, cache, tmp_path / "c")
    assert calls["scan"] == 2  # B was never checked


@pytest.mark.parametrize(
    ("name", "params"),
    [
        ("modulewise", {"tau": 0.002, "alpha": 0.3}),
        ("layerwise", {"tau": 0.001, "alpha": 0.6}),
        ("linear", {"alpha": 0.25}),
        ("task_arithmetic", {"lambda_safety": 0.5}),
        ("layer_swap", {"k": 1, "transition": 1, "non_layer": "blend", "alpha": 0.2}),
    ],
)
def test_cached_merges_equal_fresh_merges(triple, tmp_path, name, params):
    """A model built (or shared) through the caches holds exactly the tensors and decisions of an
    independent ``swapexp merge`` with the same parameters."""
    cache = tmp_path / "cache"
    if name in ("modulewise", "layerwise"):  # scores and a model from an earlier job of the sweep
        _stage(name, triple, cache, tmp_path / "first", tau=0.0015, alpha=params["alpha"])
    got = _stage(name, triple, cache, tmp_path / "run", **params)
    fresh = engine.merge(build_strategy(name, **params), **triple, out_dir=tmp_path / "fresh", progress=False)
    a, b = state(got.path), state(fresh.out_dir)
    assert a.keys() == b.keys() and all(torch.equal(a[n], b[n]) for n in a)
    assert (tmp_path / "run" / "merge" / "decisions.json").read_text() == (
        tmp_path / "fresh" / "decisions.json"
    ).read_text()


def test_other_inputs_are_other_scores(triple, tmp_path, calls):
    cache = tmp_path / "cache"
    _stage("modulewise", triple, cache, tmp_path / "a")
    swapped = {"base": triple["base"], "safety": triple["language"], "language": triple["safety"]}
    _stage("modulewise", swapped, cache, tmp_path / "b")
    assert calls["scan"] == 2 and len(list((cache / "scores").iterdir())) == 2
    assert len(list((cache / "merged").iterdir())) == 2


def test_selection_writes_nothing(triple, tmp_path, calls):
    got = _stage("none", triple, tmp_path / "cache", tmp_path / "r", expert="base")
    assert got.path == Path(triple["base"]) and not got.built and calls == {"scan": 0, "write": 0}
