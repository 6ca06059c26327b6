"""The real embedded conversions (slow): each GGUF is converted from its package into a fresh cache,
and the saved checkpoint, reloaded from disk, must reproduce the GGUF-loaded model's logits, on short
texts in the demo's languages and (Gemma) on a text longer than its 512-token sliding window, so that
the config that survives the round trip (embedding scale, rope bases, sliding window,
``query_pre_attn_scalar``) is the one transformers reads from the GGUF. Gemma's saved tokenizer must
carry its turn-format chat template and stop tokens."""

from __future__ import annotations

import importlib.util
import json
import math

import pytest
import torch

from swapexp.eval.backends.base import DecodingConfig
from swapexp.eval.backends.hf import HFBackend
from swapexp.models.embedded import (
    CHECK_TEXTS,
    EMBEDDED,
    embedded_model,
    gguf_path,
    load_gguf_model,
    max_logit_difference,
)

pytestmark = pytest.mark.slow

LONG = " ".join(
    f"Sentence {i}: the market in the town sold {i} baskets of mangoes and {i + 3} sacks of rice."
    for i in range(40)
)


def _require(name: str) -> None:
    if importlib.util.find_spec(EMBEDDED[name].package) is None:
        pytest.skip(f"the embedded model {name} is not installed (`make install`)")


@pytest.fixture(scope="module")
def gemma(tmp_path_factory):
    """(converted dir, GGUF tokenizer, GGUF model) for Gemma 3 270M, converted into a fresh cache."""
    _require("gemma3-270m")
    torch.set_num_threads(1)
    root = tmp_path_factory.mktemp("cache")
    out = embedded_model("gemma3-270m", root=root)
    tok, model = load_gguf_model(gguf_path("gemma3-270m", tmp_path_factory.mktemp("gguf")))
    return out, tok, model


def test_gemma_config_keeps_gemma3_features(gemma):
    out, _, _ = gemma
    config = json.loads((out / "config.json").read_text())
    assert config["architectures"] == ["Gemma3ForCausalLM"] and config["model_type"] == "gemma3_text"
    assert (config["hidden_size"], config["num_hidden_layers"], config["intermediate_size"]) == (
        640,
        18,
        2048,
    )
    assert (config["num_attention_heads"], config["num_key_value_heads"], config["head_dim"]) == (4, 1, 256)
    assert config["query_pre_attn_scalar"] == 256 and config["sliding_window"] == 512
    assert config["layer_types"] == (["sliding_attention"] * 5 + ["full_attention"]) * 3
    assert config["rope_parameters"]["full_attention"]["rope_theta"] == 1e6
    assert config["rope_parameters"]["sliding_attention"]["rope_theta"] == 1e4
    assert config["hidden_activation"] == "gelu_pytorch_tanh" and config["rms_norm_eps"] == 1e-6
    assert config["tie_word_embeddings"] is True and "quantization_config" not in config
    assert config["eos_token_id"] == [1, 106] and config["bos_token_id"] == 2 and config["pad_token_id"] == 0
    gen = json.loads((out / "generation_config.json").read_text())
    assert gen["eos_token_id"] == [1, 106]
    from safetensors import safe_open

    with safe_open(str(out / "model.safetensors"), "pt") as f:
        names = set(f.keys())
        assert f.get_tensor("model.embed_tokens.weight").dtype == torch.float32
    assert len(names) == 1 + 18 * 13 + 1 and "lm_head.weight" not in names
    assert "model.layers.17.self_attn.q_norm.weight" in names
    assert "model.layers.17.post_feedforward_layernorm.weight" in names


def test_gemma_saved_model_reproduces_the_gguf_logits(gemma):
    from transformers import AutoModelForCausalLM

    out, tok, gguf_model = gemma
    saved = AutoModelForCausalLM.from_pretrained(out, dtype=torch.float32).eval()
    assert saved.model.embed_tokens.embed_scale == pytest.approx(math.sqrt(640))
    assert len(tok(LONG)["input_ids"]) > 600  # past the sliding window
    diff = max_logit_difference(gguf_model, saved, tok, CHECK_TEXTS + (LONG,))
    assert diff < 1e-4, diff
    with torch.inference_mode():  # a real LM: it continues a story opening the usual way
        ids = tok("Once upon a time", return_tensors="pt")["input_ids"]
        nxt = saved.generate(ids, max_new_tokens=4, do_sample=False)[0, ids.shape[1] :]
    assert tok.decode(nxt).startswith(", there was")


def test_gemma_tokenizer_has_the_turn_format_and_generation_stops(gemma):
    out, _, _ = gemma
    backend = HFBackend(out, batch_size=2, device="cpu", progress=False)
    tok = backend.tokenizer
    assert tok.eos_token == "<end_of_turn>" and tok.bos_token == "<bos>" and tok.pad_token == "<pad>"
    text = tok.apply_chat_template(
        [{"role": "user", "content": "Hi"}], tokenize=False, add_generation_prompt=True
    )
    assert text == "<bos><start_of_turn>user\nHi<end_of_turn>\n<start_of_turn>model\n"
    assert backend.encoder.encode(["Hi"])[0][:2] == [2, 105]  # one <bos>, then <start_of_turn>
    answers = backend.generate(
        ["What is the capital of France?", "Mji mkuu wa Kenya ni upi?"], DecodingConfig(max_new_tokens=24)
    )
    assert all(a.strip() and "<end_of_turn>" not in a and "<start_of_turn>" not in a for a in answers)


def test_smollm2_conversion_reproduces_the_gguf_logits(tmp_path):
    from transformers import AutoModelForCausalLM

    _require("smollm2-135m-instruct")
    torch.set_num_threads(1)
    out = embedded_model("smollm2-135m-instruct", root=tmp_path)
    config = json.loads((out / "config.json").read_text())
    assert config["model_type"] == "llama" and config["tie_word_embeddings"] is True
    assert "quantization_config" not in config
    tok, gguf_model = load_gguf_model(gguf_path("smollm2-135m-instruct"))
    saved = AutoModelForCausalLM.from_pretrained(out, dtype=torch.float32).eval()
    assert max_logit_difference(gguf_model, saved, tok) < 1e-4
