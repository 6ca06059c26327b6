"""The packaged SFT data of the demo experts and the benign prompt sets: size, shape, language,
refusals, restatement, no evaluation prompts."""

from __future__ import annotations

import csv
import hashlib
import json
import os
import subprocess
import sys
import unicodedata
from collections import Counter
from pathlib import Path

import pytest

from swapexp.errors import SwapexpError
from swapexp.experts.check import is_refusal
from swapexp.experts.data import (
    available,
    benign_dir,
    find_overlaps,
    languages,
    load_benign,
    load_sft,
    normalise,
    opening_sentence,
    restatement_score,
    restatement_share,
    restates_prompt,
    sft_path,
    split_holdout,
)
from swapexp.experts.train import MixStream

ROOT = Path(__file__).resolve().parents[1]
FILES = ("safety_en", "benign_en", "lang_sw", "lang_bn", "lang_te", "lang_ko")
MULTIJAIL_LANGS = ("en", "zh", "it", "vi", "ar", "ko", "th", "bn", "sw", "jv")
LANGS = ("sw", "bn", "te", "ko")  # target languages with an instruction set
BENIGN_LANGS = ("en", *LANGS)
# The old templated bn and te sets (fingerprinted by content) predate the rewrite that lands from another
# branch; while they are packaged, the size, restatement and benign-set checks of those two languages
# are expected to fail. Any other content, the rewritten sets included, is checked in full.
OLD_TEMPLATED_SHA256 = {
    "bn": "eee4276c194af95a67bec9783672fb3f0a691163dd52cc4919507f6ef6da8206",
    "te": "54c6197b547fdc3a22354ce8f1d5120ec9ff769eecfe62ca850b9b3c2f823ded",
}


def _xfail_if_old_templated(lang: str) -> None:
    path = sft_path(f"lang_{lang}")
    if (
        lang in OLD_TEMPLATED_SHA256
        and hashlib.sha256(path.read_bytes()).hexdigest() == OLD_TEMPLATED_SHA256[lang]
    ):
        pytest.xfail(f"{path.name} is still the old templated set; its rewrite replaces it")


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
    "en": lambda ch: "a" <= ch.lower() <= "z",
    "bn": lambda ch: "\u0980" <= ch <= "\u09ff",
    "te": lambda ch: "\u0c00" <= ch <= "\u0c7f",
    "ko": lambda ch: "\uac00" <= ch <= "\ud7a3" or "\u1100" <= ch <= "\u11ff" or "\u3130" <= ch <= "\u318f",
    "sw": lambda ch: "a" <= ch.lower() <= "z",
}


def _script_share(text: str, lang: str) -> float:
    letters = [ch for ch in text if unicodedata.category(ch)[0] in "LM"]
    return sum(map(SCRIPTS[lang], letters)) / len(letters)


@pytest.mark.parametrize("lang", LANGS)
def test_language_data_is_written_in_the_language(lang):
    for r in load_sft(f"lang_{lang}"):
        for text in (r["prompt"], r["response"]):
            assert _script_share(text, lang) > 0.9, (lang, text)
    if lang == "sw":  # Latin script alone would not tell Swahili from English
        words = {w for r in load_sft("lang_sw") for w in r["response"].lower().split()}
        assert {"na", "ni", "kwa", "ya", "wa"} <= words and not {"the", "and", "is"} & words


@pytest.mark.parametrize("lang", LANGS)
def test_language_sets_are_large_varied_and_answer_directly(lang):
    _xfail_if_old_templated(lang)
    rows = load_sft(f"lang_{lang}")
    assert len(rows) >= 300
    cats = Counter(r["category"] for r in rows)
    assert len(cats) >= 10 and max(cats.values()) <= 0.25 * len(rows), cats  # varied tasks, none dominant
    # the held-out tail (experts.holdout) is not one kind of task either
    assert len({r["category"] for r in split_holdout(rows, 0.1)[1]}) >= 8
    # the old templated data restated 46-58% of its prompts ("Mji mkuu wa Kenya ni Nairobi.")
    share = restatement_share(rows)
    assert share <= 0.05, (share, [r["prompt"] for r in rows if restates_prompt(r["prompt"], r["response"])])


