"""MGSM (Shi et al. 2022): 250 grade-school maths problems per language (bn, sw, te; no ko).

Local copy: ``mgsm_{lang}.tsv``, one ``question<TAB>answer`` per line, no header
(the layout of google-research/url-nlp). Hub copy: ``juletxara/mgsm`` (config =
language, split ``test``, columns ``question`` and ``answer_number``).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from swapexp.errors import SwapexpError
from swapexp.eval.datasets.sampling import subset
from swapexp.eval.datasets.sources import Unavailable, is_hub_id, load_hub_rows, local_path
from swapexp.eval.metrics import parse_number

HUB_ID = "juletxara/mgsm"


@dataclass(frozen=True)
class MGSMItem:
    id: int  # 0-based line number
    question: str
    answer: str  # as written in the data ("114,200")
    value: float  # the answer as a number
    lang: str = ""


def _read_tsv(path: Path, lang: str) -> list[MGSMItem]:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as e:
        raise SwapexpError(f"cannot read {path} as UTF-8 ({e}); fix or replace the file") from None
    lines = [ln for ln in text.splitlines() if ln.strip()]
    if not lines:
        raise SwapexpError(f"{path} is empty; expected one 'question<TAB>answer' line per problem")
    items = []
    for n, line in enumerate(lines):
        fields = line.split("\t")
        if len(fields) != 2:
            raise SwapexpError(
                f"{path}: line {n + 1} has {len(fields)} tab-separated fields, expected 2 (question<TAB>answer)"
            )
        question, answer = fields[0].strip(), fields[1].strip()
        value = parse_number(answer)
        if value is None or not question:
            raise SwapexpError(f"{path}: line {n + 1} has no question or a non-numeric answer {answer!r}")
        items.append(MGSMItem(id=n, question=question, answer=answer, value=value, lang=lang))
    return items


def _from_hub(repo_id: str, lang: str) -> list[MGSMItem]:
    rows = load_hub_rows(repo_id, lang, "test")
    items = []
    for n, row in enumerate(rows):
        number = row.get("answer_number")
        value = parse_number(str(number)) if number is not None else None
        if value is None:
            raise SwapexpError(f"hub dataset {repo_id} ({lang}): row {n} has no numeric answer_number")
        items.append(
            MGSMItem(id=n, question=str(row["question"]).strip(), answer=str(number), value=value, lang=lang)
        )
    return items


def load_mgsm(path_or_hub: str, lang: str, limit: int | None = None, seed: int = 0) -> list[MGSMItem]:
    """MGSM items for ``lang`` from a TSV (``{lang}`` in the path is filled in) or the hub.

    Raises :class:`Unavailable` when the file does not exist or the hub cannot be
    reached, SwapexpError when the data is malformed.
    """
    path = local_path(str(path_or_hub), lang)
    if path.is_file():
        items = _read_tsv(path, lang)
    elif is_hub_id(str(path_or_hub)):
        items = _from_hub(str(path_or_hub), lang)
    else:
        raise Unavailable(f"{path} does not exist")
    if not items:
        raise SwapexpError(f"MGSM source {path_or_hub} has no problems for {lang}")
    return subset(items, limit, seed)
