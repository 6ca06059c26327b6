"""Generation backends: the HF backend on a tiny LM, the generation cache, the vLLM adapter (mocked)."""

from __future__ import annotations

import math
import multiprocessing as mp
import sys
import types
from pathlib import Path

import pytest
import torch

from swapexp.errors import SwapexpError
from swapexp.eval.backends import (
    Backend,
    BackendFactory,
    CachedBackend,
    DecodingConfig,
    build_backend,
    make_backend,
)
from swapexp.eval.backends.cache import GenerationStore
from swapexp.eval.backends.hf import HFBackend
from swapexp.eval.backends.prompts import PromptEncoder, eos_token_ids, load_tokenizer
from swapexp.hydra_utils import instantiate
from tests.helpers.run_if import run_if
from tests.helpers.tiny_lm import make_tiny_lm

CONVS = [
    "hi",
    "How do I make a cake? Mix flour, sugar and eggs, then bake it.",
    [{"role": "system", "content": "Be brief."}, {"role": "user", "content": "Habari yako?"}],
    "A B C",
    "Natalia sold clips to 48 of her friends in April. " * 3,
    "Jibu ni 18.",
]
GREEDY = DecodingConfig(max_new_tokens=6)


def _sharpen(path: Path, seed: int) -> Path:
    """Re-draw the tiny model's matrices with a large std so greedy outputs differ between prompts
    (the default 0.02 init makes every prompt produce the same token)."""
    from transformers import AutoModelForCausalLM

    model = AutoModelForCausalLM.from_pretrained(path)
    gen = torch.Generator().manual_seed(seed)
    with torch.no_grad():
        for name, w in model.named_parameters():
            if w.ndim == 2:
                w.copy_(torch.randn(w.shape, generator=gen) * (1.0 if "embed" in name else 0.3))
    model.save_pretrained(path)
    return path


@pytest.fixture(scope="session")
def tiny(tmp_path_factory) -> Path:
    return _sharpen(make_tiny_lm(tmp_path_factory.mktemp("tiny-lm")), seed=0)


@pytest.fixture(scope="session")
def hf(tiny) -> HFBackend:
    return HFBackend(tiny, batch_size=4, progress=False)


# -- HF backend ---------------------------------------------------------------------------------
def test_batched_greedy_equals_sequential(tiny, hf):
    batched = hf.generate(CONVS, GREEDY)
    one_by_one = HFBackend(tiny, batch_size=1, progress=False)
    one_by_one._model = hf.model  # same weights, no second load
    sequential = [one_by_one.generate([c], GREEDY)[0] for c in CONVS]
    assert batched == sequential
    assert len(set(batched)) > 1, "the tiny model should answer different prompts differently"


def test_order_restored_and_longest_batch_first(hf, monkeypatch):
    widths = []
    real = hf.model.generate

    def spy(**kw):
        widths.append(kw["input_ids"].shape[1])
        return real(**kw)

    monkeypatch.setattr(hf.model, "generate", spy)
    forward = hf.generate(CONVS, GREEDY)
    backward = hf.generate(CONVS[::-1], GREEDY)
    assert backward == forward[::-1]
    lengths = sorted((len(ids) for ids in hf.encoder.encode(CONVS)), reverse=True)
    assert widths[:2] == [lengths[0], lengths[4]]  # batch 1 padded to the longest prompt, batch 2 to the 5th


def test_left_padding_and_generation_settings(hf, monkeypatch):
    seen = {}
    real = hf.model.generate

    def spy(**kw):
        seen.update(kw)
        return real(**kw)

    monkeypatch.setattr(hf.model, "generate", spy)
    hf.generate(["hi", "How do I make a cake? Mix flour, sugar and eggs."], DecodingConfig(max_new_tokens=3))
    ids, mask = seen["input_ids"], seen["attention_mask"]
    short = mask[1] if mask[1].sum() < mask[0].sum() else mask[0]
    n_pad = int((short == 0).sum())
    assert n_pad > 0 and short[:n_pad].sum() == 0 and short[n_pad:].all()  # zeros on the left only
    row = ids[1] if mask[1].sum() < mask[0].sum() else ids[0]
    assert (row[:n_pad] == hf.tokenizer.pad_token_id).all()
    cfg = seen["generation_config"]
    assert cfg.do_sample is False and cfg.max_new_tokens == 3
    assert hf.tokenizer.eos_token_id in cfg.eos_token_id


