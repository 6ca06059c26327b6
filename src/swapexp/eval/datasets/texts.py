"""Benign prompts (over-refusal, language fidelity) and held-out text (perplexity) from their sources.

A source is a string (``{lang}`` in it is replaced by the language's code):

- ``benign:CODE``: the project's benign prompt set of language CODE
  (``src/swapexp/data/benign/CODE.jsonl``, :func:`swapexp.experts.data.load_benign`); prompts only;
- ``heldout:NAME``: the held-out tail of the SFT file ``NAME.jsonl`` (the last ``experts.holdout``
  share, which no demo expert trains on; ``experts.data_dir`` or the packaged files): its prompts, or
  its reference responses as text;
- a ``.tsv`` file in MGSM's layout (``question<TAB>answer``, no header): the questions as prompts, or
  ``question`` + newline + ``answer`` as text;
- a ``.txt`` file: one prompt or text per non-empty line;
- a ``.jsonl``, ``.json``, ``.csv`` or ``.parquet`` file with a ``prompt`` column (prompts) or a
  ``text`` column (texts), and optionally ``id`` and ``category``.

A source that is not there (a missing file: MGSM has no Korean) raises
:class:`~swapexp.eval.datasets.sources.Unavailable`; a malformed one a one-line
:class:`~swapexp.errors.SwapexpError`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from swapexp.errors import SwapexpError
from swapexp.eval.datasets.sources import FILE_BUILDERS, Unavailable, load_file_rows, local_path

SCHEMES = ("benign:", "heldout:")


@dataclass(frozen=True)
class PromptItem:
    id: str
    prompt: str
    source: str  # "benign", the SFT file, or the file's stem ("mgsm_sw")
    category: str | None = None


@dataclass(frozen=True)
class TextItem:
    id: str
    text: str
    source: str


@dataclass(frozen=True)
class Holdout:
    """Where ``heldout:NAME`` reads: the SFT folder (None = the packaged one) and the held-out share
    (``experts.data_dir`` and ``experts.holdout``, so it is exactly what the demo experts never see)."""

    data_dir: str | None = None
    fraction: float = 0.1


def _heldout_rows(name: str, holdout: Holdout) -> list[tuple[int, dict[str, Any]]]:
    from swapexp.experts.data import load_sft, split_holdout

    try:
        rows = load_sft(name, holdout.data_dir)
    except SwapexpError as e:
        if "does not exist" in str(e):
            raise Unavailable(str(e).split(";")[0]) from None
        raise
    train, held = split_holdout(rows, holdout.fraction)
    return list(enumerate(held, start=len(train)))


def _file_rows(path: Path, column: str, what: str) -> list[tuple[str, str, str | None]]:
    """(id, value, category) of every row of a local file; ``column`` holds the value."""
    suffix = path.suffix.lower()
    if suffix == ".txt":
        lines = [ln.strip() for ln in path.read_text(encoding="utf-8").splitlines()]
        out = [(f"{path.stem}-{n}", ln, None) for n, ln in enumerate(lines) if ln]
        if not out:
            raise SwapexpError(f"{path} has no non-empty line; it needs one {what} per line")
        return out
    if suffix not in FILE_BUILDERS:
        raise SwapexpError(
            f"{path}: unsupported file type {suffix or '(none)'}; use .txt, .tsv (MGSM's layout) or "
            f"{', '.join(s for s in FILE_BUILDERS if s != '.tsv')} with a {column!r} column"
        )
    rows = load_file_rows(path)
    if column not in rows[0]:
        raise SwapexpError(
            f"{path} has no {column!r} column (columns: {', '.join(rows[0]) or 'none'}); "
            f"it needs one {what} per row in a column named {column!r}"
        )
    out = []
    for n, row in enumerate(rows):
        value = str(row.get(column) or "").strip()
        if value:
            rid = row.get("id")
            cat = row.get("category")
            out.append((f"{path.stem}-{rid if rid not in (None, '') else n}", value, cat and str(cat)))
    if not out:
        raise SwapexpError(f"{path} has no non-empty {column!r} value")
    return out


def load_prompts(source: str, lang: str, holdout: Holdout | None = None) -> list[PromptItem]:
    """The prompts of one source (see the module docstring)."""
    source = str(source).replace("{lang}", lang)
    if source.startswith("benign:"):
        from swapexp.experts.data import benign_dir, load_benign

        code = source.removeprefix("benign:")
        if not (benign_dir() / f"{code}.jsonl").is_file():
            raise Unavailable(f"the project has no benign prompts for {code!r}")
        return [
            PromptItem(str(r["id"]), str(r["prompt"]), "benign", r.get("category")) for r in load_benign(code)
        ]
    if source.startswith("heldout:"):
        name = source.removeprefix("heldout:")
        return [
            PromptItem(f"{name}-{n}", str(r["prompt"]), name, r.get("category"))
            for n, r in _heldout_rows(name, holdout or Holdout())
        ]
    path = local_path(source, lang)
    if not path.is_file():
        raise Unavailable(f"{path} does not exist")
    if path.suffix.lower() == ".tsv":
        from swapexp.eval.datasets.mgsm import load_mgsm

        return [
            PromptItem(f"{path.stem}-{it.id}", it.question, path.stem) for it in load_mgsm(str(path), lang)
        ]
    return [PromptItem(i, v, path.stem, c) for i, v, c in _file_rows(path, "prompt", "prompt")]


def load_texts(source: str, lang: str, holdout: Holdout | None = None) -> list[TextItem]:
    """The texts of one source (see the module docstring)."""
    source = str(source).replace("{lang}", lang)
    if source.startswith("benign:"):
        raise SwapexpError(
            f"{source} holds prompts without reference text, so it cannot be scored for perplexity; "
            "set eval.lm_path to a text file or heldout:lang_{lang}"
        )
    if source.startswith("heldout:"):
        name = source.removeprefix("heldout:")
        return [
            TextItem(f"{name}-{n}", str(r["response"]), name)
            for n, r in _heldout_rows(name, holdout or Holdout())
        ]
    path = local_path(source, lang)
    if not path.is_file():
        raise Unavailable(f"{path} does not exist")
    if path.suffix.lower() == ".tsv":
        from swapexp.eval.datasets.mgsm import load_mgsm

        return [
            TextItem(f"{path.stem}-{it.id}", f"{it.question}\n{it.answer}", path.stem)
            for it in load_mgsm(str(path), lang)
        ]
    return [TextItem(i, v, path.stem) for i, v, _ in _file_rows(path, "text", "text")]


def load_prompt_pool(
    sources: Sequence[str], lang: str, holdout: Holdout | None = None
) -> tuple[list[PromptItem], dict[str, str]]:
    """Every available source's prompts together (a prompt that two sources share counts once), and
    ``{source: reason}`` for the sources that are not available; :class:`Unavailable` when none is."""
    items: list[PromptItem] = []
    seen_prompts: set[str] = set()
    seen_ids: set[str] = set()
    missing: dict[str, str] = {}
    for src in sources:
        try:
            found = load_prompts(src, lang, holdout)
        except Unavailable as e:
            missing[str(src)] = str(e)
            continue
        for it in found:
            if it.prompt in seen_prompts:
                continue
            if it.id in seen_ids:
                raise SwapexpError(
                    f"two prompts have the id {it.id!r} (source {src}); give them distinct ids"
                )
            seen_prompts.add(it.prompt)
            seen_ids.add(it.id)
            items.append(it)
    if not items:
        raise Unavailable("; ".join(missing.values()) or "no source configured")
    return items, missing
