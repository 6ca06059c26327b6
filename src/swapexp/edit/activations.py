"""Batched activation collection with forward hooks on every layer's MLP.

Two things are captured per prompt, each *pooled* over the prompt's tokens into one vector:

- the input of ``down_proj``, ``a(x) = up(x) * act(gate(x))`` (intermediate size), on every
  layer, accumulated into :class:`~swapexp.edit.neurons.RunningStats` for neuron selection;
- the MLP input of the edited layer (hidden size, after ``post_attention_layernorm``): the
  rows of ``X_low`` / ``X_safe`` and the English inputs that give ``Y_target``.

Prompts are formatted with the tokenizer's chat template (a user turn plus the generation
prompt, as the evaluation sees them) and right-padded, so every real token has the
activations of the unpadded prompt; padding never enters a pool. Batches are formed
longest-first, so prompts of similar length share a batch. Pooling is ``mean`` (over
the prompt's tokens) or ``last`` (the final position, where the answer starts). Parallel
prompts in two languages have different token counts; pooling gives one row per prompt, so
English and target-language rows align by prompt.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from pathlib import Path

import torch
from tqdm.auto import tqdm

from swapexp.edit.neurons import RunningStats
from swapexp.errors import SwapexpError
from swapexp.runtime import resolve_device, resolve_dtype

log = logging.getLogger(__name__)

POOLINGS = ("mean", "last")
_MLP_RE = re.compile(r"(?:^|\.)layers\.(\d+)\.mlp$")


class _Stop(Exception):
    """Raised by a hook to end a forward pass once the last needed layer has run."""


@dataclass
class Collected:
    count: int
    x: torch.Tensor | None  # [prompts, hidden] pooled MLP inputs of the edited layer (float64)
    stats: RunningStats | None  # pooled down_proj inputs of every layer


def find_mlps(model: torch.nn.Module) -> dict[int, tuple[str, torch.nn.Module]]:
    """layer index -> (qualified name, module) of every gated MLP (``model.layers.{i}.mlp``)."""
    out = {}
    for name, mod in model.named_modules():
        m = _MLP_RE.search(name)
        if m and all(hasattr(mod, p) for p in ("up_proj", "gate_proj", "down_proj")):
            out[int(m.group(1))] = (name, mod)
    if not out:
        raise SwapexpError(
            f"{type(model).__name__} has no gated MLP at model.layers.N.mlp (up_proj/gate_proj/down_proj); "
            "sparse editing supports Llama/Qwen/Gemma/Mistral-style decoders"
        )
    return dict(sorted(out.items()))


def load_model(model_dir: Path, device: str | None = "auto", dtype: str | None = "auto"):
    """The model (eval mode, on ``device``) and its tokenizer, from a local checkpoint directory.
    ``auto`` follows the one rule of :mod:`swapexp.runtime` (as the generation backends do)."""
    from transformers import AutoModelForCausalLM, AutoTokenizer

    dev = torch.device(resolve_device(device, "edit.device"))
    try:
        tok = AutoTokenizer.from_pretrained(model_dir)
    except Exception as e:
        raise SwapexpError(f"cannot load the tokenizer of {model_dir} ({type(e).__name__}: {e})") from None
    model = AutoModelForCausalLM.from_pretrained(
        model_dir,
        dtype=resolve_dtype(dtype, str(dev), "edit.dtype"),
        device_map=str(dev) if dev.type == "cuda" else None,
    )
    if dev.type != "cuda":
        model.to(dev)
    model.eval()
    return model, tok


def format_prompts(tokenizer, prompts: list[str], chat_template: bool = True) -> list[str]:
    """One user turn + the generation prompt (what the evaluation feeds the model)."""
    if chat_template and getattr(tokenizer, "chat_template", None):
        return [
            tokenizer.apply_chat_template(
                [{"role": "user", "content": p}], tokenize=False, add_generation_prompt=True
            )
            for p in prompts
        ]
    return list(prompts)


def _pool(h: torch.Tensor, mask: torch.Tensor, pooling: str) -> torch.Tensor:
    h = h.to(torch.float32)
    if pooling == "mean":
        m = mask.to(h.dtype).unsqueeze(-1)
        return (h * m).sum(1) / m.sum(1).clamp_min(1.0)
    last = mask.sum(1).long() - 1  # right padding: the last real token
    return h[torch.arange(h.shape[0], device=h.device), last]


@torch.inference_mode()
def collect(
    model: torch.nn.Module,
    tokenizer,
    prompts: list[str],
    *,
    layer: int,
    neuron_stats: bool,
    pooling: str = "mean",
    batch_size: int = 8,
    max_length: int = 256,
    chat_template: bool = True,
    progress: bool = True,
    desc: str = "activations",
) -> Collected:
    """Run ``prompts`` through ``model`` in batches and pool the hooked activations.

    Always returns the pooled MLP inputs of ``layer``; with ``neuron_stats`` also the running
    statistics of every layer's ``down_proj`` input (otherwise the forward stops after ``layer``).
    """
    if pooling not in POOLINGS:
        raise SwapexpError(f"edit.pooling={pooling!r}; choose one of: {', '.join(POOLINGS)}")
    if batch_size < 1 or max_length < 1:
        raise SwapexpError("edit.batch_size and edit.max_length must be >= 1")
    mlps = find_mlps(model)
    if layer not in mlps:
        raise SwapexpError(f"layer {layer} has no MLP (layers 0..{max(mlps)})")
    stats = RunningStats() if neuron_stats else None
    rows: list[torch.Tensor] = []
    state: dict[str, torch.Tensor] = {}
    last_layer = max(mlps) if neuron_stats else layer

    def mlp_hook(_mod, args, kwargs):
        h = args[0] if args else next(iter(kwargs.values()))
        rows.append(_pool(h, state["mask"], pooling).to("cpu", torch.float64))
        if not neuron_stats:
            raise _Stop

    def down_hook(i):
        def hook(_mod, args):
            stats.add(i, _pool(args[0], state["mask"], pooling))
            if i == last_layer:
                raise _Stop

        return hook

    handles = [mlps[layer][1].register_forward_pre_hook(mlp_hook, with_kwargs=True)]
    if neuron_stats:
        handles += [mod.down_proj.register_forward_pre_hook(down_hook(i)) for i, (_, mod) in mlps.items()]
    old_side, tokenizer.truncation_side = tokenizer.truncation_side, "left"  # keep the generation prompt
    try:
        decoder = model.get_decoder() if hasattr(model, "get_decoder") else model
        device = next(model.parameters()).device
        templated = bool(chat_template and getattr(tokenizer, "chat_template", None))
        texts = format_prompts(tokenizer, prompts, templated)
        enc = tokenizer(texts, truncation=True, max_length=max_length, add_special_tokens=not templated)
        ids = enc["input_ids"]
        # longest first: batches of similar lengths waste little on padding, and memory peaks at once
        order = sorted(range(len(ids)), key=lambda i: -len(ids[i]))
        for start in tqdm(range(0, len(order), batch_size), desc=desc, disable=not progress, unit="batch"):
            batch = [ids[i] for i in order[start : start + batch_size]]
            width = max(len(b) for b in batch)
            input_ids = torch.full((len(batch), width), tokenizer.pad_token_id or 0, dtype=torch.long)
            mask = torch.zeros((len(batch), width), dtype=torch.long)
            for j, b in enumerate(batch):  # right padding
                input_ids[j, : len(b)] = torch.tensor(b, dtype=torch.long)
                mask[j, : len(b)] = 1
            state["mask"] = mask = mask.to(device)
            try:
                decoder(input_ids=input_ids.to(device), attention_mask=mask, use_cache=False)
            except _Stop:
                pass
            if stats is not None:
                stats.count += len(batch)
    finally:
        for h in handles:
            h.remove()
        tokenizer.truncation_side = old_side
    x = torch.cat(rows) if rows else torch.empty(0, 0, dtype=torch.float64)
    if len(x):
        x = x[torch.tensor(order).argsort()]  # back to the prompts' order (rows align by prompt)
    return Collected(count=len(texts), x=x, stats=stats)
