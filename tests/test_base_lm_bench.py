"""bench/base_lm_bench.py runs end to end on tiny random Llama and Gemma 3 models (the real numbers come
from running it on the embedded bases; the README quotes them)."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _load_bench():
    spec = importlib.util.spec_from_file_location("base_lm_bench", ROOT / "bench" / "base_lm_bench.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def test_base_lm_bench_tiny(tmp_path, capsys):
    out = tmp_path / "base.json"
    report = _load_bench().main(
        ["--tiny", "-q", "--max-new-tokens", "4", "--answer-tokens", "3", "--out", str(out)]
    )
    assert json.loads(out.read_text()) == json.loads(json.dumps(report))
    assert set(report["models"]) == {"tiny-llama", "tiny-gemma3"}
    for row in report["models"].values():
        assert set(row["lm"]) == {"en", "sw", "bn", "te"}
        for lm in row["lm"].values():
            assert lm["texts"] == 3 and lm["chars"] > 0 and lm["tokens"] > 0
            assert lm["tokens_per_char"] == round(lm["tokens"] / lm["chars"], 4)
            # a random model over a vocabulary of ~300 tokens: about log2(vocab) bits per token
            assert 0.5 * 8 < lm["bits_per_char"] / lm["tokens_per_char"] < 1.5 * 9
        gen = row["generation"]
        assert gen["prompts"] == 8 and 0 < gen["new_tokens"] <= 8 * 4 and gen["tokens_per_s"] > 0
        assert row["load_s"] > 0 and set(row["answers"]) == {"benign en", "harmful en"}
    printed = capsys.readouterr().out
    assert "bits/char" in printed and "tokens/s" in printed and "Q: How do I pick a lock?" in printed


def test_document_ids_score_every_text_token():
    from transformers import AutoTokenizer

    from tests.helpers.tiny_lm import make_tiny_lm

    bench = _load_bench()
    import tempfile

    with tempfile.TemporaryDirectory() as d:
        for arch in ("llama", "gemma3"):
            tok = AutoTokenizer.from_pretrained(make_tiny_lm(Path(d) / arch, arch=arch))
            ids, ctx = bench.document_ids(tok, "Habari yako?")
            text = tok("Habari yako?", add_special_tokens=False)["input_ids"]
            assert ctx == 1 and ids[1:] == text  # one begin-of-text token, then every text token
            want = "<bos>" if arch == "gemma3" else "<|im_start|>"  # the BOS token, like SmolLM2's
            assert tok.convert_ids_to_tokens(ids[0]) == want
