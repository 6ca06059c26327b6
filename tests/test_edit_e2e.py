"""Sparse weight editing end to end on a tiny Llama with a tokenizer, and its config/pipeline wiring."""

import csv
import json
from pathlib import Path

import pytest
import torch
from safetensors.torch import load_file

from swapexp.edit import Calibration, SparseEditParams, sparse_edit
from swapexp.edit.activations import collect, load_model
from swapexp.edit.sparse import resolve_layer
from swapexp.errors import SwapexpError
from tests.helpers.run_if import has_package
from tests.helpers.tiny_lm import make_tiny_lm

CONF = Path(__file__).resolve().parents[1] / "conf"
N = 12
HARM_EN = [f"How do I build dangerous weapon number {i} at home without anyone noticing?" for i in range(N)]
HARM_SW = [f"Ninawezaje kutengeneza silaha hatari namba {i} nyumbani bila mtu kujua?" for i in range(N)]
HARMLESS = [f"How do I bake cake number {i}? Mix flour, sugar and eggs." for i in range(N)]
# tiny random model: a low z threshold so a handful of neurons are always selected
PARAMS = dict(rank=4, z_threshold=1.0)


@pytest.fixture(scope="session")
def tiny_bf16(tmp_path_factory):
    return make_tiny_lm(tmp_path_factory.mktemp("edit") / "lm", layers=3, dtype=torch.bfloat16)


@pytest.fixture
def calib():
    return Calibration(HARM_SW, HARM_EN, HARMLESS, ids=list(range(N)), lang="sw")


def test_edit_changes_only_the_selected_rows_of_one_projection(tiny_bf16, calib, tmp_path):
    res = sparse_edit(
        tiny_bf16, calib, SparseEditParams(layer=-2, **PARAMS), tmp_path / "out", progress=False
    )
    out = tmp_path / "out"
    s = res.summary
    assert s["layer"] == 1 and s["tensor"] == "model.layers.1.mlp.up_proj.weight" and s["dtype"] == "bfloat16"
    assert s["rank"] == 4 and s["objective_after"] < s["objective_before"]
    assert s["target_gap_after"] < 0.5 * s["target_gap_before"]
    for f in ("edit.json", "neurons.json", "config.json", "tokenizer.json", "tokenizer_config.json"):
        assert (out / f).exists(), f
    neurons = json.loads((out / "neurons.json").read_text())
    assert json.loads((out / "edit.json").read_text())["seconds"]["total"] > 0
    assert [layer["layer"] for layer in neurons["layers"]] == [0, 1, 2]  # every layer's MLP was hooked
    selected = neurons["layers"][1]["indices"]
    assert selected == sorted(selected) and len(selected) == s["num_selected"] > 0

    before, after = load_file(tiny_bf16 / "model.safetensors"), load_file(out / "model.safetensors")
    assert list(after) == list(before)
    for name, t in before.items():
        assert after[name].dtype == t.dtype and after[name].shape == t.shape
        if name != s["tensor"]:
            assert torch.equal(after[name], t), name
    changed = (after[s["tensor"]] != before[s["tensor"]]).any(1).nonzero().flatten().tolist()
    assert changed and set(changed) <= set(selected)

    # the written model is loadable, and its target-language outputs on S moved toward English
    model, tok = load_model(out, "cpu")
    kw = dict(layer=1, neuron_stats=False, progress=False)
    x_low = collect(model, tok, HARM_SW, **kw).x
    x_en = collect(model, tok, HARM_EN, **kw).x  # layer-1 inputs do not depend on layer 1's MLP
    w_old = before[s["tensor"]].double()[selected].T
    w_new = after[s["tensor"]].double()[selected].T
    assert (x_en @ w_old - x_low @ w_new).norm() < 0.5 * (x_en @ w_old - x_low @ w_old).norm()


def test_gate_projection_and_rank_clamped_to_selected_neurons(tiny_bf16, calib, tmp_path):
    p = SparseEditParams(layer=0, projection="gate", rank=12, z_threshold=2.5, cohens_d_threshold=1e9)
    res = sparse_edit(tiny_bf16, calib, p, tmp_path / "out", progress=False)
    assert res.summary["tensor"] == "model.layers.0.mlp.gate_proj.weight"
    assert res.summary["rank"] == res.summary["num_selected"] < 12


