"""Tokenizer-side work shared by the backends: chat templating, EOS ids, choice-scoring plans.

Both backends tokenize with the model's own Hugging Face tokenizer, so ``backend=hf`` and
``backend=vllm`` see the same token ids for the same conversation.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from swapexp.errors import SwapexpError
from swapexp.eval.backends.base import Conversation, as_messages

log = logging.getLogger(__name__)


def load_tokenizer(model_dir: Path):
    """The model's tokenizer, left padding, pad token falling back to EOS when absent."""
    from transformers import AutoTokenizer

    try:
        tok = AutoTokenizer.from_pretrained(str(model_dir))
    except (OSError, ValueError) as e:
        raise SwapexpError(
            f"cannot load a tokenizer from {model_dir} ({e.__class__.__name__}); "
            "the model directory needs its tokenizer files"
        ) from None
    tok.padding_side = "left"
    if tok.pad_token_id is None:
        if tok.eos_token_id is None:
            raise SwapexpError(f"the tokenizer in {model_dir} has neither a pad nor an EOS token; add one")
        tok.pad_token = tok.eos_token
    return tok


def eos_token_ids(tokenizer, generation_config: Any = None) -> list[int]:
    """Every id that ends a completion: the tokenizer's EOS plus the model's generation_config EOS ids."""
    ids: list[int] = []
    cfg_eos = getattr(generation_config, "eos_token_id", None) if generation_config is not None else None
    for x in ([cfg_eos] if isinstance(cfg_eos, int) else list(cfg_eos or [])) + [tokenizer.eos_token_id]:
        if x is not None and int(x) not in ids:
            ids.append(int(x))
    return ids


@dataclass(frozen=True)
class ChatFormat:
    """How a conversation is rendered with the chat template, beyond the user's ``chat_template`` switch.

    The evaluated model answers, so its prompt ends with the generation prompt
    (``add_generation_prompt=True``). A guard model is called as its model card calls it
    (``add_generation_prompt=False`` for Qwen3Guard-Gen and Llama Guard 3, whose templates end with
    their own assistant header) and ``required``: a guard without a chat template is an error,
    never raw text.
    """

    add_generation_prompt: bool = True
    required: bool = False


def decoding_settings(decoding: Any, eos_ids: Sequence[int]) -> dict[str, Any]:
    """The decoding settings both backends apply, and nothing else.

    Greedy (``temperature == 0``) is plain argmax; sampling uses ``temperature`` and ``top_p`` with
    no top-k; neither applies a repetition penalty. Nothing is taken from the model's
    ``generation_config.json`` except its EOS ids (a Qwen or Llama generation config's
    ``repetition_penalty``, ``top_k`` or ``temperature`` would make "greedy" mean different things
    in ``backend=hf`` and ``backend=vllm``, whose explicit ``SamplingParams`` ignore it).
    """
    out: dict[str, Any] = {
        "max_new_tokens": int(decoding.max_new_tokens),
        "stop_token_ids": [int(i) for i in eos_ids],
        "greedy": bool(decoding.greedy),
        "repetition_penalty": 1.0,
        "top_k": None,  # none: every token stays a candidate
    }
    if not decoding.greedy:
        out.update(
            temperature=float(decoding.temperature), top_p=float(decoding.top_p), seed=int(decoding.seed)
        )
    return out


class PromptEncoder:
    """Renders conversations with the chat template (``add_generation_prompt=True``) and tokenizes them.

    ``use_chat_template=False``, or a tokenizer without a template, joins the message contents with
    blank lines and lets the tokenizer add its special tokens (BOS) instead (unless
    ``chat_format.required``: then a missing template is an error).
    """

    def __init__(self, tokenizer, use_chat_template: bool = True, chat_format: ChatFormat | None = None):
        self.tokenizer = tokenizer
        self.chat_format = chat_format or ChatFormat()
        self.templated = bool(use_chat_template) and bool(getattr(tokenizer, "chat_template", None))
        if self.chat_format.required and not self.templated:
            raise SwapexpError(
                f"the tokenizer of {getattr(tokenizer, 'name_or_path', 'this model')} has no chat template, "
                "which this model (a guard) needs; use a checkpoint with its tokenizer_config.json or chat_template.jinja"
            )
        if use_chat_template and not self.templated:
            log.warning("the tokenizer has no chat template; prompts are the raw message text")

    def render(self, conversation: Conversation) -> str:
        messages = as_messages(conversation)
        if self.templated:
            return self.tokenizer.apply_chat_template(
                messages, tokenize=False, add_generation_prompt=self.chat_format.add_generation_prompt
            )
        return "\n\n".join(m["content"] for m in messages)

    def encode_text(self, text: str) -> list[int]:
        return list(self.tokenizer(text, add_special_tokens=not self.templated)["input_ids"])

    def encode(self, conversations: Sequence[Conversation]) -> list[list[int]]:
        return [self.encode_text(self.render(c)) for c in conversations]

    def continuation_ids(self, context_text: str, context_ids: list[int], continuation: str) -> list[int]:
        """Token ids of ``continuation`` as the model would see it right after ``context_text``.

        The joint text is tokenized (so merges at the boundary match what the model saw in training);
        if that does not start with the context's ids, the continuation is tokenized on its own.
        """
        if not continuation:
            return []
        joint = list(
            self.tokenizer(context_text + continuation, add_special_tokens=not self.templated)["input_ids"]
        )
        if joint[: len(context_ids)] == context_ids and len(joint) > len(context_ids):
            return joint[len(context_ids) :]
        return list(self.tokenizer(continuation, add_special_tokens=False)["input_ids"])


