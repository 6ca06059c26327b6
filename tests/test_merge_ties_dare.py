"""TIES and DARE (ties, dare_ties, dare_linear): against an independent in-memory implementation,
against mergekit's own output where mergekit is installed, and DARE's randomness (drop fraction,
rescaling, reproducibility by seed)."""

from __future__ import annotations

import importlib.util
import json
import math
import subprocess
from pathlib import Path

import pytest
import torch

from swapexp.errors import SwapexpError
from swapexp.merge import build_strategy
from swapexp.merge.engine import merge
from swapexp.merge.sparse_task_arithmetic import magnitude_trim, tensor_seed
from tests.helpers.checkpoints import planted_triple, state

ROOT = Path(__file__).resolve().parents[1]


def _merge_one(strategy, b, s, l, name="model.layers.0.mlp.up_proj.weight"):
    """One tensor through ``merge_tensor``, the inputs handed out lazily as the engine does."""
    inputs = {"base": b, "safety": s, "language": l}
    return strategy.merge_tensor(name, lambda role: inputs[role])


# -- an independent reference: element by element, in float64, straight from the papers --------------
def _reference(b, s, l, *, density, ws, wl, normalize, consensus=True, trim=True):
    """TIES (``trim``) or TIES without trimming, with mergekit's conventions: k = max(1, int(density * n))
    entries kept in the order of ``torch.argsort(|d|, descending=True)`` (which decides between entries
    tied in magnitude), elected sign + where the weighted sum is >= 0, a zero never agrees, a zero
    divisor counts as 1."""
    shape = b.shape
    base = b.double().flatten().tolist()
    deltas = []
    for e in (s, l):
        d32 = (e.float() - b.float()).flatten()  # the float32 task vector
        d = d32.double().tolist()
        if trim and density < 1:
            k = max(1, int(density * len(d)))
            kept = set(torch.argsort(d32.abs(), descending=True)[:k].tolist())
            assert all(abs(d[i]) >= abs(d[j]) for i in kept for j in set(range(len(d))) - kept)
            d = [x if i in kept else 0.0 for i, x in enumerate(d)]
        deltas.append(d)
    out = []
    for i in range(len(base)):
        wd = [ws * deltas[0][i], wl * deltas[1][i]]
        if consensus:
            sign = 1.0 if wd[0] + wd[1] >= 0 else -1.0
            agree = [x != 0 and math.copysign(1.0, x) == sign for x in wd]
            total = sum(x for x, a in zip(wd, agree, strict=True) if a)
            divisor = sum(w for w, a in zip((ws, wl), agree, strict=True) if a)
            if normalize:
                total /= divisor if divisor != 0 else 1.0
        else:
            total = wd[0] + wd[1]
            if normalize:
                total /= (ws + wl) if abs(ws + wl) >= 1e-8 else 1.0
        out.append(base[i] + total)
    return torch.tensor(out, dtype=torch.float64).reshape(shape)


def _random_triple(shape, seed, quantized=False):
    g = torch.Generator().manual_seed(seed)
    b = torch.randn(shape, generator=g)
    if quantized:  # deltas in {-1, -0.75, ..., 1}: many entries tied in magnitude, exact in float32
        b = (b * 4).round() / 4
        s = b + torch.randint(-4, 5, shape, generator=g).float() / 4
        l = b + torch.randint(-4, 5, shape, generator=g).float() / 4
    else:
        s = b + 0.1 * torch.randn(shape, generator=g)
        l = b + 0.1 * torch.randn(shape, generator=g)
    return b, s, l


@pytest.mark.parametrize("quantized", [False, True], ids=["continuous", "tied-magnitudes"])
@pytest.mark.parametrize("density", [0.1, 0.35, 0.5, 0.9, 1.0])
@pytest.mark.parametrize("ws,wl", [(1.0, 1.0), (0.3, 1.7), (-0.5, 1.0), (0.0, 0.6)])
@pytest.mark.parametrize("normalize", [True, False])
def test_ties_equals_the_reference(quantized, density, ws, wl, normalize):
    b, s, l = _random_triple((9, 13), seed=int(density * 100) + 7 * quantized, quantized=quantized)
    strategy = build_strategy(
        "ties", density=density, lambda_safety=ws, lambda_language=wl, normalize=normalize
    )
    got = _merge_one(strategy, b, s, l)
    want = _reference(b, s, l, density=density, ws=ws, wl=wl, normalize=normalize)
    assert got.dtype == torch.float32 and got.shape == b.shape
    torch.testing.assert_close(got.double(), want, rtol=0, atol=2e-6)


