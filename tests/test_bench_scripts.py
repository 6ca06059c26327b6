"""The benchmark scripts run end to end at a tiny size (benchmarks are not timed tests)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_merge_bench_tiny(tmp_path):
    out = tmp_path / "merge_bench.json"
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(ROOT / "src"), str(ROOT)]))
    # swapexp modulewise and the naive load; no mergekit even where it is installed
    r = subprocess.run(
        [
            sys.executable,
            str(ROOT / "bench" / "merge_bench.py"),
            "--tiny",
            "--repeats",
            "1",
            "--swapexp-methods",
            "modulewise",
            "--no-context",
            "--mergekit-bin",
            str(tmp_path / "absent" / "mergekit-yaml"),
            "--cache-dir",
            str(tmp_path / "cache"),
            "--out",
            str(out),
        ],
        capture_output=True,
        text=True,
        env=env,
        timeout=600,
    )
    assert r.returncode == 0, r.stderr[-3000:] + r.stdout[-3000:]
    result = json.loads(out.read_text())
    rows = {f"{row['tool']} {row['method']}": row for row in result["rows"]}
    for name in ("baseline import torch+swapexp", "swapexp modulewise", "naive modulewise"):
        row = rows[name]
        assert row["status"] == "ok", row
        assert row["wall_s"] > 0 and row["cpu_s"] > 0
        assert row["peak_rss_bytes"] > 20 * 2**20  # a Python process that imported torch
    # extra RSS is measured against the import-only process
    assert rows["swapexp modulewise"]["extra_rss_bytes"] == (
        rows["swapexp modulewise"]["peak_rss_bytes"] - rows["baseline import torch+swapexp"]["peak_rss_bytes"]
    )
    # mergekit rows say why they are missing; their ratios are null, swapexp/naive ratios are numbers
    for method in ("task_arithmetic", "linear", "ties"):
        assert rows[f"mergekit {method}"]["status"] == "skipped"
        assert "does not exist" in rows[f"mergekit {method}"]["reason"]
    for method in ("layerwise", "ties", "dare_ties", "dare_linear"):
        assert rows[f"swapexp {method}"]["status"] == "skipped"
    assert rows["baseline import torch+transformers"]["status"] == "skipped"
    ratios = {(q["what"], q["num"], q["den"]): q for q in result["ratios"]}
    naive = ratios[("extra_rss", "swapexp modulewise", "naive modulewise")]
    assert naive["target"] == 0.15 and isinstance(naive["ratio"], float) and naive["met"] in (True, False)
    assert isinstance(ratios[("wall", "swapexp modulewise", "naive modulewise")]["ratio"], float)
    mk = ratios[("extra_rss", "swapexp modulewise", "mergekit task_arithmetic")]
    assert mk["ratio"] is None and mk["met"] is None and mk["target"] == 0.10
    # the naive baseline computed the same module-wise decisions as swapexp
    assert result["naive_decisions_match_swapexp"] is True
    assert result["model"]["layers"] == 2 and result["model"]["checkpoint_bytes"] < 2 * 2**20
    assert "extra RSS MiB" in r.stdout and "skipped" in r.stdout
    # the synthetic triple is kept in the cache dir (reused by the next run); the run outputs are gone
    triples = list((tmp_path / "cache").glob("merge-triple-*/language/model.safetensors"))
    assert len(triples) == 1
    assert not list((tmp_path / "cache").glob("runs-*"))


def test_sweep_bench_tiny(tmp_path, capsys):
    """bench/sweep_bench.py --tiny: a 3 x 2 grid through the merge stage vs six independent merges."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("sweep_bench", ROOT / "bench" / "sweep_bench.py")
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    out = tmp_path / "sweep.json"
    report = bench.main(["--tiny", "--repeats", "1", "-q", "--work-dir", str(tmp_path), "--out", str(out)])
    assert json.loads(out.read_text()) == json.loads(json.dumps(report))
    ind, sweep = report["best"]["independent"], report["best"]["sweep"]
    assert report["jobs"] == 6 and ind["merges_built"] == 6
    assert sweep["pass1_runs"] == 1  # scored once for the whole grid
    # tau 0.001 and 0.002 choose the same units, tau 0.5 blends them all: 2 choice sets x 2 alphas
    assert sweep["distinct_choice_sets"] == 2 and sweep["merges_built"] == sweep["models"] == 4
    assert report["ratio"]["wall"] > 0 and report["ratio"]["target"] == 0.6
    assert "sweep / independent" in capsys.readouterr().out
    assert not [p for p in tmp_path.iterdir() if p.name.startswith("sweep-bench-")]  # scratch removed


def test_langid_bench_measures_memory_without_psutil(monkeypatch):
    """bench/langid_bench.py needs only the standard library for its memory figure (psutil is not a
    dependency): a library that holds 64 MiB after loading shows about +64 MiB."""
    import importlib.util

    monkeypatch.setitem(sys.modules, "psutil", None)  # `import psutil` would raise ImportError
    spec = importlib.util.spec_from_file_location("langid_bench", ROOT / "bench" / "langid_bench.py")
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)

    class Library:
        name = "held-64MiB"

        def __init__(self) -> None:
            self.model = b"\x01" * (64 << 20)  # written, so resident

        def __call__(self, text: str) -> str:
            return "en"

    data = [("en", "full", "hello there"), ("sw", "short", "habari yako"), ("it", "full", "ciao a tutti")]
    r = bench.measure(Library, data)
    assert 56 <= r["load_rss_mib"] <= 96, r["load_rss_mib"]
    assert r["top1_accuracy"]["full"] == {"en": 1.0, "it": 0.0}
    assert r["precheck_decision_accuracy"]["full"] == {"en": 1.0, "other": 0.0}
