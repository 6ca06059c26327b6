"""Four-option multiple choice: BELEBELE and MMMLU.

- BELEBELE (``facebook/belebele``; config = ``lang.belebele``, e.g. ``swh_Latn``;
  split ``test``): ``flores_passage``, ``question``, ``mc_answer1..4``,
  ``correct_answer_num`` ("1".."4").
- MMMLU (``openai/MMMLU``; config = ``lang.mmmlu``, e.g. ``SW_KE``; split
  ``test``): ``Question``, ``A``..``D``, ``Answer`` ("A".."D"), ``Subject``.

A local file (csv/tsv/json/jsonl/parquet) with the same columns works in place
of the hub; ``{lang}`` in its path is replaced by the benchmark's language code.
The MMMLU loader also accepts the common ``question``/``choices``/``answer``
(index or letter) layout.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from swapexp.errors import SwapexpError
from swapexp.eval.datasets.sampling import subset
from swapexp.eval.datasets.sources import (
    Unavailable,
    is_hub_id,
    load_file_rows,
    load_hub_rows,
    local_path,
    require_columns,
)

LETTERS = ("A", "B", "C", "D")
BELEBELE_HUB = "facebook/belebele"
MMMLU_HUB = "openai/MMMLU"


@dataclass(frozen=True)
class MCItem:
    id: int
    question: str  # the question, preceded by its passage when there is one
    options: tuple[str, ...]  # the four answer texts, in A..D order
    answer: int  # index of the correct option (0..3)
    lang: str = ""
    subject: str = ""


def _rows(path_or_hub: str, config: str, split: str = "test") -> tuple[list[dict[str, Any]], str]:
    path = local_path(str(path_or_hub), config)
    if path.is_file():
        return load_file_rows(path), str(path)
    if is_hub_id(str(path_or_hub)):
        return load_hub_rows(str(path_or_hub), config, split), f"{path_or_hub} ({config})"
    raise Unavailable(f"{path} does not exist")


def _letter_index(value: Any, where: str, n: int) -> int:
    text = str(value).strip().upper()
    if text in LETTERS:
        return LETTERS.index(text)
    if text.isdigit() and 0 <= int(text) < 4:
        return int(text)
    raise SwapexpError(f"{where}: row {n} has answer {value!r}; expected A-D (or 0-3)")


def load_belebele(path_or_hub: str, config: str, limit: int | None = None, seed: int = 0) -> list[MCItem]:
    rows, where = _rows(path_or_hub, config)
    cols = [
        "flores_passage",
        "question",
        "mc_answer1",
        "mc_answer2",
        "mc_answer3",
        "mc_answer4",
        "correct_answer_num",
    ]
    require_columns(rows, cols, f"BELEBELE source {where}")
    items = []
    for n, r in enumerate(rows):
        correct = str(r["correct_answer_num"]).strip()
        if correct not in ("1", "2", "3", "4"):
            raise SwapexpError(f"{where}: row {n} has correct_answer_num {correct!r}; expected 1-4")
        question = f"{str(r['flores_passage']).strip()}\n\n{str(r['question']).strip()}"
        options = tuple(str(r[f"mc_answer{k}"]).strip() for k in range(1, 5))
        items.append(MCItem(id=n, question=question, options=options, answer=int(correct) - 1, lang=config))
    return subset(items, limit, seed)


def load_mmmlu(path_or_hub: str, config: str, limit: int | None = None, seed: int = 0) -> list[MCItem]:
    rows, where = _rows(path_or_hub, config)
    items = []
    if rows and "choices" in rows[0]:
        require_columns(rows, ["question", "choices", "answer"], f"MMMLU source {where}")
        for n, r in enumerate(rows):
            options = tuple(str(c).strip() for c in r["choices"])
            if len(options) != 4:
                raise SwapexpError(f"{where}: row {n} has {len(options)} choices; expected 4")
            items.append(
                MCItem(
                    id=n,
                    question=str(r["question"]).strip(),
                    options=options,
                    answer=_letter_index(r["answer"], where, n),
                    lang=config,
                    subject=str(r.get("subject") or ""),
                )
            )
    else:
        require_columns(rows, ["Question", "A", "B", "C", "D", "Answer"], f"MMMLU source {where}")
        for n, r in enumerate(rows):
            items.append(
                MCItem(
                    id=n,
                    question=str(r["Question"]).strip(),
                    options=tuple(str(r[k]).strip() for k in LETTERS),
                    answer=_letter_index(r["Answer"], where, n),
                    lang=config,
                    subject=str(r.get("Subject") or ""),
                )
            )
    return subset(items, limit, seed)
