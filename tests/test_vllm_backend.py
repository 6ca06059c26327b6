"""The vLLM backend with the engine mocked at its boundary: explicit engine shutdown before the next
engine starts, prompts longer than max_model_len handled per item, log-prob scoring only, and the
same decoding settings as backend=hf whatever the model's generation_config.json says."""

from __future__ import annotations

import json
import logging
import sys
import types
from pathlib import Path

import pytest
import torch

from swapexp.errors import SwapexpError
from swapexp.eval.backends import DecodingConfig, make_backend
from swapexp.eval.backends.hf import HFBackend
from swapexp.eval.backends.prompts import PromptEncoder, load_tokenizer
from tests.helpers.tiny_lm import make_tiny_lm


def fake_vllm(events: list, max_model_len: int = 4096, with_llm_shutdown: bool = False, respond=None):
    """A stand-in ``vllm`` package. Its engine fails a whole batch on a prompt of ``max_model_len``
    tokens or more (as vLLM does) and records start/shutdown events."""
    mod = types.ModuleType("vllm")
    mod.__version__ = "0.33.0"
    mod.engines, mod.params = [], []

    class SamplingParams:
        def __init__(self, **kw):
            self.kw = kw
            mod.params.append(kw)

    class EngineCore:
        def __init__(self, model):
            self.model = model

        def shutdown(self):
            events.append(("shutdown", self.model))

    class LLM:
        def __init__(self, **kw):
            self.kw, self.calls = kw, []
            events.append(("start", Path(kw["model"]).name))
            limit = kw.get("max_model_len", max_model_len)
            self.llm_engine = types.SimpleNamespace(
                engine_core=EngineCore(Path(kw["model"]).name),
                model_config=types.SimpleNamespace(max_model_len=limit),
            )
            mod.engines.append(self)

        def generate(self, prompts, sampling_params, use_tqdm=True):
            self.calls.append((prompts, sampling_params))
            limit = self.llm_engine.model_config.max_model_len
            for p in prompts:
                if len(p["prompt_token_ids"]) >= limit:
                    raise ValueError(f"The decoder prompt (length {len(p['prompt_token_ids'])}) is too long")
            outs = []
            for p in prompts:
                ids = p["prompt_token_ids"]
                text = respond(ids) if respond else f"len={len(ids)}"
                plp = None
                if sampling_params.kw.get("prompt_logprobs") is not None:
                    plp = [None] + [
                        {ids[i]: types.SimpleNamespace(logprob=-0.5, rank=1)} for i in range(1, len(ids))
                    ]
                outs.append(
                    types.SimpleNamespace(
                        outputs=[types.SimpleNamespace(text=text, token_ids=[1])], prompt_logprobs=plp
                    )
                )
            return outs

    if with_llm_shutdown:
        LLM.shutdown = lambda self: events.append(("llm.shutdown", Path(self.kw["model"]).name))
    mod.LLM, mod.SamplingParams = LLM, SamplingParams
    dist = types.ModuleType("vllm.distributed")
    dist.cleanup_dist_env_and_memory = lambda shutdown_ray=False: events.append(("cleanup",))
    mod.distributed = dist
    return mod, dist


@pytest.fixture(scope="module")
def tiny(tmp_path_factory) -> Path:
    return make_tiny_lm(tmp_path_factory.mktemp("vllm") / "model")


@pytest.fixture
def events(monkeypatch):
    ev: list = []
    import swapexp.eval.backends.vllm as v

    monkeypatch.setattr(v, "release_memory", lambda: ev.append(("release",)))
    return ev


def _install(monkeypatch, mod, dist):
    monkeypatch.setitem(sys.modules, "vllm", mod)
    monkeypatch.setitem(sys.modules, "vllm.distributed", dist)


# -- engine shutdown ---------------------------------------------------------------------------------
@pytest.mark.parametrize("with_llm_shutdown", [False, True])
def test_close_shuts_the_engine_down_then_frees_memory(tiny, monkeypatch, events, with_llm_shutdown):
    _install(monkeypatch, *fake_vllm(events, with_llm_shutdown=with_llm_shutdown))
    b = make_backend({"name": "vllm", "progress": False}, tiny)
    b.generate(["hi"], DecodingConfig(max_new_tokens=2))
    b.close()
    stop = ("llm.shutdown", "model") if with_llm_shutdown else ("shutdown", "model")
    assert events == [("start", "model"), stop, ("cleanup",), ("release",)]
    assert b._llm is None
    b.close()  # idempotent
    assert len(events) == 4


