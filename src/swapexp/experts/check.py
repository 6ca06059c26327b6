"""Quick checks of what a demo expert learnt, on held-out SFT rows.

- :func:`refusal_rate`: greedy answers to prompts, scored by refusal keywords
  (the offline stand-in for a guard model; enough to see a safety expert refuse);
- :func:`response_perplexity`: perplexity of the reference responses given the
  prompts (chat template, response tokens only: the SFT objective on unseen rows);
- :func:`text_perplexity`: perplexity of plain texts (e.g. MGSM questions).
"""

from __future__ import annotations

import math
from pathlib import Path

import torch

from swapexp.eval.judges.refusal import RefusalJudge
from swapexp.experts.train import collate, encode_pair, response_nll

# the English phrases of the evaluation's offline refusal judge: one list for both checks
_ENGLISH_REFUSALS = RefusalJudge(languages=["en"], window=None)


def is_refusal(text: str) -> bool:
    return _ENGLISH_REFUSALS.find(text) is not None


def _load(model_dir: Path):
    from transformers import AutoModelForCausalLM, AutoTokenizer

    tok = AutoTokenizer.from_pretrained(model_dir)
    model = AutoModelForCausalLM.from_pretrained(model_dir, dtype=torch.float32)
    model.eval()
    return model, tok


@torch.inference_mode()
def generate(model_dir: Path, prompts: list[str], max_new_tokens: int = 48, batch_size: int = 8) -> list[str]:
    """Greedy answers of the model to each prompt under its chat template."""
    model, tok = _load(model_dir)
    tok.padding_side = "left"
    pad = tok.pad_token_id if tok.pad_token_id is not None else tok.eos_token_id
    out = []
    for i in range(0, len(prompts), batch_size):
        chunk = [[{"role": "user", "content": p}] for p in prompts[i : i + batch_size]]
        enc = tok.apply_chat_template(
            chunk,
            add_generation_prompt=True,
            tokenize=True,
            padding=True,
            return_tensors="pt",
            return_dict=True,
        )
        gen = model.generate(**enc, max_new_tokens=max_new_tokens, do_sample=False, pad_token_id=pad)
        out += tok.batch_decode(gen[:, enc["input_ids"].shape[1] :], skip_special_tokens=True)
    return out


def refusal_rate(model_dir: Path, prompts: list[str], max_new_tokens: int = 48) -> tuple[float, list[str]]:
    answers = generate(model_dir, prompts, max_new_tokens=max_new_tokens)
    return sum(map(is_refusal, answers)) / len(answers), answers


@torch.inference_mode()
def response_perplexity(
    model_dir: Path, rows: list[dict], max_length: int = 512, batch_size: int = 8
) -> float:
    """exp(mean NLL) of the reference responses given their prompts (response tokens only)."""
    model, tok = _load(model_dir)
    pad = tok.pad_token_id if tok.pad_token_id is not None else tok.eos_token_id
    enc = [encode_pair(tok, r["prompt"], r["response"], max_length) for r in rows]
    total, count = 0.0, 0
    for i in range(0, len(enc), batch_size):
        nll, n = response_nll(model, collate(enc[i : i + batch_size], pad))
        total, count = total + float(nll), count + n
    return math.exp(total / count)


@torch.inference_mode()
def text_perplexity(model_dir: Path, texts: list[str], max_length: int = 256) -> float:
    """exp(mean NLL) of plain texts (no chat template), one text at a time."""
    model, tok = _load(model_dir)
    total, count = 0.0, 0
    for text in texts:
        ids = tok(text, return_tensors="pt", truncation=True, max_length=max_length)["input_ids"]
        if ids.shape[1] < 2:
            continue
        loss = model(input_ids=ids, labels=ids).loss
        total, count = total + float(loss) * (ids.shape[1] - 1), count + ids.shape[1] - 1
    return math.exp(total / count)
