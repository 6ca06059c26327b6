"""bench/generate_bench.py runs end to end at a tiny size (the real numbers come from `make bench`)."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _load_bench():
    spec = importlib.util.spec_from_file_location("generate_bench", ROOT / "bench" / "generate_bench.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def test_generate_bench_tiny(tmp_path, capsys):
    out = tmp_path / "gen.json"
    report = _load_bench().main(["--tiny", "-q", "--out", str(out)])
    assert json.loads(out.read_text()) == json.loads(json.dumps(report))
    seq, bat, rerun, fresh = report["results"]
    assert [r["mode"] for r in report["results"]] == [
        "sequential",
        "batched",
        "cache-hit rerun",
        "rerun, new proc",
    ]
    assert seq["new_tokens"] == bat["new_tokens"] == 4 * 4  # the random tiny LM never emits EOS in 4 tokens
    assert seq["tokens_per_s"] > 0 and bat["tokens_per_s"] > 0
    assert report["ratios"]["batched_over_sequential_tokens_per_s"] > 0
    for r in (rerun, fresh):  # in this process and in a new one: all hits, the model never loaded
        assert (r["cache_hits"], r["cache_misses"], r["model_loaded"]) == (4, 0, False)
    assert report["rerun_identical"] is True and report["batched_equals_sequential"] == "4/4"
    printed = capsys.readouterr().out
    assert "batched / sequential throughput" in printed and "cache-hit rerun" in printed


def test_prompts_are_deterministic_and_varied():
    bench = _load_bench()
    prompts = bench.make_prompts(32)
    assert prompts == bench.make_prompts(32) and len(set(prompts)) == 32
    assert len({len(p) for p in prompts}) > 8  # varied lengths: length sorting matters
