"""Load a language's content written in part files (one file per topic group).

A folder ``XX_parts/`` beside this file holds ``pNN.py`` files, each defining
``ROWS = [(category, prompt, response), ...]`` (instruction data), and ``bNN.py``
files, each defining ``PROMPTS = [(category, prompt), ...]`` (held-out benign
prompts, never trained on). Files are read in name order.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

HERE = Path(__file__).resolve().parent


def _load(path: Path, attr: str) -> list[tuple]:
    spec = importlib.util.spec_from_file_location(f"_{path.parent.name}_{path.stem}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return list(getattr(module, attr))


def rows(lang: str) -> list[dict]:
    out = []
    for path in sorted((HERE / f"{lang}_parts").glob("p[0-9]*.py")):
        for category, prompt, response in _load(path, "ROWS"):
            out.append({"prompt": prompt, "response": response, "category": category, "lang": lang})
    prompts = [r["prompt"] for r in out]
    assert len(set(prompts)) == len(prompts), f"{lang}: duplicate prompts"
    return out


def benign_prompts(lang: str) -> list[dict]:
    out = []
    for path in sorted((HERE / f"{lang}_parts").glob("b[0-9]*.py")):
        for category, prompt in _load(path, "PROMPTS"):
            out.append({"prompt": prompt, "category": category, "lang": lang})
    prompts = [r["prompt"] for r in out]
    assert len(set(prompts)) == len(prompts), f"{lang}: duplicate benign prompts"
    return out
