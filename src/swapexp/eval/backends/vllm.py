"""``backend=vllm``: generation with vLLM's offline engine (an optional extra, GPU machines).

Conversations are chat-templated and tokenized with the model's Hugging Face tokenizer (exactly as
``backend=hf`` does) and handed to ``LLM.generate`` as ``{"prompt_token_ids": ...}`` prompts with a
``SamplingParams`` built from the same decoding settings as ``backend=hf``
(:func:`.prompts.decoding_settings`: greedy or temperature/top-p, no repetition penalty, no top-k,
EOS ids from the tokenizer and ``generation_config.json``; nothing else is read from that file); vLLM
batches and schedules them itself and returns one ``RequestOutput`` per prompt, in order
(``.outputs[0].text``).

``score_choices`` runs each ``context + prefix + choice`` as its own prompt with
``SamplingParams(max_tokens=1, prompt_logprobs=1)`` and sums the returned prompt log-probs of the
choice tokens (``RequestOutput.prompt_logprobs[pos][token_id].logprob``). (vLLM computes prompt
log-probs for every position of every such prompt: requests that ask for prompt log-probs do not
reuse the prefix cache, so the shared context is recomputed per choice.) ``engine_kwargs`` may not
set ``logprobs_mode`` to logits: the sum would silently add logits. ``loglikelihood`` (perplexity)
sends each window of a text (:func:`.prompts.plan_loglikelihood`) as a prompt the same way and sums
the prompt log-probs of its predicted tokens; windows are at most ``max_model_len - 2`` tokens, so
no text is ever truncated.

A prompt of ``max_model_len`` tokens or more (vLLM would fail the whole batch) is handled per item
(``too_long``): ``truncate`` (default) keeps its last ``max_model_len - 1`` tokens, ``skip``
returns an empty completion for it; either way each such item is logged and counted
(``stats["too_long"]``, ``too_long_items``). Scoring always truncates from the left (the answer is
at the end).

vLLM is imported on first use only; the engine is built on first use too, so a fully cached rerun
never starts it. :meth:`VLLMBackend.close` shuts the engine down explicitly (``LLM.shutdown()`` where
vLLM has it, else ``llm_engine.engine_core.shutdown()``, which stops the engine-core process), then
tears down vLLM's distributed state and returns cached GPU memory, so the next engine (the guard
judge's) starts on a free GPU.
"""

from __future__ import annotations

import importlib.util
import logging
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from swapexp.errors import SwapexpError
from swapexp.eval.backends.base import (
    DEFAULT_LL_WINDOW,
    Backend,
    Conversation,
    DecodingConfig,
    release_memory,
)
from swapexp.eval.backends.prompts import (
    ChatFormat,
    PromptEncoder,
    decoding_settings,
    eos_token_ids,
    load_tokenizer,
    plan_loglikelihood,
    plan_scoring,
)
from swapexp.runtime import library_versions

log = logging.getLogger(__name__)

INSTALL_HINT = (
    "install with `pip install -e .[vllm]` (or `make install-vllm`) on a GPU machine, or use backend=hf"
)
DTYPES = ("auto", "float32", "bfloat16", "float16")
TOO_LONG = ("truncate", "skip")
#: vLLM logprobs modes that are log-probabilities (``*_logits`` are not)
LOGPROB_MODES = ("raw_logprobs", "processed_logprobs")
_REPORTED = 10  # items named in one too-long warning


def vllm_available() -> bool:
    if "vllm" in sys.modules:
        return sys.modules["vllm"] is not None
    try:
        return importlib.util.find_spec("vllm") is not None
    except (ImportError, ValueError):
        return False


def _import_vllm():
    try:
        import vllm
    except ImportError as e:
        raise SwapexpError(f"backend=vllm needs the vllm package ({e}); {INSTALL_HINT}") from None
    return vllm


