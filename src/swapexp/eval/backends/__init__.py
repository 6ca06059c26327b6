"""Generation backends (``backend=hf`` | ``backend=vllm``) and the generation cache."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from swapexp.eval.backends.base import Backend, Conversation, DecodingConfig, as_messages

__all__ = ["Backend", "Conversation", "DecodingConfig", "as_messages", "build_backend", "BACKENDS"]

BACKENDS = ("hf", "vllm")


def build_backend(backend_cfg: Any, model_dir: Path, cache_dir: Path | None = None) -> Backend:
    """Build the backend named by ``backend_cfg.name`` for ``model_dir``, wrapped in the generation cache.

    ``backend_cfg`` is the Hydra ``backend`` node (``name: hf|vllm`` plus options, see
    ``conf/backend/*.yaml``). Generations are cached under
    ``swapexp.cache.cache_dir(cache_dir)/generations/``, keyed by the model's content hash, the
    conversation and the decoding settings, so a rerun of the same config generates nothing.
    """
    raise NotImplementedError("backends land in the next commit")
