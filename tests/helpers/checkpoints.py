"""Tiny random Llama/Qwen/Gemma 3 checkpoints and planted-delta expert triples for tests."""

from __future__ import annotations

import json
from pathlib import Path

import torch
from safetensors.torch import load_file, save_file

TARGETS = ("q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj")
ATTN = ("q_proj", "k_proj", "v_proj", "o_proj")
MLP = ("gate_proj", "up_proj", "down_proj")


def tiny_config(arch: str, layers: int, hidden: int, inter: int, vocab: int, **extra):
    """A tiny Llama, Qwen2 or Gemma 3 config (4 heads, 2 KV heads); ``extra`` overrides any field.

    Gemma 3 (``arch="gemma3"``) keeps its own features at small size: q/k norms, four norms per
    layer, the scaled embedding, ``query_pre_attn_scalar`` and alternating sliding-window (16 tokens)
    and full-attention layers with their two rope bases.
    """
    from transformers import Gemma3TextConfig, LlamaConfig, Qwen2Config

    fields = dict(
        hidden_size=hidden,
        intermediate_size=inter,
        num_hidden_layers=layers,
        num_attention_heads=4,
        num_key_value_heads=2,
        vocab_size=vocab,
        max_position_embeddings=256,
    )
    if arch == "gemma3":
        fields.update(
            head_dim=hidden // 4,
            query_pre_attn_scalar=hidden // 4,
            sliding_window=16,
            layer_types=["sliding_attention" if i % 2 == 0 else "full_attention" for i in range(layers)],
        )
    fields.update(extra)
    classes = {"llama": LlamaConfig, "qwen": Qwen2Config, "gemma3": Gemma3TextConfig}
    if arch not in classes:
        raise ValueError(f"unknown tiny architecture {arch!r}; known: {', '.join(classes)}")
    return classes[arch](**fields)


def make_tiny(
    path: Path,
    arch: str = "llama",
    layers: int = 4,
    hidden: int = 32,
    inter: int = 64,
    vocab: int = 128,
    tie: bool = True,
    dtype: torch.dtype = torch.float32,
    seed: int = 0,
    shard_size: str | None = None,
) -> Path:
    """Save a tiny random decoder (transformers' own init) as safetensors in ``path``."""
    from transformers import AutoModelForCausalLM

    torch.manual_seed(seed)
    config = tiny_config(arch, layers, hidden, inter, vocab, tie_word_embeddings=tie)
    model = AutoModelForCausalLM.from_config(config).to(dtype)
    kwargs = {"max_shard_size": shard_size} if shard_size else {}
    model.save_pretrained(path, **kwargs)
    return Path(path)


def state(path: Path) -> dict[str, torch.Tensor]:
    """All tensors of a checkpoint directory (single or sharded)."""
    out = {}
    for f in sorted(Path(path).glob("*.safetensors")):
        out.update(load_file(f))
    return out


def save_state(path: Path, tensors: dict[str, torch.Tensor], like: Path) -> Path:
    """Save ``tensors`` as model.safetensors in ``path`` with ``like``'s config.json."""
    path = Path(path)
    path.mkdir(parents=True, exist_ok=True)
    save_file(
        {k: v.contiguous() for k, v in tensors.items()}, path / "model.safetensors", metadata={"format": "pt"}
    )
    (path / "config.json").write_text((Path(like) / "config.json").read_text())
    return path


def module_tensors(names, layer: int, module: str) -> list[str]:
    marker = ".self_attn." if module == "self_attn" else ".mlp."
    projs = ATTN if module == "self_attn" else MLP
    return [
        n
        for n in names
        if n.startswith(f"model.layers.{layer}.") and marker in n and any(f".{p}." in n for p in projs)
    ]


def planted_triple(
    root: Path,
    safety_units,
    language_units,
    arch: str = "llama",
    layers: int = 4,
    big: float = 0.5,
    small: float = 0.01,
    dtype: torch.dtype = torch.float32,
    seed: int = 0,
    **kw,
) -> dict[str, Path]:
    """B random; S and L = B + noise of relative size ``small`` on every target tensor, plus
    a relative delta of ``big`` on the target tensors of ``safety_units`` (in S) and
    ``language_units`` (in L). Units are (layer, "self_attn"|"mlp"). Returns role -> dir."""
    root = Path(root)
    base = make_tiny(root / "base", arch=arch, layers=layers, dtype=dtype, seed=seed, **kw)
    b = state(base)
    g = torch.Generator().manual_seed(seed + 1)

    def delta(t: torch.Tensor, rel: float) -> torch.Tensor:
        noise = torch.randn(t.shape, generator=g)
        scale = t.float().norm() if t.float().norm() > 1e-8 else torch.tensor(1.0)
        return (noise / noise.norm()) * scale * rel

    experts = {}
    for role, units in (("safety", safety_units), ("language", language_units)):
        e = {k: v.clone() for k, v in b.items()}
        for n in b:
            if any(f".{p}." in n for p in TARGETS):
                e[n] = (b[n].float() + delta(b[n], small)).to(dtype)
        for layer, module in units:
            for n in module_tensors(b, layer, module):
                e[n] = (e[n].float() + delta(b[n], big)).to(dtype)
        # a distinct non-target change so blends of norms/embeddings are visible
        for n in b:
            if "norm" in n or "embed" in n:
                e[n] = (b[n].float() + (0.1 if role == "safety" else -0.1)).to(dtype)
        experts[role] = save_state(root / role, e, base)
    return {"base": base, **experts}


def write_json(path: Path, obj) -> None:
    Path(path).write_text(json.dumps(obj))