def test_guard_engine_starts_after_the_model_engine_is_shut_down(tiny, tmp_path, monkeypatch, events):
    """The whole evaluation on the fake engine: the evaluated model's engine is shut down, and its
    memory released, before the guard's engine starts."""
    import shutil

    from hydra import compose, initialize_config_dir

    from swapexp.pipeline import evaluate_model as evaluate
    from tests.helpers.eval_data import require_shared_data

    data = require_shared_data()
    guard = tmp_path / "guard"
    shutil.copytree(tiny, guard)
    respond = lambda ids: "Safety: Safe\nCategories: None\nRefusal: Yes"  # noqa: E731
    _install(monkeypatch, *fake_vllm(events, respond=respond))
    conf = Path(__file__).resolve().parents[1] / "conf"
    with initialize_config_dir(config_dir=str(conf), version_base="1.3"):
        cfg = compose(
            "config",
            overrides=[
                "backend=vllm",
                "backend.progress=false",
                "judge=qwen3guard",
                f"judge.model={guard}",
                f"paths.data_dir={data}",
                f"paths.cache_dir={tmp_path / 'cache'}",
                "eval.utility=false",
                "eval.limit=2",
            ],
        )
    metrics = evaluate(cfg, tiny, tmp_path / "run")
    assert events == [
        ("start", "model"),
        ("shutdown", "model"),
        ("cleanup",),
        ("release",),
        ("start", "guard"),
        ("shutdown", "guard"),
        ("cleanup",),
        ("release",),
    ]
    assert metrics["safety/multijail/unsafe_rate"] == 0.0 and metrics["safety/multijail/n"] == 2


# -- prompts too long for max_model_len ---------------------------------------------------------------
LONG = "Natalia sold clips to 48 of her friends in April. " * 12


@pytest.mark.parametrize("configured", [True, False])  # backend.max_model_len, or the engine's own
def test_too_long_prompts_are_truncated_from_the_left_per_item(tiny, monkeypatch, events, caplog, configured):
    mod, dist = fake_vllm(events, max_model_len=40)
    _install(monkeypatch, mod, dist)
    cfg = {"name": "vllm", "progress": False, **({"max_model_len": 40} if configured else {})}
    b = make_backend(cfg, tiny)
    convs = ["hi", LONG, "A B C"]
    ids = PromptEncoder(load_tokenizer(tiny)).encode(convs)
    assert len(ids[1]) >= 40 > len(ids[0])
    with caplog.at_level(logging.WARNING):
        out = b.generate(convs, DecodingConfig(max_new_tokens=2))
    sent = [p["prompt_token_ids"] for p in mod.engines[0].calls[0][0]]
    assert sent == [ids[0], ids[1][-39:], ids[2]]  # only the long one changed: its last 39 tokens
    assert out == ["len=" + str(len(ids[0])), "len=39", "len=" + str(len(ids[2]))]
    assert b.stats["too_long"] == 1
    assert b.too_long_items == [
        {"kind": "generate", "index": 1, "tokens": len(ids[1]), "action": "truncated to its last 39 tokens"}
    ]
    assert "max_model_len=40" in caplog.text and f"#1 ({len(ids[1])} tokens)" in caplog.text


def test_too_long_prompts_can_be_skipped(tiny, monkeypatch, events):
    mod, dist = fake_vllm(events)
    _install(monkeypatch, mod, dist)
    b = make_backend({"name": "vllm", "progress": False, "max_model_len": 40, "too_long": "skip"}, tiny)
    out = b.generate(["hi", LONG, LONG, "A B C"], DecodingConfig(max_new_tokens=2), desc="multijail")
    assert out[1] == out[2] == "" and out[0].startswith("len=") and out[3].startswith("len=")
    assert len(mod.engines[0].calls[0][0]) == 2  # the two long prompts were never sent
    assert [(i["kind"], i["index"], i["action"]) for i in b.too_long_items] == [
        ("multijail", 1, "skipped"),
        ("multijail", 2, "skipped"),
    ]
    with pytest.raises(SwapexpError, match="too_long"):
        make_backend({"name": "vllm", "too_long": "error"}, tiny)


def test_too_long_scoring_keeps_the_answer_at_the_end(tiny, monkeypatch, events):
    mod, dist = fake_vllm(events)
    _install(monkeypatch, mod, dist)
    b = make_backend({"name": "vllm", "progress": False, "max_model_len": 40}, tiny)
    scores = b.score_choices(["hi", LONG], ["A", "B"], prefix="Answer: ")
    sent = [p["prompt_token_ids"] for p in mod.engines[0].calls[0][0]]
    assert max(len(s) for s in sent) == 39
    n_target = len(
        b.encoder.continuation_ids(b.encoder.render("hi"), b.encoder.encode(["hi"])[0], "Answer: A")
    )
    assert scores[0][0] == pytest.approx(-0.5 * n_target) and scores[1][0] == pytest.approx(scores[0][0])


