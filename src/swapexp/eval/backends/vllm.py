"""``backend=vllm``: generation with vLLM's offline engine (an optional extra, GPU machines).

Conversations are chat-templated and tokenized with the model's Hugging Face tokenizer (exactly as
``backend=hf`` does) and handed to ``LLM.generate`` as ``{"prompt_token_ids": ...}`` prompts with a
``SamplingParams(temperature, top_p, max_tokens, seed)``; vLLM batches and schedules them itself and
returns one ``RequestOutput`` per prompt, in order (``.outputs[0].text``).

``score_choices`` runs each ``context + prefix + choice`` as a prompt with
``SamplingParams(max_tokens=1, prompt_logprobs=1)`` and sums the returned prompt log-probs of the
choice tokens (``RequestOutput.prompt_logprobs[pos][token_id].logprob``); vLLM's prefix cache shares
the context between the choices.

vLLM is imported on first use only; the engine is built on first use too, so a fully cached rerun
never starts it.
"""

from __future__ import annotations

import importlib.util
import logging
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from swapexp.errors import SwapexpError
from swapexp.eval.backends.base import Backend, Conversation, DecodingConfig, release_memory
from swapexp.eval.backends.prompts import (
    ChatFormat,
    PromptEncoder,
    eos_token_ids,
    load_tokenizer,
    plan_scoring,
)

log = logging.getLogger(__name__)

INSTALL_HINT = (
    "install with `pip install -e .[vllm]` (or `make install-vllm`) on a GPU machine, or use backend=hf"
)
DTYPES = ("auto", "float32", "bfloat16", "float16")


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


class VLLMBackend(Backend):
    name = "vllm"

    def __init__(
        self,
        model_dir: Path,
        dtype: str = "auto",
        tensor_parallel_size: int = 1,
        gpu_memory_utilization: float = 0.9,
        max_model_len: int | None = None,
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
        self.model_dir = Path(model_dir)
        self.dtype = str(dtype)
        self.use_chat_template = bool(chat_template)
        self.chat_format = chat_format or ChatFormat()
        self.progress = bool(progress)
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
        self.engine_args.update(dict(engine_kwargs or {}))
        self._llm = None
        self._encoder: PromptEncoder | None = None
        self._eos: list[int] | None = None
        self.stats = {"prompts": 0, "generated_tokens": 0, "scored": 0, "engine_calls": 0}

    def fingerprint(self) -> dict[str, Any]:
        return {"backend": self.name, "dtype": self.dtype, "chat_template": self.use_chat_template}

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
        vllm = _import_vllm()
        if decoding.greedy:
            kw: dict[str, Any] = {"temperature": 0.0, "top_p": 1.0}
        else:
            kw = {
                "temperature": float(decoding.temperature),
                "top_p": float(decoding.top_p),
                "seed": int(decoding.seed),
            }
        return vllm.SamplingParams(
            n=1,
            max_tokens=int(decoding.max_new_tokens),
            stop_token_ids=self._eos_ids(),
            skip_special_tokens=True,
            **kw,
        )

    def generate(
        self, conversations: Sequence[Conversation], decoding: DecodingConfig, desc: str = ""
    ) -> list[str]:
        if not conversations:
            return []
        prompts = [{"prompt_token_ids": ids} for ids in self.encoder.encode(conversations)]
        if desc:
            log.info("%s: generating %d completions with vLLM", desc, len(prompts))
        outputs = self.llm.generate(prompts, self.sampling_params(decoding), use_tqdm=self.progress)
        self.stats["engine_calls"] += 1
        if len(outputs) != len(prompts):
            raise RuntimeError(f"vLLM returned {len(outputs)} outputs for {len(prompts)} prompts")
        texts = []
        for o in outputs:
            completion = o.outputs[0]
            self.stats["generated_tokens"] += len(getattr(completion, "token_ids", None) or [])
            texts.append(completion.text)
        self.stats["prompts"] += len(prompts)
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
            prompts = [{"prompt_token_ids": plan.full[k]} for k in todo]
            outputs = self.llm.generate(prompts, params, use_tqdm=self.progress)
            self.stats["engine_calls"] += 1
            for k, out in zip(todo, outputs, strict=True):
                item, start = plan.items[k], plan.context_len[k]
                if start == 0:
                    raise SwapexpError(
                        "cannot score a choice after an empty prompt; enable backend.chat_template"
                    )
                lps = out.prompt_logprobs
                total = 0.0
                for pos, tok in enumerate(item.target, start=start):
                    total += float(lps[pos][tok].logprob)
                scores[item.conv][item.choice] = total
        self.stats["scored"] += len(conversations)
        return scores

    def close(self) -> None:
        if self._llm is not None:
            self._llm = None
            release_memory()
