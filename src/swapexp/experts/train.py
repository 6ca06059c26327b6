"""Full-parameter supervised fine-tuning of a causal LM on chat-formatted pairs, on CPU.

A small torch loop rather than ``transformers.Trainer``: the demo experts take a
few dozen optimiser steps on a 135M model, where Trainer's set-up and per-step
overhead (accelerate, callbacks, logging) is a visible share of the run and its
extra knobs add nothing. The pieces follow transformers' conventions:

- every example is the tokenizer's chat template applied to
  ``[{"role": "user", "content": prompt}, {"role": "assistant", "content": response}]``;
  the tokens of the prompt part (the template applied to the user turn with
  ``add_generation_prompt=True``) get the label -100, so the loss covers the
  response and its end-of-turn token only;
- examples are tokenised with :mod:`datasets` (``Dataset.from_list(...).map``),
  padded on the right per micro-batch;
- AdamW, gradient clipping, ``transformers.get_scheduler`` (warm-up then decay),
  gradient accumulation, float32 weights, a fixed seed; a tqdm bar shows the loss;
- logits are computed only from the first supervised position on
  (``logits_to_keep``), which skips the LM head over the chat preamble.
"""

from __future__ import annotations

import logging
import math
import random
import time
from dataclasses import asdict, dataclass
from pathlib import Path

import torch
import torch.nn.functional as F

from swapexp.errors import SwapexpError

log = logging.getLogger(__name__)

IGNORE = -100
#: experts.optimizer values
OPTIMIZERS = ("adamw", "sgd")


@dataclass
class TrainSettings:
    """Optimisation settings of one expert (``conf/experts/default.yaml`` documents each; the defaults
    are the yaml's, which a test keeps equal)."""

    steps: int = 40
    learning_rate: float = 0.02
    batch_size: int = 4
    grad_accum: int = 1
    max_length: int = 160
    warmup_steps: int = 4
    weight_decay: float = 0.0
    lr_scheduler: str = "cosine"
    max_grad_norm: float = 1.0
    optimizer: str = "sgd"
    momentum: float = 0.9
    freeze_embeddings: bool = False
    seed: int = 0

    def validate(self) -> None:
        for key in ("steps", "batch_size", "grad_accum", "max_length"):
            if int(getattr(self, key)) < 1:
                raise SwapexpError(f"experts.{key} must be a positive integer, got {getattr(self, key)}")
        if not self.learning_rate > 0:
            raise SwapexpError(f"experts.learning_rate must be positive, got {self.learning_rate}")
        from transformers import SchedulerType

        names = [t.value for t in SchedulerType]
        if self.lr_scheduler not in names:
            raise SwapexpError(
                f"experts.lr_scheduler={self.lr_scheduler!r} is unknown; choose one of: {', '.join(names)}"
            )
        if self.warmup_steps < 0 or self.weight_decay < 0 or self.max_grad_norm < 0:
            raise SwapexpError("experts.warmup_steps, weight_decay and max_grad_norm must be >= 0")
        if self.optimizer not in OPTIMIZERS:
            raise SwapexpError(
                f"experts.optimizer={self.optimizer!r} is unknown; choose one of: {', '.join(OPTIMIZERS)}"
            )
        if not 0.0 <= self.momentum < 1.0:
            raise SwapexpError(f"experts.momentum must be in [0, 1), got {self.momentum}")

    def as_dict(self) -> dict:
        return asdict(self)


def chat_ids(tokenizer, messages: list[dict], add_generation_prompt: bool = False) -> list[int]:
    """Token ids of ``messages`` under the tokenizer's chat template."""
    if not getattr(tokenizer, "chat_template", None):
        raise SwapexpError(
            "the base model's tokenizer has no chat template; demo experts need an instruct model"
        )
    out = tokenizer.apply_chat_template(messages, add_generation_prompt=add_generation_prompt, tokenize=True)
    if hasattr(out, "keys"):  # transformers 5 returns a BatchEncoding
        out = out["input_ids"]
    return list(out)


def encode_pair(tokenizer, prompt: str, response: str, max_length: int) -> dict:
    """input_ids and labels (prompt masked with -100), truncated to ``max_length`` tokens."""
    user = [{"role": "user", "content": prompt}]
    prompt_ids = chat_ids(tokenizer, user, add_generation_prompt=True)
    full = chat_ids(tokenizer, user + [{"role": "assistant", "content": response}])
    if full[: len(prompt_ids)] != prompt_ids:
        raise SwapexpError(
            "the chat template does not render the prompt as a prefix of prompt + response; "
            "response-only loss cannot be computed for this tokenizer"
        )
    full = full[:max_length]
    labels = [IGNORE] * min(len(prompt_ids), len(full)) + full[len(prompt_ids) :]
    return {"input_ids": full, "labels": labels, "n_target": sum(t != IGNORE for t in labels)}


