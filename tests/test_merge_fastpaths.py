"""The engine's fast paths give exactly the values of the plain formulas (see README, Performance)."""

from __future__ import annotations

import os

import pytest
import torch
from safetensors.torch import load_file, save_file

from swapexp.checkpoint.reader import MMAP_MIN_BYTES, Checkpoint
from swapexp.errors import SwapexpError
from swapexp.merge import blend, build_strategy
from swapexp.merge.adaptive import relative_updates
from swapexp.merge.engine import all_finite, merge
from tests.helpers.checkpoints import planted_triple, state

FLOATS = [torch.float32, torch.bfloat16, torch.float16, torch.float64]


@pytest.mark.parametrize("dtype", FLOATS + [torch.float8_e4m3fn, torch.float8_e5m2])
def test_all_finite_catches_every_nan_and_inf(dtype):
    for n in (1, 5, 33, 1000, 4099):  # vector bodies and scalar tails
        t = (torch.randn(n) * 3).to(dtype)
        assert all_finite(t)
        bads = [float("nan")] if dtype == torch.float8_e4m3fn else [float("nan"), float("inf"), float("-inf")]
        for pos in sorted({0, n // 2, n - 1}):
            for bad in bads:
                u = t.clone()
                u[pos] = bad
                assert not all_finite(u), (dtype, n, pos, bad)
    assert all_finite(torch.arange(5)) and all_finite(torch.empty(0))


@pytest.mark.parametrize("dtype", [torch.float32, torch.bfloat16])
def test_relative_updates_equal_the_plain_formula_bit_for_bit(dtype):
    g = torch.Generator().manual_seed(0)
    b = torch.randn(64, 48, generator=g).to(dtype)
    experts = {
        r: (b.float() + 0.01 * torch.randn(64, 48, generator=g)).to(dtype) for r in ("safety", "language")
    }
    scratch = torch.full((10_000,), float("nan"))  # stale contents and a larger size must not matter
    got = relative_updates(experts, b.to(torch.float32), scratch)
    for role, e in experts.items():
        b32 = b.to(torch.float32)
        want = (
            torch.linalg.vector_norm(e.to(torch.float32) - b32).item() / torch.linalg.vector_norm(b32).item()
        )
        assert got[role] == want  # exactly, not approximately: decisions must not move
    zero = torch.zeros(7)
    assert relative_updates({"s": torch.full((7,), 2.0)}, zero)["s"] == pytest.approx(2.0 * 7**0.5)


@pytest.mark.parametrize("dtype", [torch.float32, torch.bfloat16, torch.float16])
@pytest.mark.parametrize("chunk", [7, 1 << 20])  # slices with ragged ends, and one slice
def test_blend_is_exact_and_leaves_inputs_alone(monkeypatch, dtype, chunk):
    monkeypatch.setattr("swapexp.merge.base.BLEND_CHUNK", chunk)
    s, l = torch.randn(10, 10).to(dtype), torch.randn(10, 10).to(dtype)
    s0, l0 = s.clone(), l.clone()
    for alpha in (0.3, 0.5, 0.9):
        out = blend(s, l, alpha)
        assert torch.equal(out, torch.lerp(l0.to(torch.float32), s0.to(torch.float32), alpha))
        assert out.dtype == torch.float32 and out.shape == (10, 10)
    assert torch.equal(s, s0) and torch.equal(l, l0)


@pytest.mark.parametrize("dtype", [torch.float32, torch.bfloat16])
def test_task_arithmetic_equals_the_plain_formula(dtype):
    g = torch.Generator().manual_seed(1)
    t = {r: torch.randn(33, 17, generator=g).to(dtype) for r in ("base", "safety", "language")}
    t0 = {r: v.clone() for r, v in t.items()}
    got = build_strategy("task_arithmetic", lambda_safety=0.7, lambda_language=1.3).merge_tensor(
        "x", t.__getitem__
    )
    b = t0["base"].to(torch.float32)
    want = b.clone()
    want.add_(t0["safety"].to(torch.float32) - b, alpha=0.7)
    want.add_(t0["language"].to(torch.float32) - b, alpha=1.3)
    assert torch.equal(got, want)
    assert all(torch.equal(t[r], t0[r]) for r in t)  # inputs untouched


def test_large_tensors_are_mapped_copy_on_write(tmp_path):
    big = torch.randn(MMAP_MIN_BYTES // 4 + 3)  # over the threshold, odd size: the next tensor is unaligned
    tensors = {
        "a_small": torch.randn(5).to(torch.bfloat16),
        "b_big": big,
        "c_big16": torch.randn(2**20).half(),
    }
    save_file(tensors, tmp_path / "model.safetensors")
    ck = Checkpoint(tmp_path)
    got = {n: ck.read(n) for n in tensors}
    ck.close()  # tensors outlive the file descriptors
    for n, t in tensors.items():
        assert torch.equal(got[n], t)
    got["b_big"].mul_(0)  # writable, and the write stays in this process
    assert torch.equal(load_file(tmp_path / "model.safetensors")["b_big"], big)
    assert torch.equal(Checkpoint(tmp_path).read("b_big"), big)


def test_truncated_large_tensor_is_a_user_error_not_a_crash(tmp_path):
    save_file({"w": torch.randn(2 * MMAP_MIN_BYTES // 4)}, tmp_path / "model.safetensors")
    f = tmp_path / "model.safetensors"
    os.truncate(f, f.stat().st_size - 4096)
    with Checkpoint(tmp_path) as ck, pytest.raises(SwapexpError, match="truncated at tensor w"):
        ck.read("w")


@pytest.fixture(scope="module")
def triple(tmp_path_factory):
    return planted_triple(
        tmp_path_factory.mktemp("fast"), [(0, "mlp"), (2, "self_attn")], [(1, "mlp")], layers=4
    )


@pytest.mark.parametrize(
    "name,params",
    [
        ("modulewise", {}),
        ("layerwise", {"tau": 0.05}),
        ("linear", {}),
        ("task_arithmetic", {}),
        ("layer_swap", {"k": 1, "transition": 1}),
        ("ties", {}),
        ("dare_ties", {}),
        ("dare_linear", {}),
    ],
)
def test_inputs_for_declares_exactly_what_merge_tensor_reads(tmp_path, triple, name, params):
    strategy = build_strategy(name, **params)
    merge(
        strategy,
        base=triple["base"],
        safety=triple["safety"],
        language=triple["language"],
        out_dir=tmp_path / "out",
        progress=False,
        figures=False,
    )
    tensors = {r: state(p) for r, p in triple.items()}
    for n in tensors["language"]:
        read = []
        strategy.merge_tensor(n, lambda role, _n=n, _read=read: _read.append(role) or tensors[role][_n])
        assert set(strategy.inputs_for(n)) == set(read), n


def test_a_failing_write_leaves_nothing_behind(tmp_path, triple, monkeypatch):
    from swapexp.checkpoint.writer import StreamingWriter

    calls = []
    orig = StreamingWriter.write

    def write(self, name, tensor):
        calls.append(name)
        if len(calls) == 5:
            raise OSError("disk full")
        return orig(self, name, tensor)

    monkeypatch.setattr(StreamingWriter, "write", write)
    with pytest.raises(OSError, match="disk full"):
        merge(
            build_strategy("modulewise"),
            base=triple["base"],
            safety=triple["safety"],
            language=triple["language"],
            out_dir=tmp_path / "out",
            progress=False,
            figures=False,
        )
    assert not list(tmp_path.iterdir())


def test_threads_are_restored_and_checked(tmp_path, triple):
    before = torch.get_num_threads()
    merge(
        build_strategy("linear"),
        safety=triple["safety"],
        language=triple["language"],
        out_dir=tmp_path / "out",
        progress=False,
        figures=False,
        threads=1,
    )
    assert torch.get_num_threads() == before
    with pytest.raises(SwapexpError, match="threads must be >= 0"):
        merge(
            build_strategy("linear"),
            safety=triple["safety"],
            language=triple["language"],
            out_dir=tmp_path / "out2",
            threads=-1,
        )