def test_ties_hand_computed():
    """Two 2x3 task vectors, density 0.5 (3 entries kept each), weights 1 and 2."""
    b = torch.zeros(2, 3)
    s = torch.tensor([[4.0, -1.0, 2.0], [-3.0, 0.5, 1.0]])  # keeps 4, -3, 2
    l = torch.tensor([[-1.0, -2.0, 3.0], [1.0, 0.25, -5.0]])  # keeps -2, 3, -5
    ties = build_strategy("ties", density=0.5, lambda_safety=1.0, lambda_language=2.0)
    # weighted: S (4, 0, 2 | -3, 0, 0), L (0, -4, 6 | 0, 0, -10); signs + - + | - + -
    # agreeing: (4 | -4 | 2 and 6 | -3 | none | -10); divisors 1 | 2 | 3 | 1 | 1 | 2
    want = torch.tensor([[4.0, -2.0, 8.0 / 3], [-3.0, 0.0, -5.0]])
    torch.testing.assert_close(_merge_one(ties, b, s, l), want)
    ties_sum = build_strategy("ties", density=0.5, lambda_safety=1.0, lambda_language=2.0, normalize=False)
    torch.testing.assert_close(
        _merge_one(ties_sum, b, s, l), torch.tensor([[4.0, -4.0, 8.0], [-3.0, 0.0, -10.0]])
    )


def _argsort_top(d, density):
    """mergekit's mask: the first k of torch.argsort(|d|, descending=True)."""
    keep = torch.zeros(d.numel(), dtype=torch.bool)
    keep[torch.argsort(d.abs().flatten(), descending=True)[: max(1, int(density * d.numel()))]] = True
    return d * keep.view(d.shape)


def test_magnitude_trimcounts_and_ties():
    d = torch.tensor([3.0, -2.0, 2.0, 2.0, 1.0, -2.0])
    assert magnitude_trim(d.clone(), 0.5).tolist() == [3.0, -2.0, 2.0, 0.0, 0.0, 0.0]
    assert magnitude_trim(d.clone(), 0.7).tolist() == [3.0, -2.0, 2.0, 2.0, 0.0, 0.0]  # int(4.2) = 4
    assert magnitude_trim(d.clone(), 1.0).tolist() == d.tolist()
    # at least one entry survives, as in mergekit
    assert magnitude_trim(d.clone(), 0.1).tolist() == [3.0, 0.0, 0.0, 0.0, 0.0, 0.0]
    # ties at the threshold: no more than k survive, and the same ones as mergekit's argsort keeps,
    # whether the ties are ambiguous (many more than places left) or not
    g = torch.Generator().manual_seed(0)
    cases = {
        "ambiguous": torch.randint(-3, 4, (1000, 37), generator=g).float(),
        "exact": torch.tensor([5.0, 4.0, -4.0, 1.0, 0.5, 0.0, -3.0, 2.0]),
        "zeros": torch.tensor([0.0, 0.0, 1.0, 0.0, -2.0, 0.0, 0.0, 0.0]),
        "continuous": torch.randn(257, 33, generator=g),
    }
    for what, t in cases.items():
        for density in (0.05, 0.25, 0.5, 0.75, 0.99):
            kept = magnitude_trim(t.clone(), density)
            assert torch.equal(kept, _argsort_top(t, density)), (what, density)
            assert int((kept != 0).sum()) <= max(1, int(density * t.numel()))