def encode_rows(tokenizer, rows: list[dict], max_length: int):
    """A :class:`datasets.Dataset` of encoded rows; rows whose response is cut away entirely are dropped."""
    import datasets

    bars_were_on = datasets.is_progress_bar_enabled()
    datasets.disable_progress_bars()  # a few hundred short rows: the bars are noise
    try:
        ds = datasets.Dataset.from_list([{"prompt": r["prompt"], "response": r["response"]} for r in rows])
        ds = ds.map(
            lambda r: encode_pair(tokenizer, r["prompt"], r["response"], max_length),
            remove_columns=["prompt", "response"],
        )
        kept = ds.filter(lambda r: r["n_target"] > 0)
    finally:
        if bars_were_on:
            datasets.enable_progress_bars()
    if len(kept) < len(ds):
        log.warning(
            "%d of %d examples have no response tokens within max_length=%d and are skipped",
            len(ds) - len(kept),
            len(ds),
            max_length,
        )
    return kept


class MixStream:
    """An endless, seeded stream of (source, index) drawn by source weight.

    Each source is walked through in a fresh random order per pass (epochs), so
    every example is seen once before any is repeated.
    """

    def __init__(self, sizes: list[int], weights: list[float], seed: int):
        if len(sizes) != len(weights) or not sizes or any(s < 1 for s in sizes):
            raise ValueError("MixStream needs one positive size per weight")
        total = float(sum(weights))
        if total <= 0 or any(w < 0 for w in weights):
            raise SwapexpError(f"data mix weights must be >= 0 and not all 0, got {weights}")
        self.weights = [w / total for w in weights]
        self.sizes = sizes
        self.rng = random.Random(seed)
        self.orders: list[list[int]] = [[] for _ in sizes]

    def __next__(self) -> tuple[int, int]:
        src = self.rng.choices(range(len(self.sizes)), weights=self.weights)[0] if len(self.sizes) > 1 else 0
        if not self.orders[src]:
            order = list(range(self.sizes[src]))
            self.rng.shuffle(order)
            self.orders[src] = order
        return src, self.orders[src].pop()

    def __iter__(self):
        return self


def collate(examples: list[dict], pad_id: int) -> dict[str, torch.Tensor]:
    width = max(len(e["input_ids"]) for e in examples)
    ids = torch.full((len(examples), width), pad_id, dtype=torch.long)
    labels = torch.full((len(examples), width), IGNORE, dtype=torch.long)
    mask = torch.zeros((len(examples), width), dtype=torch.long)
    for i, e in enumerate(examples):
        n = len(e["input_ids"])
        ids[i, :n] = torch.tensor(e["input_ids"])
        labels[i, :n] = torch.tensor(e["labels"])
        mask[i, :n] = 1
    return {"input_ids": ids, "attention_mask": mask, "labels": labels}


def response_nll(model, batch: dict[str, torch.Tensor]) -> tuple[torch.Tensor, int]:
    """(sum of token negative log-likelihoods over the supervised tokens, their count).

    The LM head runs on the supervised positions only (not on the prompt or the padding): with a
    large vocabulary (Gemma's 262k tokens) the head is most of a step's work.
    """
    ids, mask, labels = batch["input_ids"], batch["attention_mask"], batch["labels"]
    supervised = labels[:, 1:] != IGNORE  # position t predicts token t + 1
    n = int(supervised.sum())
    if n == 0:
        return torch.zeros((), requires_grad=model.training), 0
    hidden = model.get_decoder()(input_ids=ids, attention_mask=mask, use_cache=False).last_hidden_state
    logits = model.get_output_embeddings()(hidden[:, :-1][supervised]).float()
    cap = getattr(model.config, "final_logit_softcapping", None)
    if cap:  # as the model's own forward does (Gemma 2)
        logits = torch.tanh(logits / cap) * cap
    loss = F.cross_entropy(logits, labels[:, 1:][supervised], reduction="sum")
    return loss, n


def load_for_training(base_dir: Path):
    """(model in float32 and train mode, tokenizer, the checkpoint's own dtype)."""
    from transformers import AutoModelForCausalLM, AutoTokenizer

    tokenizer = AutoTokenizer.from_pretrained(base_dir)
    model = AutoModelForCausalLM.from_pretrained(base_dir, dtype="auto")
    base_dtype = model.dtype
    model = model.float()
    model.train()
    return model, tokenizer, base_dtype


