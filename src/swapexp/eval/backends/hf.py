"""``backend=hf``: batched generation with transformers (CPU or GPU).

Prompts are chat-templated, tokenized, sorted by length (longest first, so a batch that does not fit
in memory fails at once and padding is minimal), left-padded into batches of ``batch_size`` and
decoded with ``model.generate`` (greedy unless ``temperature > 0``), stopping at EOS; the completions
come back in input order. The decoding settings are swapexp's only (:func:`.prompts.decoding_settings`,
the same as ``backend=vllm``): the model's ``generation_config.json`` contributes its EOS ids, nothing
else. The model is loaded on first use, so a run whose generations are all cached
never loads it.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from swapexp.errors import SwapexpError
from swapexp.eval.backends.base import (
    DEFAULT_LL_WINDOW,
    Backend,
    Conversation,
    DecodingConfig,
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
from swapexp.runtime import library_versions, release_memory, resolve_device, resolve_dtype, torch_threads

log = logging.getLogger(__name__)

#: at most this many logits (batch rows x positions x vocabulary) per forward pass of
#: :meth:`HFBackend.loglikelihood` (1 GiB in float32), so a large vocabulary (Gemma 3: 262k) takes
#: fewer rows per batch instead of running out of memory; one window always fits
LOGITS_PER_BATCH = 2**28


def neutral_generation_config(loaded: Any):
    """A ``GenerationConfig`` with only the special token ids of ``loaded`` (every setting at
    transformers' neutral default), so ``generate`` takes no decoding setting from the model."""
    from transformers import GenerationConfig

    keep = ("bos_token_id", "eos_token_id", "pad_token_id", "decoder_start_token_id")
    return GenerationConfig(
        **{k: getattr(loaded, k, None) for k in keep if getattr(loaded, k, None) is not None}
    )


class HFBackend(Backend):
    name = "hf"

    def __init__(
        self,
        model_dir: Path,
        batch_size: int = 8,
        device: str = "auto",
        dtype: str = "auto",
        chat_template: bool = True,
        attn_implementation: str | None = None,
        progress: bool = True,
        num_threads: int | None = None,
        chat_format: ChatFormat | None = None,
    ):
        if int(batch_size) < 1:
            raise SwapexpError(f"backend.batch_size must be >= 1, got {batch_size}")
        self.model_dir = Path(model_dir)
        self.batch_size = int(batch_size)
        self.device = resolve_device(device, "backend.device")
        self.dtype = resolve_dtype(dtype, self.device, "backend.dtype")
        self.use_chat_template = bool(chat_template)
        self.chat_format = chat_format or ChatFormat()
        self.attn_implementation = attn_implementation
        self.progress = bool(progress)
        if num_threads is not None and int(num_threads) < 1:
            raise SwapexpError(f"backend.num_threads must be >= 1 or null, got {num_threads}")
        #: torch threads while this backend computes (restored afterwards); None = torch's setting
        self.num_threads = None if num_threads is None else int(num_threads)
        self._model = None
        self._encoder: PromptEncoder | None = None
        #: counters for benchmarks and tests: prompts generated, batches run, new tokens (up to EOS)
        self.stats = {
            "prompts": 0,
            "batches": 0,
            "generated_tokens": 0,
            "scored": 0,
            "forward_passes": 0,
            "ll_texts": 0,
            "ll_tokens": 0,
        }

    # -- loading -------------------------------------------------------------------------------
    def fingerprint(self) -> dict[str, Any]:
        """What changes an output: dtype, prompt building, attention kernel, torch/transformers versions
        (not batch size, device or threads: see the README's generation cache)."""
        return {
            "backend": self.name,
            "dtype": str(self.dtype).removeprefix("torch."),
            "chat_template": self.use_chat_template,
            "add_generation_prompt": self.chat_format.add_generation_prompt,
            "attn_implementation": self.attn_implementation,
            "versions": library_versions("torch", "transformers"),
        }

    @property
    def encoder(self) -> PromptEncoder:
        if self._encoder is None:
            self._encoder = PromptEncoder(
                load_tokenizer(self.model_dir), self.use_chat_template, self.chat_format
            )
        return self._encoder

    @property
    def tokenizer(self):
        return self.encoder.tokenizer

    @property
    def model(self):
        if self._model is None:
            from transformers import AutoModelForCausalLM

            log.info(
                "loading %s on %s (%s)", self.model_dir, self.device, str(self.dtype).removeprefix("torch.")
            )
            kwargs: dict[str, Any] = {"dtype": self.dtype, "device_map": self.device}
            if self.attn_implementation:
                kwargs["attn_implementation"] = self.attn_implementation
            try:
                model = AutoModelForCausalLM.from_pretrained(str(self.model_dir), **kwargs)
            except OSError as e:
                raise SwapexpError(
                    f"cannot load a causal LM from {self.model_dir}: {e}".splitlines()[0]
                ) from None
            model.eval()
            # decode with swapexp's settings only: keep the model's EOS ids, drop the rest of its
            # generation_config.json (repetition_penalty, top_k, ...), as backend=vllm does
            model.generation_config = neutral_generation_config(model.generation_config)
            self._model = model
        return self._model

    def close(self) -> None:
        if self._model is not None:
            self._model = None
            release_memory()

    # -- batching --------------------------------------------------------------------------------
    def _batches(self, lengths: Sequence[int], max_tokens: int | None = None) -> list[list[int]]:
        """Indices sorted by length, longest first, cut into batches of at most ``batch_size`` rows
        and (when given) at most ``max_tokens`` padded tokens (a row longer than that is a batch alone)."""
        order = sorted(range(len(lengths)), key=lambda i: (-lengths[i], i))
        if max_tokens is None:
            return [order[k : k + self.batch_size] for k in range(0, len(order), self.batch_size)]
        batches: list[list[int]] = []
        for i in order:
            # the first row of a batch is its longest: the padded width
            if batches and len(batches[-1]) < self.batch_size:
                if (len(batches[-1]) + 1) * lengths[batches[-1][0]] <= max_tokens:
                    batches[-1].append(i)
                    continue
            batches.append([i])
        return batches

    def _pad(self, seqs: Sequence[Sequence[int]]):
        """Left-pad token id lists into (input_ids, attention_mask, position_ids) on the model's device."""
        import torch

        width = max(len(s) for s in seqs)
        pad = self.tokenizer.pad_token_id
        ids = torch.full((len(seqs), width), pad, dtype=torch.long)
        mask = torch.zeros((len(seqs), width), dtype=torch.long)
        for r, s in enumerate(seqs):
            if s:
                ids[r, width - len(s) :] = torch.tensor(list(s), dtype=torch.long)
                mask[r, width - len(s) :] = 1
        positions = (mask.cumsum(-1) - 1).clamp(min=0)
        dev = self.model.device
        return ids.to(dev), mask.to(dev), positions.to(dev)

    def _generation_config(self, decoding: DecodingConfig):
        """The ``GenerationConfig`` of :func:`decoding_settings`; the model's own generation config was
        replaced by a neutral one at load time, so ``generate`` fills nothing in from it."""
        from transformers import GenerationConfig

        s = decoding_settings(decoding, eos_token_ids(self.tokenizer, self.model.generation_config))
        gen = GenerationConfig(
            max_new_tokens=s["max_new_tokens"],
            max_length=None,
            eos_token_id=s["stop_token_ids"],
            pad_token_id=self.tokenizer.pad_token_id,
            num_return_sequences=1,
            do_sample=not s["greedy"],
            repetition_penalty=s["repetition_penalty"],
        )
        if not s["greedy"]:
            gen.update(temperature=s["temperature"], top_p=s["top_p"], top_k=0)  # top_k=0: no top-k
        return gen, set(s["stop_token_ids"])

    # -- generation ------------------------------------------------------------------------------
    def generate(
        self, conversations: Sequence[Conversation], decoding: DecodingConfig, desc: str = ""
    ) -> list[str]:
        out: list[str | None] = [None] * len(conversations)
        for idx, texts in self.generate_stream(conversations, decoding, desc):
            for i, t in zip(idx, texts, strict=True):
                out[i] = t
        return out  # type: ignore[return-value]

    def generate_stream(
        self, conversations: Sequence[Conversation], decoding: DecodingConfig, desc: str = ""
    ) -> Iterator[tuple[list[int], list[str]]]:
        if not conversations:
            return
        import torch
        from tqdm.auto import tqdm

        prompts = self.encoder.encode(conversations)
        model = self.model
        gen_cfg, eos = self._generation_config(decoding)
        if not decoding.greedy:
            torch.manual_seed(int(decoding.seed))
        batches = self._batches([len(p) for p in prompts])
        bar = tqdm(batches, desc=desc or "generate", unit="batch", disable=not self.progress, leave=False)
        with torch.inference_mode(), torch_threads(self.num_threads):
            for batch in bar:
                ids, mask, _ = self._pad([prompts[i] for i in batch])
                seqs = model.generate(input_ids=ids, attention_mask=mask, generation_config=gen_cfg)
                new = seqs[:, ids.shape[1] :].tolist()
                texts = []
                for row in new:
                    cut = next((k + 1 for k, t in enumerate(row) if t in eos), len(row))
                    self.stats["generated_tokens"] += cut
                    texts.append(self.tokenizer.decode(row[:cut], skip_special_tokens=True))
                self.stats["prompts"] += len(batch)
                self.stats["batches"] += 1
                yield list(batch), texts
        bar.close()

    # -- scoring ---------------------------------------------------------------------------------
    def score_choices(
        self, conversations: Sequence[Conversation], choices: Sequence[str], prefix: str = ""
    ) -> list[list[float]]:
        if not conversations:
            return []
        import torch
        from tqdm.auto import tqdm

        plan = plan_scoring(self.encoder, conversations, choices, prefix)
        scores = [[0.0] * len(choices) for _ in conversations]
        by_seq: dict[int, list] = {}
        for item in plan.items:
            if item.seq >= 0:
                by_seq.setdefault(item.seq, []).append(item)
        model = self.model
        batches = self._batches([len(s) for s in plan.sequences])
        bar = tqdm(batches, desc="score choices", unit="batch", disable=not self.progress, leave=False)
        with torch.inference_mode(), torch_threads(self.num_threads):
            for batch in bar:
                seqs = [plan.sequences[s] for s in batch]
                if any(not s for s in seqs):
                    raise SwapexpError(
                        "cannot score a choice after an empty prompt; enable backend.chat_template"
                    )
                keep = max(len(it.target) for s in batch for it in by_seq[s])
                ids, mask, pos = self._pad(seqs)
                logits = model(
                    input_ids=ids, attention_mask=mask, position_ids=pos, logits_to_keep=keep
                ).logits
                logp = torch.log_softmax(logits.float(), dim=-1)  # [B, keep, V]
                self.stats["forward_passes"] += 1
                for r, s in enumerate(batch):
                    for it in by_seq[s]:
                        n = len(it.target)
                        rows = logp[r, keep - n :, :]
                        tgt = torch.tensor(it.target, device=rows.device).unsqueeze(-1)
                        scores[it.conv][it.choice] = float(rows.gather(-1, tgt).sum())
        bar.close()
        self.stats["scored"] += len(conversations)
        return scores

    # -- log-likelihood of plain text ------------------------------------------------------------
    def _vocab_size(self) -> int:
        cfg = self.model.config
        text_cfg = cfg.get_text_config() if hasattr(cfg, "get_text_config") else cfg
        return int(getattr(text_cfg, "vocab_size", None) or len(self.tokenizer))

    def loglikelihood(
        self, texts: Sequence[str], max_length: int = DEFAULT_LL_WINDOW
    ) -> list[tuple[float, int]]:
        """Teacher forcing: each window (:func:`plan_loglikelihood`) runs once, batched (one forward
        pass per batch, left-padded, position ids from the attention mask), and the log-softmax of the
        logits at the window's positions is read at the next token."""
        if not texts:
            return []
        import torch
        from tqdm.auto import tqdm

        model = self.model
        limit = getattr(model.config, "max_position_embeddings", None)
        window = int(max_length) if not limit else min(int(max_length), int(limit) - 1)
        windows, counts = plan_loglikelihood(self.tokenizer, texts, window)
        totals = [0.0] * len(texts)
        fed = [w.ids[:-1] for w in windows]  # window w predicts w.ids[1:] from the tokens before each
        batches = self._batches([len(f) for f in fed], max(1, LOGITS_PER_BATCH // self._vocab_size()))
        bar = tqdm(batches, desc="log-likelihood", unit="batch", disable=not self.progress, leave=False)
        with torch.inference_mode(), torch_threads(self.num_threads):
            for batch in bar:
                ids, mask, pos = self._pad([fed[k] for k in batch])
                logits = model(input_ids=ids, attention_mask=mask, position_ids=pos).logits
                self.stats["forward_passes"] += 1
                width = ids.shape[1]
                for r, k in enumerate(batch):
                    w = windows[k]
                    n = w.n_predicted
                    logp = torch.log_softmax(logits[r, width - n :, :].float(), dim=-1)  # [n, V]
                    target = torch.tensor(w.ids[1:], device=logp.device).unsqueeze(-1)
                    totals[w.text] += float(logp.gather(-1, target).sum())
                del logits
        bar.close()
        self.stats["ll_texts"] += len(texts)
        self.stats["ll_tokens"] += sum(counts)
        return [(totals[i], counts[i]) for i in range(len(texts))]
