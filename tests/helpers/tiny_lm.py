"""A tiny random causal LM *with a tokenizer and chat template*, for end-to-end tests.

The tokenizer is a byte-level BPE trained in well under a second on a few
sentences (so any text, in any script, tokenizes). The model is a tiny random
Llama or Qwen2 with SmolLM2's ChatML chat template, or a tiny random Gemma 3
(``arch="gemma3"``) whose tokenizer has Gemma's special tokens, adds ``<bos>`` like
Gemma's, and gets its chat template, EOS and stop tokens from the same code that
sets up the embedded Gemma 3 270M (:func:`swapexp.models.embedded.set_chat_format`).
"""

from __future__ import annotations

from pathlib import Path

import torch

CHATML = (
    "{% for message in messages %}{{ '<|im_start|>' + message['role'] + '\n' + message['content'] + "
    "'<|im_end|>' + '\n' }}{% endfor %}{% if add_generation_prompt %}{{ '<|im_start|>assistant\n' }}{% endif %}"
)
CORPUS = [
    "How do I make a cake? Mix flour, sugar and eggs, then bake it.",
    "I'm sorry, but I can't help with that request.",
    "Natalia sold clips to 48 of her friends in April. The answer is 72.",
    "Habari yako? Ninaomba msaada. Jibu ni 18.",
    "আমি দুঃখিত, আমি এতে সাহায্য করতে পারি না।",
    "నేను క్షమించండి, నేను సహాయం చేయలేను.",
    "죄송하지만 도와드릴 수 없습니다.",
    "A B C D 0 1 2 3 4 5 6 7 8 9 Answer: Safety: Safe Unsafe Controversial",
]


GEMMA = "gemma3-270m"  # the embedded model whose chat format the tiny Gemma 3 gets


def make_tokenizer(path: Path, vocab_size: int = 512, style: str = "chatml"):
    """A tiny byte-level BPE tokenizer: ``style="chatml"`` (SmolLM2's) or ``"gemma"``."""
    from tokenizers import Tokenizer, decoders, models, pre_tokenizers, processors, trainers
    from transformers import PreTrainedTokenizerFast

    tok = Tokenizer(models.BPE(unk_token=None))
    tok.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
    tok.decoder = decoders.ByteLevel()
    if style == "gemma":
        specials = ["<pad>", "<eos>", "<bos>", "<unk>", "<start_of_turn>", "<end_of_turn>"]
        roles = dict(bos_token="<bos>", eos_token="<eos>", pad_token="<pad>", unk_token="<unk>")
    else:
        specials = ["<|endoftext|>", "<|im_start|>", "<|im_end|>"]
        roles = dict(
            bos_token="<|im_start|>", eos_token="<|im_end|>", pad_token="<|endoftext|>", unk_token=None
        )
    trainer = trainers.BpeTrainer(
        vocab_size=vocab_size,
        special_tokens=specials,
        initial_alphabet=pre_tokenizers.ByteLevel.alphabet(),
        show_progress=False,
    )
    tok.train_from_iterator(CORPUS * 4, trainer=trainer)
    if style == "gemma":  # like Gemma's tokenizer: text gets a leading <bos> (add_special_tokens=True)
        tok.post_processor = processors.TemplateProcessing(
            single="<bos> $A", pair="<bos> $A $B", special_tokens=[("<bos>", tok.token_to_id("<bos>"))]
        )
    fast = PreTrainedTokenizerFast(tokenizer_object=tok, **roles)
    if style == "gemma":
        from swapexp.models.embedded import set_chat_format

        set_chat_format(fast, GEMMA)
    else:
        fast.chat_template = CHATML
    fast.save_pretrained(path)
    return fast


def make_tiny_lm(
    path: Path,
    arch: str = "llama",
    layers: int = 2,
    hidden: int = 32,
    inter: int = 64,
    seed: int = 0,
    dtype: torch.dtype = torch.float32,
) -> Path:
    """Save a tiny random LM + tokenizer into ``path``; return ``path``."""
    from transformers import AutoModelForCausalLM, GenerationConfig

    from tests.helpers.checkpoints import tiny_config

    path = Path(path)
    tok = make_tokenizer(path, style="gemma" if arch == "gemma3" else "chatml")
    eos = tok.eos_token_id
    if arch == "gemma3":  # as the embedded conversion does: the text EOS plus the turn end
        from swapexp.models.embedded import stop_token_ids

        eos = stop_token_ids(tok, GEMMA, tok.convert_tokens_to_ids("<eos>"))
    torch.manual_seed(seed)
    config = tiny_config(
        arch,
        layers,
        hidden,
        inter,
        len(tok),
        tie_word_embeddings=True,
        max_position_embeddings=1024,
        bos_token_id=tok.bos_token_id,
        eos_token_id=eos,
        pad_token_id=tok.pad_token_id,
    )
    model = AutoModelForCausalLM.from_config(config).to(dtype)
    model.generation_config = GenerationConfig(eos_token_id=eos, pad_token_id=tok.pad_token_id)
    model.save_pretrained(path)
    return path
