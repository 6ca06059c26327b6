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
    assert harmless_prompts(str(f), None, 0) == [f"benign {i}" for i in range(20)]
    a, b, c = harmless_prompts(str(f), 5, 0), harmless_prompts(str(f), 5, 0), harmless_prompts(str(f), 5, 1)
    assert a == b and len(a) == 5 and set(a) <= {f"benign {i}" for i in range(20)} and a != c


def test_harmless_prompts_errors(tmp_path):
    with pytest.raises(SwapexpError, match="does not exist"):
        harmless_prompts(str(tmp_path / "nope.jsonl"), None, 0)
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"prompt": "a"}\n{oops\n')
    with pytest.raises(SwapexpError, match=r"bad.jsonl:2 is not valid JSON"):
        harmless_prompts(str(bad), None, 0)
    empty = tmp_path / "empty.jsonl"
    empty.write_text('{"text": "a"}\n')
    with pytest.raises(SwapexpError, match="has no prompts"):
        harmless_prompts(str(empty), None, 0)
    if not has_package("swapexp.experts.data"):
        with pytest.raises(SwapexpError, match="set edit.harmless=/path/to/prompts.jsonl"):
            harmless_prompts("benign_en", None, 0)


def _calibration(sources, lang, size, seed, harmless):
    multijail = MultiJailOnce(sources, lang, enabled=True, size=size, seed=seed)
    return edit_calibration(multijail, lang or "te", str(harmless), None, 0), multijail


def test_no_multijail_language_is_a_clear_error(tmp_path):
    with pytest.raises(SwapexpError, match="lang.multijail is null"):
        _calibration("unused.csv", None, 10, 0, tmp_path / "h.jsonl")


@needs_loader
def test_calibration_part_of_multijail_is_parallel_and_matches_the_split(multijail_csv, tmp_path):
    from swapexp.eval.datasets.multijail import load_multijail, split_calibration

    harmless = tmp_path / "h.jsonl"
    harmless.write_text(json.dumps({"prompt": "bake bread"}) + "\n")
    cal, multijail = _calibration([str(multijail_csv)], "sw", 40, 7, harmless)
    ids, sw, en = cal.ids, cal.harmful_target, cal.harmful_en
    calib, rest = split_calibration(load_multijail(str(multijail_csv), "sw"), 40, 7)
    assert ids == [it.id for it in calib] and len(ids) == 40 and not set(ids) & {it.id for it in rest}
    assert sw == [it.prompt for it in calib] and en == [it.en for it in calib] and sw != en
    assert cal.harmless == ["bake bread"] and cal.lang == "sw"
    # one load, one split: the evaluation part is the rest, the same object the evaluation gets
    assert [it.id for it in multijail.split.evaluation] == [it.id for it in rest]
    assert multijail.split is multijail.split
    assert _calibration(str(multijail_csv), "ko", 40, 7, harmless)[0].ids == ids  # same ids in every language