def test_max_new_tokens_and_token_count(tiny):
    b = HFBackend(tiny, batch_size=3, progress=False)
    out = b.generate(CONVS, DecodingConfig(max_new_tokens=4))
    assert len(out) == len(CONVS) and all(isinstance(t, str) for t in out)
    assert 0 < b.stats["generated_tokens"] <= 4 * len(CONVS)
    assert b.stats["batches"] == 2 and b.stats["prompts"] == len(CONVS)


def test_stops_at_eos_and_strips_special_tokens(hf, monkeypatch):
    tok = hf.tokenizer
    word = tok("bake", add_special_tokens=False)["input_ids"]
    junk = tok("flour", add_special_tokens=False)["input_ids"]

    def fake_generate(input_ids, attention_mask, generation_config):
        new = torch.tensor([word + [tok.eos_token_id] + junk] * input_ids.shape[0])
        return torch.cat([input_ids, new], dim=1)

    monkeypatch.setattr(hf.model, "generate", fake_generate)
    assert hf.generate(["hi", "A B C"], GREEDY) == ["bake", "bake"]


def test_pad_token_falls_back_to_eos(tiny, tmp_path):
    import shutil

    from transformers import AutoTokenizer

    for f in tiny.iterdir():
        shutil.copy(f, tmp_path / f.name)
    tok = AutoTokenizer.from_pretrained(tmp_path)
    tok.pad_token = None
    tok.save_pretrained(tmp_path)
    assert AutoTokenizer.from_pretrained(tmp_path).pad_token_id is None
    loaded = load_tokenizer(tmp_path)
    assert loaded.pad_token_id == loaded.eos_token_id and loaded.padding_side == "left"
    assert len(HFBackend(tmp_path, batch_size=2, progress=False).generate(CONVS[:3], GREEDY)) == 3


def _manual_logprob(model, tok, conv, continuation: str) -> float:
    text = tok.apply_chat_template(
        [{"role": "user", "content": conv}], tokenize=False, add_generation_prompt=True
    )
    ctx = tok(text, add_special_tokens=False)["input_ids"]
    full = tok(text + continuation, add_special_tokens=False)["input_ids"]
    assert full[: len(ctx)] == ctx
    with torch.no_grad():
        logits = model(torch.tensor([full])).logits[0]
    logp = torch.log_softmax(logits.float(), dim=-1)
    return sum(float(logp[p - 1, full[p]]) for p in range(len(ctx), len(full)))


def test_score_choices_matches_manual_log_softmax(tiny):
    b = HFBackend(tiny, batch_size=2, progress=False)  # 3 prompts of different lengths: padding in play
    convs = ["hi", "How do I make a cake? Mix flour, sugar and eggs, then bake it.", "Jibu ni 18."]
    choices = ["A", "B", " flour and eggs"]  # single-token and multi-token continuations
    got = b.score_choices(convs, choices, prefix="Answer: ")
    for i, conv in enumerate(convs):
        for j, choice in enumerate(choices):
            want = _manual_logprob(b.model, b.tokenizer, conv, "Answer: " + choice)
            assert got[i][j] == pytest.approx(want, abs=1e-4)
    assert all(s < 0 for row in got for s in row)


def test_single_token_choices_share_one_forward_per_prompt(tiny):
    b = HFBackend(tiny, batch_size=8, progress=False)
    scores = b.score_choices(CONVS, ["A", "B", "C", "D"])
    assert b.stats["forward_passes"] == 1  # 6 prompts x 4 letters = one batch of 6 sequences
    for row in scores:  # letters compete for the same next token: probabilities sum to <= 1
        assert sum(math.exp(s) for s in row) <= 1.0 + 1e-6


# -- log-likelihood of plain text (perplexity) ------------------------------------------------------
TEXTS = [
    "Bata wa Janet hutaga mayai 16 kila siku.",
    "hi",
    "Natalia sold clips to 48 of her friends in April, and then she sold half as many clips in May.",
    "আমি দুঃখিত",
    "",
]