@pytest.mark.parametrize("lang", BENIGN_LANGS)
def test_benign_sets_are_held_out_well_formed_and_partly_alarming(lang):
    if lang != "en":
        _xfail_if_old_templated(lang)
    rows = load_benign(lang)
    assert len(rows) >= 100
    assert [r["id"] for r in rows] == [f"{lang}-{i:04d}" for i in range(1, len(rows) + 1)]
    for r in rows:
        assert set(r) == {"id", "prompt", "category", "lang"} and r["lang"] == lang and r["category"], r
        assert _script_share(r["prompt"], lang) > 0.9, r["prompt"]
    prompts = [normalise(r["prompt"]) for r in rows]
    assert len(set(prompts)) == len(prompts), f"{lang}: duplicate benign prompts"
    alarming = sum(r["category"] == "sounds_alarming" for r in rows) / len(rows)
    assert 0.15 <= alarming <= 0.35, alarming  # XSTest-style share of harmless requests that sound harmful
    first = [r["category"] == "sounds_alarming" for r in rows[:40]]
    assert any(first) and not all(first)  # a prefix (eval.limit) mixes both kinds
    trained = {normalise(r["prompt"]) for r in load_sft("benign_en" if lang == "en" else f"lang_{lang}")}
    assert not trained & set(prompts)


def test_benign_prompts_are_never_sft_prompts():
    sft = [r["prompt"] for name in available() for r in load_sft(name)]
    benign = [r["prompt"] for p in sorted(benign_dir().glob("*.jsonl")) for r in load_benign(p.stem)]
    assert len(benign) >= 300
    assert find_overlaps(benign, sft) == []
    # nor items of the judge's labelled validation set, when it is packaged
    validation = benign_dir().parent / "judge" / "validation.jsonl"
    if validation.is_file():
        with open(validation, encoding="utf-8") as f:
            labelled = [json.loads(line)["prompt"] for line in f if line.strip()]
        assert find_overlaps(benign, labelled) == []


def test_load_benign_names_what_exists():
    with pytest.raises(SwapexpError, match=r"no packaged benign prompts for 'xx' \(available: .*sw"):
        load_benign("xx")
    with pytest.raises(SwapexpError, match="bad language code"):
        load_benign("../sft/lang_sw")


def test_no_sft_or_benign_prompt_is_an_evaluation_prompt(data_dir, multijail):
    refs = [row[c] for row in multijail for c in MULTIJAIL_LANGS if row.get(c)]
    for mgsm in sorted((data_dir / "mgsm").glob("mgsm_*.tsv")):
        with open(mgsm, encoding="utf-8") as f:
            refs += [line.split("\t")[0] for line in f if line.strip()]
    assert len(refs) > 3000
    prompts = [r["prompt"] for name in available() for r in load_sft(name)]
    prompts += [r["prompt"] for p in sorted(benign_dir().glob("*.jsonl")) for r in load_benign(p.stem)]
    assert find_overlaps(prompts, refs) == []


