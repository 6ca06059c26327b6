"""Complete cache keys: every setting that changes an output is in the key (flip it: a miss), and
entries written under older key semantics are never served."""

from __future__ import annotations

import sys
import types
from pathlib import Path

import pytest

from swapexp.cache import hash_json
from swapexp.eval.backends import CachedBackend, ChatFormat, DecodingConfig, make_backend
from swapexp.eval.backends.cache import MODEL_FILES, GenerationStore
from tests.helpers.tiny_lm import make_tiny_lm

GREEDY = DecodingConfig(max_new_tokens=4)


@pytest.fixture(scope="module")
def tiny(tmp_path_factory) -> Path:
    return make_tiny_lm(tmp_path_factory.mktemp("keys") / "lm")


@pytest.fixture
def fake_vllm(monkeypatch):
    mod = types.ModuleType("vllm")
    mod.__version__ = "0.33.0"
    mod.LLM = object
    mod.SamplingParams = dict
    monkeypatch.setitem(sys.modules, "vllm", mod)
    return mod


def _cached(cfg: dict, tiny: Path, root: Path, chat_format: ChatFormat | None = None) -> CachedBackend:
    """A cached real backend whose generation is faked (reversed prompt): only the keys are real."""
    inner = make_backend(cfg, tiny, chat_format)

    def fake_stream(conversations, decoding, desc=""):
        yield list(range(len(conversations))), [str(c)[::-1] for c in conversations]

    inner.generate_stream = fake_stream
    inner.generate = lambda c, d, desc="": [t for _, ts in fake_stream(c, d) for t in ts]
    inner.score_choices = lambda convs, choices, prefix="": [[-1.0] * len(choices) for _ in convs]
    inner.loglikelihood = lambda texts, max_length=1024: [(-1.0 * len(t), len(t)) for t in texts]
    return CachedBackend(inner, tiny, root)


HF = {"name": "hf", "device": "cpu", "dtype": "float32", "progress": False}
VLLM = {"name": "vllm", "dtype": "bfloat16", "progress": False}


@pytest.mark.parametrize(
    "base, flipped",
    [
        (HF, {**HF, "dtype": "bfloat16"}),
        (HF, {**HF, "chat_template": False}),
        (HF, {**HF, "attn_implementation": "eager"}),
        (VLLM, {**VLLM, "dtype": "float16"}),
        (VLLM, {**VLLM, "chat_template": False}),
        (VLLM, {**VLLM, "engine_kwargs": {"quantization": "fp8"}}),
        (VLLM, {**VLLM, "engine_kwargs": {"kv_cache_dtype": "fp8"}}),
        (VLLM, {**VLLM, "engine_kwargs": {"enable_prefix_caching": True}}),  # every entry, whatever it does
        (VLLM, {**VLLM, "max_model_len": 256}),
        (VLLM, {**VLLM, "too_long": "skip"}),
        (HF, {**VLLM, "dtype": "float32"}),  # the engine itself
    ],
    ids=lambda v: ",".join(f"{k}={v[k]}" for k in sorted(v) if k != "progress"),
)
def test_flipping_a_backend_setting_is_a_miss(tiny, tmp_path, fake_vllm, base, flipped):
    first = _cached(base, tiny, tmp_path)
    first.generate(["hi", "ho"], GREEDY)
    again = _cached(base, tiny, tmp_path)
    again.generate(["hi", "ho"], GREEDY)
    assert (again.hits, again.misses) == (2, 0)
    other = _cached(flipped, tiny, tmp_path)
    other.generate(["hi", "ho"], GREEDY)
    assert (other.hits, other.misses) == (0, 2)
    # text log-likelihoods (perplexity) are keyed by the same backend settings
    _cached(base, tiny, tmp_path).loglikelihood(["hi"])
    again = _cached(base, tiny, tmp_path)
    again.loglikelihood(["hi"])
    assert again.misses == 0
    other = _cached(flipped, tiny, tmp_path)
    other.loglikelihood(["hi"])
    assert other.misses == 1


def test_guard_prompt_format_is_in_the_key(tiny, tmp_path):
    _cached(HF, tiny, tmp_path).generate(["hi"], GREEDY)
    guard = _cached(HF, tiny, tmp_path, ChatFormat(add_generation_prompt=False, required=True))
    guard.generate(["hi"], GREEDY)
    assert guard.misses == 1


@pytest.mark.parametrize("package", ["torch", "transformers", "vllm"])
def test_library_versions_are_in_the_key(tiny, tmp_path, fake_vllm, monkeypatch, package):
    import swapexp.runtime as runtime

    cfg = VLLM if package == "vllm" else HF
    _cached(cfg, tiny, tmp_path).generate(["hi"], GREEDY)
    real = runtime.library_version

    monkeypatch.setattr(runtime, "library_version", lambda name: "9.9.9" if name == package else real(name))
    b = _cached(cfg, tiny, tmp_path)
    b.generate(["hi"], GREEDY)
    assert b.misses == 1


def test_scores_keyed_by_prefix_and_choices(tiny, tmp_path):
    b = _cached(HF, tiny, tmp_path)
    b.score_choices(["q"], ["A", "B"], prefix="Answer: ")
    for choices, prefix in ((["A", "B"], ""), (["A", "C"], "Answer: "), (["B", "A"], "Answer: ")):
        c = _cached(HF, tiny, tmp_path)
        c.score_choices(["q"], choices, prefix=prefix)
        assert c.misses == 1, (choices, prefix)


def test_entries_of_the_previous_key_version_are_not_served(tiny, tmp_path):
    """An entry stored under the old key semantics (v1: backend name, dtype and chat_template only)
    must not be found by the new key, even for the same request."""
    from swapexp.cache import dir_hash

    model_hash = dir_hash(tiny, MODEL_FILES)
    old_request = {
        "v": 1,
        "kind": "generate",
        "model": model_hash,
        "backend": {"backend": "hf", "dtype": "float32", "chat_template": True},
        "messages": [{"role": "user", "content": "hi"}],
        "decoding": GREEDY.cache_key(),
    }
    store = GenerationStore(tmp_path / "generations" / f"{model_hash}.sqlite")
    store.put_many([(hash_json(old_request, 32), "generate", old_request, "stale bf16 answer")])
    store.close()
    b = _cached(HF, tiny, tmp_path)
    assert b.generate(["hi"], GREEDY) == ["ih"] and b.misses == 1


def test_edit_cache_key_covers_device_and_dtype(monkeypatch, tmp_path):
    from swapexp.edit.stage import edit_cache_key

    key = dict(params={"rank": 4}, input_hash="abc", calibration="def", shard_size="5GB")
    base = edit_cache_key(**key, device="cpu", dtype="auto")
    assert edit_cache_key(**key, device="cpu", dtype="float32") == base  # auto on CPU is float32
    assert edit_cache_key(**key, device="cpu", dtype="bfloat16") != base
    assert edit_cache_key(**key, device="cuda", dtype="float32") != base
    import swapexp.runtime as runtime

    real = runtime.library_version
    with monkeypatch.context() as m:  # another torch or transformers computes other activations
        for package in ("torch", "transformers"):
            m.setattr(
                runtime, "library_version", lambda name, p=package: "9.9.9" if name == p else real(name)
            )
            assert edit_cache_key(**key, device="cpu", dtype="auto") != base, package
    assert edit_cache_key(**key, device="cpu", dtype="auto") == base
    monkeypatch.setattr("torch.cuda.is_available", lambda: True)
    assert (
        edit_cache_key(**key, device="auto", dtype="auto") != base
    )  # on a GPU: the checkpoint's dtype, CUDA