def _independent_logprob(model, tok, text: str, window: int | None = None) -> tuple[float, int]:
    """Sum of log p(token | tokens before) over the text's tokens, written without the backend's code:
    one unbatched, unpadded forward pass per window; the first token is predicted from BOS (the
    tiny tokenizer's BOS is <|im_start|>), a later window's first token from the token before it."""
    ids = tok(text, add_special_tokens=False)["input_ids"]
    window = window or len(ids) or 1
    total = 0.0
    for start in range(0, len(ids), window):
        seq = [tok.bos_token_id if start == 0 else ids[start - 1]] + ids[start : start + window]
        with torch.no_grad():
            logp = torch.log_softmax(model(torch.tensor([seq])).logits[0].float(), dim=-1)
        total += sum(float(logp[p - 1, seq[p]]) for p in range(1, len(seq)))
    return total, len(ids)


def test_loglikelihood_matches_an_independent_forward_pass(tiny):
    b = HFBackend(tiny, batch_size=2, progress=False)  # texts of different lengths: padding in play
    got = b.loglikelihood(TEXTS)
    for (lp, n), text in zip(got, TEXTS, strict=True):
        want_lp, want_n = _independent_logprob(b.model, b.tokenizer, text)
        assert n == want_n and lp == pytest.approx(want_lp, abs=1e-4)
    assert got[-1] == (0.0, 0) and all(lp < 0 for lp, n in got if n)
    assert b.stats["forward_passes"] == 2  # 4 non-empty texts, one window each, 2 per batch
    # perplexity from these numbers, as the lm task computes it
    from swapexp.eval.metrics import lm_metrics

    m = lm_metrics(got, [len(t) for t in TEXTS])
    nll = -sum(lp for lp, _ in got) / sum(n for _, n in got)
    assert m["nll"] == pytest.approx(nll) and m["perplexity"] == pytest.approx(math.exp(nll))
    assert m["bits_per_char"] == pytest.approx(-sum(lp for lp, _ in got) / math.log(2) / sum(map(len, TEXTS)))


def test_loglikelihood_windows_predict_every_token_once(tiny, monkeypatch):
    import swapexp.eval.backends.hf as hf_mod

    b = HFBackend(tiny, batch_size=3, progress=False)
    long = TEXTS[2]
    n_tokens = len(b.tokenizer(long, add_special_tokens=False)["input_ids"])
    assert n_tokens > 12
    (lp, n), *_ = b.loglikelihood([long, TEXTS[0]], max_length=5)
    want_lp, want_n = _independent_logprob(b.model, b.tokenizer, long, window=5)
    assert n == n_tokens == want_n and lp == pytest.approx(want_lp, abs=1e-4)
    # a tight logits budget splits the batches (one window per forward pass), not the numbers
    monkeypatch.setattr(hf_mod, "LOGITS_PER_BATCH", 1)
    tight = HFBackend(tiny, batch_size=3, progress=False)
    assert tight.loglikelihood([long, TEXTS[0]], max_length=5)[0][0] == pytest.approx(lp, abs=1e-4)
    n_short = len(b.tokenizer(TEXTS[0], add_special_tokens=False)["input_ids"])
    assert tight.stats["forward_passes"] == math.ceil(n_tokens / 5) + math.ceil(n_short / 5)
    assert b.stats["forward_passes"] == math.ceil(tight.stats["forward_passes"] / 3)


def _prompt_logprobs_of(hf):
    """A fake vLLM scorer: the tiny model's real prompt log-probs, in vLLM's format
    (``prompt_logprobs[pos] = {token_id: Logprob}``, ``None`` at position 0)."""

    def scorer(ids):
        with torch.no_grad():
            logp = torch.log_softmax(hf.model(torch.tensor([ids])).logits[0].float(), dim=-1)
        return [None] + [
            {ids[p]: types.SimpleNamespace(logprob=float(logp[p - 1, ids[p]]), rank=1)}
            for p in range(1, len(ids))
        ]

    return scorer


def test_vllm_loglikelihood_matches_hf(tiny, hf, monkeypatch):
    fake = _fake_vllm_module(_prompt_logprobs_of(hf))
    monkeypatch.setitem(sys.modules, "vllm", fake)
    backend = make_backend({"name": "vllm", "progress": False, "max_model_len": 9}, tiny)
    got = backend.loglikelihood(TEXTS)  # max_model_len 9: windows of 7 tokens
    sent = [p["prompt_token_ids"] for p in fake.engines[0].calls[0][0]]
    assert max(len(s) for s in sent) == 8
    for (lp, n), text in zip(got, TEXTS, strict=True):
        want_lp, want_n = _independent_logprob(hf.model, hf.tokenizer, text, window=7)
        assert n == want_n and lp == pytest.approx(want_lp, abs=1e-4)
    assert fake.params[-1]["prompt_logprobs"] == 1 and fake.params[-1]["max_tokens"] == 1


