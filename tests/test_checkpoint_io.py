"""Streaming reader/writer: sharding, tied embeddings, dtypes, atomic output."""

from __future__ import annotations

import json

import pytest
import torch
from safetensors.torch import load_file, save_file

from swapexp.checkpoint import Checkpoint, StreamingWriter, atomic_output_dir
from swapexp.checkpoint.writer import TensorSpec, parse_size
from swapexp.merge import build_strategy
from swapexp.merge.engine import merge
from tests.helpers.checkpoints import make_tiny, planted_triple, state


def test_reader_matches_safetensors_for_every_dtype(tmp_path):
    tensors = {
        "a": torch.randn(3, 5),
        "b": torch.randn(7).to(torch.bfloat16),
        "c": torch.randn(2, 2).half(),
        "d": torch.arange(6, dtype=torch.int64).reshape(2, 3),
        "e": torch.zeros(0, 4),
    }
    save_file(tensors, tmp_path / "model.safetensors")
    with Checkpoint(tmp_path) as ck:
        assert sorted(ck.names) == sorted(tensors)
        for n, t in tensors.items():
            got = ck.read(n)
            assert got.dtype == t.dtype and got.shape == t.shape
            assert torch.equal(got, t)


def test_writer_roundtrip_sharded_any_order(tmp_path):
    tensors = {f"t{i}": torch.randn(64, 16).to(torch.bfloat16 if i % 2 else torch.float32) for i in range(6)}
    from swapexp.checkpoint.reader import DTYPE_NAMES

    specs = [TensorSpec(n, DTYPE_NAMES[t.dtype], tuple(t.shape)) for n, t in tensors.items()]
    w = StreamingWriter(tmp_path, specs, max_shard_bytes=3 * 64 * 16 * 4)
    for n in reversed(list(tensors)):  # order does not matter: each tensor has its place
        w.write(n, tensors[n])
    w.close()
    index = json.loads((tmp_path / "model.safetensors.index.json").read_text())
    assert len(set(index["weight_map"].values())) >= 2
    loaded = {}
    for f in set(index["weight_map"].values()):
        loaded.update(load_file(tmp_path / f))  # the reference library reads our files
    for n, t in tensors.items():
        assert torch.equal(loaded[n], t)


def test_writer_refuses_incomplete_and_wrong_tensors(tmp_path):
    specs = [TensorSpec("a", "F32", (2,)), TensorSpec("b", "F32", (2,))]
    w = StreamingWriter(tmp_path, specs)
    with pytest.raises(ValueError):
        w.write("a", torch.zeros(3))
    w.write("a", torch.zeros(2))
    with pytest.raises(RuntimeError, match="never written"):
        w.close()


def test_parse_size():
    assert parse_size("5GB") == 5 * 10**9
    assert parse_size("2MiB") == 2 * 2**20
    assert parse_size(1000) == 1000
    from swapexp.errors import SwapexpError

    with pytest.raises(SwapexpError):
        parse_size("five")


def test_atomic_output_dir_leaves_nothing_on_failure(tmp_path):
    out = tmp_path / "out"
    with pytest.raises(RuntimeError):
        with atomic_output_dir(out) as tmp:
            (tmp / "partial.safetensors").write_text("x")
            raise RuntimeError("boom")
    assert not out.exists()
    assert list(tmp_path.iterdir()) == []


def test_sharded_input_and_output_and_tied_embeddings(tmp_path):
    paths = planted_triple(tmp_path, [(0, "mlp")], [(1, "self_attn")], layers=3, shard_size="20KB")
    # the base is sharded by transformers; the experts are single files: both layouts are read
    assert (paths["base"] / "model.safetensors.index.json").exists()
    s = build_strategy("modulewise")
    out = tmp_path / "out"
    merge(
        s,
        base=paths["base"],
        safety=paths["safety"],
        language=paths["language"],
        out_dir=out,
        shard_size="30KB",
        progress=False,
        figures=False,
    )
    index = json.loads((out / "model.safetensors.index.json").read_text())
    assert len(set(index["weight_map"].values())) > 1
    merged = state(out)
    assert "lm_head.weight" not in merged  # tied embeddings: no lm_head tensor anywhere
    assert set(merged) == set(state(paths["language"]))
    from transformers import AutoModelForCausalLM

    model = AutoModelForCausalLM.from_pretrained(out)
    assert model.lm_head.weight.data_ptr() == model.model.embed_tokens.weight.data_ptr()
    assert torch.equal(model.model.embed_tokens.weight.detach(), merged["model.embed_tokens.weight"])


