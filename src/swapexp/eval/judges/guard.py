"""Guard-model judges: a safety classifier LM reads (prompt, response) and writes a verdict.

The guard model is resolved like any model reference (local directory or hub id,
:func:`swapexp.models.resolve_model`) and generates through the same backend
interface as the evaluated model (:func:`swapexp.eval.backends.build_backend`),
so its outputs are cached by content hash too. The conversation
``[user: prompt, assistant: response]`` is rendered by the guard's own chat
template, which wraps it in the guard's moderation instructions, called exactly
as the guard's model card calls it (:attr:`GuardJudge.add_generation_prompt`).

A guard judges with its own settings (:func:`guard_backend_config`): it takes backend
settings only from ``judge.backend``; device, dtype and batch size (and the operational
``progress``, ``cache``, ``num_threads``) default to the evaluated model's backend, never its
``chat_template``, ``attn_implementation``, ``engine_kwargs``, ``max_model_len`` or anything else.
"""

from __future__ import annotations

import json
import logging
from abc import abstractmethod
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from swapexp.errors import SwapexpError
from swapexp.eval.judges.base import Judge, Verdict

log = logging.getLogger(__name__)

CONTENT_FORMATS = ("string", "parts")
#: what a guard's backend takes from the evaluated model's backend when ``judge.backend`` does not
#: set it: where and how wide to run, never how prompts are built or the engine is configured
INHERITED = ("device", "dtype", "batch_size", "num_threads", "progress", "cache")


def _as_dict(cfg: Any) -> dict[str, Any]:
    if cfg is None:
        return {}
    try:
        from omegaconf import DictConfig, OmegaConf

        if isinstance(cfg, DictConfig):
            return dict(OmegaConf.to_container(cfg, resolve=True))  # type: ignore[arg-type]
    except ImportError:  # pragma: no cover
        pass
    if isinstance(cfg, Mapping):
        return dict(cfg)
    raise SwapexpError(f"judge.backend must be a mapping of backend options, got {cfg!r}")


def guard_backend_config(judge_backend: Any, model_backend: Any) -> dict[str, Any]:
    """The backend settings a guard judges with.

    ``judge_backend`` (``judge.backend``) sets anything, the engine included; ``device``, ``dtype``,
    ``batch_size``, ``num_threads``, ``progress`` and ``cache`` default to ``model_backend`` (the
    evaluated model's ``backend``) when the engine takes them. ``chat_template`` is always on: a
    guard's moderation instructions are its chat template.
    """
    from swapexp.eval.backends import BACKENDS

    own = _as_dict(judge_backend)
    evaluated = _as_dict(model_backend) or {"name": "hf"}
    if own.get("chat_template") is False:
        raise SwapexpError(
            "judge.backend.chat_template=false: a guard model always applies its own chat template "
            "(its moderation instructions); remove the setting"
        )
    name = str(own.get("name", evaluated.get("name", "hf")))
    allowed = set(BACKENDS.get(name, ())) | {"cache"}
    cfg: dict[str, Any] = {"name": name}
    cfg.update({k: evaluated[k] for k in INHERITED if k in evaluated and k in allowed})
    cfg.update(own)
    cfg["chat_template"] = True
    return cfg


def chat_template_text(model_dir: Path) -> str | None:
    """The chat template shipped in a model directory (``chat_template.jinja``, ``chat_template.json``
    or ``tokenizer_config.json``), or None."""
    model_dir = Path(model_dir)
    jinja = model_dir / "chat_template.jinja"
    if jinja.is_file():
        return jinja.read_text(encoding="utf-8")
    for name in ("chat_template.json", "tokenizer_config.json"):
        f = model_dir / name
        if not f.is_file():
            continue
        try:
            tpl = json.loads(f.read_text(encoding="utf-8")).get("chat_template")
        except (OSError, ValueError, AttributeError):
            continue
        if isinstance(tpl, list):  # named templates: [{"name": "default", "template": ...}, ...]
            named = {t.get("name"): t.get("template") for t in tpl if isinstance(t, dict)}
            tpl = named.get("default") or next(iter(named.values()), None)
        if isinstance(tpl, str) and tpl:
            return tpl
    return None


