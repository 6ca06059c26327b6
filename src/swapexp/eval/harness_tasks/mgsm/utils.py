"""Answer handling of the swapexp_mgsm_* tasks: swapexp's own MGSM number extraction.

lm-eval's regex filters read ASCII digits only; :func:`swapexp.eval.metrics.extract_number` reads the
digits of any script (Bengali, Telugu, ...), so a response scores the same here as in swapexp's
built-in MGSM benchmark.
"""

from __future__ import annotations

from typing import Any

from swapexp.eval.metrics import extract_number, format_number, parse_number

INVALID = "[invalid]"  # a response without a number (never equal to a gold answer)


def doc_to_target(doc: dict[str, Any]) -> str:
    """The gold answer as a plain number: "114,200" -> "114200", "৭২" -> "72"."""
    return format_number(parse_number(str(doc["answer"]))) or str(doc["answer"]).strip()


def final_numbers(resps: list[list[str]], docs: list[dict[str, Any]]) -> list[list[str]]:
    """lm-eval custom filter: each response -> its final number, formatted like :func:`doc_to_target`."""
    return [[format_number(extract_number(r)) or INVALID for r in rs] for rs in resps]