def test_untied_lm_head_is_blended(tmp_path):
    paths = planted_triple(tmp_path, [], [], layers=2, tie=False)
    s, l = state(paths["safety"]), state(paths["language"])
    assert "lm_head.weight" in s
    merge(
        build_strategy("layerwise", alpha=0.2),
        base=paths["base"],
        safety=paths["safety"],
        language=paths["language"],
        out_dir=tmp_path / "out",
        progress=False,
        figures=False,
    )
    out = state(tmp_path / "out")
    assert torch.allclose(
        out["lm_head.weight"], 0.2 * s["lm_head.weight"] + 0.8 * l["lm_head.weight"], atol=1e-6
    )


def test_output_dtype_is_language_experts(tmp_path):
    paths = planted_triple(tmp_path, [(0, "mlp")], [(1, "mlp")], layers=2, dtype=torch.bfloat16)
    # make the safety expert float32: output must still be L's bf16, blended in float32
    s32 = {k: v.float() for k, v in state(paths["safety"]).items()}
    save_file(s32, paths["safety"] / "model.safetensors", metadata={"format": "pt"})
    merge(
        build_strategy("linear", alpha=0.5),
        safety=paths["safety"],
        language=paths["language"],
        out_dir=tmp_path / "out",
        progress=False,
        figures=False,
    )
    out = state(tmp_path / "out")
    l = state(paths["language"])
    for n, t in out.items():
        assert t.dtype == torch.bfloat16
        want = (0.5 * s32[n] + 0.5 * l[n].float()).to(torch.bfloat16)
        assert torch.equal(t, want), n


def test_outputs_host_files_and_figures(tmp_path):
    base = make_tiny(tmp_path / "b", layers=2)
    (base / "tokenizer_config.json").write_text("{}")
    out = tmp_path / "out"
    merge(build_strategy("modulewise"), base=base, safety=base, language=base, out_dir=out, progress=False)
    names = {p.name for p in out.iterdir()}
    assert {"model.safetensors", "config.json", "decisions.json", "tokenizer_config.json", "figures"} <= names
    assert (out / "generation_config.json").exists()
    assert {p.name for p in (out / "figures").iterdir()} == {"decision_heatmap.png", "shares.png"}
    d = json.loads((out / "decisions.json").read_text())
    assert set(d) >= {"strategy", "tau", "alpha", "units"}
    assert set(d["units"][0]) >= {
        "layer",
        "module",
        "score_safety",
        "score_language",
        "p_safety",
        "p_language",
        "d",
        "choice",
    }
    # identical experts: every unit has d == 0 -> blend, and the merge is the identity
    assert {u["choice"] for u in d["units"]} == {"blend"}
    merged, b = state(out), state(base)
    assert merged.keys() == b.keys() and all(torch.equal(merged[n], b[n]) for n in b)


def test_saved_tokenizer_config_does_not_depend_on_how_it_was_loaded(tmp_path):
    """HF_HUB_OFFLINE turns local_files_only on, and transformers would write it into
    tokenizer_config.json: the same tokenizer would get two content hashes (and so would every
    expert and merged model cached under it)."""
    import json

    from transformers import AutoTokenizer

    from swapexp.cache import dir_hash
    from swapexp.checkpoint.host import save_tokenizer
    from tests.helpers.tiny_lm import make_tiny_lm

    src = make_tiny_lm(tmp_path / "tiny")
    outs = []
    for offline in (True, False):
        tok = AutoTokenizer.from_pretrained(src)
        tok.init_kwargs["local_files_only"] = offline  # what loading with or without HF_HUB_OFFLINE records
        out = tmp_path / f"out-{offline}"
        save_tokenizer(tok, out)
        assert tok.init_kwargs.get("local_files_only") is offline  # the tokenizer itself is unchanged
        assert "local_files_only" not in json.loads((out / "tokenizer_config.json").read_text())
        outs.append(out)
    assert dir_hash(outs[0]) == dir_hash(outs[1])