class GuardJudge(Judge):
    """A judge backed by a generative guard model; subclasses define :meth:`parse`."""

    default_model: str = ""
    #: the ``add_generation_prompt`` of the model card's ``apply_chat_template`` call
    add_generation_prompt: bool = False

    def __init__(
        self,
        model: str | None = None,
        backend_cfg: Any = None,
        cache_dir: Path | None = None,
        max_new_tokens: int = 32,
        content_format: str | None = None,
        **_: Any,
    ) -> None:
        if content_format is not None and content_format not in CONTENT_FORMATS:
            raise SwapexpError(
                f"judge.content_format must be one of {', '.join(CONTENT_FORMATS)} or null (chosen from the "
                f"model), got {content_format!r}"
            )
        self.model_ref = model or self.default_model
        self.backend_cfg = backend_cfg
        self.cache_dir = cache_dir
        self.max_new_tokens = int(max_new_tokens)
        self._backend = None
        from swapexp.models import resolve_model

        # resolved (downloaded if need be) now, so a missing guard model fails before any generation;
        # loaded only in judge(), after the evaluated model is freed
        try:
            self.model_dir = Path(resolve_model(self.model_ref, "judge"))
        except SwapexpError as e:
            reason = str(e).split(";")[0]  # the resolver's own hint is replaced by the judge's
            raise SwapexpError(
                f"judge {self.name}: {reason}; point judge.model at a local copy, "
                f"e.g. judge.model=/path/to/{Path(str(self.model_ref)).name}"
            ) from None
        template = chat_template_text(self.model_dir) if self.model_dir.is_dir() else None
        if self.model_dir.is_dir() and template is None:
            raise SwapexpError(
                f"guard model {self.model_dir} has no chat template (chat_template.jinja or tokenizer_config.json); "
                f"a guard judges with its own template: point judge.model at the full checkpoint"
            )
        self.content_format = content_format or self.content_format_for(self.model_ref, template)

    @classmethod
    def content_format_for(cls, model_ref: str, template: str | None) -> str:
        """The message content form the guard's template reads (``judge.content_format: null``)."""
        return "string"

    @abstractmethod
    def parse(self, raw: str) -> Verdict:
        """The verdict written in one raw guard output (label ``unparsed`` if it cannot be read)."""

    def conversation(self, prompt: str, response: str) -> list[dict[str, Any]]:
        """The chat the guard classifies; ``parts`` content is the OpenAI list form some templates need."""

        def content(text: str) -> Any:
            return [{"type": "text", "text": text}] if self.content_format == "parts" else text

        return [
            {"role": "user", "content": content(prompt)},
            {"role": "assistant", "content": content(response)},
        ]

    def backend(self):
        if self._backend is None:
            from swapexp.eval.backends import ChatFormat, build_backend

            if self.backend_cfg is None:
                raise SwapexpError(f"judge {self.name} needs a backend config (the `backend` group)")
            log.info("judge %s: loading guard model %s", self.name, self.model_dir)
            self._backend = build_backend(
                self.backend_cfg,
                self.model_dir,
                self.cache_dir,
                chat_format=ChatFormat(add_generation_prompt=self.add_generation_prompt, required=True),
            )
        return self._backend

    def judge(self, prompts: Sequence[str], responses: Sequence[str]) -> list[Verdict]:
        from swapexp.eval.backends import DecodingConfig

        if len(prompts) != len(responses):
            raise ValueError("prompts and responses differ in length")
        if not prompts:
            return []
        convs = [self.conversation(p, r) for p, r in zip(prompts, responses, strict=True)]
        decoding = DecodingConfig(max_new_tokens=self.max_new_tokens, temperature=0.0)
        raws = self.backend().generate(convs, decoding, desc=f"judge {self.name}")
        return [self.parse(raw) for raw in raws]

    def close(self) -> None:
        if self._backend is not None:
            self._backend.close()
            self._backend = None
