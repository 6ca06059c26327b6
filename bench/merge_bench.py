"""Merge benchmark: peak memory and wall time of swapexp, a naive in-memory merge and mergekit.

Builds (once, cached) a synthetic Llama-shaped triple (base, safety, language) written as
safetensors with a real ``LlamaConfig`` config.json, then runs every tool on it as its own
process and measures that process' peak RSS (``ru_maxrss`` from ``wait4``: resident anonymous
*and* memory-mapped file pages, the same number ``/usr/bin/time -v`` prints) and wall time:

- ``swapexp merge`` (modulewise, layerwise, task_arithmetic, linear, ties, dare_ties, dare_linear), through
  ``python -m swapexp.cli``;
- the naive baseline ``bench/naive_merge.py``: three ``from_pretrained`` loads, module-wise
  decisions in memory, merged state dict, ``save_pretrained`` (its decisions are checked
  against swapexp's);
- ``mergekit-yaml`` with ``task_arithmetic``, ``linear`` and ``ties`` configs, when mergekit is installed
  (``--mergekit-bin`` or ``mergekit-yaml`` on PATH; its rows are skipped, and say so, otherwise);
- a process that only imports torch and swapexp: each tool's *extra* RSS is its peak minus this.

Each measurement is repeated ``--repeats`` times (the machine may be shared): the table shows the
best wall time and the median peak RSS. The table, the ratios swapexp/mergekit and swapexp/naive
and their targets (README, Performance) are printed and written as JSON (``--out``).

    python bench/merge_bench.py                      # default: ~0.45 GB per checkpoint in fp32
    python bench/merge_bench.py --dtype bf16         # the same shapes in bfloat16
    python bench/merge_bench.py --tiny --repeats 1   # a few hundred kB, seconds (the test does this)
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import zlib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if (ROOT / "src" / "swapexp").is_dir() and str(ROOT / "src") not in sys.path:
    sys.path.insert(0, str(ROOT / "src"))  # a checkout's sources win over an installed copy

MB = 2**20
SWAPEXP_METHODS = ("modulewise", "layerwise", "task_arithmetic", "linear", "ties", "dare_ties", "dare_linear")
MERGEKIT_METHODS = ("task_arithmetic", "linear", "ties")
TARGETS = ("q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj")

#: (what, numerator row, denominator row, target or None); rows are "tool method"
RATIOS = [
    ("extra_rss", "swapexp modulewise", "mergekit task_arithmetic", 0.10),
    ("extra_rss", "swapexp modulewise", "naive modulewise", 0.15),
    ("wall", "swapexp modulewise", "mergekit task_arithmetic", 1.00),
    ("wall", "swapexp modulewise", "naive modulewise", None),
    ("cpu", "swapexp modulewise", "mergekit task_arithmetic", None),
    ("cpu", "swapexp modulewise", "naive modulewise", None),
    ("extra_rss", "swapexp task_arithmetic", "mergekit task_arithmetic", None),
    ("wall", "swapexp task_arithmetic", "mergekit task_arithmetic", None),
    ("extra_rss", "swapexp linear", "mergekit linear", None),
    ("wall", "swapexp linear", "mergekit linear", None),
    ("extra_rss", "swapexp ties", "mergekit ties", None),
    ("wall", "swapexp ties", "mergekit ties", None),
]


# -- the synthetic triple --------------------------------------------------------------------------
def shape_spec(args) -> dict:
    if args.tiny:
        return {
            "layers": 2,
            "hidden": 64,
            "intermediate": 128,
            "vocab": 512,
            "heads": 4,
            "kv_heads": 2,
            "dtype": args.dtype,
            "seed": args.seed,
        }
    return {
        "layers": args.layers,
        "hidden": args.hidden,
        "intermediate": args.intermediate,
        "vocab": args.vocab,
        "heads": args.heads,
        "kv_heads": args.kv_heads,
        "dtype": args.dtype,
        "seed": args.seed,
    }


def tensor_shapes(spec: dict) -> dict[str, tuple[int, ...]]:
    h, i, v = spec["hidden"], spec["intermediate"], spec["vocab"]
    kv = spec["kv_heads"] * (h // spec["heads"])
    shapes: dict[str, tuple[int, ...]] = {"model.embed_tokens.weight": (v, h)}
    for n in range(spec["layers"]):
        p = f"model.layers.{n}."
        shapes.update(
            {
                p + "self_attn.q_proj.weight": (h, h),
                p + "self_attn.k_proj.weight": (kv, h),
                p + "self_attn.v_proj.weight": (kv, h),
                p + "self_attn.o_proj.weight": (h, h),
                p + "mlp.gate_proj.weight": (i, h),
                p + "mlp.up_proj.weight": (i, h),
                p + "mlp.down_proj.weight": (h, i),
                p + "input_layernorm.weight": (h,),
                p + "post_attention_layernorm.weight": (h,),
            }
        )
    shapes["model.norm.weight"] = (h,)
    shapes["lm_head.weight"] = (v, h)
    return shapes


def _planted(name: str, role: str) -> bool:
    """Which units an expert changes a lot: S the attention of even layers, L the MLP of odd ones."""
    if not name.startswith("model.layers."):
        return False
    layer = int(name.split(".")[2])
    if role == "safety":
        return ".self_attn." in name and layer % 2 == 0
    return ".mlp." in name and layer % 2 == 1


def make_tensor(name: str, shape, role: str, seed: int):
    """B is random (norms 1); S and L add 1% noise everywhere and 30% on their planted units."""
    import torch

    g = torch.Generator().manual_seed(seed * 1_000_003 + zlib.crc32(name.encode()))
    base = torch.ones(shape) if len(shape) == 1 else torch.randn(shape, generator=g).mul_(0.02)
    if role == "base":
        return base
    g.manual_seed(seed * 1_000_003 + zlib.crc32(f"{role}:{name}".encode()))
    rel = 0.3 if _planted(name, role) else 0.01
    scale = 0.02 if len(shape) > 1 else 1.0
    return base.add_(torch.randn(shape, generator=g), alpha=rel * scale)


def build_triple(root: Path, spec: dict) -> dict[str, Path]:
    """Write base/safety/language under ``root`` once (atomically); reuse them afterwards."""
    import torch
    from safetensors.torch import save_file
    from transformers import LlamaConfig

    dtype = {"fp32": torch.float32, "bf16": torch.bfloat16}[spec["dtype"]]
    paths = {role: root / role for role in ("base", "safety", "language")}
    shapes = tensor_shapes(spec)
    for role, path in paths.items():
        if (path / "model.safetensors").exists():
            continue
        print(f"building the synthetic {role} checkpoint in {path} ...", file=sys.stderr, flush=True)
        tmp = Path(tempfile.mkdtemp(prefix=f".{role}.tmp-", dir=root))
        tensors = {n: make_tensor(n, s, role, spec["seed"]).to(dtype) for n, s in shapes.items()}
        save_file(tensors, tmp / "model.safetensors", metadata={"format": "pt"})
        del tensors
        config = LlamaConfig(
            hidden_size=spec["hidden"],
            intermediate_size=spec["intermediate"],
            num_hidden_layers=spec["layers"],
            num_attention_heads=spec["heads"],
            num_key_value_heads=spec["kv_heads"],
            vocab_size=spec["vocab"],
            tie_word_embeddings=False,
            architectures=["LlamaForCausalLM"],
            dtype={"fp32": "float32", "bf16": "bfloat16"}[spec["dtype"]],
        )
        config.to_json_file(tmp / "config.json")
        tmp.chmod(0o755)
        shutil.rmtree(path, ignore_errors=True)
        os.replace(tmp, path)
    return paths


# -- measuring one process -------------------------------------------------------------------------
#: A tiny launcher between the benchmark and the measured process. Linux carries the peak RSS of the
#: address space a process had before exec() into its ru_maxrss, so a child forked straight from this
#: script (which has imported torch and transformers to build the triple) would inherit our peak;
#: forked from this ~10 MB launcher it reports its own.
LAUNCHER = r"""
import json, os, sys, time
cmd, log = json.loads(sys.argv[1]), sys.argv[2]
t0 = time.perf_counter()
pid = os.fork()
if pid == 0:
    fd = os.open(log, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
    os.dup2(fd, 1)
    os.dup2(fd, 2)
    try:
        os.execvp(cmd[0], cmd)
    finally:
        os._exit(127)
_, status, ru = os.wait4(pid, 0)
wall = time.perf_counter() - t0
print(json.dumps({"wall_s": wall, "cpu_s": ru.ru_utime + ru.ru_stime, "peak_rss_bytes": ru.ru_maxrss * 1024,
                  "rc": os.waitstatus_to_exitcode(status)}))
"""


def measure(cmd: list[str], env: dict, log: Path, timeout: float) -> dict:
    """Run ``cmd`` as its own process; return its wall time, CPU time, peak RSS and exit code."""
    proc = subprocess.Popen(
        [sys.executable, "-c", LAUNCHER, json.dumps(cmd), str(log)],
        env=env,
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    try:
        out, _ = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, 9)
        proc.communicate()
        return {"wall_s": timeout, "cpu_s": 0.0, "peak_rss_bytes": 0, "rc": "timeout"}
    if proc.returncode != 0:
        raise RuntimeError(f"benchmark launcher failed (exit {proc.returncode}) for {cmd}")
    return json.loads(out.strip().splitlines()[-1])


def find_mergekit(explicit: str | None) -> str | None:
    if explicit:
        p = Path(explicit).expanduser()
        return str(p) if p.exists() else None
    local = ROOT / ".venv-mergekit" / "bin" / "mergekit-yaml"
    return shutil.which("mergekit-yaml") or (str(local) if local.exists() else None)


def _interpreter_of(script: str) -> str | None:
    """The Python a console script runs with (its shebang), e.g. the mergekit venv's."""
    try:
        with open(script, "rb") as f:
            first = f.readline().decode(errors="replace").strip()
    except OSError:
        return None
    exe = first[2:].strip().split()[0] if first.startswith("#!") and first[2:].strip() else ""
    return exe if exe and Path(exe).exists() else None


def mergekit_config(method: str, paths: dict[str, Path], spec: dict) -> str:
    dtype = {"fp32": "float32", "bf16": "bfloat16"}[spec["dtype"]]
    if method == "ties":  # swapexp's defaults: density 0.5, weights 1 and 1, normalize (mergekit's default)
        return (
            f"merge_method: ties\nbase_model: {paths['base']}\nmodels:\n"
            f"  - model: {paths['safety']}\n    parameters: {{weight: 1.0, density: 0.5}}\n"
            f"  - model: {paths['language']}\n    parameters: {{weight: 1.0, density: 0.5}}\n"
            f"dtype: {dtype}\n"
        )
    if method == "task_arithmetic":
        return (
            f"merge_method: task_arithmetic\nbase_model: {paths['base']}\nmodels:\n"
            f"  - model: {paths['safety']}\n    parameters: {{weight: 1.0}}\n"
            f"  - model: {paths['language']}\n    parameters: {{weight: 1.0}}\n"
            f"dtype: {dtype}\n"
        )
    return (
        f"merge_method: linear\nmodels:\n"
        f"  - model: {paths['safety']}\n    parameters: {{weight: 0.5}}\n"
        f"  - model: {paths['language']}\n    parameters: {{weight: 0.5}}\n"
        f"dtype: {dtype}\n"
    )


def machine() -> dict:
    info = {"platform": platform.platform(), "python": platform.python_version(), "cpus": os.cpu_count()}
    try:
        info["cpus_usable"] = len(os.sched_getaffinity(0))
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                info["cpu_model"] = line.split(":", 1)[1].strip()
                break
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                info["mem_total_gb"] = round(int(line.split()[1]) / 2**20, 1)
        info["loadavg_at_start"] = os.getloadavg()[0]
    except OSError:
        pass
    try:
        import torch

        info["torch"] = torch.__version__
    except ImportError:
        pass
    return info


# -- the benchmark ---------------------------------------------------------------------------------
def parse_args(argv=None):
    ap = argparse.ArgumentParser(description="Benchmark merge memory and time: swapexp vs naive vs mergekit.")
    s = ap.add_argument_group("synthetic model (default ~0.45 GB per checkpoint in fp32)")
    s.add_argument("--layers", type=int, default=8)
    s.add_argument("--hidden", type=int, default=1024)
    s.add_argument("--intermediate", type=int, default=2816)
    s.add_argument("--vocab", type=int, default=8192)
    s.add_argument("--heads", type=int, default=16)
    s.add_argument("--kv-heads", type=int, default=8)
    s.add_argument("--dtype", choices=["fp32", "bf16"], default="fp32")
    s.add_argument("--seed", type=int, default=0)
    s.add_argument("--tiny", action="store_true", help="a tiny model (2 layers, hidden 64) for smoke tests")
    r = ap.add_argument_group("runs")
    r.add_argument("--repeats", type=int, default=3, help="runs per tool; best wall time, median peak RSS")
    r.add_argument(
        "--tools", default="swapexp,naive,mergekit", help="comma-separated subset of swapexp,naive,mergekit"
    )
    r.add_argument(
        "--swapexp-methods",
        default=",".join(SWAPEXP_METHODS),
        help="comma-separated subset of swapexp's strategies to run",
    )
    r.add_argument(
        "--no-context",
        action="store_true",
        help="skip the context-only rows (import-only processes of the naive and mergekit stacks)",
    )
    r.add_argument("--mergekit-bin", help="path to mergekit-yaml (default: on PATH, or ./.venv-mergekit/bin)")
    r.add_argument(
        "--figures", action="store_true", help="let swapexp draw its decision figures (off by default)"
    )
    r.add_argument("--timeout", type=float, default=1800, help="seconds per run before it is killed")
    r.add_argument("--cache-dir", help="where the triple and run outputs live (default $SWAPEXP_CACHE/bench)")
    r.add_argument(
        "--out", help="write the results as JSON here (default <cache-dir>/merge_bench-<key>.json)"
    )
    r.add_argument(
        "--overwrite", action="store_true", help="replace an existing --out that is not a merge_bench JSON"
    )
    r.add_argument(
        "--markdown", metavar="JSON", help="only print the table of an earlier run's JSON as markdown"
    )
    return ap.parse_args(argv)


def _is_merge_bench_json(path: Path) -> bool:
    try:
        data = json.loads(Path(path).read_text())
    except (OSError, ValueError):
        return False
    return isinstance(data, dict) and data.get("benchmark") == "merge"


def main(argv=None) -> int:
    args = parse_args(argv)
    if args.markdown:
        print(format_markdown(json.loads(Path(args.markdown).read_text())))
        return 0
    from swapexp.cache import cache_dir, hash_json

    spec = shape_spec(args)
    key = hash_json({"v": 1, **spec}, 12)
    root = Path(args.cache_dir).expanduser() if args.cache_dir else cache_dir() / "bench"
    from swapexp.outputs import check_output_file, write_text_atomic

    # checked before any work: never a file this benchmark did not write
    json_out = check_output_file(
        Path(args.out) if args.out else root / f"merge_bench-{key}.json",
        overwrite=args.overwrite,
        is_ours=_is_merge_bench_json,
    )
    tri = root / f"merge-triple-{key}"
    tri.mkdir(parents=True, exist_ok=True)
    paths = build_triple(tri, spec)
    runs = Path(tempfile.mkdtemp(prefix="runs-", dir=root))
    tools = {t.strip() for t in args.tools.split(",") if t.strip()}
    unknown = tools - {"swapexp", "naive", "mergekit"}
    if unknown:
        raise SystemExit(
            f"merge_bench: unknown tool(s) {', '.join(sorted(unknown))}; use swapexp,naive,mergekit"
        )

    env = dict(os.environ, HF_HUB_OFFLINE="1", TRANSFORMERS_OFFLINE="1", TQDM_DISABLE="1")
    src = ROOT / "src"
    if (src / "swapexp").is_dir():
        env["PYTHONPATH"] = os.pathsep.join([str(src), *filter(None, [env.get("PYTHONPATH")])])
    py = sys.executable
    ckpt_bytes = (paths["base"] / "model.safetensors").stat().st_size
    shapes = tensor_shapes(spec)
    elem = 4 if spec["dtype"] == "fp32" else 2
    largest = max(elem * _numel(s) for s in shapes.values())

    # (tool, method, command builder (out dir -> argv), env) -- None command: skipped with reason
    jobs: list[tuple[str, str, object, dict | None, str | None]] = []
    jobs.append(
        (
            "baseline",
            "import torch+swapexp",
            lambda out: [
                py,
                "-c",
                "import torch, swapexp.cli, swapexp.merge.engine; "
                "from swapexp.merge import available_strategies; available_strategies()",
            ],
            env,
            None,
        )
    )
    from swapexp.merge import get_strategy_class

    flags = [] if args.figures else ["--no-figures"]
    for method in SWAPEXP_METHODS:
        reason = None if "swapexp" in tools else "not selected (--tools)"
        if method not in args.swapexp_methods.split(","):
            reason = "not selected (--swapexp-methods)"
        needs_base = "base" in get_strategy_class(method).inputs  # the strategy says what it reads
        jobs.append(
            (
                "swapexp",
                method,
                lambda out, m=method, nb=needs_base: [
                    py,
                    "-m",
                    "swapexp.cli",
                    "merge",
                    *(["--base", str(paths["base"])] if nb else []),
                    "--safety",
                    str(paths["safety"]),
                    "--language",
                    str(paths["language"]),
                    "--strategy",
                    m,
                    "--out",
                    str(out),
                    "-q",
                    *flags,
                ],
                env,
                reason,
            )
        )
    # for context (not used in the ratios): what importing the other tools' own stacks costs
    no_context = "context rows off (--no-context)" if args.no_context else None
    naive_reason = None if "naive" in tools else "not selected (--tools)"
    jobs.append(
        (
            "baseline",
            "import torch+transformers",
            lambda out: [
                py,
                "-c",
                "import torch, transformers; from transformers import AutoModelForCausalLM",
            ],
            env,
            no_context or naive_reason,
        )
    )
    naive_decisions = runs / "naive_decisions.json"
    jobs.append(
        (
            "naive",
            "modulewise",
            lambda out: [
                py,
                str(ROOT / "bench" / "naive_merge.py"),
                "--base",
                str(paths["base"]),
                "--safety",
                str(paths["safety"]),
                "--language",
                str(paths["language"]),
                "--out",
                str(out),
                "--decisions-out",
                str(naive_decisions),
            ],
            env,
            naive_reason,
        )
    )
    mk = find_mergekit(args.mergekit_bin)
    mk_env = {k: v for k, v in env.items() if k != "PYTHONPATH"}
    mk_python = _interpreter_of(mk) if mk else None
    mk_reason = None if "mergekit" in tools else "not selected (--tools)"
    jobs.append(
        (
            "baseline",
            "import mergekit",
            lambda out: [
                mk_python,
                "-c",
                "import torch, transformers, mergekit.merge, mergekit.config, mergekit.options",
            ],
            mk_env,
            no_context or mk_reason or (None if mk_python else "mergekit not found"),
        )
    )
    for method in MERGEKIT_METHODS:
        cfg = runs / f"mergekit-{method}.yml"
        cfg.write_text(mergekit_config(method, paths, spec))
        reason = None
        if "mergekit" not in tools:
            reason = "not selected (--tools)"
        elif mk is None:
            reason = (
                "mergekit not installed: `make bench-deps` (or pass --mergekit-bin PATH to mergekit-yaml)"
                if not args.mergekit_bin
                else f"--mergekit-bin {args.mergekit_bin} does not exist"
            )
        jobs.append(("mergekit", method, lambda out, c=cfg: [mk, str(c), str(out)], mk_env, reason))

    print(
        f"merge_bench: {spec['layers']} layers, hidden {spec['hidden']}, MLP {spec['intermediate']}, "
        f"vocab {spec['vocab']}, {spec['dtype']}: {ckpt_bytes / 1e9:.3f} GB per checkpoint, largest tensor "
        f"{largest / MB:.1f} MiB; {args.repeats} run(s) per tool",
        flush=True,
    )
    rows = []
    try:
        for tool, method, build, job_env, reason in jobs:
            row = {"tool": tool, "method": method}
            if reason:
                print(f"  {tool} {method}: skipped ({reason})", flush=True)
                rows.append({**row, "status": "skipped", "reason": reason})
                continue
            results = []
            for k in range(max(1, args.repeats)):
                out = runs / f"{tool}-{method}".replace(" ", "_").replace("+", "_")
                shutil.rmtree(out, ignore_errors=True)
                log = runs / f"{tool}-{method}-{k}.log".replace(" ", "_").replace("+", "_")
                res = measure(build(out), job_env, log, args.timeout)
                if (tool, method) == ("swapexp", "modulewise") and (out / "decisions.json").exists():
                    shutil.copy(out / "decisions.json", runs / "swapexp_decisions.json")
                shutil.rmtree(out, ignore_errors=True)
                if res["rc"] != 0:
                    tail = log.read_text()[-2000:]
                    raise SystemExit(
                        f"merge_bench: {tool} {method} failed (exit {res['rc']}); log {log}:\n{tail}"
                    )
                results.append(res)
                print(
                    f"  {tool} {method} run {k + 1}: {res['wall_s']:.2f} s ({res['cpu_s']:.2f} s CPU), "
                    f"peak RSS {res['peak_rss_bytes'] / MB:.0f} MiB",
                    flush=True,
                )
            rows.append(
                {
                    **row,
                    "status": "ok",
                    "wall_s": min(r["wall_s"] for r in results),
                    "wall_s_runs": [round(r["wall_s"], 3) for r in results],
                    "cpu_s": min(r["cpu_s"] for r in results),
                    "peak_rss_bytes": int(statistics.median(r["peak_rss_bytes"] for r in results)),
                    "peak_rss_runs": [r["peak_rss_bytes"] for r in results],
                }
            )
        decisions_match = _decisions_match(runs / "swapexp_decisions.json", naive_decisions)
    finally:
        shutil.rmtree(runs, ignore_errors=True)

    baseline = next(r for r in rows if (r["tool"], r["method"]) == ("baseline", "import torch+swapexp"))
    for r in rows:
        if r["status"] == "ok":
            r["extra_rss_bytes"] = r["peak_rss_bytes"] - baseline["peak_rss_bytes"]
    by_name = {f"{r['tool']} {r['method']}": r for r in rows}
    ratios = []
    for what, num, den, target in RATIOS:
        a, b = by_name.get(num), by_name.get(den)
        field = {"extra_rss": "extra_rss_bytes", "wall": "wall_s", "cpu": "cpu_s"}[what]
        ok = a and b and a["status"] == "ok" and b["status"] == "ok" and b[field] > 0
        ratio = a[field] / b[field] if ok else None
        ratios.append(
            {
                "what": what,
                "num": num,
                "den": den,
                "ratio": ratio,
                "target": target,
                "met": None if ratio is None or target is None else ratio <= target,
            }
        )
    result = {
        "benchmark": "merge",
        "machine": machine(),
        "model": {**spec, "checkpoint_bytes": ckpt_bytes, "largest_tensor_bytes": largest},
        "repeats": args.repeats,
        "swapexp_figures": bool(args.figures),
        "rows": rows,
        "ratios": ratios,
        "naive_decisions_match_swapexp": decisions_match,
    }
    print(format_table(result))
    write_text_atomic(json_out, json.dumps(result, indent=2))
    print(f"results: {json_out}")
    return 0


def _numel(shape) -> int:
    n = 1
    for d in shape:
        n *= d
    return n


def _decisions_match(ours: Path, theirs: Path) -> bool | None:
    """Do swapexp's module-wise decisions (its decisions.json) equal the naive run's?"""
    if not (ours.exists() and theirs.exists()):
        return None
    a = [(u["layer"], u["module"], u["choice"]) for u in json.loads(ours.read_text())["units"]]
    b = [(u["layer"], u["module"], u["choice"]) for u in json.loads(theirs.read_text())["units"]]
    return a == b


def format_markdown(result: dict) -> str:
    """The rows and ratios of a result as markdown tables (for the README)."""
    base = next((r for r in result["rows"] if r["method"] == "import torch+swapexp"), None)
    lines = [
        "| tool | method | wall s | CPU s | peak RSS MiB | extra RSS MiB |",
        "|---|---|---:|---:|---:|---:|",
    ]
    for r in result["rows"]:
        if r["status"] != "ok":
            lines.append(f"| {r['tool']} | {r['method']} | skipped: {r['reason']} | | | |")
            continue
        extra = "" if r is base else f"{r['extra_rss_bytes'] / MB:.0f}"
        lines.append(
            f"| {r['tool']} | {r['method']} | {r['wall_s']:.2f} | {r['cpu_s']:.2f} | "
            f"{r['peak_rss_bytes'] / MB:.0f} | {extra} |"
        )
    lines += ["", "| ratio | value | target |", "|---|---:|---|"]
    for q in result["ratios"]:
        val = "n/a" if q["ratio"] is None else f"{q['ratio']:.3f}"
        tgt = (
            ""
            if q["target"] is None
            else f"<= {q['target']:.2f}"
            + ("" if q["met"] is None else (" met" if q["met"] else " **not met**"))
        )
        lines.append(f"| {q['what']}: {q['num']} / {q['den']} | {val} | {tgt} |")
    if result.get("naive_decisions_match_swapexp") is not None:
        lines += [
            "",
            f"Naive and swapexp module-wise decisions identical: {result['naive_decisions_match_swapexp']}.",
        ]
    return "\n".join(lines)


def format_table(result: dict) -> str:
    lines = [
        f"{'tool':<9} {'method':<26} {'wall s':>8} {'CPU s':>8} {'peak RSS MiB':>13} {'extra RSS MiB':>14}"
    ]
    for r in result["rows"]:
        if r["status"] != "ok":
            lines.append(f"{r['tool']:<9} {r['method']:<26} {'skipped: ' + r['reason']}")
            continue
        extra = "" if r["method"] == "import torch+swapexp" else f"{r['extra_rss_bytes'] / MB:14.0f}"
        lines.append(
            f"{r['tool']:<9} {r['method']:<26} {r['wall_s']:8.2f} {r['cpu_s']:8.2f} "
            f"{r['peak_rss_bytes'] / MB:13.0f} {extra}"
        )
    lines.append("")
    for q in result["ratios"]:
        val = "n/a (row skipped)" if q["ratio"] is None else f"{q['ratio']:.3f}"
        tgt = (
            ""
            if q["target"] is None
            else f"  target <= {q['target']:.2f}: {'met' if q['met'] else 'NOT met'}"
            if q["ratio"] is not None
            else f"  target <= {q['target']:.2f}"
        )
        lines.append(f"{q['what']:<9} {q['num']} / {q['den']}: {val}{tgt}")
    if result["naive_decisions_match_swapexp"] is not None:
        lines.append(
            f"naive and swapexp module-wise decisions identical: {result['naive_decisions_match_swapexp']}"
        )
    return "\n".join(lines)


if __name__ == "__main__":
    from swapexp.hydra_utils import exit_on_user_error  # a user error: one line, exit 2

    raise SystemExit(exit_on_user_error(main))