def test_rank_is_checked_against_the_prompts_after_clamping_to_the_neurons(tiny_bf16, calib, tmp_path):
    """edit.rank=13 with 12 prompts is fine when fewer than 13 neurons are selected: the edit's rank is
    the number of neurons, which the prompts can support."""
    p = SparseEditParams(layer=0, rank=13, z_threshold=2.5, cohens_d_threshold=1e9)
    res = sparse_edit(tiny_bf16, calib, p, tmp_path / "out", progress=False)
    assert 1 <= res.summary["rank"] == res.summary["num_selected"] <= N < p.rank


def test_harmless_prompts_of_other_languages_are_kept_unchanged_but_select_no_neurons(tiny_bf16, tmp_path):
    """The neuron selection contrasts English harmful with English harmless prompts; Swahili harmless
    prompts only enter the preservation term, so they change the edit but not the neurons."""
    harmless_sw = [f"Ninaokaje keki namba {i}? Changanya unga, sukari na mayai." for i in range(N)]
    p = SparseEditParams(layer=1, **PARAMS)
    en_only = sparse_edit(
        tiny_bf16,
        Calibration(HARM_SW, HARM_EN, HARMLESS, lang="sw", harmless_langs=["en"] * N),
        p,
        tmp_path / "a",
        progress=False,
    )
    mixed = sparse_edit(
        tiny_bf16,
        Calibration(
            HARM_SW, HARM_EN, HARMLESS + harmless_sw, lang="sw", harmless_langs=["en"] * N + ["sw"] * N
        ),
        p,
        tmp_path / "b",
        progress=False,
    )
    assert mixed.neurons["layers"] == en_only.neurons["layers"] and mixed.neurons["counts"]["harmless"] == N
    cal = mixed.summary["calibration"]
    assert (cal["harmless"], cal["harmless_selection"]) == (2 * N, N)
    assert mixed.summary["delta_norm"] != en_only.summary["delta_norm"]  # X_safe has the Swahili rows


def test_resolve_layer():
    assert resolve_layer(None, 30) == 15 and resolve_layer(-1, 30) == 29 and resolve_layer(0, 30) == 0
    with pytest.raises(SwapexpError, match=r"edit.layer=30 is out of range.*0\.\.29"):
        resolve_layer(30, 30)
    with pytest.raises(SwapexpError, match="out of range"):
        resolve_layer(-31, 30)


@pytest.mark.parametrize(
    "params,match",
    [
        (dict(layer=3), "edit.layer=3 is out of range for a model with 3 layers"),
        (dict(rank=33), r"edit.rank=33 is above the size of up_proj \(64 x 32\)"),
        (
            dict(rank=13, z_threshold=-1e9),  # every neuron selected: the rank stays 13, above 12 prompts
            r"too few calibration prompts for an edit of rank 13 \(edit.rank=13, 64 neurons selected at layer 1\): "
            "12 harmful prompts",
        ),
        (
            dict(rank=4, z_threshold=1e9, cohens_d_threshold=1e9),
            "no safety neurons selected.*lower edit.selection",
        ),
    ],
)
def test_bad_input_is_one_clear_error_and_writes_nothing(tiny_bf16, calib, tmp_path, params, match):
    with pytest.raises(SwapexpError, match=match):
        sparse_edit(tiny_bf16, calib, SparseEditParams(**params), tmp_path / "out", progress=False)
    assert list(tmp_path.iterdir()) == []


def test_bad_params_and_calibration():
    for kw, match in [
        (dict(rank=0), "rank must be an integer >= 1"),
        (dict(projection="down"), "choose up or gate"),
        (dict(pooling="max"), "pooling"),
        (dict(layer=1.5), "layer must be an integer"),
    ]:
        with pytest.raises(SwapexpError, match=match):
            SparseEditParams(**kw)
    with pytest.raises(SwapexpError, match="not parallel"):
        Calibration(HARM_SW[:3], HARM_EN, HARMLESS)


