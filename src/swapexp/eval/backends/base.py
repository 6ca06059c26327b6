"""The generation backend interface every evaluation talks to.

A backend turns conversations into completions (:meth:`Backend.generate`) and
scores fixed continuations (:meth:`Backend.score_choices`, for letter scoring
of multiple choice). A conversation is either one user message (a ``str``) or
a list of ``{"role", "content"}`` dicts; the model's chat template is applied
with ``add_generation_prompt=True``. :meth:`Backend.loglikelihood` scores plain
text (no chat template) token by token, for perplexity. Implementations: :mod:`.hf` (transformers)
and :mod:`.vllm` (vLLM, optional). :func:`swapexp.eval.backends.build_backend`
builds one from the Hydra ``backend`` node and wraps it in the generation cache
(:mod:`.cache`).
"""

from __future__ import annotations

import dataclasses
from abc import ABC, abstractmethod
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from swapexp.runtime import release_memory  # re-exported: backends free their model with it

__all__ = ["Backend", "Conversation", "DecodingConfig", "Message", "as_messages", "release_memory"]

Message = dict[str, str]
Conversation = str | list[Message]
#: tokens per log-likelihood window (``eval.lm_max_length``'s default)
DEFAULT_LL_WINDOW = 1024


@dataclass(frozen=True)
class DecodingConfig:
    """How to decode. ``temperature == 0`` is greedy (then ``top_p`` and ``seed`` are ignored)."""

    max_new_tokens: int = 256
    temperature: float = 0.0  # 0 = greedy
    top_p: float = 1.0
    seed: int = 0

    def __post_init__(self) -> None:
        from swapexp.errors import SwapexpError

        if int(self.max_new_tokens) < 1:
            raise SwapexpError(f"max_new_tokens must be >= 1, got {self.max_new_tokens}")
        if float(self.temperature) < 0:
            raise SwapexpError(f"temperature must be >= 0 (0 = greedy), got {self.temperature}")
        if not 0 < float(self.top_p) <= 1:
            raise SwapexpError(f"top_p must be in (0, 1], got {self.top_p}")

    @property
    def greedy(self) -> bool:
        return float(self.temperature) == 0.0

    @classmethod
    def from_mapping(cls, cfg: Mapping[str, Any] | None, **overrides: Any) -> DecodingConfig:
        """Pick the known fields out of a config node (e.g. ``cfg.eval``); unknown keys are ignored."""
        names = {f.name for f in dataclasses.fields(cls)}
        values = {k: cfg[k] for k in names if cfg is not None and k in cfg and cfg[k] is not None}
        values.update({k: v for k, v in overrides.items() if v is not None})
        return cls(**values)

    def cache_key(self) -> dict[str, Any]:
        """The settings that change the output (greedy ignores top_p and seed)."""
        if self.greedy:
            return {"max_new_tokens": int(self.max_new_tokens), "temperature": 0.0}
        return {
            "max_new_tokens": int(self.max_new_tokens),
            "temperature": float(self.temperature),
            "top_p": float(self.top_p),
            "seed": int(self.seed),
        }


def as_messages(conversation: Conversation) -> list[Message]:
    """A conversation as a list of ``{"role", "content"}`` dicts (a ``str`` is one user message)."""
    if isinstance(conversation, str):
        return [{"role": "user", "content": conversation}]
    # list-form content ([{"type": "text", "text": ...}]) is kept: some guard templates (Llama-Guard-3-1B) need it
    return [
        {
            "role": str(m["role"]),
            "content": m["content"] if isinstance(m["content"], list) else str(m["content"]),
        }
        for m in conversation
    ]


class Backend(ABC):
    """Generates completions and scores continuations for one model."""

    #: short name used in the cache key and logs ("hf", "vllm")
    name: str = "backend"

    @abstractmethod
    def generate(
        self, conversations: Sequence[Conversation], decoding: DecodingConfig, desc: str = ""
    ) -> list[str]:
        """Completions (decoded, special tokens stripped), in input order.

        Each conversation is rendered with the tokenizer's chat template and
        ``add_generation_prompt=True``; decoding stops at EOS or after
        ``decoding.max_new_tokens`` tokens. ``desc`` labels the progress bar.
        """

    @abstractmethod
    def score_choices(
        self, conversations: Sequence[Conversation], choices: Sequence[str], prefix: str = ""
    ) -> list[list[float]]:
        """For each conversation, ``sum log p(prefix + choice | templated conversation + generation prompt)``
        for every choice, in order: ``result[i][j]`` scores ``choices[j]`` after ``conversations[i]``."""

    @abstractmethod
    def loglikelihood(
        self, texts: Sequence[str], max_length: int = DEFAULT_LL_WINDOW
    ) -> list[tuple[float, int]]:
        """For each text, ``(sum of log p(token | the tokens before it), number of tokens)`` under the
        model, the text scored as plain text (no chat template; natural logarithms).

        Every token of the text is predicted: the first from the tokenizer's BOS (EOS when it has
        none), and a text longer than ``max_length`` tokens in consecutive windows of that many, each
        conditioned on the last token of the window before
        (:func:`swapexp.eval.backends.prompts.plan_loglikelihood`). An empty text is ``(0.0, 0)``.
        """

    def generate_stream(
        self, conversations: Sequence[Conversation], decoding: DecodingConfig, desc: str = ""
    ) -> Iterator[tuple[list[int], list[str]]]:
        """Yield ``(indices, completions)`` as batches finish (any order), so callers can save progress.

        The default yields everything at once; backends that batch override it.
        """
        yield list(range(len(conversations))), self.generate(conversations, decoding, desc)

    def fingerprint(self) -> dict[str, Any]:
        """Every backend setting that can change an output (part of the generation cache key):
        the engine, its dtype, how prompts are built, engine options, library versions."""
        return {"backend": self.name}

    def close(self) -> None:  # noqa: B027 - optional hook
        """Free the model (GPU memory); the backend may not be used afterwards."""

    def __enter__(self) -> Backend:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()
