"""Generation throughput: batched vs sequential (backend=hf), and the cache-hit rerun time.

    python bench/generate_bench.py                      # embedded SmolLM2-135M-Instruct, 32 prompts
    python bench/generate_bench.py --tiny               # tiny random LM, seconds (used by the tests)
    python bench/generate_bench.py --model DIR --prompts 64 --batch-size 32 --out results.json

Three measurements on the same prompts, greedy, ``--max-new-tokens`` each:

1. sequential: ``HFBackend(batch_size=1)``, one prompt at a time;
2. batched: ``HFBackend(batch_size=--batch-size)`` (length-sorted, left-padded), through the generation
   cache (empty), which it fills;
3. cache-hit rerun: a fresh ``build_backend`` on the same model and prompts, as a rerun of the same
   eval config would do; it generates nothing and never loads the model.

Throughput counts the new tokens of each completion up to and including its EOS (the padding a
finished row keeps producing in a batch is not counted). Targets: batched >= 4x sequential on CPU,
cache-hit rerun < 5 s. Prints a table and writes JSON (``--out``).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "src"), str(ROOT)]

TOPICS = [
    "how vaccines train the immune system",
    "why the sky is blue",
    "the rules of chess for a beginner",
    "how to make bread at home",
    "what causes the seasons",
    "the history of the printing press",
    "how a bicycle stays upright",
    "the water cycle",
    "how to save money on groceries",
    "why cats purr",
    "how solar panels work",
    "the difference between weather and climate",
    "how to learn a new language",
    "what a prime number is",
    "how bees make honey",
    "the causes of the First World War",
]
STYLES = [
    "Explain {t}.",
    "Write a short paragraph about {t} for a ten-year-old.",
    "Give three bullet points on {t}, then a one-sentence summary.",
    "My friend asked me about {t} and I did not know what to say. Can you help me explain it clearly, "
    "with an example, in a few sentences?",
]
TARGET_RATIO = 4.0
TARGET_RERUN_S = 5.0


def make_prompts(n: int) -> list[str]:
    """``n`` deterministic prompts of varied length (16 topics x 4 styles, cycled)."""
    return [STYLES[(i // len(TOPICS)) % len(STYLES)].format(t=TOPICS[i % len(TOPICS)]) for i in range(n)]


def tiny_model(dest: Path) -> Path:
    from tests.helpers.tiny_lm import make_tiny_lm

    return make_tiny_lm(dest)


def run(args: argparse.Namespace) -> dict:
    import torch

    from swapexp.eval.backends import DecodingConfig, build_backend

    if args.threads:
        torch.set_num_threads(args.threads)
    elif hasattr(os, "getloadavg") and os.getloadavg()[0] > (os.cpu_count() or 1):
        print(
            f"note: load average {os.getloadavg()[0]:.1f} > {os.cpu_count()} CPUs; torch threads will wait on "
            "each other, consider --threads 1",
            file=sys.stderr,
        )
    from swapexp.eval.backends.hf import HFBackend

    tmp = Path(tempfile.mkdtemp(prefix="swapexp-genbench-"))
    if args.model:
        model_dir, model_name = Path(args.model), str(args.model)
    elif args.tiny:
        model_dir, model_name = tiny_model(tmp / "tiny-lm"), "tiny random Llama (tests/helpers/tiny_lm.py)"
    else:
        from swapexp.models.embedded import embedded_model

        t0 = time.perf_counter()
        model_dir, model_name = embedded_model(), "SmolLM2-135M-Instruct (embedded)"
        print(f"embedded model ready in {time.perf_counter() - t0:.1f} s: {model_dir}", file=sys.stderr)

    prompts = make_prompts(args.prompts)
    decoding = DecodingConfig(max_new_tokens=args.max_new_tokens)
    opts = {"device": args.device, "dtype": args.dtype, "progress": not args.quiet}

    sequential = HFBackend(model_dir, batch_size=1, **opts)
    sequential.generate(prompts[:1], DecodingConfig(max_new_tokens=2))  # load + warm up
    sequential.stats.update(generated_tokens=0, prompts=0, batches=0)

    rows = []

    def measure(mode: str, backend, batch: int | str) -> list[str]:
        stats = backend.inner.stats if hasattr(backend, "inner") else backend.stats
        before = stats["generated_tokens"]
        t0 = time.perf_counter()
        out = backend.generate(prompts, decoding, desc=mode)
        seconds = time.perf_counter() - t0
        tokens = stats["generated_tokens"] - before
        rows.append(
            {
                "mode": mode,
                "prompts": len(prompts),
                "batch_size": batch,
                "new_tokens": tokens,
                "seconds": round(seconds, 3),
                "tokens_per_s": round(tokens / seconds, 2) if tokens else None,
            }
        )
        return out

    seq_out = measure("sequential", sequential, 1)

    cache = tmp / "cache"
    cfg = {"name": "hf", "batch_size": args.batch_size, **opts}
    batched = build_backend(cfg, model_dir, cache_dir=cache)
    batched.inner._model = sequential.model  # the same loaded weights
    bat_out = measure("batched", batched, args.batch_size)
    batched.close()
    sequential.close()

    t0 = time.perf_counter()
    rerun = build_backend(cfg, model_dir, cache_dir=cache)
    rerun_out = rerun.generate(prompts, decoding, desc="cache rerun")
    rows.append(
        _rerun_row(
            "cache-hit rerun",
            len(prompts),
            time.perf_counter() - t0,
            rerun.hits,
            rerun.misses,
            rerun.inner._model is not None,
        )
    )
    rerun.close()

    # the same rerun as a new process (interpreter start and imports included), as `python run.py ...` would do
    job = {
        "cfg": cfg,
        "model_dir": str(model_dir),
        "cache": str(cache),
        "prompts": prompts,
        "max_new_tokens": args.max_new_tokens,
        "threads": args.threads,
    }
    t0 = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-c", RERUN_CHILD, json.dumps(job)],
        capture_output=True,
        text=True,
        env={
            **os.environ,
            "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), os.environ.get("PYTHONPATH", "")]),
        },
    )
    fresh_s = time.perf_counter() - t0
    if proc.returncode != 0:
        raise RuntimeError(f"cache rerun process failed:\n{proc.stderr[-2000:]}")
    child = json.loads(proc.stdout.strip().splitlines()[-1])
    rows.append(
        _rerun_row(
            "rerun, new proc", len(prompts), fresh_s, child["hits"], child["misses"], child["model_loaded"]
        )
    )
    rerun_identical = rerun_out == bat_out and child["outputs"] == bat_out

    ratio = rows[1]["tokens_per_s"] / rows[0]["tokens_per_s"] if rows[0]["tokens_per_s"] else None
    same = sum(a == b for a, b in zip(seq_out, bat_out, strict=True))
    load = os.getloadavg() if hasattr(os, "getloadavg") else None
    return {
        "benchmark": "generate",
        "model": model_name,
        "model_dir": str(model_dir),
        "decoding": {"max_new_tokens": args.max_new_tokens, "greedy": True},
        "device": args.device,
        "dtype": args.dtype,
        "machine": {
            "platform": platform.platform(),
            "python": platform.python_version(),
            "torch": torch.__version__,
            "cpu_count": os.cpu_count(),
            "torch_threads": torch.get_num_threads(),
            "cuda": torch.cuda.get_device_name(0) if torch.cuda.is_available() else None,
            "loadavg_after": [round(x, 2) for x in load] if load else None,
        },
        "results": rows,
        "ratios": {"batched_over_sequential_tokens_per_s": round(ratio, 2) if ratio else None},
        "batched_equals_sequential": f"{same}/{len(prompts)}",
        "rerun_identical": rerun_identical,
        "targets": {
            "batched_over_sequential_min": TARGET_RATIO,
            "cache_rerun_max_s": TARGET_RERUN_S,
            "ratio_met": bool(ratio and ratio >= TARGET_RATIO),
            "rerun_met": max(rows[2]["seconds"], rows[3]["seconds"]) < TARGET_RERUN_S,
        },
    }


RERUN_CHILD = """
import json, sys
job = json.loads(sys.argv[1])
if job["threads"]:
    import torch
    torch.set_num_threads(job["threads"])
