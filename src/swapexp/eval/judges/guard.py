"""Guard-model judges: a safety classifier LM reads (prompt, response) and writes a verdict.

The guard model is resolved like any model reference (local directory or hub id,
:func:`swapexp.models.resolve_model`) and generates through the same backend
interface as the evaluated model (:func:`swapexp.eval.backends.build_backend`),
so its outputs are cached by content hash too. The conversation
``[user: prompt, assistant: response]`` is rendered by the guard's own chat
template, which wraps it in the guard's moderation instructions.
"""

from __future__ import annotations

import logging
from abc import abstractmethod
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from swapexp.errors import SwapexpError
from swapexp.eval.judges.base import Judge, Verdict

log = logging.getLogger(__name__)

CONTENT_FORMATS = ("string", "parts")


class GuardJudge(Judge):
    """A judge backed by a generative guard model; subclasses define :meth:`parse`."""

    default_model: str = ""

    def __init__(
        self,
        model: str | None = None,
        backend_cfg: Any = None,
        cache_dir: Path | None = None,
        max_new_tokens: int = 32,
        content_format: str = "string",
        **_: Any,
    ) -> None:
        if content_format not in CONTENT_FORMATS:
            raise SwapexpError(
                f"judge.content_format must be one of {', '.join(CONTENT_FORMATS)}, got {content_format!r}"
            )
        self.model_ref = model or self.default_model
        self.backend_cfg = backend_cfg
        self.cache_dir = cache_dir
        self.max_new_tokens = int(max_new_tokens)
        self.content_format = content_format
        self._backend = None
        from swapexp.models import resolve_model

        # resolved (downloaded if need be) now, so a missing guard model fails before any generation;
        # loaded only in judge(), after the evaluated model is freed
        self.model_dir = Path(resolve_model(self.model_ref, "judge"))

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
            from swapexp.eval.backends import build_backend

            if self.backend_cfg is None:
                raise SwapexpError(f"judge {self.name} needs a backend config (the `backend` group)")
            log.info("judge %s: loading guard model %s", self.name, self.model_dir)
            self._backend = build_backend(self.backend_cfg, self.model_dir, self.cache_dir)
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