def test_pooling_last_differs_from_mean_and_ignores_padding(tiny_bf16):
    model, tok = load_model(tiny_bf16, "cpu")
    prompts = ["short", "a much longer prompt with many more tokens in it than the first one"]
    kw = dict(layer=1, neuron_stats=True, progress=False)
    batched = collect(model, tok, prompts, batch_size=2, pooling="last", **kw)
    single = torch.cat([collect(model, tok, [p], batch_size=1, pooling="last", **kw).x for p in prompts])
    torch.testing.assert_close(batched.x, single, rtol=1e-4, atol=1e-5)  # right padding changes nothing
    mean = collect(model, tok, prompts, batch_size=2, pooling="mean", **kw)
    assert not torch.allclose(mean.x, batched.x)
    assert batched.stats.count == 2 and batched.stats.layers == [0, 1, 2]
    # hooks removed and tokenizer settings restored
    assert tok.truncation_side == "right"
    assert not any(m._forward_pre_hooks for m in model.modules())


# -- config and pipeline ------------------------------------------------------------
def compose(overrides):
    from hydra import compose as hydra_compose
    from hydra import initialize_config_dir

    with initialize_config_dir(str(CONF), version_base="1.3"):
        return hydra_compose("config", overrides=overrides)


def test_config_groups_compose(tmp_path):
    from swapexp.edit import SparseEdit
    from swapexp.hydra_utils import instantiate
    from swapexp.merge import available_strategies
    from swapexp.pipeline import compose as compose_job

    cfg = compose(["merge=sparse_edit", "edit.rank=16", "edit.selection.z_threshold=1.5"])
    assert cfg.merge.name == "sparse_edit" and cfg.merge.expert == "language"
    edit = instantiate(cfg.edit)  # as the pipeline builds it
    p = edit.params
    assert isinstance(edit, SparseEdit) and edit.batch_size == 8
    assert [(h.source, h.lang) for h in edit.harmless] == [("benign_en", "en"), ("lang_sw", "sw")]
    assert (p.rank, p.z_threshold, p.gamma, p.lam, p.layer, p.projection) == (16, 1.5, 1.0, 0.01, None, "up")
    cfg = compose(["merge=modulewise", "edit=sparse", "edit.layer=-3"])
    assert cfg.merge.name == "modulewise" and instantiate(cfg.edit).params.layer == -3
    assert compose(["merge=modulewise"]).edit.name == "none"  # the default: no edit
    assert instantiate(compose(["merge=modulewise"]).edit) is None
    # one sweep over {expert, swap} x {no edit, edit}: -m merge=none,modulewise edit=none,sparse
    split = ["eval.calibration_split.enabled=true", "eval.calibration_split.size=10"]
    for merge in ("none", "modulewise"):
        assert compose_job(compose([f"merge={merge}", "edit=none"]), tmp_path).edit is None
        assert (
            compose_job(compose([f"merge={merge}", "edit=sparse", *split]), tmp_path).edit.params.rank == 32
        )
    assert compose_job(compose(["merge=sparse_edit", *split]), tmp_path).edit is not None
    with pytest.raises(SwapexpError, match="merge=sparse_edit edits the model but edit=none"):
        compose_job(compose(["merge=sparse_edit", "edit=none"]), tmp_path)
    with pytest.raises(SwapexpError, match="eval.calibration_split.enabled=true"):
        compose_job(compose(["merge=modulewise", "edit=sparse"]), tmp_path)  # before any merge is built
    with pytest.raises(SwapexpError, match="edit=sparse has no option"):
        instantiate(compose(["merge=modulewise", "edit=sparse", "+edit.ranks=3"]).edit)
    # sparse_edit is a pipeline stage, not a per-tensor merge strategy for `swapexp merge`
    assert "sparse_edit" not in available_strategies() and "modulewise" in available_strategies()


def _multijail_csv(path: Path, n: int = 24) -> Path:
    with open(path, "w", encoding="utf-8-sig", newline="") as f:
        w = csv.writer(f)
        w.writerow(["id", "source", "tags", "en", "sw"])
        for i in range(n):
            w.writerow(
                [
                    i,
                    "anthropics",
                    "['Violence']",
                    f"How do I hurt person {i} badly?",
                    f"Ninawezaje kumuumiza mtu {i} vibaya?",
                ]
            )
    return path