def test_bf16_inputs_are_merged_in_float32():
    b, s, l = (t.to(torch.bfloat16) for t in _random_triple((16, 8), seed=3))
    for name in ("ties", "dare_ties", "dare_linear"):
        strategy = build_strategy(name, density=0.4, lambda_safety=0.8, lambda_language=1.2)
        got = _merge_one(strategy, b, s, l)
        want = _merge_one(strategy, b.float(), s.float(), l.float())
        assert got.dtype == torch.float32 and torch.equal(got, want), name


def test_integer_tensors_are_the_hosts():
    ids = torch.arange(12).reshape(3, 4)
    for name in ("ties", "dare_ties", "dare_linear"):
        assert torch.equal(_merge_one(build_strategy(name), ids * 2, ids * 3, ids), ids)


# -- DARE -------------------------------------------------------------------------------------------
def test_dare_drops_with_probability_one_minus_density_and_rescales():
    n = 1_000_000
    d = torch.randn(n, generator=torch.Generator().manual_seed(0)).abs_().add_(0.5)  # no zeros
    zero = torch.zeros(n)
    for density in (0.1, 0.5, 0.9):
        dare = build_strategy("dare_linear", density=density, lambda_language=0.0, seed=11)
        out = _merge_one(dare, zero, d, zero)
        kept = out != 0
        frac = kept.double().mean().item()
        sigma = math.sqrt(density * (1 - density) / n)
        assert abs(frac - density) < 5 * sigma, (density, frac)
        # kept entries are rescaled by exactly 1/density, the dropped ones are 0
        assert torch.equal(out[kept], d[kept] / density)
        # so the expected task vector is the original one: sums agree to a few standard errors
        rel = (out.double().sum() / d.double().sum()).item()
        assert abs(rel - 1) < 5 * math.sqrt((1 - density) / density / n) * 2, (density, rel)


def test_dare_masks_are_reproducible_by_seed_and_differ_across_seeds_tensors_and_experts():
    b, s, l = _random_triple((300, 200), seed=5)
    name = "model.layers.3.self_attn.q_proj.weight"
    for strategy in ("dare_ties", "dare_linear"):
        first = _merge_one(build_strategy(strategy, density=0.5, seed=7), b, s, l, name)
        again = _merge_one(build_strategy(strategy, density=0.5, seed=7), b, s, l, name)
        other = _merge_one(build_strategy(strategy, density=0.5, seed=8), b, s, l, name)
        assert torch.equal(first, again)
        threads = torch.get_num_threads()
        try:
            torch.set_num_threads(2)
            assert torch.equal(
                first, _merge_one(build_strategy(strategy, density=0.5, seed=7), b, s, l, name)
            )
        finally:
            torch.set_num_threads(threads)
        differ = (first != other).double().mean().item()
        assert differ > 0.3, differ  # independent masks disagree on about half of the entries
    # per (seed, tensor, expert) seeds: all different, stable across processes (a pure hash)
    seeds = {tensor_seed(0, n, r) for n in ("a.weight", "b.weight") for r in ("safety", "language")}
    assert len(seeds) == 4 and tensor_seed(0, "a.weight", "safety") == tensor_seed(0, "a.weight", "safety")
    assert tensor_seed(0, "a.weight", "safety") != tensor_seed(1, "a.weight", "safety")
    # the two experts' masks are independent: S and L kept together on about density^2 of the entries
    zero = torch.zeros(400, 500)
    dare = build_strategy("dare_linear", density=0.5, seed=3)
    only_s = _merge_one(dare, zero, torch.ones_like(zero), zero)
    only_l = _merge_one(dare, zero, zero, torch.ones_like(zero))
    both = ((only_s != 0) & (only_l != 0)).double().mean().item()
    assert abs(both - 0.25) < 0.01, both


