"""The non-weight files of a checkpoint that an output takes from its host (the language expert for a
merge, the input model for an edit): config, generation config, tokenizer, chat template."""

from __future__ import annotations

import shutil
from pathlib import Path

#: files copied from the host next to the written weights (those present)
HOST_FILES = (
    "config.json",
    "generation_config.json",
    "tokenizer.json",
    "tokenizer_config.json",
    "special_tokens_map.json",
    "tokenizer.model",
    "vocab.json",
    "merges.txt",
    "added_tokens.json",
    "chat_template.jinja",
    "chat_template.json",
)


def copy_host_files(src_dir: str | Path, dst_dir: str | Path) -> None:
    """Copy the host checkpoint's config, generation config and tokenizer files (those present)."""
    for fname in HOST_FILES:
        src = Path(src_dir) / fname
        if src.exists():
            shutil.copy2(src, Path(dst_dir) / fname)


#: tokenizer init arguments that say how it was loaded, not what it is: transformers writes them into
#: tokenizer_config.json, where they would give one tokenizer two content hashes (``HF_HUB_OFFLINE``
#: turns ``local_files_only`` on), and with them the checkpoint and everything cached under it
LOADER_ONLY_KWARGS = ("local_files_only", "cache_dir", "token", "force_download", "proxies", "revision")


def save_tokenizer(tokenizer, out_dir: str | Path) -> None:
    """``tokenizer.save_pretrained(out_dir)`` without :data:`LOADER_ONLY_KWARGS` in its config."""
    saved = {k: tokenizer.init_kwargs.pop(k) for k in LOADER_ONLY_KWARGS if k in tokenizer.init_kwargs}
    try:
        tokenizer.save_pretrained(out_dir)
    finally:
        tokenizer.init_kwargs.update(saved)