def test_cache_loglikelihood_keyed_by_text_window_and_kind(tmp_path, tiny):
    inner = CountingBackend()
    b = CachedBackend(inner, tiny, tmp_path)
    first = b.loglikelihood(["abc", "de"])
    assert b.loglikelihood(["abc", "de"]) == first == [(-3.0, 3), (-2.0, 2)] and inner.scored == 2
    b.loglikelihood(["abc"], max_length=8)  # another window length: a miss
    b.loglikelihood(["abcd"])  # another text: a miss
    assert inner.scored == 4
    # the same string as a generation or a choice score is another entry (the key names its kind)
    b.generate(["abc"], GREEDY)
    b.score_choices(["abc"], ["A"])
    assert inner.calls == 1 and inner.scored == 5
    fresh = CachedBackend(CountingBackend(), tiny, tmp_path)  # a new process finds them on disk
    assert fresh.loglikelihood(["abc", "de"]) == first and fresh.misses == 0


def test_device_and_dtype_options(tiny):
    b = HFBackend(tiny, device="cpu", dtype="bfloat16", progress=False)
    assert b.fingerprint()["dtype"] == "bfloat16"
    assert b.model.dtype == torch.bfloat16 and b.model.device.type == "cpu"
    assert HFBackend(tiny, device="auto", dtype="auto").fingerprint()["dtype"] in ("float32", "bfloat16")
    with pytest.raises(SwapexpError, match="dtype"):
        HFBackend(tiny, dtype="fp8")
    with pytest.raises(SwapexpError, match="device"):
        HFBackend(tiny, device="tpu")
    with pytest.raises(SwapexpError, match="batch_size"):
        HFBackend(tiny, batch_size=0)


def test_prompt_encoder_without_chat_template(tiny):
    tok = load_tokenizer(tiny)
    enc = PromptEncoder(tok, use_chat_template=False)
    assert enc.render([{"role": "system", "content": "S"}, {"role": "user", "content": "U"}]) == "S\n\nU"
    assert "<|im_start|>assistant" in PromptEncoder(tok).render("hi")


def test_eos_token_ids_merges_generation_config():
    tok = types.SimpleNamespace(eos_token_id=2)
    assert eos_token_ids(tok, types.SimpleNamespace(eos_token_id=[7, 2, 9])) == [7, 2, 9]
    assert eos_token_ids(tok, types.SimpleNamespace(eos_token_id=5)) == [5, 2]
    assert eos_token_ids(tok, None) == [2]


# -- decoding config and build_backend ------------------------------------------------------------
def test_decoding_config():
    d = DecodingConfig.from_mapping(
        {"max_new_tokens": 32, "temperature": None, "benchmarks": ["mgsm"]}, seed=3
    )
    assert d == DecodingConfig(max_new_tokens=32, seed=3) and d.greedy
    assert DecodingConfig(seed=1).cache_key() == DecodingConfig(seed=2).cache_key()  # greedy ignores seed
    assert (
        DecodingConfig(temperature=0.7, seed=1).cache_key()
        != DecodingConfig(temperature=0.7, seed=2).cache_key()
    )
    for bad in ({"max_new_tokens": 0}, {"temperature": -1}, {"top_p": 0}):
        with pytest.raises(SwapexpError):
            DecodingConfig(**bad)


def test_build_backend_rejects_unknown_name_and_option(tiny):
    with pytest.raises(SwapexpError, match="unknown backend 'onnx'"):
        build_backend({"name": "onnx"}, tiny)
    with pytest.raises(SwapexpError, match="has no option batchsize"):
        build_backend({"name": "hf", "batchsize": 4}, tiny)
    with pytest.raises(SwapexpError, match="does not exist"):
        build_backend({"name": "hf"}, tiny / "nope")