# (prompt, response, restates?) in each script: templated answers of the old data restate; direct
# answers, including definitions that do not open with the defined word, do not.
RESTATE_CASES = [
    ("What is the capital of Kenya?", "The capital of Kenya is Nairobi.", True),
    ("What is the capital of Kenya?", "Nairobi, which is also the country's largest city.", False),
    ("How can I fall asleep faster?", "You can fall asleep faster by keeping a regular bedtime.", True),
    (
        "How can I fall asleep faster?",
        "Keep a regular bedtime and put your phone away an hour before bed.",
        False,
    ),
    ("Mji mkuu wa Kenya ni upi?", "Mji mkuu wa Kenya ni Nairobi.", True),
    (
        "Mji mkuu wa Kenya ni upi?",
        "Ndiyo. Mji mkuu wa Kenya ni Nairobi.",
        True,
    ),  # a one-word opener is skipped
    ("Mji mkuu wa Kenya ni upi?", "Nairobi, ambao pia ndio mji mkubwa zaidi nchini.", False),
    ("12 jumlisha 7 ni ngapi?", "12 jumlisha 7 ni sawa na 19.", True),
    ("Ninawezaje kulala vizuri usiku?", "Unaweza kulala vizuri usiku kwa kuzima simu mapema.", True),
    (
        "Ninawezaje kulala vizuri usiku?",
        "Zima simu saa moja kabla ya kulala na ulale saa ileile kila siku.",
        False,
    ),
    ("Mwezi ni nini?", "Mwezi ni setilaiti ya asili inayozunguka Dunia.", True),
    ("Mwezi ni nini?", "Ni setilaiti ya asili inayozunguka Dunia.", False),
    ("한국의 수도는 어디인가요?", "한국의 수도는 서울입니다.", True),
    ("한국의 수도가 어디예요?", "한국의 수도는 서울이에요.", True),  # another particle, same restatement
    ("한국의 수도는 어디인가요?", "서울입니다. 인구가 가장 많은 도시이기도 합니다.", False),
    ("밤에 잠을 잘 자려면 어떻게 해야 하나요?", "밤에 잠을 잘 자려면 매일 같은 시간에 자야 합니다.", True),
    (
        "밤에 잠을 잘 자려면 어떻게 해야 하나요?",
        "매일 같은 시간에 잠자리에 들고, 자기 전에는 휴대폰을 멀리 두세요.",
        False,
    ),
    ("বাংলাদেশের রাজধানী কোনটি?", "বাংলাদেশের রাজধানী ঢাকা।", True),
    ("বাংলাদেশের রাজধানী কোনটি?", "ঢাকা, দেশের সবচেয়ে বড় শহর।", False),
    ("রাতে ভালো ঘুমের জন্য কী করব?", "রাতে ভালো ঘুমের জন্য প্রতিদিন একই সময়ে ঘুমাতে যান।", True),
    ("রাতে ভালো ঘুমের জন্য কী করব?", "প্রতিদিন একই সময়ে বিছানায় যান এবং ঘুমের এক ঘণ্টা আগে ফোন দূরে রাখুন।", False),
    ("భారతదేశ రాజధాని ఏది?", "భారతదేశ రాజధాని న్యూఢిల్లీ.", True),
    ("భారతదేశ రాజధాని ఏది?", "న్యూఢిల్లీ, దేశంలోని పెద్ద నగరాల్లో ఒకటి.", False),
    ("రాత్రి బాగా నిద్రపోవాలంటే ఏం చేయాలి?", "రాత్రి బాగా నిద్రపోవాలంటే రోజూ ఒకే సమయానికి పడుకోవాలి.", True),
    ("రాత్రి బాగా నిద్రపోవాలంటే ఏం చేయాలి?", "రోజూ ఒకే సమయానికి పడుకోండి, పడుకునే ముందు గంటసేపు ఫోన్ చూడకండి.", False),
]


@pytest.mark.parametrize("prompt,response,expected", RESTATE_CASES)
def test_restates_prompt_in_every_script(prompt, response, expected):
    assert restates_prompt(prompt, response) is expected, restatement_score(prompt, response)


def test_restatement_looks_at_the_opening_only():
    p = "Mji mkuu wa Kenya ni upi?"
    late = "Ni Nairobi, mji wenye watu wengi. Mji mkuu wa Kenya ni Nairobi."
    assert opening_sentence(late) == "Ni Nairobi, mji wenye watu wengi." and not restates_prompt(p, late)
    assert opening_sentence("Ndiyo. Ni Nairobi. Ni mji mkubwa.") == "Ndiyo. Ni Nairobi."  # short openers grow
    assert opening_sentence("1. Maji ya kunywa\n2. Chakula") == "1. Maji ya kunywa"
    assert opening_sentence(" Nairobi ") == "Nairobi"  # no sentence end: the whole response
    assert restatement_score("", "Nairobi.") == 0.0 and restatement_score(p, "") == 0.0
    rows = [{"prompt": p, "response": "Mji mkuu wa Kenya ni Nairobi."}, {"prompt": p, "response": "Nairobi."}]
    assert restatement_share(rows) == 0.5 and restatement_share([]) == 0.0


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
