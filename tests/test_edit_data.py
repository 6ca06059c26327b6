"""Calibration data for sparse editing: harmless prompt sets and MultiJail's calibration part."""

import json
import os
from pathlib import Path

import pytest

from swapexp.edit.data import harmful_calibration, harmless_prompts
from swapexp.errors import SwapexpError
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


def test_no_multijail_language_is_a_clear_error():
    with pytest.raises(SwapexpError, match="lang.multijail is null"):
        harmful_calibration("unused.csv", None, 10, 0)


@needs_loader
def test_calibration_part_of_multijail_is_parallel_and_matches_the_split(multijail_csv):
    from swapexp.eval.datasets.multijail import load_multijail, split_calibration

    ids, sw, en = harmful_calibration([str(multijail_csv)], "sw", 40, 7)
    calib, rest = split_calibration(load_multijail(str(multijail_csv), "sw"), 40, 7)
    assert ids == [it.id for it in calib] and len(ids) == 40 and not set(ids) & {it.id for it in rest}
    assert sw == [it.prompt for it in calib] and en == [it.en for it in calib] and sw != en
    assert harmful_calibration(str(multijail_csv), "ko", 40, 7)[0] == ids  # same ids in every language
