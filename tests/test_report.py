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


def m(unsafe: float, mgsm: float, belebele: float | None = None) -> dict:
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
    return out


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
    assert by["layerwise-bn-tau0.004-a0.5"].tradeoff == pytest.approx(0.3 - 0.4)
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