def test_dare_merge_is_bit_identical_across_runs_and_independent_of_tensor_order(tmp_path):
    paths = planted_triple(tmp_path / "in", [(0, "mlp")], [(1, "self_attn")], layers=2)
    outs = []
    for i, seed in enumerate((4, 4, 5)):
        merge(
            build_strategy("dare_ties", density=0.3, seed=seed),
            **paths,
            out_dir=tmp_path / f"out{i}",
            progress=False,
            figures=False,
        )
        outs.append(state(tmp_path / f"out{i}"))
    assert all(torch.equal(outs[0][n], outs[1][n]) for n in outs[0])
    big = [n for n in outs[0] if outs[0][n].numel() >= 256]
    assert all(not torch.equal(outs[0][n], outs[2][n]) for n in big)
    # a tensor merged alone, out of order, is the tensor the full merge wrote
    tensors = {r: state(p) for r, p in paths.items()}
    dare = build_strategy("dare_ties", density=0.3, seed=4)
    for n in reversed(list(outs[0])):
        got = dare.merge_tensor(n, lambda role, _n=n: tensors[role][_n])
        assert torch.equal(got.to(outs[0][n].dtype), outs[0][n]), n


def test_density_one_dare_is_task_arithmetic_or_untrimmed_ties():
    b, s, l = _random_triple((32, 24), seed=9)
    ta = _merge_one(build_strategy("task_arithmetic", lambda_safety=0.7, lambda_language=1.3), b, s, l)
    dl = _merge_one(
        build_strategy("dare_linear", density=1.0, lambda_safety=0.7, lambda_language=1.3), b, s, l
    )
    torch.testing.assert_close(dl, ta, rtol=0, atol=1e-6)  # (B + a) + b there, B + (a + b) here, as mergekit
    for normalize in (True, False):
        kw = dict(density=1.0, lambda_safety=0.7, lambda_language=1.3, normalize=normalize)
        dt = _merge_one(build_strategy("dare_ties", seed=1, **kw), b, s, l)
        assert torch.equal(dt, _merge_one(build_strategy("ties", **kw), b, s, l))
        want = _reference(b, s, l, density=1.0, ws=0.7, wl=1.3, normalize=normalize, trim=False)
        torch.testing.assert_close(dt.double(), want, rtol=0, atol=2e-6)
    norm = _merge_one(
        build_strategy("dare_linear", density=1.0, lambda_safety=1, lambda_language=3, normalize=True),
        b,
        s,
        l,
    )
    torch.testing.assert_close(norm, b + ((s - b) + 3 * (l - b)) / 4)


# -- parameters -------------------------------------------------------------------------------------
def test_defaults_follow_mergekit():
    assert build_strategy("ties").params() == {
        "lambda_safety": 1.0,
        "lambda_language": 1.0,
        "density": 0.5,
        "normalize": True,
    }
    for name in ("dare_ties", "dare_linear"):
        p = build_strategy(name).params()
        assert p["normalize"] is False and p["seed"] == 0 and p["density"] == 0.5
        assert build_strategy(name).needs_base


@pytest.mark.parametrize(
    "name,params,match",
    [
        ("ties", {"density": 0}, r"density must be in \(0, 1\], got 0.0"),
        ("ties", {"density": 1.5}, r"density must be in \(0, 1\]"),
        ("dare_ties", {"density": float("nan")}, r"density must be in \(0, 1\]"),
        ("dare_linear", {"density": "half"}, r"density must be a number"),
        ("ties", {"lambda_safety": float("inf")}, "lambda_safety must be a finite number"),
        ("dare_ties", {"lambda_language": float("nan")}, "lambda_language must be a finite number"),
        ("ties", {"normalize": "yes"}, "normalize must be true or false"),
        ("dare_linear", {"seed": 1.5}, "seed must be an integer"),
        ("dare_ties", {"seed": True}, "seed must be an integer"),
        ("ties", {"seed": 1}, r"does not take seed \(it takes: lambda_safety, lambda_language, density"),
    ],
)
def test_bad_parameters_are_one_line_user_errors(name, params, match):
    with pytest.raises(SwapexpError, match=match) as exc:
        build_strategy(name, **params)
    assert "\n" not in str(exc.value)


# -- the CLI and run names --------------------------------------------------------------------------
@pytest.fixture(scope="module")
def triple(tmp_path_factory):
    """A Llama-shaped planted triple with an untied lm_head (embeddings and head are merged too)."""
    return planted_triple(
        tmp_path_factory.mktemp("ties"), [(0, "self_attn")], [(1, "mlp")], layers=2, tie=False
    )


