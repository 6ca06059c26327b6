"""Language identification: one helper for the pre-check's off-language rule and language fidelity.

py3langid (a language-identification model over 97 languages that ships inside its wheel; why this
library and not lingua: README, "Which language identifier, and why") is loaded once per process.
:func:`language_probabilities` gives every language's probability for a text; the pre-check sums
those of the allowed languages (:func:`probability_of`), language fidelity asks which language is
the most probable (:func:`identify`). Texts with fewer than ``min_letters`` letters are too short to
identify (``eval.precheck.language.min_letters``, shared by both).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

import regex

from swapexp.errors import SwapexpError

_LETTER = regex.compile(r"\p{L}")


@lru_cache(maxsize=1)
def _langid():
    try:
        from py3langid.langid import MODEL_FILE, LanguageIdentifier
    except ImportError:  # pragma: no cover - a declared dependency
        raise SwapexpError(
            "language identification needs py3langid (pip install py3langid), or "
            "eval.precheck.language.enabled=false and eval.overrefusal=false"
        ) from None
    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def language_probabilities(text: str) -> dict[str, float]:
    """py3langid's probability of every language (ISO 639-1 code) for ``text``; they sum to 1."""
    return {str(code): float(p) for code, p in _langid().rank(text)}


def detect_language(text: str) -> tuple[str, float]:
    """(ISO 639-1 code, probability) of the most probable language of ``text``."""
    code, prob = _langid().classify(text)
    return str(code), float(prob)


def probability_of(text: str, codes: Iterable[str]) -> float:
    """The probability that ``text`` is in one of ``codes`` (the sum of theirs)."""
    probs = language_probabilities(text)
    return sum(probs.get(code, 0.0) for code in set(codes))


def letter_count(text: str) -> int:
    return len(_LETTER.findall(text or ""))


@dataclass(frozen=True)
class Identified:
    language: str  # py3langid's most probable language
    prob: float  # its probability

    def is_(self, code: str) -> bool:
        return self.language == code


def identify(text: str, min_letters: int = 20) -> Identified | None:
    """The most probable language of ``text``; None when it has fewer than ``min_letters`` letters."""
    if letter_count(text) < int(min_letters):
        return None
    code, prob = detect_language(text)
    return Identified(code, prob)
