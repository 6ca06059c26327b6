"""Calibration data for sparse editing: harmless prompt sets and MultiJail's calibration part."""

import json
import os
from pathlib import Path

import pytest

from swapexp.errors import SwapexpError
from swapexp.inputs import MultiJailOnce, edit_calibration, harmless_prompts
from tests.helpers.run_if import has_package

needs_loader = pytest.mark.skipif(
    not has_package("swapexp.eval.datasets"), reason="the MultiJail loader (evaluation issue) is absent"
)


@pytest.fixture
def multijail_csv():
    root = Path(
        os.environ.get("SWAPEXP_DATA") or Path(__file__).resolve().parents[1].parent / "shared" / "data"
    )
    path = root / "multijail" / "MultiJail.csv"
    if not path.exists():
        pytest.skip(f"MultiJail.csv not found at {path}; set SWAPEXP_DATA")
    return path


def test_harmless_prompts_from_jsonl_are_subsampled_deterministically(tmp_path):
    f = tmp_path / "p.jsonl"
    rows = [{"prompt": f"benign {i}", "response": "ok"} for i in range(20)] + [{"prompt": "  "}, {"x": 1}]
    f.write_text("\n".join(json.dumps(r) for r in rows) + "\n\n")
    whole = harmless_prompts(str(f), None, 0)
    assert whole.prompts == [f"benign {i}" for i in range(20)] and whole.langs == [None] * 20
    assert whole.sources == [{"source": str(f), "lang": None, "part": "all", "available": 20, "used": 20}]
    a, b, c = (harmless_prompts(str(f), 5, seed).prompts for seed in (0, 0, 1))
    assert a == b and len(a) == 5 and set(a) <= {f"benign {i}" for i in range(20)} and a != c


