"""The supervised fine-tuning data of the demo experts.

The packaged files live in ``swapexp/data/sft/NAME.jsonl`` (see the data card
``README.md`` there): ``safety_en`` (harmful English requests answered with
refusals), ``benign_en`` (benign English requests answered helpfully) and
``lang_{sw,bn,te,ko}`` (instruction/response pairs in each target language).
Each line is one JSON object with ``prompt``, ``response``, ``category`` and
``lang``.

Every file is split deterministically into a training part and a held-out
tail (:func:`split_holdout`); the demo experts never see the tail, so it can be
used to check what training changed.
"""

from __future__ import annotations

import difflib
import json
import math
import os
import re
import unicodedata
from collections import Counter
from importlib import resources
from pathlib import Path

from swapexp.errors import SwapexpError

REQUIRED = ("prompt", "response")
_NAME_RE = re.compile(r"^[A-Za-z0-9_.-]+$")


def sft_dir(data_dir: str | os.PathLike | None = None) -> Path:
    """The folder holding the ``NAME.jsonl`` files: ``data_dir`` or the packaged ``swapexp/data/sft``."""
    if data_dir:
        return Path(data_dir).expanduser()
    return Path(str(resources.files("swapexp") / "data" / "sft"))


def sft_path(name: str, data_dir: str | os.PathLike | None = None) -> Path:
    if not _NAME_RE.match(name):
        raise SwapexpError(f"bad SFT data name {name!r}; use a file stem such as safety_en or lang_sw")
    return sft_dir(data_dir) / f"{name}.jsonl"


def available(data_dir: str | os.PathLike | None = None) -> list[str]:
    """Names of the SFT files present (``safety_en``, ``benign_en``, ``lang_sw``, ...)."""
    d = sft_dir(data_dir)
    return sorted(p.stem for p in d.glob("*.jsonl")) if d.is_dir() else []


def languages(data_dir: str | os.PathLike | None = None) -> list[str]:
    """Language codes that have a ``lang_CODE.jsonl`` file."""
    return [n[len("lang_") :] for n in available(data_dir) if n.startswith("lang_")]