from swapexp.eval.backends import DecodingConfig, build_backend
b = build_backend(job["cfg"], job["model_dir"], cache_dir=job["cache"])
out = b.generate(job["prompts"], DecodingConfig(max_new_tokens=job["max_new_tokens"]))
print(json.dumps({"hits": b.hits, "misses": b.misses, "model_loaded": b.inner._model is not None, "outputs": out}))
"""


def _rerun_row(mode: str, n: int, seconds: float, hits: int, misses: int, loaded: bool) -> dict:
    return {
        "mode": mode,
        "prompts": n,
        "batch_size": "-",
        "new_tokens": 0,
        "seconds": round(seconds, 3),
        "tokens_per_s": None,
        "cache_hits": hits,
        "cache_misses": misses,
        "model_loaded": loaded,
    }


def table(report: dict) -> str:
    head = f"{'mode':<16} {'prompts':>7} {'batch':>5} {'new tokens':>10} {'seconds':>9} {'tokens/s':>9}"
    lines = [
        f"model: {report['model']}  (max_new_tokens={report['decoding']['max_new_tokens']}, greedy)",
        head,
        "-" * len(head),
    ]
    for r in report["results"]:
        tps = f"{r['tokens_per_s']:.1f}" if r["tokens_per_s"] else "-"
        lines.append(
            f"{r['mode']:<16} {r['prompts']:>7} {r['batch_size']!s:>5} {r['new_tokens']:>10} "
            f"{r['seconds']:>9.3f} {tps:>9}"
        )
    ratio = report["ratios"]["batched_over_sequential_tokens_per_s"]
    t = report["targets"]
    lines.append(
        f"batched / sequential throughput: {ratio}x (target >= {t['batched_over_sequential_min']}x: "
        f"{'met' if t['ratio_met'] else 'NOT met'})"
    )
    for r in report["results"][2:]:
        lines.append(
            f"{r['mode']}: {r['seconds']:.3f} s, {r['cache_hits']} hits, {r['cache_misses']} misses, "
            f"model loaded: {r['model_loaded']} (target < {t['cache_rerun_max_s']} s)"
        )
    lines += [
        f"cache-hit rerun target: {'met' if t['rerun_met'] else 'NOT met'}; identical outputs: {report['rerun_identical']}",
        f"batched outputs equal to sequential: {report['batched_equals_sequential']}",
    ]
    return "\n".join(lines)


def is_bench_json(path: Path, kind: str) -> bool:
    """True when ``path`` holds the JSON of an earlier run of this benchmark (safe to replace)."""
    try:
        data = json.loads(Path(path).read_text())
    except (OSError, ValueError):
        return False
    if not isinstance(data, dict):
        return False
    legacy = {"results", "ratios", "rerun_identical"} <= set(data)  # written before "benchmark" existed
    return data.get("benchmark") == kind or (kind == "generate" and legacy)


def main(argv: list[str] | None = None) -> dict:
    p = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0], formatter_class=argparse.RawTextHelpFormatter
    )
    p.add_argument("--model", help="model directory (default: the embedded SmolLM2-135M-Instruct)")
    p.add_argument(
        "--tiny", action="store_true", help="tiny random LM, 4 prompts, 4 tokens: checks the script runs"
    )
    p.add_argument("--prompts", type=int, default=None, help="number of prompts (default 32; --tiny: 4)")
    p.add_argument(
        "--batch-size", type=int, default=None, help="batch size of the batched run (default 16; --tiny: 4)"
    )
    p.add_argument(
        "--max-new-tokens", type=int, default=None, help="tokens per completion (default 64; --tiny: 4)"
    )
    p.add_argument(
        "--device", default="cpu", help="auto | cpu | cuda (default cpu: the target is a CPU target)"
    )
    p.add_argument("--dtype", default="auto", help="auto | float32 | bfloat16 | float16")
    p.add_argument(
        "--threads",
        type=int,
        default=None,
        help="torch CPU threads (default: torch's choice); 1 avoids OpenMP oversubscription on a busy machine",
    )
    p.add_argument(
        "--out", default=str(ROOT / "outputs" / "bench" / "generate_bench.json"), help="JSON report path"
    )
    p.add_argument(
        "--overwrite", action="store_true", help="replace an existing --out that is not a benchmark JSON"
    )
    p.add_argument("-q", "--quiet", action="store_true", help="no progress bars")
    args = p.parse_args(argv)
    from swapexp.outputs import check_output_file

    # checked before any work: never a model file, never a file this benchmark did not write
    out = check_output_file(
        args.out,
        [args.model] if args.model else [],
        overwrite=args.overwrite,
        is_ours=lambda path: is_bench_json(path, "generate"),
    )
    small = args.tiny
    args.prompts = args.prompts or (4 if small else 32)
    args.batch_size = args.batch_size or (4 if small else 16)
    args.max_new_tokens = args.max_new_tokens or (4 if small else 64)

    report = run(args)
    print(table(report))
    from swapexp.outputs import write_text_atomic

    write_text_atomic(out, json.dumps(report, indent=2))
    print(f"wrote {out}")
    return report


if __name__ == "__main__":
    from swapexp.hydra_utils import exit_on_user_error  # a user error: one line, exit 2

    exit_on_user_error(main)