def test_harmless_prompts_errors(tmp_path):
    with pytest.raises(SwapexpError, match="does not exist"):
        harmless_prompts(str(tmp_path / "nope.jsonl"), None, 0)
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"prompt": "a"}\n{oops\n')
    with pytest.raises(SwapexpError, match=r"bad.jsonl:2: not valid JSON"):
        harmless_prompts(str(bad), None, 0)
    empty = tmp_path / "empty.jsonl"
    empty.write_text('{"text": "a"}\n')
    with pytest.raises(SwapexpError, match="has no prompts"):
        harmless_prompts(str(empty), None, 0)
    for spec, match in [
        ([], "edit.harmless is empty"),
        ([{"source": "benign_en", "langs": "en"}], "has no field langs"),
        ([{"lang": "en"}], "has no source"),
        ([{"source": "benign_en", "part": "test"}], "part='test' for benign_en; choose train or all"),
        ([3], "entries are names, paths or"),
    ]:
        with pytest.raises(SwapexpError, match=match):
            harmless_prompts(spec, None, 0)


def _sft_training_prompts(name):
    from swapexp.experts.data import load_sft, split_holdout

    train, held = split_holdout(load_sft(name), 0.1)
    return {r["prompt"] for r in train}, {r["prompt"] for r in held}


@pytest.mark.parametrize("lang", ["sw", "ko", "bn", "te"])
def test_default_harmless_sources_cover_english_and_the_target_language_from_training_prompts(lang):
    """The default (conf/edit/sparse.yaml) takes each source's training part: never the held-out tail
    of the SFT sets nor the benign sets the evaluation measures over-refusal on."""
    from swapexp.experts.data import load_benign
    from swapexp.hydra_utils import instantiate

    edit = instantiate(compose(["edit=sparse", f"lang={lang}"]).edit)
    assert [(s.source, s.lang, s.part) for s in edit.harmless] == [
        ("benign_en", "en", "train"),
        (f"lang_{lang}", lang, "train"),
    ]
    got = harmless_prompts(
        edit.harmless, edit.harmless_size, 0, holdout=edit.harmless_holdout, data_dir=edit.harmless_data_dir
    )
    assert [(r["source"], r["lang"], r["used"]) for r in got.sources] == [
        ("benign_en", "en", 128),
        (f"lang_{lang}", lang, 128),
    ]
    assert got.langs == ["en"] * 128 + [lang] * 128
    en_train, en_held = _sft_training_prompts("benign_en")
    lang_train, lang_held = _sft_training_prompts(f"lang_{lang}")
    assert set(got.prompts[:128]) <= en_train and set(got.prompts[128:]) <= lang_train
    assert got.sources[0]["available"] == len(en_train) and got.sources[1]["available"] == len(lang_train)
    evaluated = {r["prompt"] for code in ("en", lang) for r in load_benign(code)}
    assert not set(got.prompts) & (evaluated | en_held | lang_held)
    everything = harmless_prompts([{"source": "benign_en", "part": "all"}], None, 0)
    assert everything.sources[0]["available"] == len(en_train) + len(en_held)  # part=all keeps the tail
    assert everything.langs[0] == "en"  # lang taken from the rows when not given


def test_harmless_sources_are_checked_when_the_config_is_composed(tmp_path, caplog):
    from swapexp.experts.data import benign_dir
    from swapexp.hydra_utils import instantiate

    with pytest.raises(SwapexpError, match="SFT set 'lang_xx', which does not exist"):
        instantiate(compose(["edit=sparse", "edit.harmless=[benign_en,lang_xx]"]).edit)
    with pytest.raises(SwapexpError, match="harmless prompt file .*nope.jsonl does not exist"):
        instantiate(compose(["edit=sparse", f"edit.harmless={tmp_path / 'nope.jsonl'}"]).edit)
    with pytest.raises(SwapexpError, match="harmless_size must be a positive integer"):
        instantiate(compose(["edit=sparse", "edit.harmless_size=0"]).edit)
    with caplog.at_level("WARNING"):
        instantiate(compose(["edit=sparse", f"edit.harmless={benign_dir() / 'sw.jsonl'}"]).edit)
    assert "measures over-refusal on" in caplog.text


def compose(overrides):
    from hydra import compose as hydra_compose
    from hydra import initialize_config_dir

    conf = Path(__file__).resolve().parents[1] / "conf"
    with initialize_config_dir(str(conf), version_base="1.3"):
        return hydra_compose("config", overrides=overrides)


def _calibration(sources, lang, size, seed, harmless):
    from swapexp.edit import SparseEdit, SparseEditParams
    from swapexp.edit.stage import parse_harmless

    multijail = MultiJailOnce(sources, lang, enabled=True, size=size, seed=seed)
    edit = SparseEdit(SparseEditParams(), harmless=parse_harmless(harmless), harmless_size=None)
    return edit_calibration(multijail, lang or "te", edit, 0), multijail


def test_no_multijail_language_is_a_clear_error(tmp_path):
    with pytest.raises(SwapexpError, match="lang.multijail is null"):
        _calibration("unused.csv", None, 10, 0, tmp_path / "h.jsonl")


@needs_loader
def test_calibration_part_of_multijail_is_parallel_and_matches_the_split(multijail_csv, tmp_path):
    from swapexp.eval.datasets.multijail import load_multijail, split_calibration

    harmless = tmp_path / "h.jsonl"
    harmless.write_text(json.dumps({"prompt": "bake bread"}) + "\n")
    cal, multijail = _calibration([str(multijail_csv)], "sw", 40, 7, str(harmless))
    ids, sw, en = cal.ids, cal.harmful_target, cal.harmful_en
    calib, rest = split_calibration(load_multijail(str(multijail_csv), "sw"), 40, 7)
    assert ids == [it.id for it in calib] and len(ids) == 40 and not set(ids) & {it.id for it in rest}
    assert sw == [it.prompt for it in calib] and en == [it.en for it in calib] and sw != en
    assert cal.harmless == ["bake bread"] and cal.lang == "sw"
    # one load, one split: the evaluation part is the rest, the same object the evaluation gets
    assert [it.id for it in multijail.split.evaluation] == [it.id for it in rest]
    assert multijail.split is multijail.split
    assert (
        _calibration(str(multijail_csv), "ko", 40, 7, str(harmless))[0].ids == ids
    )  # same ids in every language


@needs_loader
def test_calibration_carries_each_harmless_prompt_language(multijail_csv, tmp_path, caplog):
    sw = tmp_path / "sw.jsonl"
    sw.write_text("".join(json.dumps({"prompt": f"Ninapikaje wali {i}?"}) + "\n" for i in range(3)))
    spec = [{"source": "benign_en", "lang": "en"}, {"source": str(sw), "lang": "sw"}]
    cal, _ = _calibration([str(multijail_csv)], "sw", 40, 7, spec)
    n_en = len(_sft_training_prompts("benign_en")[0])
    assert cal.harmless_langs == ["en"] * n_en + ["sw"] * 3 and cal.harmless[-1] == "Ninapikaje wali 2?"
    assert cal.selection_mask() == [True] * n_en + [False] * 3  # only English prompts select neurons
    assert [(r["source"], r["lang"], r["used"]) for r in cal.harmless_sources] == [
        ("benign_en", "en", n_en),
        (str(sw), "sw", 3),
    ]
    with caplog.at_level("WARNING"):
        cal, _ = _calibration([str(multijail_csv)], "sw", 40, 7, "benign_en")
    assert "edit.harmless has no sw prompts" in caplog.text
    assert cal.selection_mask() == [True] * n_en