def test_backend_yamls_compose_and_build(tiny, monkeypatch):
    from hydra import compose, initialize_config_dir

    conf = Path(__file__).resolve().parents[1] / "conf"
    monkeypatch.setitem(sys.modules, "vllm", _fake_vllm_module())
    with initialize_config_dir(config_dir=str(conf), version_base="1.3"):
        for name, cls in (("hf", "HFBackend"), ("vllm", "VLLMBackend")):
            cfg = compose(config_name="config", overrides=[f"backend={name}"])
            factory = instantiate(cfg.backend)  # as the pipeline builds it: a BackendFactory
            assert isinstance(factory, BackendFactory) and factory.name == name
            backend = factory(tiny)
            assert isinstance(backend, CachedBackend) and type(backend.inner).__name__ == cls
            assert backend.enabled is True
        # a bad option fails when the node is instantiated, before any model exists
        cfg = compose(config_name="config", overrides=["backend=hf", "+backend.batchsize=4"])
        with pytest.raises(SwapexpError, match="has no option batchsize"):
            instantiate(cfg.backend)
    assert BackendFactory(batch_size=2).with_options(batch_size=32).settings["batch_size"] == 32


# -- generation cache ---------------------------------------------------------------------------
class CountingBackend(Backend):
    """A fake model: completion = reversed prompt; counts calls; can fail after N batches."""

    name = "fake"

    def __init__(self, fail_after: int | None = None, batch: int = 2):
        self.calls, self.generated, self.scored = 0, [], 0
        self.fail_after, self.batch = fail_after, batch

    def generate(self, conversations, decoding, desc=""):
        return [t for _, ts in self.generate_stream(conversations, decoding, desc) for t in ts]

    def generate_stream(self, conversations, decoding, desc=""):
        self.calls += 1
        for n, k in enumerate(range(0, len(conversations), self.batch)):
            if self.fail_after is not None and n >= self.fail_after:
                raise KeyboardInterrupt
            idx = list(range(k, min(k + self.batch, len(conversations))))
            texts = [str(conversations[i])[::-1][: decoding.max_new_tokens] for i in idx]
            self.generated += texts
            yield idx, texts

    def score_choices(self, conversations, choices, prefix=""):
        self.scored += len(conversations)
        return [[-float(len(str(c)) + j) for j in range(len(choices))] for c in conversations]

    def loglikelihood(self, texts, max_length=1024):
        self.scored += len(texts)
        return [(-float(len(t)), len(t)) for t in texts]


def test_cache_second_call_does_no_generation(tiny, tmp_path):
    cfg = {"name": "hf", "batch_size": 4, "progress": False}
    first = build_backend(cfg, tiny, cache_dir=tmp_path)
    out = first.generate(CONVS, GREEDY)
    assert (first.hits, first.misses) == (0, len(CONVS)) and first.inner.stats["prompts"] == len(CONVS)
    assert first.path.parent == tmp_path / "generations" and first.path.exists()
    first.close()

    second = build_backend(cfg, tiny, cache_dir=tmp_path)
    assert second.generate(CONVS, GREEDY) == out
    assert (second.hits, second.misses) == (len(CONVS), 0)
    assert second.inner.stats["prompts"] == 0 and second.inner._model is None  # the model was never loaded
    # other decoding settings are other entries
    second.generate(CONVS[:2], DecodingConfig(max_new_tokens=3))
    assert second.misses == 2 and second.inner.stats["prompts"] == 2


def test_cache_scores_and_key_parts(tmp_path, tiny):
    inner = CountingBackend()
    b = CachedBackend(inner, tiny, tmp_path)
    s1 = b.score_choices(CONVS, ["A", "B"], prefix="Answer: ")
    assert b.score_choices(CONVS, ["A", "B"], prefix="Answer: ") == s1 and inner.scored == len(CONVS)
    b.score_choices(CONVS[:1], ["A", "B"], prefix="")  # other prefix: miss
    b.score_choices(CONVS[:1], ["A", "B", "C"], prefix="Answer: ")  # other choices: miss
    assert inner.scored == len(CONVS) + 2
    # a str and the equivalent one-message conversation are the same entry
    b.generate(["hi"], GREEDY)
    b.generate([[{"role": "user", "content": "hi"}]], GREEDY)
    assert inner.calls == 1
    # duplicates in one call are generated once
    b.generate(["x", "y", "x"], GREEDY)
    assert inner.generated.count("x") == 1


