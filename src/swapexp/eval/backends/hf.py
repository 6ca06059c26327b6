"""``backend=hf``: batched generation with transformers (CPU or GPU).

Prompts are chat-templated, tokenized, sorted by length (longest first, so a batch that does not fit
in memory fails at once and padding is minimal), left-padded into batches of ``batch_size`` and
decoded with ``model.generate`` (greedy unless ``temperature > 0``), stopping at EOS; the completions
come back in input order. The model is loaded on first use, so a run whose generations are all cached
never loads it.
"""

from __future__ import annotations

import copy
import logging
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from swapexp.errors import SwapexpError
from swapexp.eval.backends.base import Backend, Conversation, DecodingConfig
from swapexp.eval.backends.prompts import PromptEncoder, eos_token_ids, load_tokenizer, plan_scoring
from swapexp.runtime import release_memory, resolve_device, resolve_dtype, torch_threads

log = logging.getLogger(__name__)


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
    ):
        if int(batch_size) < 1:
            raise SwapexpError(f"backend.batch_size must be >= 1, got {batch_size}")
        self.model_dir = Path(model_dir)
        self.batch_size = int(batch_size)
        self.device = resolve_device(device, "backend.device")
        self.dtype = resolve_dtype(dtype, self.device, "backend.dtype")
        self.use_chat_template = bool(chat_template)
        self.attn_implementation = attn_implementation
        self.progress = bool(progress)
        if num_threads is not None and int(num_threads) < 1:
            raise SwapexpError(f"backend.num_threads must be >= 1 or null, got {num_threads}")
        #: torch threads while this backend computes (restored afterwards); None = torch's setting
        self.num_threads = None if num_threads is None else int(num_threads)
        self._model = None
        self._encoder: PromptEncoder | None = None
        #: counters for benchmarks and tests: prompts generated, batches run, new tokens (up to EOS)
        self.stats = {"prompts": 0, "batches": 0, "generated_tokens": 0, "scored": 0, "forward_passes": 0}

    # -- loading -------------------------------------------------------------------------------
    def fingerprint(self) -> dict[str, Any]:
        return {
            "backend": self.name,
            "dtype": str(self.dtype).removeprefix("torch."),
            "chat_template": self.use_chat_template,
        }

    @property
    def encoder(self) -> PromptEncoder:
        if self._encoder is None:
            self._encoder = PromptEncoder(load_tokenizer(self.model_dir), self.use_chat_template)
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
            self._model = model
        return self._model

    def close(self) -> None:
        if self._model is not None:
            self._model = None
            release_memory()

    # -- batching --------------------------------------------------------------------------------
    def _batches(self, lengths: Sequence[int]) -> list[list[int]]:
        """Indices sorted by length, longest first, cut into batches."""
        order = sorted(range(len(lengths)), key=lambda i: (-lengths[i], i))
        return [order[k : k + self.batch_size] for k in range(0, len(order), self.batch_size)]

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
        gen = copy.deepcopy(self.model.generation_config)
        eos = eos_token_ids(self.tokenizer, gen)
        common = dict(
            max_new_tokens=int(decoding.max_new_tokens),
            eos_token_id=eos,
            pad_token_id=self.tokenizer.pad_token_id,
            num_return_sequences=1,
            max_length=None,
        )
        if decoding.greedy:
            gen.update(do_sample=False, temperature=None, top_p=None, top_k=None, min_p=None, **common)
        else:
            gen.update(
                do_sample=True,
                temperature=float(decoding.temperature),
                top_p=float(decoding.top_p),
                top_k=None,
                min_p=None,
                **common,
            )
        return gen, set(eos)

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
