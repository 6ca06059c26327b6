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

The benign prompt sets ``swapexp/data/benign/CODE.jsonl`` (``en``, ``sw``, ``bn``,
``te``, ``ko``; data card ``README.md`` there) are held-out everyday requests,
some of which only sound alarming, for measuring over-refusal and language
fidelity; :func:`load_benign` reads them. None of their prompts is an SFT prompt.

:func:`restates_prompt` decides whether a response *begins* by restating its
prompt (``"Mji mkuu wa Kenya ni upi?"`` -> ``"Mji mkuu wa Kenya ni Nairobi."``);
:func:`restatement_share` is the share of such rows in a data set.
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
from swapexp.runtime import read_jsonl_objects

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
    for lineno, row in read_jsonl_objects(path, "a JSON object with prompt and response"):
        for key in REQUIRED:
            if not isinstance(row.get(key), str) or not row[key].strip():
                raise SwapexpError(f"{path}:{lineno}: field {key!r} is missing or empty")
        rows.append(row)
    if not rows:
        raise SwapexpError(f"SFT data file {path} is empty; it needs JSON lines with prompt and response")
    return rows


def benign_dir() -> Path:
    """The packaged folder of benign prompt sets, ``swapexp/data/benign``."""
    return Path(str(resources.files("swapexp") / "data" / "benign"))


def load_benign(lang: str) -> list[dict]:
    """The packaged benign prompts of one language (``{"id", "prompt", "category", "lang"}``, id order)."""
    if not _NAME_RE.match(lang):
        raise SwapexpError(f"bad language code {lang!r}; use a code such as sw or ko")
    path = benign_dir() / f"{lang}.jsonl"
    if not path.is_file():
        have = ", ".join(sorted(p.stem for p in benign_dir().glob("*.jsonl"))) or "none"
        raise SwapexpError(f"no packaged benign prompts for {lang!r} (available: {have})")
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


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


# A sentence ends at . ! ? ; : a newline, the Devanagari/Bengali danda (।, ॥) or a CJK full stop.
_SENTENCE_END = re.compile(r"[.!?;:\n\u0964\u0965\u3002\uff01\uff1f]")
RESTATE_MIN_BLOCK = 5
RESTATE_COVERAGE = 0.5
_OPENING_MIN_CHARS = 8


def _flat(text: str) -> str:
    """NFKD casefolded text, each run of non-letters/marks/digits one space.

    NFKD splits a Hangul syllable into its two or three jamo, so a Korean
    character counts about as much as an alphabetic letter or an Indic code point.
    """
    text = unicodedata.normalize("NFKD", text).casefold()
    return " ".join("".join(c if unicodedata.category(c)[0] in "LMN" else " " for c in text).split())


def opening_sentence(response: str) -> str:
    """The response up to the end of its first sentence, or of the next while it has fewer than 8 letters or digits."""
    for m in _SENTENCE_END.finditer(response):
        head = response[: m.end()]
        if sum(not c.isspace() for c in _flat(head)) >= _OPENING_MIN_CHARS:
            return head.strip()
    return response.strip()


def restatement_score(prompt: str, response: str) -> float:
    """Share of the prompt's characters that reappear in the response's first sentence.

    Both texts are flattened (:func:`_flat`); the score is the total length of
    the ``difflib`` matching blocks (in order, non-overlapping) of at least
    ``RESTATE_MIN_BLOCK`` characters, divided by the prompt's length.
    """
    a, b = _flat(prompt), _flat(opening_sentence(response))
    if not a or not b:
        return 0.0
    blocks = difflib.SequenceMatcher(None, a, b, autojunk=False).get_matching_blocks()
    return sum(m.size for m in blocks if m.size >= RESTATE_MIN_BLOCK) / len(a)


def restates_prompt(prompt: str, response: str) -> bool:
    """Does ``response`` begin by restating ``prompt``?

    True when at least half of the prompt (``RESTATE_COVERAGE``) reappears, in
    runs of five or more characters, in the response's first sentence
    (:func:`restatement_score`). Script-agnostic: it compares characters, not
    words, so Korean particles (``수도는`` / ``수도가``) and Indic inflections
    only break a run where the text differs. ``"Mji mkuu wa Kenya ni upi?"`` ->
    ``"Mji mkuu wa Kenya ni Nairobi."`` restates (0.88); ``"Nairobi."`` does
    not; nor does a definition that repeats only a short subject
    (``"운동은 왜 중요한가요?"`` -> ``"운동은 심장과 근육을 ..."``, 0.40). Calibrated on
    swapexp's old templated SFT rows (72-100% of them restate, per language) and on
    hand-written direct answers in five scripts (none does); the data card
    ``swapexp/data/sft/README.md`` has the numbers.
    """
    return restatement_score(prompt, response) >= RESTATE_COVERAGE


def restatement_share(rows: list[dict]) -> float:
    """Share of ``rows`` (dicts with ``prompt`` and ``response``) whose response restates its prompt."""
    if not rows:
        return 0.0
    return sum(restates_prompt(r["prompt"], r["response"]) for r in rows) / len(rows)