def shutdown_engine(llm: Any) -> None:
    """Stop a ``vllm.LLM``'s engine now rather than when garbage collection reaches it.

    ``LLM.shutdown()`` where the installed vLLM has it; otherwise the engine core's own
    ``shutdown()`` (``llm.llm_engine.engine_core``: in vLLM's V1 engine a client that stops the
    engine-core process holding the weights and KV cache), which is what vLLM itself calls.
    """
    stop = getattr(llm, "shutdown", None)
    if callable(stop):
        stop()
        return
    core = getattr(getattr(llm, "llm_engine", None), "engine_core", None)
    stop = getattr(core, "shutdown", None)
    if callable(stop):
        stop()
    else:  # pragma: no cover - a vLLM without either entry point
        log.warning("this vLLM exposes no engine shutdown; its memory is freed by garbage collection only")


def _cleanup_distributed() -> None:
    """vLLM's own teardown of its (tensor-parallel) process groups, when this vLLM has it."""
    try:
        from vllm.distributed import cleanup_dist_env_and_memory
    except ImportError:
        return
    cleanup_dist_env_and_memory()


class VLLMBackend(Backend):
    name = "vllm"

    def __init__(
        self,
        model_dir: Path,
        dtype: str = "auto",
        tensor_parallel_size: int = 1,
        gpu_memory_utilization: float = 0.9,
        max_model_len: int | None = None,
        too_long: str = "truncate",
        seed: int = 0,
        enforce_eager: bool = False,
        chat_template: bool = True,
        progress: bool = True,
        engine_kwargs: dict[str, Any] | None = None,
        chat_format: ChatFormat | None = None,
    ):
        if not vllm_available():
            raise SwapexpError(f"backend=vllm but vLLM is not installed; {INSTALL_HINT}")
        if str(dtype) not in DTYPES:
            raise SwapexpError(f"backend.dtype must be one of {', '.join(DTYPES)}, got {dtype!r}")
        if int(tensor_parallel_size) < 1:
            raise SwapexpError(f"backend.tensor_parallel_size must be >= 1, got {tensor_parallel_size}")
        if not 0 < float(gpu_memory_utilization) <= 1:
            raise SwapexpError(
                f"backend.gpu_memory_utilization must be in (0, 1], got {gpu_memory_utilization}"
            )
        if max_model_len is not None and int(max_model_len) < 2:
            raise SwapexpError(
                f"backend.max_model_len must be >= 2 or null (the model's), got {max_model_len}"
            )
        if too_long not in TOO_LONG:
            raise SwapexpError(f"backend.too_long must be one of {', '.join(TOO_LONG)}, got {too_long!r}")
        engine_kwargs = dict(engine_kwargs or {})
        mode = engine_kwargs.get("logprobs_mode")
        if mode is not None and str(mode) not in LOGPROB_MODES:
            raise SwapexpError(
                f"backend.engine_kwargs.logprobs_mode={mode} makes vLLM return logits, and choice scores sum "
                f"log-probabilities; use {' or '.join(LOGPROB_MODES)} (vLLM's default is raw_logprobs) or drop it"
            )
        self.model_dir = Path(model_dir)
        self.dtype = str(dtype)
        self.use_chat_template = bool(chat_template)
        self.chat_format = chat_format or ChatFormat()
        self.progress = bool(progress)
        self.too_long = too_long
        self.engine_kwargs = engine_kwargs
        self.engine_args: dict[str, Any] = {
            "model": str(self.model_dir),
            "tokenizer": str(self.model_dir),
            "dtype": self.dtype,
            "tensor_parallel_size": int(tensor_parallel_size),
            "gpu_memory_utilization": float(gpu_memory_utilization),
            "seed": int(seed),
            "enforce_eager": bool(enforce_eager),
        }
        if max_model_len:
            self.engine_args["max_model_len"] = int(max_model_len)
        self.engine_args.update(engine_kwargs)
        self._llm = None
        self._encoder: PromptEncoder | None = None
        self._eos: list[int] | None = None
        self.stats = {"prompts": 0, "generated_tokens": 0, "scored": 0, "engine_calls": 0, "too_long": 0}
        #: one record per prompt that did not fit max_model_len: {kind, index, tokens, action}
        self.too_long_items: list[dict[str, Any]] = []

    def fingerprint(self) -> dict[str, Any]:
        """What changes an output: dtype, prompt building, the context cap and its policy, every
        ``engine_kwargs`` entry (quantization, KV-cache dtype, ...), torch/transformers/vLLM versions."""
        return {
            "backend": self.name,
            "dtype": self.dtype,
            "chat_template": self.use_chat_template,
            "add_generation_prompt": self.chat_format.add_generation_prompt,
            "max_model_len": self.engine_args.get("max_model_len"),
            "too_long": self.too_long,
            "engine_kwargs": self.engine_kwargs,
            "versions": library_versions("torch", "transformers", "vllm"),
        }

    @property
    def encoder(self) -> PromptEncoder:
        if self._encoder is None:
            self._encoder = PromptEncoder(
                load_tokenizer(self.model_dir), self.use_chat_template, self.chat_format
            )
        return self._encoder

    @property
    def llm(self):
        if self._llm is None:
            vllm = _import_vllm()
            log.info(
                "starting vLLM on %s (%s)",
                self.model_dir,
                ", ".join(f"{k}={v}" for k, v in self.engine_args.items() if k not in ("model", "tokenizer")),
            )
            self._llm = vllm.LLM(**self.engine_args)
        return self._llm

    def max_model_len(self) -> int | None:
        """The engine's context cap: ``backend.max_model_len``, else what vLLM derived from the model."""
        if self.engine_args.get("max_model_len"):
            return int(self.engine_args["max_model_len"])
        engine = getattr(self.llm, "llm_engine", None)
        cfg = getattr(engine, "model_config", None) or getattr(
            getattr(engine, "vllm_config", None), "model_config", None
        )
        value = getattr(cfg, "max_model_len", None)
        return int(value) if isinstance(value, int) and value > 1 else None

    def _fit(self, prompts: list[list[int]], kind: str, policy: str) -> list[list[int] | None]:
        """Each prompt as sent to the engine: unchanged, cut from the left, or None (skipped)."""
        limit = self.max_model_len()
        if limit is None:
            return list(prompts)
        keep = limit - 1  # room for at least one new token
        out: list[list[int] | None] = []
        found = []
        for i, ids in enumerate(prompts):
            if len(ids) < limit:
                out.append(ids)
                continue
            action = "skipped" if policy == "skip" else f"truncated to its last {keep} tokens"
            found.append({"kind": kind, "index": i, "tokens": len(ids), "action": action})
            out.append(None if policy == "skip" else ids[-keep:])
        if found:
            self.stats["too_long"] += len(found)
            self.too_long_items.extend(found)
            named = ", ".join(f"#{f['index']} ({f['tokens']} tokens)" for f in found[:_REPORTED])
            more = f" and {len(found) - _REPORTED} more" if len(found) > _REPORTED else ""
            log.warning(
                "%s: %d of %d prompts reach max_model_len=%d and were %s: %s%s",
                kind,
                len(found),
                len(prompts),
                limit,
                "skipped (empty completion)" if policy == "skip" else "cut from the left",
                named,
                more,
            )
        return out

    def _eos_ids(self) -> list[int]:
        if self._eos is None:
            gen_cfg = None
            try:
                from transformers import GenerationConfig

                gen_cfg = GenerationConfig.from_pretrained(str(self.model_dir))
            except (OSError, ValueError):
                pass
            self._eos = eos_token_ids(self.encoder.tokenizer, gen_cfg)
        return self._eos

    def sampling_params(self, decoding: DecodingConfig):
        """``SamplingParams`` of :func:`decoding_settings` (the same settings ``backend=hf`` applies)."""
        vllm = _import_vllm()
        s = decoding_settings(decoding, self._eos_ids())
        kw: dict[str, Any] = {
            "n": 1,
            "max_tokens": s["max_new_tokens"],
            "stop_token_ids": s["stop_token_ids"],
            "repetition_penalty": s["repetition_penalty"],
            "skip_special_tokens": True,
        }
        if s["greedy"]:
            kw.update(temperature=0.0, top_p=1.0)
        else:
            kw.update(temperature=s["temperature"], top_p=s["top_p"], seed=s["seed"])
        return vllm.SamplingParams(**kw)

    def generate(
        self, conversations: Sequence[Conversation], decoding: DecodingConfig, desc: str = ""
    ) -> list[str]:
        if not conversations:
            return []
        fitted = self._fit(self.encoder.encode(conversations), desc or "generate", self.too_long)
        sent = [i for i, ids in enumerate(fitted) if ids is not None]
        texts = [""] * len(fitted)
        if desc:
            log.info("%s: generating %d completions with vLLM", desc, len(sent))
        if sent:
            prompts = [{"prompt_token_ids": fitted[i]} for i in sent]
            outputs = self.llm.generate(prompts, self.sampling_params(decoding), use_tqdm=self.progress)
            self.stats["engine_calls"] += 1
            if len(outputs) != len(prompts):
                raise RuntimeError(f"vLLM returned {len(outputs)} outputs for {len(prompts)} prompts")
            for i, o in zip(sent, outputs, strict=True):
                completion = o.outputs[0]
                self.stats["generated_tokens"] += len(getattr(completion, "token_ids", None) or [])
                texts[i] = completion.text
        self.stats["prompts"] += len(sent)
        return texts

    def score_choices(
        self, conversations: Sequence[Conversation], choices: Sequence[str], prefix: str = ""
    ) -> list[list[float]]:
        if not conversations:
            return []
        vllm = _import_vllm()
        plan = plan_scoring(self.encoder, conversations, choices, prefix)
        scores = [[0.0] * len(choices) for _ in conversations]
        todo = [k for k, it in enumerate(plan.items) if it.target]
        if todo:
            params = vllm.SamplingParams(n=1, max_tokens=1, temperature=0.0, prompt_logprobs=1)
            fitted = self._fit([plan.full[k] for k in todo], "score choices", "truncate")
            prompts = [{"prompt_token_ids": ids} for ids in fitted]
            outputs = self.llm.generate(prompts, params, use_tqdm=self.progress)
            self.stats["engine_calls"] += 1
            for k, ids, out in zip(todo, fitted, outputs, strict=True):
                item = plan.items[k]
                start = plan.context_len[k] - (len(plan.full[k]) - len(ids))  # where the choice starts now
                if plan.context_len[k] == 0 or start < 1:
                    raise SwapexpError(
                        "cannot score a choice after an empty prompt; enable backend.chat_template"
                        if plan.context_len[k] == 0
                        else f"a choice alone is longer than max_model_len={self.max_model_len()}; raise it"
                    )
                lps = out.prompt_logprobs
                total = 0.0
                for pos, tok in enumerate(item.target, start=start):
                    total += float(lps[pos][tok].logprob)
                scores[item.conv][item.choice] = total
        self.stats["scored"] += len(conversations)
        return scores

    def loglikelihood(
        self, texts: Sequence[str], max_length: int = DEFAULT_LL_WINDOW
    ) -> list[tuple[float, int]]:
        if not texts:
            return []
        vllm = _import_vllm()
        limit = self.max_model_len()
        window = int(max_length) if limit is None else max(1, min(int(max_length), limit - 2))
        windows, counts = plan_loglikelihood(self.encoder.tokenizer, texts, window)
        totals = [0.0] * len(texts)
        if windows:
            params = vllm.SamplingParams(n=1, max_tokens=1, temperature=0.0, prompt_logprobs=1)
            prompts = [{"prompt_token_ids": w.ids} for w in windows]
            outputs = self.llm.generate(prompts, params, use_tqdm=self.progress)
            self.stats["engine_calls"] += 1
            if len(outputs) != len(prompts):
                raise RuntimeError(f"vLLM returned {len(outputs)} outputs for {len(prompts)} prompts")
            for w, out in zip(windows, outputs, strict=True):
                lps = out.prompt_logprobs  # [None, {token: Logprob}, ...]: position 0 has no context
                totals[w.text] += sum(float(lps[pos][tok].logprob) for pos, tok in enumerate(w.ids) if pos)
        self.stats["scored"] += len(texts)
        return [(totals[i], counts[i]) for i in range(len(texts))]

    def close(self) -> None:
        """Shut the engine down (engine core first), then free vLLM's distributed state and GPU memory."""
        if self._llm is None:
            return
        llm, self._llm = self._llm, None
        try:
            shutdown_engine(llm)
        finally:
            del llm
            _cleanup_distributed()
            release_memory()
