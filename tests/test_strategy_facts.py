"""A strategy owns its facts: parameters, kind, roles, run name and output identity are declared on
the class, and the CLI, the config check, the run name and the report are generated from them."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest
import torch

from swapexp.errors import SwapexpError
from swapexp.merge import available_strategies, build_strategy, get_strategy_class, registered_strategies
from swapexp.merge.base import MergeStrategy, Param, blend, register, unregister
from tests.helpers.checkpoints import planted_triple, state

REPO = Path(__file__).resolve().parents[1]


def test_param_checks_name_the_value_and_the_fix():
    alpha = get_strategy_class("linear").param("alpha")
    assert alpha.check(1) == 1.0 and isinstance(alpha.check(1), float)
    with pytest.raises(SwapexpError, match=r"^alpha must be in \[0, 1\], got 2.0; e.g. merge.alpha=0.5$"):
        alpha.check(2)
    with pytest.raises(SwapexpError, match=r"alpha must be in \[0, 1\], got nan"):
        alpha.check(float("nan"))
    tau = get_strategy_class("modulewise").param("tau")
    with pytest.raises(SwapexpError, match=r"^tau must be >= 0, got -1.0; e.g. merge.tau=0.001$"):
        tau.check(-1)
    lam = get_strategy_class("task_arithmetic").param("lambda_safety")
    assert lam.check(-2) == -2.0  # any finite weight
    with pytest.raises(SwapexpError, match="lambda_safety must be a finite number, got inf"):
        lam.check(math.inf)
    k = get_strategy_class("layer_swap").param("k")
    assert k.check(3.0) == 3 and isinstance(k.check(3.0), int)
    for bad in (2.5, -1, "x", True):
        with pytest.raises(SwapexpError, match="^k must be"):
            k.check(bad)
    non_layer = get_strategy_class("layer_swap").param("non_layer")
    with pytest.raises(SwapexpError, match="non_layer must be one of language, safety, blend, got 'x'"):
        non_layer.check("x")
    flag = Param("normalize", bool, True, "h")
    assert flag.cli_flag == "--normalize" and flag.check("false") is False
    density = Param("density", float, 0.5, "h", low=0.0, high=1.0, low_open=True)
    assert density.check(1) == 1.0
    with pytest.raises(SwapexpError, match=r"^density must be in \(0, 1\], got 0.0; e.g. merge.density=0.5$"):
        density.check(0)
    with pytest.raises(SwapexpError, match="normalize must be true or false"):
        flag.check(3)


def test_every_strategy_declares_consistent_facts():
    assert set(available_strategies()) < set(registered_strategies())
    assert {"none", "sparse_edit"} == set(registered_strategies()) - set(available_strategies())
    for name in registered_strategies():
        cls = get_strategy_class(name)
        s = cls()  # defaults are valid
        assert s.name == name and s.kind in ("adaptive", "baseline", "expert")
        assert list(s.params()) == [p.name for p in cls.parameters]
        assert set(s.roles()) <= {"base", "safety", "language"} and s.roles()
        assert s.needs_base == ("base" in s.roles())
    assert build_strategy("none", expert="safety").roles() == ("safety",)
    assert build_strategy("modulewise").roles() == ("base", "safety", "language")
    assert build_strategy("linear").roles() == ("safety", "language")
    with pytest.raises(SwapexpError, match="does not take tau"):
        build_strategy("linear", tau=0.1)
    with pytest.raises(SwapexpError, match="unknown merge strategy 'nope'"):
        build_strategy("nope")


@pytest.mark.parametrize(
    ("name", "params", "label"),
    [
        ("modulewise", {}, "modulewise-sw-tau0.001-a0.5"),
        ("linear", {"alpha": 0.3}, "linear-sw-a0.3"),
        ("task_arithmetic", {}, "task_arithmetic-sw-ls1-ll1"),
        ("layer_swap", {}, "layer_swap-sw-k4-t0"),
        ("layer_swap", {"non_layer": "blend", "k": 2, "transition": 1}, "layer_swap-sw-a0.5-k2-t1"),
        ("none", {"expert": "base"}, "expert-base-sw"),
        ("sparse_edit", {}, "sparse_edit-sw"),
    ],
)
def test_labels_come_from_the_class(name, params, label):
    cls = get_strategy_class(name)
    assert cls.label(build_strategy(name, **params).params(), "sw") == label


def test_identity_is_the_effective_content(tmp_path):
    """Two tau values that choose the same units address one merged model; alpha counts only where
    something is blended."""
    from swapexp.merge.engine import merge

    m = planted_triple(tmp_path / "m", [(1, "mlp")], [(0, "mlp")], layers=2)
    ids = {}
    for tau in (0.001, 0.002, 0.99):
        s = build_strategy("modulewise", tau=tau)
        merge(s, **m, out_dir=tmp_path / f"o{tau}", progress=False, figures=False)
        ids[tau] = s.identity()
    assert ids[0.001] == ids[0.002] != ids[0.99]
    assert ids[0.001]["alpha"] == 0.5  # embeddings are always blended
    swap = {
        nl: build_strategy("layer_swap", k=1, non_layer=nl, alpha=0.3).identity()
        for nl in ("language", "blend")
    }
    assert "alpha" not in swap["language"]["params"] and swap["blend"]["params"]["alpha"] == 0.3


# -- a strategy added by one class: CLI, label and report know it without other edits ----------------
@pytest.fixture
def halfway():
    @register("halfway_test")
    class Halfway(MergeStrategy):
        """w * S + (1 - w) * L, optionally with the sign of the delta flipped (a throwaway strategy)."""

        parameters = (
            Param("w", float, 0.5, "weight of S", low=0.0, high=1.0, tag="w"),
            Param("flip", bool, False, "flip the delta", tag="f"),
            Param("mode", str, "plain", "a choice", choices=("plain", "fancy"), tag="m"),
            Param("seed", int, 0, "a seed", low=0),
            Param(
                "note",
                float,
                1.0,
                "used only in fancy mode",
                tag="n",
                used=lambda p: p.get("mode") == "fancy",
            ),
        )

        def merge_tensor(self, name, get):
            w = -self.w if self.flip else self.w
            return blend(get("safety"), get("language"), w)

    yield Halfway
    unregister("halfway_test")


def test_a_new_strategy_through_the_cli(halfway, tmp_path, capsys):
    from swapexp.cli import build_parser, main

    help_text = build_parser()._subparsers._group_actions[0].choices["merge"].format_help()
    assert "--w" in help_text and "--flip" in help_text and "--no-flip" in help_text and "--seed" in help_text
    m = planted_triple(tmp_path / "m", [(1, "mlp")], [(0, "mlp")], layers=2)
    argv = ["merge", "--safety", str(m["safety"]), "--language", str(m["language"]), "-q", "--no-figures"]
    capsys.readouterr()
    assert (
        main(
            [*argv, "--strategy", "halfway_test", "--w", "0.25", "--seed", "3", "--out", str(tmp_path / "o")]
        )
        == 0
    )
    line = json.loads(capsys.readouterr().out)
    assert line["params"] == {"w": 0.25, "flip": False, "mode": "plain", "seed": 3, "note": 1.0}
    s, l, o = state(m["safety"]), state(m["language"]), state(tmp_path / "o")
    n = "model.layers.1.mlp.up_proj.weight"
    assert torch.allclose(o[n], 0.25 * s[n] + 0.75 * l[n])
    assert main([*argv, "--strategy", "halfway_test", "--mode", "odd", "--out", str(tmp_path / "o2")]) == 2
    assert "mode must be one of plain, fancy, got 'odd'" in capsys.readouterr().err
    assert main([*argv, "--strategy", "halfway_test", "--tau", "0.1", "--out", str(tmp_path / "o3")]) == 2
    assert "does not take tau" in capsys.readouterr().err
    cls = get_strategy_class("halfway_test")
    assert cls.label(cls.check_params({"flip": True}), "sw") == "halfway_test-sw-w0.5-ftrue-mplain"
    assert cls.label(cls.check_params({"mode": "fancy"}), "sw") == "halfway_test-sw-w0.5-ffalse-mfancy-n1"


def test_a_new_strategy_through_pipeline_logger_and_report(halfway, tmp_path, monkeypatch):
    """The same throwaway class, with no other edit to swapexp: a pipeline run names it, logs it to W&B
    (offline) and the report shows it, all from its declared facts."""
    from hydra import compose, initialize_config_dir
    from omegaconf import OmegaConf, open_dict

    import swapexp.pipeline as pipeline
    from swapexp.report import build_report
    from tests.helpers.fake_eval_run import fake_evaluation_stage
    from tests.helpers.wandb_offline import offline_runs

    m = planted_triple(tmp_path / "m", [(1, "mlp")], [(0, "mlp")], layers=2)
    run_dir = tmp_path / "runs" / "0-halfway_test-sw"
    with initialize_config_dir(str(REPO / "conf"), version_base="1.3"):
        cfg = compose(
            "config",
            overrides=[
                f"model.base={m['base']}",
                f"model.safety={m['safety']}",
                f"model.languages.sw={m['language']}",
                "lang=sw",
                "logger=wandb",
                "logger.mode=offline",
                "logger.project=facts",
                f"paths.output_dir={run_dir}",
                "merge_engine.progress=false",
            ],
        )
    with open_dict(cfg):  # what conf/merge/halfway_test.yaml would hold
        cfg.merge = {
            "_target_": "swapexp.merge.build_strategy",
            "name": "halfway_test",
            "w": 0.25,
            "mode": "fancy",
        }
    monkeypatch.setattr(pipeline, "evaluation_stage", fake_evaluation_stage)
    metrics = pipeline.run(cfg)
    assert metrics["utility/mean"] > 0
    (r,) = offline_runs(run_dir)
    assert r.name == "halfway_test-sw-w0.25-ffalse-mfancy-n1" and r.config["kind"] == "baseline"
    assert r.config["merge.w"] == 0.25 and "halfway_test" in r.tags
    model = Path((run_dir / "merge" / "model_path.txt").read_text().strip())
    assert model.parent.name == "merged" and model.name.startswith("halfway_test-")

    (run_dir / ".hydra").mkdir()
    OmegaConf.save(cfg, run_dir / ".hydra" / "config.yaml")  # what Hydra writes into every run dir
    out = build_report([tmp_path / "runs"], tmp_path / "report")
    md = (out / "report.md").read_text()
    row = next(line for line in md.splitlines() if line.startswith("| halfway_test-sw-"))
    assert "| baseline | halfway_test | sw | – | – | w=0.25 flip=false mode=fancy seed=0 note=1 |" in row
