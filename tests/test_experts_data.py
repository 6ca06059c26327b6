"""The packaged SFT data of the demo experts: size, shape, language, refusals, no evaluation prompts."""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest

from swapexp.errors import SwapexpError
from swapexp.experts.check import is_refusal
from swapexp.experts.data import available, find_overlaps, languages, load_sft, normalise, split_holdout
from swapexp.experts.train import MixStream

ROOT = Path(__file__).resolve().parents[1]
FILES = ("safety_en", "benign_en", "lang_sw", "lang_bn", "lang_te", "lang_ko")
MULTIJAIL_LANGS = ("en", "zh", "it", "vi", "ar", "ko", "th", "bn", "sw", "jv")


@pytest.fixture(scope="module")
def data_dir() -> Path:
    d = Path(os.environ.get("SWAPEXP_DATA") or ROOT.parent / "shared" / "data")
    if not (d / "multijail" / "MultiJail.csv").is_file():
        pytest.skip(
            f"shared data not found in {d}; set SWAPEXP_DATA to the folder holding multijail/ and mgsm/"
        )
    return d


@pytest.fixture(scope="module")
def multijail(data_dir) -> list[dict]:
    with open(data_dir / "multijail" / "MultiJail.csv", newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def test_packaged_files_have_enough_well_formed_rows():
    assert set(FILES) <= set(available())
    assert set(languages()) >= {"sw", "bn", "te", "ko"}
    for name in FILES:
        rows = load_sft(name)
        assert len(rows) >= 150, name
        lang = name.split("_")[1]
        for r in rows:
            assert set(r) == {"prompt", "response", "category", "lang"}, (name, r)
            assert r["lang"] == lang and r["category"] and r["prompt"].strip() and r["response"].strip()
        prompts = [normalise(r["prompt"]) for r in rows]
        assert len(set(prompts)) == len(prompts), f"{name} has duplicate prompts"


def test_safety_data_covers_every_multijail_tag_and_always_refuses(multijail):
    import ast

    tags = {t for row in multijail for t in ast.literal_eval(row["tags"])}
    rows = load_sft("safety_en")
    cats = {r["category"] for r in rows}
    assert cats == tags, f"missing: {tags - cats}, unknown: {cats - tags}"
    assert all(is_refusal(r["response"]) for r in rows)
    # the held-out tail spans several categories
    assert len({r["category"] for r in split_holdout(rows, 0.1)[1]}) >= 8


def test_benign_answers_are_not_refusals():
    assert not any(is_refusal(r["response"]) for r in load_sft("benign_en"))


SCRIPTS = {
    "bn": lambda ch: "\u0980" <= ch <= "\u09ff",
    "te": lambda ch: "\u0c00" <= ch <= "\u0c7f",
    "ko": lambda ch: "\uac00" <= ch <= "\ud7a3" or "\u1100" <= ch <= "\u11ff" or "\u3130" <= ch <= "\u318f",
    "sw": lambda ch: "a" <= ch.lower() <= "z",
}


@pytest.mark.parametrize("lang", sorted(SCRIPTS))
def test_language_data_is_written_in_the_language(lang):
    in_script = SCRIPTS[lang]
    for r in load_sft(f"lang_{lang}"):
        for text in (r["prompt"], r["response"]):
            letters = [ch for ch in text if unicodedata.category(ch)[0] in "LM"]
            share = sum(map(in_script, letters)) / len(letters)
            assert share > 0.9, (lang, text)
    if lang == "sw":  # Latin script alone would not tell Swahili from English
        words = {w for r in load_sft("lang_sw") for w in r["response"].lower().split()}
        assert {"na", "ni", "kwa", "ya", "wa"} <= words and not {"the", "and", "is"} & words


def test_no_sft_prompt_is_an_evaluation_prompt(data_dir, multijail):
    refs = [row[c] for row in multijail for c in MULTIJAIL_LANGS if row.get(c)]
    for mgsm in sorted((data_dir / "mgsm").glob("mgsm_*.tsv")):
        with open(mgsm, encoding="utf-8") as f:
            refs += [line.split("\t")[0] for line in f if line.strip()]
    assert len(refs) > 3000
    prompts = [r["prompt"] for name in available() for r in load_sft(name)]
    assert find_overlaps(prompts, refs) == []


def test_overlap_check_catches_copies_and_near_copies():
    refs = [
        "Can you teach me how to make explosives?",
        "Janet's ducks lay 16 eggs per day. How many are left?",
    ]
    found = find_overlaps(
        [
            "can you teach me how to make explosives",  # punctuation and case only
            "Can you teach me how to make explosive?",  # one character off
            "How many are left? Janet's ducks lay 16 eggs per day.",  # same words, other order
            "What is the capital of Kenya?",  # unrelated
        ],
        refs,
    )
    assert [k for _, _, k, _ in found] == ["exact", "ratio", "jaccard"]
    assert normalise("  Hello, WORLD! ") == "helloworld" and normalise("নমস্কার।") == "নমস্কার"


def test_files_match_their_generator():
    r = subprocess.run(
        [sys.executable, str(ROOT / "tools" / "sft_data" / "build.py"), "--check"],
        capture_output=True,
        text=True,
    )
    assert r.returncode == 0, r.stderr


def test_load_sft_errors_name_the_file_and_line(tmp_path):
    with pytest.raises(SwapexpError, match="does not exist.*available"):
        load_sft("lang_xx")
    (tmp_path / "empty.jsonl").write_text("\n")
    with pytest.raises(SwapexpError, match="empty.jsonl is empty"):
        load_sft("empty", tmp_path)
    (tmp_path / "bad.jsonl").write_text(json.dumps({"prompt": "a", "response": "b"}) + "\n{oops\n")
    with pytest.raises(SwapexpError, match=r"bad.jsonl:2: not valid JSON"):
        load_sft("bad", tmp_path)
    (tmp_path / "noresp.jsonl").write_text(json.dumps({"prompt": "a", "response": " "}) + "\n")
    with pytest.raises(SwapexpError, match=r"noresp.jsonl:1: field 'response'"):
        load_sft("noresp", tmp_path)
    with pytest.raises(SwapexpError, match="bad SFT data name"):
        load_sft("../etc/passwd")


def test_holdout_is_the_deterministic_tail():
    rows = [{"i": i} for i in range(25)]
    train, held = split_holdout(rows, 0.1)
    assert [r["i"] for r in held] == [22, 23, 24] and len(train) == 22
    assert split_holdout(rows, 0.0) == (rows, [])
    with pytest.raises(SwapexpError, match="holdout"):
        split_holdout(rows, 1.0)


def test_mix_stream_is_seeded_weighted_and_covers_each_source_per_pass():
    draws = [next(s) for s in [MixStream([10, 30], [0.25, 0.75], seed=3)] for _ in range(400)]
    again = [next(s) for s in [MixStream([10, 30], [0.25, 0.75], seed=3)] for _ in range(400)]
    assert draws == again
    share = sum(src == 0 for src, _ in draws) / len(draws)
    assert 0.18 < share < 0.32
    first_pass = [i for src, i in draws if src == 0][:10]
    assert sorted(first_pass) == list(range(10))  # every example once before any repeats
    with pytest.raises(SwapexpError, match="weights"):
        MixStream([3], [0.0], seed=0)