def test_cache_keyed_by_model_content(tmp_path, tiny):
    import shutil

    other = tmp_path / "other"
    shutil.copytree(tiny, other)
    a = CachedBackend(CountingBackend(), tiny, tmp_path / "c")
    b = CachedBackend(CountingBackend(), other, tmp_path / "c")
    a.generate(CONVS, GREEDY)
    b.generate(CONVS, GREEDY)
    assert b.hits == len(CONVS)  # same content, other directory: shared entries
    (other / "generation_config.json").write_text('{"eos_token_id": 2}')
    c = CachedBackend(CountingBackend(), other, tmp_path / "c")
    c.generate(CONVS, GREEDY)
    assert c.misses == len(CONVS)  # content changed: new entries


def test_cache_keeps_finished_batches_of_an_interrupted_run(tmp_path, tiny):
    b = CachedBackend(CountingBackend(fail_after=2, batch=2), tiny, tmp_path)
    with pytest.raises(KeyboardInterrupt):
        b.generate(CONVS, GREEDY)
    assert len(b.store) == 4
    retry = CachedBackend(CountingBackend(), tiny, tmp_path)
    retry.generate(CONVS, GREEDY)
    assert (retry.hits, retry.misses) == (4, 2) and len(retry.inner.generated) == 2


def test_cache_disabled_always_generates(tmp_path, tiny):
    inner = CountingBackend()
    b = CachedBackend(inner, tiny, tmp_path, enabled=False)
    b.generate(CONVS, GREEDY)
    b.generate(CONVS, GREEDY)
    assert inner.calls == 2 and b.misses == 2 * len(CONVS) and not (tmp_path / "generations").exists()


def _writer(path: str, start: int) -> None:
    store = GenerationStore(Path(path), timeout=60)
    for k in range(start, start + 200, 20):
        store.put_many([(f"k{i}", "generate", {"i": i}, f"v{i}") for i in range(k, k + 20)])
    store.close()


def test_store_is_safe_with_two_writer_processes(tmp_path):
    path = tmp_path / "g.sqlite"
    ctx = mp.get_context("fork") if hasattr(__import__("os"), "fork") else mp.get_context()
    procs = [ctx.Process(target=_writer, args=(str(path), s)) for s in (0, 100)]  # overlapping keys 100..199
    for p in procs:
        p.start()
    for p in procs:
        p.join(60)
    assert [p.exitcode for p in procs] == [0, 0]
    store = GenerationStore(path)
    assert len(store) == 300
    assert store.get_many(["k0", "k150", "k299"]) == {"k0": "v0", "k150": "v150", "k299": "v299"}


# -- vLLM adapter, engine mocked at its boundary ---------------------------------------------------
def _fake_vllm_module(scorer=None):
    """A stand-in ``vllm`` module: ``LLM`` and ``SamplingParams`` record how they are called."""
    mod = types.ModuleType("vllm")
    mod.engines, mod.params = [], []

    class SamplingParams:
        def __init__(self, **kw):
            self.kw = kw
            mod.params.append(kw)

    class LLM:
        def __init__(self, **kw):
            self.kw, self.calls = kw, []
            mod.engines.append(self)

        def generate(self, prompts, sampling_params, use_tqdm=True):
            self.calls.append((prompts, sampling_params))
            outs = []
            for p in prompts:
                ids = p["prompt_token_ids"]
                text = f"len={len(ids)} last={ids[-1]}"
                plp = scorer(ids) if sampling_params.kw.get("prompt_logprobs") is not None else None
                outs.append(
                    types.SimpleNamespace(
                        outputs=[types.SimpleNamespace(text=text, token_ids=[1, 2])], prompt_logprobs=plp
                    )
                )
            return outs

    mod.LLM, mod.SamplingParams = LLM, SamplingParams
    return mod


