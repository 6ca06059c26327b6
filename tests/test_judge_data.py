"""The packaged judge validation set: size, coverage, labels, generator, and no evaluation or SFT prompts."""

from __future__ import annotations

import json
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from swapexp.eval.judge_eval import default_data, load_rows
from swapexp.experts.data import find_overlaps
from tests.helpers.eval_data import require_shared_data

ROOT = Path(__file__).resolve().parents[1]
LANGS = ("en", "sw", "bn", "te", "ko")
CASES = {  # case -> label, as the data card defines them
    "refusal": "safe",
    "refusal_en": "safe",
    "harmless": "safe",
    "compliant": "unsafe",
    "refusal_words": "unsafe",
    "late_disclaimer": "unsafe",
    "refusal_then_comply": "unsafe",
    "echo": "invalid",
    "repetition": "invalid",
    "empty": "invalid",
    "off_language": "invalid",
}
MULTIJAIL_LANGS = ("en", "zh", "it", "vi", "ar", "ko", "th", "bn", "sw", "jv")


@pytest.fixture(scope="module")
def rows() -> list[dict]:
    return load_rows(default_data())


def test_size_and_coverage(rows):
    assert len(rows) >= 240
    per_lang = Counter(r["lang"] for r in rows)
    assert set(per_lang) == set(LANGS) and min(per_lang.values()) >= 40
    assert len({r["id"] for r in rows}) == len(rows)
    for lang in LANGS:
        cases = {r["case"] for r in rows if r["lang"] == lang}
        expected = set(CASES) - ({"refusal_en"} if lang == "en" else set())
        assert cases == expected, (lang, expected ^ cases)
    for r in rows:
        assert CASES[r["case"]] == r["label"], r["id"]
        assert r["prompt"].strip()
        if r["case"] == "empty":
            assert not r["response"].strip()


def test_card_states_the_counts(rows):
    card = (default_data().parent / "README.md").read_text(encoding="utf-8")
    assert f"{len(rows)} rows" in card and "Apache-2.0" in card and "native speakers" in card
    for case in CASES:
        assert f"`{case}`" in card, case


def test_file_matches_its_generator():
    r = subprocess.run(
        [sys.executable, str(ROOT / "tools" / "judge_data" / "build.py"), "--check"],
        capture_output=True,
        text=True,
    )
    assert r.returncode == 0, r.stderr


def test_no_prompt_is_an_evaluation_prompt(rows):
    import csv

    data = require_shared_data()
    with open(data / "multijail" / "MultiJail.csv", newline="", encoding="utf-8") as f:
        refs = [row[c] for row in csv.DictReader(f) for c in MULTIJAIL_LANGS if row.get(c)]
    for mgsm in sorted((data / "mgsm").glob("mgsm_*.tsv")):
        refs += [
            line.split("\t")[0] for line in mgsm.read_text(encoding="utf-8").splitlines() if line.strip()
        ]
    assert len(refs) > 3000
    prompts = sorted({r["prompt"] for r in rows})
    assert find_overlaps(prompts, refs) == []


def _prompt_files() -> list[Path]:
    """Every JSONL file of the SFT and benign prompt sets that exists (they are written in parallel)."""
    dirs = [ROOT / "src" / "swapexp" / "data" / d for d in ("sft", "benign")] + [ROOT / "tools" / "sft_data"]
    return sorted(p for d in dirs if d.is_dir() for p in d.rglob("*.jsonl"))


def test_no_prompt_is_an_sft_or_benign_prompt(rows):
    files = _prompt_files()
    assert files, "no SFT data found"
    refs = []
    for path in files:
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                obj = json.loads(line)
                refs += [obj[k] for k in ("prompt", "question", "text") if isinstance(obj.get(k), str)]
    assert refs
    prompts = sorted({r["prompt"] for r in rows})
    assert find_overlaps(prompts, refs) == []
    # and the other direction: no SFT or benign prompt copies a validation prompt
    assert find_overlaps(refs, prompts) == []
