"""A sweep never merges the same model twice: the merge stage of a tau x alpha grid vs as many
independent merges.

    python bench/sweep_bench.py                  # modulewise, tau {0.0005..0.004} x alpha {0.3, 0.5, 0.7}, demo triple
    python bench/sweep_bench.py --tiny           # a tiny planted triple, 3 x 2 grid, seconds (the test does this)
    python bench/sweep_bench.py --base DIR --safety DIR --language DIR --taus 0.001,0.002 --alphas 0.5

The demo triple is the default config's: the embedded SmolLM2-135M-Instruct base and the demo
experts ``built:safety`` and ``built:language:sw`` (built first, and cached, when absent: minutes of
CPU each; see the README's Demo experts).

Two arms over the same jobs, in this process, alternating their order over ``--repeats``:

1. ``independent``: every job is one full merge (``swapexp.merge.engine.merge``: pass 1 checks every
   input tensor and scores, pass 2 writes, the figures are drawn) into its own directory: what every
   job of a sweep did before the merge caches;
2. ``sweep``: the jobs go through the pipeline's merge stage (``swapexp.merge.stage.merge_stage``) on
   one empty cache, one after the other as a Hydra multirun runs them: pass 1 once, one merged model
   per effective content (per unit choices, alpha), the figures per job.

The input hashes are computed (and memoised, as in any run) before the first arm. Reported: wall
and CPU seconds of each arm (best of the repeats), their ratio (target <= 0.6), the merged models
each arm wrote, and the machine's load average. Prints a table and writes JSON (``--out``).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "src"), str(ROOT)]

TAUS = (0.0005, 0.001, 0.002, 0.004)
ALPHAS = (0.3, 0.5, 0.7)
TARGET = 0.6


def demo_triple() -> dict[str, Path]:
    """B, S and L of the default demo config, built on first use."""
    from hydra import compose, initialize_config_dir

    from swapexp.inputs import resolve_models
    from swapexp.pipeline import compose as compose_job

    with initialize_config_dir(str(ROOT / "conf"), version_base="1.3"):
        cfg = compose("config", overrides=["logger=none", "experts.num_threads=1"])
    job = compose_job(cfg, run_dir=Path(tempfile.gettempdir()))
    return resolve_models(job.refs, ("base", "safety", "language"), job.experts)


def tiny_triple(root: Path) -> dict[str, Path]:
    from tests.helpers.checkpoints import planted_triple

    return planted_triple(
        root, safety_units=[(1, "mlp"), (2, "self_attn")], language_units=[(0, "mlp"), (3, "self_attn")]
    )


def run_independent(jobs, models, work: Path) -> dict:
    from swapexp.merge import build_strategy
    from swapexp.merge.engine import merge

    wall = cpu = 0.0
    for i, (name, params) in enumerate(jobs):
        out = work / f"independent-{i}"
        t0, c0 = time.perf_counter(), time.process_time()
        merge(build_strategy(name, **params), **models, out_dir=out, progress=False, threads=1)
        wall, cpu = wall + time.perf_counter() - t0, cpu + time.process_time() - c0
        shutil.rmtree(out)  # disk: a few hundred MB per model (not timed)
    return {"wall_s": wall, "cpu_s": cpu, "merges_built": len(jobs)}


def run_sweep(jobs, models, work: Path) -> dict:
    from swapexp.merge import build_strategy
    from swapexp.merge.stage import MergeOptions, merge_stage

    cache = work / "cache"
    options = MergeOptions(progress=False, threads=1)
    t0, c0 = time.perf_counter(), time.process_time()
    results = [
        merge_stage(
            build_strategy(name, **params), models, options, cache_root=cache, run_dir=work / f"run-{i}"
        )
        for i, (name, params) in enumerate(jobs)
    ]
    wall, cpu = time.perf_counter() - t0, time.process_time() - c0
    choices = set()
    for i in range(len(jobs)):
        units = json.loads((work / f"run-{i}" / "merge" / "decisions.json").read_text())["units"]
        choices.add(tuple(u["choice"] for u in units))
    out = {
        "wall_s": wall,
        "cpu_s": cpu,
        "merges_built": sum(r.built for r in results),
        "pass1_runs": sum(r.scored for r in results),
        "distinct_choice_sets": len(choices),
        "models": len({r.path for r in results}),
    }
    shutil.rmtree(cache)
    return out


def main(argv: list[str] | None = None) -> dict:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--strategy", default="modulewise", help="an adaptive strategy (default modulewise)")
    p.add_argument("--taus", default=",".join(map(str, TAUS)))
    p.add_argument("--alphas", default=",".join(map(str, ALPHAS)))
    p.add_argument("--base"), p.add_argument("--safety"), p.add_argument("--language")
    p.add_argument("--repeats", type=int, default=2, help="each arm this many times, best kept (default 2)")
    p.add_argument("--tiny", action="store_true", help="tiny planted triple, 3 x 2 grid (a smoke test)")
    p.add_argument("--work-dir", help="scratch directory for the merged models (default: a temp dir)")
    p.add_argument("--out", default=str(ROOT / "outputs" / "bench" / "sweep_bench.json"), help="JSON results")
    p.add_argument("-q", "--quiet", action="store_true")
    args = p.parse_args(argv)

    import torch

    torch.set_num_threads(1)
    from swapexp.cache import dir_hash

    work = Path(tempfile.mkdtemp(prefix="sweep-bench-", dir=args.work_dir))
    try:
        if args.tiny:
            models = tiny_triple(work / "triple")
            taus, alphas = (0.001, 0.002, 0.5), (0.3, 0.7)
        else:
            given = {r: getattr(args, r) for r in ("base", "safety", "language")}
            models = {r: Path(v) for r, v in given.items() if v} if all(given.values()) else demo_triple()
            taus = tuple(float(x) for x in args.taus.split(","))
            alphas = tuple(float(x) for x in args.alphas.split(","))
        jobs = [(args.strategy, {"tau": t, "alpha": a}) for t in taus for a in alphas]
        for path in models.values():  # hashed once (memoised), and in the page cache, for both arms
            dir_hash(path)
        arms: dict[str, list[dict]] = {"independent": [], "sweep": []}
        for r in range(max(1, args.repeats)):
            order = ("independent", "sweep") if r % 2 == 0 else ("sweep", "independent")
            for arm in order:
                run = run_independent if arm == "independent" else run_sweep
                arms[arm].append(run(jobs, models, work / f"{arm}-{r}"))
                if not args.quiet:
                    print(f"repeat {r + 1}: {arm} {arms[arm][-1]['wall_s']:.1f} s", flush=True)
        best = {a: min(runs, key=lambda x: x["wall_s"]) for a, runs in arms.items()}
        ratio_wall = best["sweep"]["wall_s"] / best["independent"]["wall_s"]
        ratio_cpu = best["sweep"]["cpu_s"] / best["independent"]["cpu_s"]
        first = next(iter(models.values()))
        report = {
            "strategy": args.strategy,
            "taus": list(taus),
            "alphas": list(alphas),
            "jobs": len(jobs),
            "models": {r: str(p) for r, p in models.items()},
            "checkpoint_bytes": sum(f.stat().st_size for f in Path(first).glob("*.safetensors")),
            "repeats": arms,
            "best": best,
            "ratio": {"wall": ratio_wall, "cpu": ratio_cpu, "target": TARGET, "met": ratio_wall <= TARGET},
            "machine": {
                "cpus": os.cpu_count(),
                "load_average": [round(x, 2) for x in os.getloadavg()],
                "python": platform.python_version(),
                "torch": torch.__version__,
            },
        }
    finally:
        shutil.rmtree(work, ignore_errors=True)
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(report, indent=2))
    print(format_report(report))
    return report


def format_report(report: dict) -> str:
    b = report["best"]
    lines = [
        f"{report['strategy']}: {len(report['taus'])} tau x {len(report['alphas'])} alpha = {report['jobs']} jobs, "
        f"{report['checkpoint_bytes'] / 1e6:.2f} MB per checkpoint, load average {report['machine']['load_average']}",
        f"{'arm':<12} {'wall s':>8} {'CPU s':>8} {'merges built':>13} {'pass 1 runs':>12}",
        f"{'independent':<12} {b['independent']['wall_s']:8.1f} {b['independent']['cpu_s']:8.1f} "
        f"{b['independent']['merges_built']:13d} {report['jobs']:12d}",
        f"{'sweep':<12} {b['sweep']['wall_s']:8.1f} {b['sweep']['cpu_s']:8.1f} "
        f"{b['sweep']['merges_built']:13d} {b['sweep']['pass1_runs']:12d}",
        f"distinct choice sets over the taus x alphas: {b['sweep']['distinct_choice_sets']} choice sets, "
        f"{b['sweep']['models']} models",
        f"sweep / independent: wall {report['ratio']['wall']:.2f}x, CPU {report['ratio']['cpu']:.2f}x "
        f"(target <= {report['ratio']['target']}: {'met' if report['ratio']['met'] else 'NOT met'})",
    ]
    return "\n".join(lines)


if __name__ == "__main__":
    main()