def test_vllm_adapter_generate(tiny, monkeypatch):
    fake = _fake_vllm_module()
    monkeypatch.setitem(sys.modules, "vllm", fake)
    cfg = {
        "name": "vllm",
        "dtype": "bfloat16",
        "tensor_parallel_size": 2,
        "gpu_memory_utilization": 0.5,
        "max_model_len": 2048,
        "seed": 7,
        "progress": False,
        "engine_kwargs": {"enable_prefix_caching": True},
    }
    backend = make_backend(cfg, tiny)
    assert fake.engines == []  # the engine starts on first use
    out = backend.generate(CONVS, DecodingConfig(max_new_tokens=5))
    (engine,) = fake.engines
    assert engine.kw == {
        "model": str(tiny),
        "tokenizer": str(tiny),
        "dtype": "bfloat16",
        "tensor_parallel_size": 2,
        "gpu_memory_utilization": 0.5,
        "max_model_len": 2048,
        "seed": 7,
        "enforce_eager": False,
        "enable_prefix_caching": True,
    }
    prompts, params = engine.calls[0]
    want_ids = PromptEncoder(load_tokenizer(tiny)).encode(CONVS)  # the same token ids backend=hf uses
    assert [p["prompt_token_ids"] for p in prompts] == want_ids
    assert out == [f"len={len(ids)} last={ids[-1]}" for ids in want_ids]  # input order kept
    assert params.kw["temperature"] == 0.0 and params.kw["max_tokens"] == 5 and "seed" not in params.kw
    assert load_tokenizer(tiny).eos_token_id in params.kw["stop_token_ids"]
    backend.generate(["hi"], DecodingConfig(temperature=0.8, top_p=0.9, seed=3))
    assert {k: fake.params[-1][k] for k in ("temperature", "top_p", "seed")} == {
        "temperature": 0.8,
        "top_p": 0.9,
        "seed": 3,
    }


def test_vllm_adapter_score_choices_matches_hf(tiny, hf, monkeypatch):
    """The fake engine computes real prompt log-probs with the tiny model, in vLLM's format
    (``prompt_logprobs[pos] = {token_id: Logprob}``, ``None`` at position 0)."""

    fake = _fake_vllm_module(_prompt_logprobs_of(hf))
    monkeypatch.setitem(sys.modules, "vllm", fake)
    backend = make_backend({"name": "vllm", "progress": False}, tiny)
    choices = ["A", "B", " flour"]
    got = backend.score_choices(CONVS[:3], choices, prefix="Answer: ")
    want = hf.score_choices(CONVS[:3], choices, prefix="Answer: ")
    for g, w in zip(got, want, strict=True):
        assert g == pytest.approx(w, abs=1e-4)
    assert fake.params[-1]["prompt_logprobs"] == 1 and fake.params[-1]["max_tokens"] == 1


def test_missing_vllm_is_one_line_error(tiny, monkeypatch):
    monkeypatch.setitem(sys.modules, "vllm", None)  # `import vllm` raises ImportError
    with pytest.raises(SwapexpError) as e:
        build_backend({"name": "vllm"}, tiny)
    msg = str(e.value)
    assert "pip install -e .[vllm]" in msg and "GPU machine" in msg and "\n" not in msg


@run_if(package="vllm", cuda=True)
def test_real_vllm_greedy_matches_hf_lengths(tiny):  # pragma: no cover - GPU machines with vLLM only
    backend = make_backend(
        {"name": "vllm", "gpu_memory_utilization": 0.3, "enforce_eager": True, "progress": False}, tiny
    )
    out = backend.generate(CONVS, GREEDY)
    assert len(out) == len(CONVS) and all(isinstance(t, str) for t in out)
    scores = backend.score_choices(CONVS[:2], ["A", "B"])
    assert all(s < 0 for row in scores for s in row)
    backend.close()


def test_hf_num_threads_apply_during_work_and_are_restored(tiny, hf, monkeypatch):
    """backend.num_threads holds while the backend generates, and the process setting is restored
    afterwards (a backend never changes torch's thread count for the rest of the run)."""
    from swapexp.errors import SwapexpError

    before = torch.get_num_threads()
    wanted = before + 1  # differs from the process value on any machine
    backend = HFBackend(tiny, batch_size=4, progress=False, num_threads=wanted)
    backend._model = hf.model  # same weights, no second load
    assert torch.get_num_threads() == before  # construction changes nothing
    seen = []
    forward = backend.model.forward

    def spy(*args, **kwargs):
        seen.append(torch.get_num_threads())
        return forward(*args, **kwargs)

    monkeypatch.setattr(backend.model, "forward", spy)
    backend.generate(CONVS[:2], GREEDY)
    assert seen and set(seen) == {wanted}
    assert torch.get_num_threads() == before
    with pytest.raises(SwapexpError, match="num_threads"):
        HFBackend(tiny, num_threads=0)
