"""Turn a model reference from the config into a local checkpoint directory.

A reference is one of
- a local directory (``/data/llama-sw``, ``~/ckpt``) holding safetensors,
- ``embedded:NAME``: a model shipped inside a Python package (the demo base),
- a hub id (``meta-llama/Llama-3.1-8B-Instruct``): the local HF cache is used
  first, then a download of the safetensors/json/tokenizer files is tried;
  offline, the error says how to point the config at a local copy.

Demo experts built by swapexp itself are resolved by :mod:`swapexp.experts`.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

from swapexp.errors import SwapexpError

log = logging.getLogger(__name__)

HUB_PATTERNS = ["*.safetensors", "*.json", "tokenizer*", "*.model", "*.txt", "*.jinja"]


def resolve_model(ref: str, role: str = "model") -> Path:
    if not ref or not isinstance(ref, str):
        raise SwapexpError(f"no {role} model configured; set model.{role}=PATH_OR_HUB_ID")
    if ref.startswith("embedded:"):
        from swapexp.models.embedded import embedded_model

        return embedded_model(ref.split(":", 1)[1])
    path = Path(ref).expanduser()
    if path.exists():
        return path
    if ref.startswith(("/", ".", "~")) or ref.count("/") != 1:
        raise SwapexpError(
            f"{role} model {ref} does not exist; pass a checkpoint directory or a hub id (org/name)"
        )
    return _from_hub(ref, role)


def _from_hub(repo_id: str, role: str) -> Path:
    from huggingface_hub import snapshot_download

    try:
        return Path(snapshot_download(repo_id, allow_patterns=HUB_PATTERNS, local_files_only=True))
    except Exception:
        pass
    if os.environ.get("HF_HUB_OFFLINE", "0") not in ("0", "", "false"):
        raise SwapexpError(
            f"{role} model {repo_id} is not in the local Hugging Face cache and HF_HUB_OFFLINE is set; "
            f"download it on a connected machine or set the {role} to a local directory"
        )
    try:
        log.info("downloading %s from the hub", repo_id)
        return Path(snapshot_download(repo_id, allow_patterns=HUB_PATTERNS))
    except Exception as e:
        raise SwapexpError(
            f"cannot load {role} model {repo_id} from the hub ({type(e).__name__}); "
            f"set the {role} to a local checkpoint directory instead"
        ) from None