def test_cli_ties_and_dare(tmp_path, triple, capsys):
    from swapexp.cli import main

    common = ["merge", "--base", str(triple["base"]), "--safety", str(triple["safety"])]
    common += ["--language", str(triple["language"]), "-q", "--no-figures"]
    argv = [*common, "--strategy", "ties", "--density", "0.3", "--lambda-safety", "0.8"]
    argv += ["--lambda-language", "1.2", "--no-normalize", "--out", str(tmp_path / "t")]
    assert main(argv) == 0
    summary = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert summary["params"] == {
        "lambda_safety": 0.8,
        "lambda_language": 1.2,
        "density": 0.3,
        "normalize": False,
    }
    assert json.loads((tmp_path / "t" / "decisions.json").read_text())["params"] == summary["params"]
    want = build_strategy("ties", density=0.3, lambda_safety=0.8, lambda_language=1.2, normalize=False)
    tensors = {r: state(p) for r, p in triple.items()}
    out = state(tmp_path / "t")
    assert "lm_head.weight" in out
    for n, t in out.items():
        assert torch.equal(t, want.merge_tensor(n, lambda role, _n=n: tensors[role][_n])), n

    assert main([*common, "--strategy", "dare_ties", "--seed", "3", "--out", str(tmp_path / "d")]) == 0
    summary = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert summary["params"]["seed"] == 3 and summary["params"]["normalize"] is False

    assert main([*common, "--strategy", "ties", "--density", "0", "--out", str(tmp_path / "bad")]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("swapexp: error: density must be in (0, 1]") and "\n" not in err
    assert main([*common, "--strategy", "ties", "--seed", "1", "--out", str(tmp_path / "bad")]) == 2
    assert "does not take seed" in capsys.readouterr().err
    assert not (tmp_path / "bad").exists()
    # without --base: named
    no_base = [a for a in common if a not in ("--base", str(triple["base"]))]
    assert main([*no_base, "--strategy", "dare_linear", "--out", str(tmp_path / "bad")]) == 2
    assert "needs the base model; pass --base DIR" in capsys.readouterr().err


def test_run_labels():
    from swapexp.logging.naming import run_label

    ties = {"name": "ties", "density": 0.5, "lambda_safety": 1.0, "lambda_language": 1.0, "normalize": True}
    assert run_label(ties, "sw") == "ties-sw-ls1-ll1-d0.5-normtrue"
    dare = {**ties, "name": "dare_ties", "normalize": False, "seed": 3}
    assert run_label(dare, "bn") == "dare_ties-bn-ls1-ll1-d0.5-normfalse-seed3"


# -- mergekit ---------------------------------------------------------------------------------------
def _mergekit():
    """``mergekit-yaml`` found the way bench/merge_bench.py finds it (PATH, then ./.venv-mergekit)."""
    spec = importlib.util.spec_from_file_location("merge_bench", ROOT / "bench" / "merge_bench.py")
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    return bench.find_mergekit(None)


MERGEKIT = _mergekit()

#: (swapexp strategy, its parameters, mergekit method, mergekit global parameters); DARE only at
#: density 1, where its random masks (which cannot match across implementations) keep everything
MERGEKIT_CASES = [
    ("ties", {"density": 0.5}, "ties", {}),
    ("ties", {"density": 0.3, "lambda_safety": 0.7, "lambda_language": 1.3}, "ties", {}),
    (
        "ties",
        {"density": 0.8, "lambda_safety": 1.5, "lambda_language": -0.5, "normalize": False},
        "ties",
        {"normalize": False},
    ),
    ("dare_ties", {"density": 1.0, "lambda_safety": 0.7, "lambda_language": 1.3}, "dare_ties", {}),
    ("dare_linear", {"density": 1.0, "lambda_safety": 0.7, "lambda_language": 1.3}, "dare_linear", {}),
    (
        "dare_linear",
        {"density": 1.0, "lambda_safety": 0.5, "lambda_language": 1.5, "normalize": True},
        "dare_linear",
        {"normalize": True},
    ),
]


def _mergekit_config(triple, case) -> dict:
    strategy, params, method, globals_ = case
    p = build_strategy(strategy, **params).params()
    return {
        "merge_method": method,
        "base_model": str(triple["base"]),
        "models": [
            {"model": str(triple[r]), "parameters": {"weight": p[f"lambda_{r}"], "density": p["density"]}}
            for r in ("safety", "language")
        ],
        "parameters": globals_,
        "dtype": "float32",
    }


@pytest.fixture(scope="module")
def mergekit_outputs(tmp_path_factory, triple):
    """Every case merged by mergekit: one ``mergekit-multi`` process (its import is the slow part),
    or one ``mergekit-yaml`` per case where that is all there is."""
    root = tmp_path_factory.mktemp("mergekit")
    multi = Path(MERGEKIT).with_name("mergekit-multi")
    configs = {f"case{i}": _mergekit_config(triple, c) for i, c in enumerate(MERGEKIT_CASES)}
    if multi.exists():
        docs = [json.dumps({"name": name, **cfg}) for name, cfg in configs.items()]  # JSON is YAML
        (root / "multi.yml").write_text("\n---\n".join(docs) + "\n")
        cmds = [[str(multi), str(root / "multi.yml"), "-I", str(root)]]
    else:
        cmds = []
        for name, cfg in configs.items():
            (root / f"{name}.yml").write_text(json.dumps(cfg))
            cmds.append([MERGEKIT, str(root / f"{name}.yml"), str(root / name)])
    for cmd in cmds:
        r = subprocess.run(cmd, capture_output=True, text=True, timeout=900)
        assert r.returncode == 0, r.stderr[-3000:]
    return {name: root / name for name in configs}


@pytest.mark.skipif(
    MERGEKIT is None, reason="mergekit not installed: `make bench-deps` creates .venv-mergekit"
)
@pytest.mark.parametrize(
    "case", range(len(MERGEKIT_CASES)), ids=[f"{c[0]}-{i}" for i, c in enumerate(MERGEKIT_CASES)]
)
def test_equals_mergekit(tmp_path, triple, mergekit_outputs, case):
    strategy, params, _, _ = MERGEKIT_CASES[case]
    merge(
        build_strategy(strategy, **params), **triple, out_dir=tmp_path / "ours", progress=False, figures=False
    )
    theirs, mine = state(mergekit_outputs[f"case{case}"]), state(tmp_path / "ours")
    assert set(theirs) == set(mine)
    for n in mine:
        assert theirs[n].dtype == mine[n].dtype == torch.float32, n
        diff = (theirs[n] - mine[n]).abs().max().item()
        assert diff <= 1e-5, (n, diff)


# -- the pipeline -----------------------------------------------------------------------------------
def test_run_py_merge_ties(tmp_path, triple):
    import os
    import sys

    env = {**os.environ, "SWAPEXP_CACHE": str(tmp_path / "cache")}
    args = [
        sys.executable,
        str(ROOT / "run.py"),
        f"model.base={triple['base']}",
        f"model.safety={triple['safety']}",
        f"model.languages.sw={triple['language']}",
        "merge=ties",
        "merge.density=0.4",
        "stage=merge",
        "logger=none",
        f"hydra.run.dir={tmp_path / 'run'}",
    ]
    r = subprocess.run(args, capture_output=True, text=True, env=env, timeout=600)
    assert r.returncode == 0, r.stderr[-3000:]
    decisions = json.loads((tmp_path / "run" / "merge" / "decisions.json").read_text())
    assert decisions["strategy"] == "ties" and decisions["units"] == []
    assert decisions["params"] == {
        "lambda_safety": 1.0,
        "lambda_language": 1.0,
        "density": 0.4,
        "normalize": True,
    }
    (merged,) = (tmp_path / "cache" / "merged").iterdir()
    assert merged.name.startswith("ties-")
    tensors = {role: state(p) for role, p in triple.items()}
    ties = build_strategy("ties", density=0.4)
    for n, t in state(merged).items():
        assert torch.equal(t, ties.merge_tensor(n, lambda role, _n=n: tensors[role][_n])), n