def load_sft(name: str, data_dir: str | os.PathLike | None = None) -> list[dict]:
    """All rows of ``NAME.jsonl`` in file order, e.g. ``load_sft("benign_en")``.

    A missing or empty file, a line that is not a JSON object, or a row without a
    non-empty ``prompt`` and ``response`` is a :class:`SwapexpError` naming the file and line.
    """
    path = sft_path(name, data_dir)
    if not path.is_file():
        have = ", ".join(available(data_dir)) or "none"
        raise SwapexpError(
            f"SFT data file {path} does not exist (available: {have}); "
            "add it or set experts.data_dir to a folder holding it"
        )
    rows = []
    with open(path, encoding="utf-8") as f:
        for lineno, line in enumerate(f, 1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
            except json.JSONDecodeError as e:
                raise SwapexpError(
                    f"{path}:{lineno}: not valid JSON ({e.msg}); one JSON object per line"
                ) from None
            if not isinstance(row, dict):
                raise SwapexpError(f"{path}:{lineno}: expected a JSON object with prompt and response")
            for key in REQUIRED:
                if not isinstance(row.get(key), str) or not row[key].strip():
                    raise SwapexpError(f"{path}:{lineno}: field {key!r} is missing or empty")
            rows.append(row)
    if not rows:
        raise SwapexpError(f"SFT data file {path} is empty; it needs JSON lines with prompt and response")
    return rows


def split_holdout(rows: list[dict], fraction: float) -> tuple[list[dict], list[dict]]:
    """(train, held-out): the last ``ceil(fraction * n)`` rows are held out, the rest train."""
    if not 0.0 <= fraction < 1.0:
        raise SwapexpError(f"experts.holdout must be in [0, 1), got {fraction}")
    n_held = math.ceil(fraction * len(rows)) if fraction > 0 else 0
    n_train = len(rows) - n_held
    if n_train < 1:
        raise SwapexpError(f"experts.holdout={fraction} leaves no training rows out of {len(rows)}")
    return rows[:n_train], rows[n_train:]


def normalise(text: str) -> str:
    """Casefolded NFKC text with punctuation, symbols and whitespace removed (letters, marks, digits kept)."""
    text = unicodedata.normalize("NFKC", text).casefold()
    return "".join(ch for ch in text if unicodedata.category(ch)[0] in "LMN")


def _tokens(text: str) -> frozenset[str]:
    return frozenset(re.findall(r"\w+", unicodedata.normalize("NFKC", text).casefold()))


def find_overlaps(
    prompts: list[str], references: list[str], ratio: float = 0.9, jaccard: float = 0.8
) -> list[tuple[str, str, str, float]]:
    """Prompts equal or near-equal to a reference text: ``[(prompt, reference, kind, score)]``.

    On normalised text (:func:`normalise`): ``exact`` equality, or a
    ``difflib.SequenceMatcher`` ratio above ``ratio``; on word sets, a Jaccard
    similarity above ``jaccard`` (prompts of three or more words). Candidate
    pairs are first narrowed by length, since a ratio above 0.9 needs lengths
    within a factor 0.82 of each other and a Jaccard above 0.8 set sizes within 0.8.
    """
    import numpy as np

    refs = sorted(((n, r) for r in references if (n := normalise(r))), key=lambda x: len(x[0]))
    ref_lens = np.array([len(n) for n, _ in refs])
    exact = {n: r for n, r in refs}
    # character counts of every reference: sum_c min(count_p(c), count_r(c)) is difflib's quick_ratio
    # numerator, an upper bound of its ratio, so it prunes candidates without missing any
    vocab = {c: i for i, c in enumerate(sorted({c for n, _ in refs for c in n}))}
    counts = np.zeros((len(refs), len(vocab)), dtype=np.int32)
    for row, (n, _) in enumerate(refs):
        cnt = Counter(n)
        counts[row, [vocab[c] for c in cnt]] = list(cnt.values())
    ref_tokens = [_tokens(r) for r in references]
    postings: dict[str, list[int]] = {}
    for i, t in enumerate(ref_tokens):
        for w in t:
            postings.setdefault(w, []).append(i)
    lo_ratio = ratio / (2 - ratio)  # ratio = 2M/(a+b) <= 2*min/(min+max)
    found = []
    for p in prompts:
        n = normalise(p)
        if not n:
            continue
        if n in exact:
            found.append((p, exact[n], "exact", 1.0))
            continue
        hit = None
        lo = int(np.searchsorted(ref_lens, len(n) * lo_ratio, side="left"))
        hi = int(np.searchsorted(ref_lens, len(n) / lo_ratio, side="right"))
        chars = Counter(c for c in n if c in vocab)
        if hi > lo and chars:
            cols = [vocab[c] for c in chars]
            common = np.minimum(counts[lo:hi, cols], np.array(list(chars.values()))).sum(1)
            quick = 2 * common / (len(n) + ref_lens[lo:hi])
            for k in np.nonzero(quick > ratio)[0]:
                rn, r = refs[lo + int(k)]
                score = difflib.SequenceMatcher(None, n, rn, autojunk=False).ratio()
                if score > ratio:
                    hit = (p, r, "ratio", round(score, 3))
                    break
        pt = _tokens(p)
        if hit is None and len(pt) >= 3:
            # Jaccard > j needs |p & r| > j * |p| shared words: count them through the word index
            shared = Counter(i for w in pt for i in postings.get(w, ()))
            for i, k in shared.items():
                if k > jaccard * len(pt) and (score := k / len(pt | ref_tokens[i])) > jaccard:
                    hit = (p, references[i], "jaccard", round(score, 3))
                    break
        if hit:
            found.append(hit)
    return found