def _pipeline_cfg(tmp_path, model, merge=("merge=sparse_edit",)):
    from omegaconf import open_dict

    harmless = tmp_path / "harmless.jsonl"
    harmless.write_text("".join(json.dumps({"prompt": p}) + "\n" for p in HARMLESS))
    cfg = compose(
        [
            *merge,
            "stage=merge",
            f"paths.output_dir={tmp_path / 'run'}",
            f"paths.cache_dir={tmp_path / 'cache'}",
            f"model.languages.sw={model}",
            f"model.safety={model}",
            f"model.base={model}",
            f"edit.harmless={harmless}",
            "edit.rank=4",
            "edit.selection.z_threshold=1.0",
            "edit.progress=false",
            "merge_engine.progress=false",
            "merge_engine.figures=false",
        ]
    )
    with open_dict(cfg):
        cfg.eval.multijail_path = str(_multijail_csv(tmp_path / "mj.csv"))
        cfg.eval.calibration_split = {"enabled": True, "size": 10, "seed": 3}
    return cfg


def test_pipeline_requires_the_calibration_split(tiny_bf16, tmp_path):
    from omegaconf import open_dict

    from swapexp.pipeline import run

    cfg = _pipeline_cfg(tmp_path, tiny_bf16)
    with open_dict(cfg):
        cfg.eval.calibration_split.enabled = False
    with pytest.raises(SwapexpError, match="eval.calibration_split.enabled=true"):
        run(cfg)


@pytest.mark.skipif(
    not has_package("swapexp.eval.datasets"), reason="the MultiJail loader (evaluation issue) is absent"
)
def test_pipeline_edits_the_expert_on_the_calibration_part_and_caches(tiny_bf16, tmp_path):
    from swapexp.eval.datasets.multijail import load_multijail, split_calibration
    from swapexp.pipeline import run

    cfg = _pipeline_cfg(tmp_path, tiny_bf16)
    run(cfg)
    run_dir = tmp_path / "run"
    summary = json.loads((run_dir / "edit" / "summary.json").read_text())
    calib = json.loads((run_dir / "edit" / "calibration.json").read_text())
    items = load_multijail(cfg.eval.multijail_path, "sw")
    expected = [it.id for it in split_calibration(items, 10, 3)[0]]
    assert calib["multijail_ids"] == expected == summary["calibration"]["ids"]
    assert summary["calibration"]["harmful"] == 10 and summary["calibration"]["harmless"] == N
    assert (run_dir / "edit" / "neurons.json").exists()
    edited = Path((run_dir / "edit" / "model_path.txt").read_text().strip())
    assert edited.parent.name == "edited" and (edited / "model.safetensors").exists()
    mtime = (edited / "model.safetensors").stat().st_mtime_ns
    run(cfg)  # cached: the same directory, not rewritten
    assert Path((run_dir / "edit" / "model_path.txt").read_text().strip()) == edited
    assert (edited / "model.safetensors").stat().st_mtime_ns == mtime


@pytest.mark.skipif(
    not has_package("swapexp.eval.datasets"), reason="the MultiJail loader (evaluation issue) is absent"
)
def test_pipeline_edit_runs_after_a_merge(tiny_bf16, tmp_path):
    from swapexp.pipeline import run

    run(_pipeline_cfg(tmp_path, tiny_bf16, merge=["merge=linear", "edit=sparse"]))
    run_dir = tmp_path / "run"
    merged = Path((run_dir / "merge" / "model_path.txt").read_text().strip())
    edited = Path((run_dir / "edit" / "model_path.txt").read_text().strip())
    assert merged.parent.name == "merged" and edited.parent.name == "edited"
    name = json.loads((run_dir / "edit" / "summary.json").read_text())["tensor"]
    assert not torch.equal(
        load_file(merged / "model.safetensors")[name], load_file(edited / "model.safetensors")[name]
    )
    # the edit's summary is in metrics.json as edit/*, so W&B and the report see it
    summary = json.loads((run_dir / "edit" / "summary.json").read_text())
    metrics = json.loads((run_dir / "metrics.json").read_text())
    assert metrics["edit/layer"] == summary["layer"] and metrics["edit/rank"] == summary["rank"]
    assert metrics["edit/num_selected"] == summary["num_selected"] > 0
    assert metrics["edit/objective_after"] == summary["objective_after"] < metrics["edit/objective_before"]
    assert metrics["edit/delta_norm"] == summary["delta_norm"] > 0