def train_causal_lm(
    base_dir: Path,
    out_dir: Path,
    sources: list[tuple[str, list[dict], float]],
    settings: TrainSettings,
    desc: str = "sft",
    progress: bool = True,
) -> dict:
    """Fine-tune ``base_dir`` on the weighted mix of ``sources`` and save the result in ``out_dir``.

    ``sources`` is ``[(name, rows, weight), ...]``. The checkpoint is saved with
    ``save_pretrained`` in the base's dtype (tied embeddings stay tied, so tensor
    names and shapes equal the base's) together with the tokenizer. Returns
    training statistics (losses per step, tokens, seconds).
    """
    from tqdm.auto import tqdm
    from transformers import get_scheduler

    settings.validate()
    torch.manual_seed(settings.seed)
    random.seed(settings.seed)
    t0, c0 = time.perf_counter(), time.process_time()
    model, tokenizer, base_dtype = load_for_training(base_dir)
    pad_id = tokenizer.pad_token_id if tokenizer.pad_token_id is not None else tokenizer.eos_token_id
    encoded = [encode_rows(tokenizer, rows, settings.max_length) for _, rows, _ in sources]
    for (name, _, _), ds in zip(sources, encoded, strict=True):
        if len(ds) == 0:
            raise SwapexpError(
                f"no usable examples in SFT data {name!r} with experts.max_length="
                f"{settings.max_length}; raise max_length"
            )
    stream = MixStream([len(ds) for ds in encoded], [w for _, _, w in sources], settings.seed)

    if settings.freeze_embeddings:  # the token embedding and the LM head (one matrix when tied)
        for module in (model.get_input_embeddings(), model.get_output_embeddings()):
            if module is not None:
                module.weight.requires_grad_(False)
    trainable = [(n, p) for n, p in model.named_parameters() if p.requires_grad]
    decay = [p for n, p in trainable if not (p.ndim < 2 or "norm" in n)]
    no_decay = [p for n, p in trainable if p.ndim < 2 or "norm" in n]
    groups = [
        {"params": decay, "weight_decay": settings.weight_decay},
        {"params": no_decay, "weight_decay": 0.0},
    ]
    if settings.optimizer == "sgd":
        optimizer = torch.optim.SGD(groups, lr=settings.learning_rate, momentum=settings.momentum)
    else:
        optimizer = torch.optim.AdamW(groups, lr=settings.learning_rate)
    scheduler = get_scheduler(
        settings.lr_scheduler,
        optimizer,
        num_warmup_steps=settings.warmup_steps,
        num_training_steps=settings.steps,
    )
    losses: list[float] = []
    tokens = seen = 0
    counts = [0] * len(sources)
    bar = tqdm(range(settings.steps), desc=desc, disable=not progress, unit="step", dynamic_ncols=True)
    for _ in bar:
        micro = []
        for _ in range(settings.grad_accum):
            picks = [next(stream) for _ in range(settings.batch_size)]
            for src, _ in picks:
                counts[src] += 1
            micro.append(collate([encoded[s][i] for s, i in picks], pad_id))
        n_total = sum(int((b["labels"][:, 1:] != IGNORE).sum()) for b in micro)
        step_loss = 0.0
        for batch in micro:
            nll, _ = response_nll(model, batch)
            loss = nll / n_total
            loss.backward()
            step_loss += loss.item()
            tokens += int(batch["attention_mask"].sum())
        if settings.max_grad_norm > 0:
            torch.nn.utils.clip_grad_norm_([p for _, p in trainable], settings.max_grad_norm)
        optimizer.step()
        scheduler.step()
        optimizer.zero_grad(set_to_none=True)
        seen += settings.batch_size * settings.grad_accum
        if not math.isfinite(step_loss):
            raise RuntimeError(
                f"training loss became {step_loss} at step {len(losses)}; lower experts.learning_rate"
            )
        losses.append(step_loss)
        bar.set_postfix(loss=f"{step_loss:.3f}")
    train_seconds, cpu_seconds = time.perf_counter() - t0, time.process_time() - c0

    model.eval()
    model = model.to(base_dtype)
    out_dir = Path(out_dir)
    model.save_pretrained(out_dir)
    from swapexp.checkpoint.host import save_tokenizer

    save_tokenizer(tokenizer, out_dir)
    return {
        "losses": [round(x, 5) for x in losses],
        "loss_first": losses[0],
        "loss_last": losses[-1],
        "examples_seen": seen,
        "examples_per_source": {name: c for (name, _, _), c in zip(sources, counts, strict=True)},
        "train_examples": {name: len(ds) for (name, _, _), ds in zip(sources, encoded, strict=True)},
        "tokens_seen": tokens,
        "seconds": round(train_seconds, 1),
        "cpu_seconds": round(cpu_seconds, 1),
        "torch_threads": torch.get_num_threads(),
        "dtype": str(base_dtype).replace("torch.", ""),
    }
