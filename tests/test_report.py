"""The offline report on hand-written run directories: collection, Pareto front, table, figures, errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from swapexp.errors import SwapexpError
from swapexp.report import build_report, collect_runs
from swapexp.report.__main__ import main


def write_run(
    root: Path, name: str, merge: dict, lang: str, metrics: dict | None, units: list | None = None
) -> Path:
    d = root / name
    (d / ".hydra").mkdir(parents=True)
    cfg = {
        "merge": merge,
        "lang": {"code": lang},
        "model": {"name": "tiny"},
        "seed": 0,
        "paths": {"output_dir": "${hydra:runtime.output_dir}"},
    }
    (d / ".hydra" / "config.yaml").write_text(yaml.safe_dump(cfg))
    if metrics is not None:
        (d / "metrics.json").write_text(json.dumps(metrics))
    if units is not None:
        (d / "merge").mkdir()
        (d / "merge" / "decisions.json").write_text(
            json.dumps(
                {
                    "strategy": merge["name"],
                    "tau": merge.get("tau"),
                    "alpha": merge.get("alpha"),
                    "params": {},
                    "units": units,
                }
            )
        )
    return d


def m(unsafe: float, mgsm: float, belebele: float | None = None, **extra: float) -> dict:
    out = {
        "safety/multijail/unsafe_rate": unsafe,
        "safety/multijail/invalid_rate": round(unsafe / 4, 4),
        "safety/multijail/n": 315,
        "safety/multijail/unparsed": 0,
        "utility/mgsm/accuracy": mgsm,
        "utility/mgsm/n": 250,
    }
    if belebele is not None:
        out["utility/belebele/accuracy"] = belebele
    return out | extra


def demo(unsafe: float, refusal: float, ppl: float, fidelity: float) -> dict:
    """A demo-scale run: accuracy 0, over-refusal, perplexity and fidelity that move."""
    return m(
        unsafe,
        0.0,
        **{
            "safety/overrefusal/refusal_rate": refusal,
            "safety/overrefusal/invalid_rate": 0.0,
            "utility/fidelity/rate": fidelity,
            "utility/lm/perplexity": ppl,
            "utility/lm/bits_per_char": 2.0,
            "utility/lm/char_prob": 0.25,
        },
    )


def units(choices: list[tuple[str, str]]) -> list[dict]:
    return [
        {
            "layer": i // 2,
            "module": mod,
            "score_safety": 1.0,
            "score_language": 1.0,
            "p_safety": 0.1,
            "p_language": 0.1,
            "d": 0.0,
            "choice": c,
        }
        for i, (mod, c) in enumerate(choices)
    ]


U = units([("self_attn", "safety"), ("mlp", "blend"), ("self_attn", "language"), ("mlp", "language")])


@pytest.fixture
def sweep(tmp_path) -> Path:
    """sw: experts, a linear baseline and a 2x2 modulewise grid; bn: two layerwise runs; one failed job."""
    root = tmp_path / "multirun"
    write_run(root, "0-none-sw", {"name": "none", "expert": "language"}, "sw", m(0.60, 0.50))
    write_run(root, "1-none-sw", {"name": "none", "expert": "safety"}, "sw", m(0.10, 0.20))
    write_run(root, "2-none-sw", {"name": "none", "expert": "base"}, "sw", m(0.40, 0.30))
    write_run(root, "3-linear-sw", {"name": "linear", "alpha": 0.5}, "sw", m(0.35, 0.30))
    grid = {
        (0.001, 0.3): m(0.30, 0.45),
        (0.001, 0.7): m(0.20, 0.40),
        (0.002, 0.3): m(0.30, 0.40),
        (0.002, 0.7): m(0.25, 0.35),
    }
    for i, ((tau, alpha), met) in enumerate(grid.items()):
        write_run(
            root, f"{4 + i}-modulewise-sw", {"name": "modulewise", "tau": tau, "alpha": alpha}, "sw", met, U
        )
    lw = units([("layer", "safety"), ("layer", "blend")])
    write_run(
        root, "8-layerwise-bn", {"name": "layerwise", "tau": 0.001, "alpha": 0.5}, "bn", m(0.5, 0.2, 0.6), lw
    )
    write_run(
        root, "9-layerwise-bn", {"name": "layerwise", "tau": 0.004, "alpha": 0.5}, "bn", m(0.4, 0.1, 0.5), lw
    )
    write_run(
        root, "10-layerwise-bn", {"name": "layerwise", "tau": 0.008, "alpha": 0.5}, "bn", None
    )  # failed
    (root / "multirun.yaml").write_text("{}")
    return root


def test_collect_and_pareto(sweep):
    runs = collect_runs([sweep])
    assert len(runs) == 10  # the job without metrics.json is skipped
    by = {r.label: r for r in runs}
    sw = [r.label for r in runs if r.lang == "sw"]
    assert sw[:4] == ["expert-base-sw", "expert-safety-sw", "expert-language-sw", "linear-sw-a0.5"]
    # sw front (min unsafe, max utility): L (0.6, .5), tau.001/a.3 (.3, .45), tau.001/a.7 (.2, .4), S (.1, .2)
    front = {r.label for r in runs if r.pareto and r.lang == "sw"}
    assert front == {
        "expert-language-sw",
        "modulewise-sw-tau0.001-a0.3",
        "modulewise-sw-tau0.001-a0.7",
        "expert-safety-sw",
    }
    assert not by["linear-sw-a0.5"].pareto and not by["expert-base-sw"].pareto  # dominated
    # bn: utility/mean averages MGSM and BELEBELE; both runs are on the front (a trade-off)
    assert by["layerwise-bn-tau0.001-a0.5"].utility == pytest.approx(0.4)
    # unsafe 0.4, invalid 0.1: safety term 0.5; utility 0.3; no over-refusal: the mean of the two
    assert by["layerwise-bn-tau0.004-a0.5"].tradeoff == pytest.approx((0.5 + 0.3) / 2)
    assert all(r.pareto for r in runs if r.lang == "bn")
    assert by["modulewise-sw-tau0.001-a0.3"].choices == {"safety": 1, "blend": 1, "language": 2}


def test_report_files(sweep, tmp_path):
    out = build_report([sweep], tmp_path / "out")
    names = {p.name for p in out.iterdir()}
    assert {
        "report.html",
        "report.md",
        "runs.csv",
        "pareto.png",
        "grid_modulewise_sw.png",
        "grid_layerwise_bn.png",
        "decisions_modulewise_sw.png",
        "decisions_layerwise_bn.png",
    } <= names
    md = (out / "report.md").read_text()
    table = [line for line in md.splitlines() if line.startswith("| ") and not line.startswith("| run ")]
    assert len(table) == 10
    row = next(line for line in table if line.startswith("| modulewise-sw-tau0.001-a0.7 "))
    cells = [c.strip() for c in row.strip("|").split("|")]
    header = [
        c.strip()
        for c in md.splitlines()[
            next(i for i, line in enumerate(md.splitlines()) if line.startswith("| run "))
        ]
        .strip("|")
        .split("|")
    ]
    rec = dict(zip(header, cells, strict=True))
    assert rec["unsafe rate"] == "0.200" and rec["MGSM"] == "0.400" and rec["Pareto"] == "yes"
    assert rec["invalid rate"] == "0.050"
    assert rec["units S/blend/L"] == "1/1/2" and rec["dir"] == "5-modulewise-sw"
    html = (out / "report.html").read_text()
    assert html.count('class="pareto"') == sum(line.split("|")[-3].strip() == "yes" for line in table)
    assert len((out / "runs.csv").read_text().splitlines()) == 11


def test_report_several_dirs_and_rebuild(sweep, tmp_path):
    other = tmp_path / "single"
    write_run(
        other,
        "run",
        {"name": "layer_swap", "k": 4, "transition": 0, "non_layer": "language", "alpha": 0.5},
        "sw",
        m(0.33, 0.33),
    )
    out = tmp_path / "combined"
    build_report([sweep / "0-none-sw", other / "run"], out)  # run directories from different places
    md = (out / "report.md").read_text()
    assert "| layer_swap-sw-k4-t0 |" in md  # alpha is not shown for layer_swap unless non_layer=blend
    assert "| expert-language-sw |" in md
    (out / "stale.png").write_text("x")
    build_report([sweep / "0-none-sw"], out)  # rebuilt atomically: the old directory is replaced, not mixed
    assert not (out / "stale.png").exists() and "layer_swap" not in (out / "report.md").read_text()


def test_no_runs_is_one_line_error(tmp_path, capsys):
    (tmp_path / "empty").mkdir()
    with pytest.raises(SystemExit) as e:
        main([str(tmp_path / "empty")])
    assert e.value.code == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("error: no runs found under") and "\n" not in err
    with pytest.raises(SwapexpError, match="does not exist"):
        build_report([tmp_path / "nope"])


def test_report_draws_overrefusal_perplexity_and_harness(tmp_path):
    root = tmp_path / "demo"
    write_run(root, "0-none-sw", {"name": "none", "expert": "base"}, "sw", demo(0.3, 0.0, 140.0, 0.1))
    write_run(root, "1-none-sw", {"name": "none", "expert": "safety"}, "sw", demo(0.0, 0.9, 150.0, 0.0))
    write_run(root, "2-none-sw", {"name": "none", "expert": "language"}, "sw", demo(0.2, 0.0, 85.0, 0.9))
    merged = demo(0.1, 0.2, 100.0, 0.8) | {
        "utility/harness/belebele_swh_Latn/acc": 0.3,
        "utility/harness/belebele_swh_Latn/acc_stderr": 0.05,
        "utility/harness/belebele_swh_Latn/n": 8,
    }
    d = write_run(
        root, "3-modulewise-sw", {"name": "modulewise", "tau": 0.001, "alpha": 0.5}, "sw", merged, U
    )
    cfg = yaml.safe_load((d / ".hydra" / "config.yaml").read_text())
    cfg["eval"] = {"harness": {"tasks": ["belebele_swh_Latn"], "in_mean": ["belebele_swh_Latn/acc"]}}
    (d / ".hydra" / "config.yaml").write_text(yaml.safe_dump(cfg))
    runs = {r.label: r for r in collect_runs([root])}
    run = runs["modulewise-sw-tau0.001-a0.5"]
    assert run.harness == {"belebele_swh_Latn/acc": 0.3}  # no stderr, no n
    # utility/mean recomputed with the run's in_mean: MGSM 0, fidelity 0.8, char_prob 0.25, BELEBELE 0.3
    assert run.utility == pytest.approx((0.0 + 0.8 + 0.25 + 0.3) / 4)
    out = build_report([root], tmp_path / "out")
    assert {"overrefusal.png", "perplexity.png", "not_safe.png", "pareto.png"} <= {
        p.name for p in out.iterdir()
    }
    md = (out / "report.md").read_text()
    header = next(line for line in md.splitlines() if line.startswith("| run "))
    cols = [c.strip() for c in header.strip("|").split("|")]
    for col in ("over-refusal", "fidelity", "perplexity", "bits/char", "belebele_swh_Latn/acc", "utility"):
        assert col in cols, col
    row = next(line for line in md.splitlines() if line.startswith("| modulewise-sw"))
    rec = dict(zip(cols, [c.strip() for c in row.strip("|").split("|")], strict=True))
    assert (rec["over-refusal"], rec["perplexity"], rec["belebele_swh_Latn/acc"]) == (
        "0.200",
        "100.00",
        "0.300",
    )
    html = (out / "report.html").read_text()
    assert (
        "Safety vs over-refusal" in html and 'src="perplexity.png"' in html and 'src="not_safe.png"' in html
    )
    csv_header = (out / "runs.csv").read_text().splitlines()[0]
    assert "utility/lm/perplexity" in csv_header and "safety/overrefusal/refusal_rate" in csv_header


def test_not_safe_counts_invalid_answers_against_a_model(tmp_path):
    """A model that only loops has a low unsafe rate but is no safe model: not_safe = unsafe + invalid."""
    root = tmp_path / "demo"
    looping = demo(0.04, 0.0, 82.0, 1.0) | {"safety/multijail/invalid_rate": 0.96}
    refusing = demo(0.01, 0.85, 150.0, 0.0) | {"safety/multijail/invalid_rate": 0.1}
    write_run(root, "0-none-sw", {"name": "none", "expert": "language"}, "sw", looping)
    write_run(root, "1-none-sw", {"name": "none", "expert": "safety"}, "sw", refusing)
    runs = {r.expert: r for r in collect_runs([root])}
    assert runs["language"].unsafe == pytest.approx(0.04) and runs["language"].not_safe == pytest.approx(1.0)
    assert runs["safety"].not_safe == pytest.approx(0.11)


def test_fronts_of_the_new_plots():
    from swapexp.report.figures import front_of

    # (over-refusal, unsafe): both lower is better
    pts = [(0.0, 0.3), (0.9, 0.0), (0.0, 0.2), (0.2, 0.1), (0.5, 0.5)]
    assert front_of(pts, x_higher_is_better=False) == {1, 2, 3}
    # (utility, unsafe): utility higher is better
    assert front_of([(0.1, 0.3), (0.5, 0.3), (0.5, 0.1)], x_higher_is_better=True) == {2}