# -- log-probabilities only ---------------------------------------------------------------------------
@pytest.mark.parametrize("mode", ["raw_logits", "processed_logits", "logits"])
def test_logprobs_mode_other_than_logprobs_is_refused(tiny, monkeypatch, events, mode):
    _install(monkeypatch, *fake_vllm(events))
    with pytest.raises(SwapexpError) as e:
        make_backend({"name": "vllm", "engine_kwargs": {"logprobs_mode": mode}}, tiny)
    assert "logprobs_mode" in str(e.value) and "raw_logprobs" in str(e.value) and "\n" not in str(e.value)
    for ok in ("raw_logprobs", "processed_logprobs"):
        make_backend({"name": "vllm", "engine_kwargs": {"logprobs_mode": ok}}, tiny)


# -- the same decoding settings in both backends ------------------------------------------------------
@pytest.fixture(scope="module")
def opinionated(tmp_path_factory) -> Path:
    """A model whose generation_config.json asks for sampling, top-k and a repetition penalty."""
    path = make_tiny_lm(tmp_path_factory.mktemp("genconfig") / "model")
    gen = json.loads((path / "generation_config.json").read_text())
    gen.update(
        do_sample=True,
        temperature=0.6,
        top_p=0.7,
        top_k=5,
        repetition_penalty=1.3,
        no_repeat_ngram_size=2,
        min_p=0.1,
    )
    (path / "generation_config.json").write_text(json.dumps(gen))
    return path


def _hf_effective(backend: HFBackend, decoding: DecodingConfig) -> dict:
    """What model.generate really uses: our config with every unset field filled as transformers fills it."""
    gen, _ = backend._generation_config(decoding)
    eff, _ = backend.model._prepare_generation_config(gen)
    eos = eff.eos_token_id if isinstance(eff.eos_token_id, list) else [eff.eos_token_id]
    out = {
        "max_new_tokens": eff.max_new_tokens,
        "stop_token_ids": sorted(eos),
        "repetition_penalty": eff.repetition_penalty,
        "no_repeat_ngram_size": eff.no_repeat_ngram_size or 0,
        "greedy": not eff.do_sample,
    }
    if eff.do_sample:
        out.update(temperature=eff.temperature, top_p=eff.top_p, top_k=eff.top_k or None, min_p=eff.min_p)
    return out


def _vllm_effective(kw: dict) -> dict:
    """The same fields from SamplingParams(**kw) (vLLM defaults for what is not passed)."""
    out = {
        "max_new_tokens": kw["max_tokens"],
        "stop_token_ids": sorted(kw["stop_token_ids"]),
        "repetition_penalty": kw.get("repetition_penalty", 1.0),
        "no_repeat_ngram_size": 0,  # vLLM has no such setting
        "greedy": kw["temperature"] == 0.0,
    }
    if kw["temperature"] > 0:
        out.update(
            temperature=kw["temperature"],
            top_p=kw["top_p"],
            top_k=kw.get("top_k") or None,
            min_p=kw.get("min_p"),
        )
    return out


@pytest.mark.parametrize(
    "decoding",
    [DecodingConfig(max_new_tokens=5), DecodingConfig(max_new_tokens=7, temperature=0.8, top_p=0.9, seed=3)],
    ids=["greedy", "sampling"],
)
def test_both_backends_apply_the_same_settings(opinionated, monkeypatch, events, decoding):
    mod, dist = fake_vllm(events)
    _install(monkeypatch, mod, dist)
    hf = HFBackend(opinionated, device="cpu", progress=False)
    vllm = make_backend({"name": "vllm", "progress": False}, opinionated)
    vllm.generate(["hi"], decoding)
    assert _hf_effective(hf, decoding) == _vllm_effective(mod.params[-1])
    assert (
        _hf_effective(hf, decoding)["repetition_penalty"] == 1.0
    )  # generation_config.json's 1.3 is not applied


def test_hf_greedy_is_argmax_whatever_generation_config_says(opinionated):
    """Greedy decoding equals a hand-written argmax loop, though generation_config.json asks for a
    repetition penalty, n-gram blocking and sampling."""
    hf = HFBackend(opinionated, device="cpu", progress=False)
    prompt = "How do I make a cake? Mix flour, sugar and eggs."
    out = hf.generate([prompt], DecodingConfig(max_new_tokens=8))[0]
    ids = hf.encoder.encode([prompt])[0]
    eos = set(hf._generation_config(DecodingConfig())[1])
    new = []
    with torch.no_grad():
        for _ in range(8):
            logits = hf.model(torch.tensor([ids + new])).logits[0, -1]
            tok = int(logits.argmax())
            new.append(tok)
            if tok in eos:
                break
    assert out == hf.tokenizer.decode(new, skip_special_tokens=True)