@dataclass
class ScoreItem:
    """One (conversation, choice) pair: its continuation ids and the sequence it is read from."""

    conv: int
    choice: int
    target: list[int]  # continuation token ids whose log-probs are summed
    seq: int = -1  # index into ScorePlan.sequences


@dataclass
class ScorePlan:
    """Which sequences to run to score every (conversation, choice) pair.

    A pair needs ``context + target[:-1]`` fed to the model; the target's log-probs are read from the
    last ``len(target)`` positions. Identical fed sequences are run once, so single-token choices
    (``A``/``B``/``C``/``D``) cost one forward pass per conversation.
    """

    items: list[ScoreItem] = field(default_factory=list)
    sequences: list[list[int]] = field(default_factory=list)  # fed ids (to the HF model)
    full: list[list[int]] = field(default_factory=list)  # context + whole target, per item (vLLM)
    context_len: list[int] = field(default_factory=list)  # per item


def plan_scoring(
    encoder: PromptEncoder, conversations: Sequence[Conversation], choices: Sequence[str], prefix: str = ""
) -> ScorePlan:
    if not choices:
        raise SwapexpError("score_choices needs at least one choice")
    plan = ScorePlan()
    seen: dict[tuple[int, ...], int] = {}
    for i, conv in enumerate(conversations):
        text = encoder.render(conv)
        ctx = encoder.encode_text(text)
        for j, choice in enumerate(choices):
            target = encoder.continuation_ids(text, ctx, prefix + choice)
            item = ScoreItem(i, j, target)
            plan.full.append(ctx + target)
            plan.context_len.append(len(ctx))
            if target:
                fed = tuple(ctx + target[:-1])
                if fed not in seen:
                    seen[fed] = len(plan.sequences)
                    plan.sequences.append(list(fed))
                item.seq = seen[fed]
            plan.items.append(item)
    return plan


# -- log-likelihood of plain text (perplexity) -----------------------------------------------------
@dataclass(frozen=True)
class Window:
    """One forward pass of a text's log-likelihood: ``ids[0]`` is context only, ``ids[1:]`` are the
    tokens whose log-probabilities are summed (each token of the text is predicted in exactly one window)."""

    text: int  # index of the text
    ids: list[int]

    @property
    def n_predicted(self) -> int:
        return len(self.ids) - 1


def prefix_token_id(tokenizer) -> int:
    """The token that conditions a text's first token: BOS, or EOS when the tokenizer has no BOS
    (lm-evaluation-harness's ``prefix_token_id`` for ``loglikelihood_rolling``)."""
    for tid in (getattr(tokenizer, "bos_token_id", None), getattr(tokenizer, "eos_token_id", None)):
        if tid is not None:
            return int(tid)
    raise SwapexpError("the tokenizer has neither a BOS nor an EOS token to start a text with")


def plan_loglikelihood(tokenizer, texts: Sequence[str], max_length: int) -> tuple[list[Window], list[int]]:
    """(windows, token count per text) for scoring ``texts`` as plain text (no chat template).

    A text's tokens (``add_special_tokens=False``) are cut into consecutive windows of at most
    ``max_length`` predicted tokens: the first is conditioned on :func:`prefix_token_id`, each later
    one on the last token of the window before (lm-evaluation-harness's rolling windows with a context
    of one token). So the sum over a text's windows is the log-likelihood of all its tokens, and a
    text no longer than ``max_length`` tokens is one window conditioned on the prefix token only.
    """
    if int(max_length) < 1:
        raise SwapexpError(f"the log-likelihood window must be >= 1 token, got {max_length}")
    prefix = prefix_token_id(tokenizer)
    windows: list[Window] = []
    counts: list[int] = []
    for i, text in enumerate(texts):
        ids = list(tokenizer(text, add_special_tokens=False)["input_ids"])
        counts.append(len(ids))
        for start in range(0, len(ids), int(max_length)):
            ctx = prefix if start == 0 else ids[start - 1]
            windows.append(Window(i, [ctx, *ids[start : start + int(max_length)]]))
    return windows, counts
