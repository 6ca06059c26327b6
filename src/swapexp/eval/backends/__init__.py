"""Generation backends (``backend=hf`` | ``backend=vllm``) and the generation cache.

``conf/backend/*.yaml`` instantiate :class:`BackendFactory`: the checked settings of one backend,
called with a model directory when the pipeline has the model to evaluate.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from swapexp.errors import SwapexpError
from swapexp.eval.backends.base import Backend, Conversation, DecodingConfig, as_messages
from swapexp.eval.backends.cache import CachedBackend
from swapexp.eval.backends.prompts import ChatFormat

__all__ = [
    "Backend",
    "CachedBackend",
    "ChatFormat",
    "Conversation",
    "DecodingConfig",
    "as_messages",
    "build_backend",
    "BackendFactory",
    "check_backend_config",
    "BACKENDS",
]

# backend name -> the options its yaml may set (besides `name` and `cache`)
BACKENDS: dict[str, tuple[str, ...]] = {
    "hf": (
        "batch_size",
        "device",
        "dtype",
        "chat_template",
        "attn_implementation",
        "progress",
        "num_threads",
    ),
    "vllm": (
        "dtype",
        "tensor_parallel_size",
        "gpu_memory_utilization",
        "max_model_len",
        "too_long",
        "seed",
        "enforce_eager",
        "chat_template",
        "progress",
        "engine_kwargs",
    ),
}


def _as_dict(backend_cfg: Any) -> dict[str, Any]:
    if backend_cfg is None:
        return {"name": "hf"}
    try:
        from omegaconf import DictConfig, OmegaConf

        if isinstance(backend_cfg, DictConfig):
            return dict(OmegaConf.to_container(backend_cfg, resolve=True))  # type: ignore[arg-type]
    except ImportError:  # pragma: no cover
        pass
    if isinstance(backend_cfg, Mapping):
        return dict(backend_cfg)
    if isinstance(backend_cfg, str):
        return {"name": backend_cfg}
    raise TypeError(f"backend config must be a mapping, got {type(backend_cfg).__name__}")


def _options(backend_cfg: Any) -> tuple[str, dict[str, Any]]:
    """(name, options) of a backend config, the name and every option checked."""
    opts = _as_dict(backend_cfg)
    name = str(opts.pop("name", "hf"))
    opts.pop("cache", None)
    if name not in BACKENDS:
        raise SwapexpError(f"unknown backend {name!r}; choose one of: {', '.join(BACKENDS)}")
    unknown = sorted(set(opts) - set(BACKENDS[name]))
    if unknown:
        raise SwapexpError(
            f"backend={name} has no option {', '.join(unknown)}; "
            f"its options are: {', '.join(BACKENDS[name])} (see conf/backend/{name}.yaml)"
        )
    return name, opts


def check_backend_config(backend_cfg: Any, what: str = "backend") -> None:
    """Check a backend config (name, options and their values) without loading anything, so a
    bad value fails before any merge or generation."""
    name, opts = _options(backend_cfg)
    if name == "hf":
        from swapexp.eval.backends.hf import HFBackend

        opts.pop("num_threads", None)  # checked below, not applied yet
        HFBackend(Path("."), **opts)
        threads = _as_dict(backend_cfg).get("num_threads")
        if threads is not None and int(threads) < 1:
            raise SwapexpError(f"{what}.num_threads must be >= 1 or null, got {threads}")
    else:
        from swapexp.eval.backends.vllm import VLLMBackend

        VLLMBackend(Path("."), **opts)


def make_backend(backend_cfg: Any, model_dir: Path, chat_format: ChatFormat | None = None) -> Backend:
    """The uncached backend named by ``backend_cfg.name`` (options checked against :data:`BACKENDS`).

    ``chat_format`` is not a user option: a guard judge passes its model card's (no generation
    prompt, template required); the evaluated model gets the default.
    """
    name, opts = _options(backend_cfg)
    model_dir = Path(model_dir)
    if not model_dir.is_dir():
        raise SwapexpError(f"model directory {model_dir} does not exist")
    if name == "hf":
        from swapexp.eval.backends.hf import HFBackend

        return HFBackend(model_dir, **opts, chat_format=chat_format)
    from swapexp.eval.backends.vllm import VLLMBackend

    return VLLMBackend(model_dir, **opts, chat_format=chat_format)


def build_backend(
    backend_cfg: Any, model_dir: Path, cache_dir: Path | None = None, chat_format: ChatFormat | None = None
) -> Backend:
    """Build the backend named by ``backend_cfg.name`` for ``model_dir``, wrapped in the generation cache.

    ``backend_cfg`` is the Hydra ``backend`` node (``name: hf|vllm`` plus options, see
    ``conf/backend/*.yaml``). Generations are cached under
    ``swapexp.cache.cache_dir(cache_dir)/generations/``, keyed by the model's content hash, the
    conversation and the decoding settings, so a rerun of the same config generates nothing
    (``backend.cache=false`` turns the cache off). The model itself is loaded on first use.
    """
    from swapexp.cache import cache_dir as root

    enabled = bool(_as_dict(backend_cfg).get("cache", True))
    return CachedBackend(
        make_backend(backend_cfg, model_dir, chat_format), Path(model_dir), root(cache_dir), enabled=enabled
    )


class BackendFactory:
    """The settings of one backend (``conf/backend/*.yaml``), checked when it is built, so a bad
    option fails before any merge; calling it with a model directory builds the cached backend.

    ``with_options(**overrides)`` gives the same backend with some fields changed (a guard judge's
    ``judge.backend``).
    """

    def __init__(self, name: str = "hf", cache: bool = True, cache_dir: Path | None = None, **options: Any):
        check_backend_config({"name": name, **options})  # names and values, nothing loaded
        self.settings: dict[str, Any] = {"name": name, "cache": bool(cache), **options}
        self.cache_dir = cache_dir

    @property
    def name(self) -> str:
        return str(self.settings["name"])

    def with_options(self, **overrides: Any) -> BackendFactory:
        settings = {**self.settings, **overrides}
        return BackendFactory(**settings, cache_dir=self.cache_dir)

    def __call__(self, model_dir: Path) -> Backend:
        return build_backend(self.settings, Path(model_dir), self.cache_dir)

    def __repr__(self) -> str:
        return f"BackendFactory({self.settings})"
