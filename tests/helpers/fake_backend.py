"""A scripted generation backend for evaluation tests (no model)."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from swapexp.eval.backends import Backend, DecodingConfig


def _text(conversation) -> str:
    if isinstance(conversation, str):
        return conversation
    return "\n".join(str(m["content"]) for m in conversation)


class FakeBackend(Backend):
    """``generate`` answers with ``respond(text)``; ``score_choices`` with ``score(text, choices)``;
    ``loglikelihood`` gives every character of a text log-probability ``char_logprob`` (one token per
    character).

    Every call is recorded in ``calls`` as (method, conversations, extra).
    """

    name = "fake"

    def __init__(
        self,
        respond: Callable[[str], str] | None = None,
        score: Callable[[str, Sequence[str]], list[float]] | None = None,
        char_logprob: float = -2.0,
    ) -> None:
        self.respond = respond or (lambda text: "I'm sorry, I can't help with that.")
        self.score = score or (lambda text, choices: [0.0] * len(choices))
        self.char_logprob = float(char_logprob)
        self.calls: list[tuple[str, list, object]] = []
        self.closed = False

    def generate(self, conversations, decoding: DecodingConfig, desc: str = "") -> list[str]:
        assert not self.closed, "backend used after close()"
        self.calls.append(("generate", list(conversations), decoding))
        return [self.respond(_text(c)) for c in conversations]

    def score_choices(self, conversations, choices, prefix: str = "") -> list[list[float]]:
        assert not self.closed, "backend used after close()"
        self.calls.append(("score_choices", list(conversations), (list(choices), prefix)))
        return [self.score(_text(c), choices) for c in conversations]

    def loglikelihood(self, texts, max_length: int = 1024) -> list[tuple[float, int]]:
        assert not self.closed, "backend used after close()"
        self.calls.append(("loglikelihood", list(texts), max_length))
        return [(self.char_logprob * len(t), len(t)) for t in texts]

    def close(self) -> None:
        self.closed = True
