"""The evaluation refuses to score a MultiJail id the sparse edit calibrated on (edit/calibration.json
of the run, edit.json of the edited model)."""

from __future__ import annotations

import json

import pytest

from swapexp.errors import SwapexpError
from swapexp.eval.calibration_guard import check_no_calibration_ids
from swapexp.eval.datasets import load_multijail, split_calibration
from swapexp.pipeline import evaluate_model
from tests.helpers.eval_data import require_shared_data
from tests.test_eval_runner import backends, compose_cfg, read_jsonl  # noqa: F401  (backends: a fixture)

SAFETY_ONLY = (
    "lang=sw",
    "eval.utility=false",
    "eval.overrefusal=false",
)  # every MultiJail item of the evaluation part is scored


def calibration_ids(size: int = 100, seed: int = 0) -> list[int]:
    items = load_multijail(str(require_shared_data() / "multijail" / "MultiJail.csv"), "sw")
    return [it.id for it in split_calibration(items, size, seed)[0]]


def edited_model(tmp_path, ids):
    model = tmp_path / "edited"
    model.mkdir()
    (model / "edit.json").write_text(json.dumps({"method": "sparse_edit", "calibration": {"ids": ids}}))
    return model


def test_an_edited_model_is_not_scored_on_its_calibration_prompts(tmp_path, backends):  # noqa: F811
    """A cached edited model evaluated without the edit's split would score its own calibration
    prompts: refused with one line, before anything is generated."""
    model = edited_model(tmp_path, calibration_ids())
    cfg = compose_cfg(*SAFETY_ONLY)  # no calibration split: every MultiJail id is scored
    with pytest.raises(
        SwapexpError, match=r"would score \d+ MultiJail prompt\(s\) the sparse edit calibrated on"
    ) as e:
        evaluate_model(cfg, model, tmp_path / "run")
    assert "\n" not in str(e.value) and str(model / "edit.json") in str(e.value)
    assert "eval.calibration_split.enabled=true" in str(e.value)
    assert list(backends) == [] and not (tmp_path / "run" / "generations.jsonl").exists()
    # another seed puts other ids in the evaluation part: still refused
    with pytest.raises(SwapexpError, match="the sparse edit calibrated on"):
        evaluate_model(compose_cfg(*SAFETY_ONLY, *split(seed=1)), model, tmp_path / "r2")


def split(size: int = 100, seed: int = 0) -> list[str]:
    return [
        "eval.calibration_split.enabled=true",
        f"eval.calibration_split.size={size}",
        f"eval.calibration_split.seed={seed}",
    ]


def test_the_edits_own_split_is_scored(tmp_path, backends):  # noqa: F811
    ids = calibration_ids(100, 0)
    model = edited_model(tmp_path, ids)
    run = tmp_path / "run"
    (run / "edit").mkdir(parents=True)
    (run / "edit" / "calibration.json").write_text(json.dumps({"lang": "sw", "multijail_ids": ids}))
    metrics = evaluate_model(compose_cfg(*SAFETY_ONLY, *split()), model, run)
    scored = [r["id"] for r in read_jsonl(run / "generations.jsonl")]
    assert metrics["safety/multijail/n"] == 215 == len(scored) and not set(scored) & set(ids)


def test_the_runs_calibration_record_is_cross_checked(tmp_path, backends):  # noqa: F811
    run = tmp_path / "run"
    (run / "edit").mkdir(parents=True)
    (run / "edit" / "calibration.json").write_text(json.dumps({"lang": "sw", "multijail_ids": [1, 2, 3]}))
    (tmp_path / "model").mkdir()
    with pytest.raises(SwapexpError, match=r"ids 1, 2, 3; from .*edit/calibration.json"):
        evaluate_model(compose_cfg(*SAFETY_ONLY), tmp_path / "model", run)
    assert list(backends) == []


def test_check_no_calibration_ids(tmp_path):
    model = edited_model(tmp_path, list(range(20)))
    check_no_calibration_ids([20, 21], model, tmp_path / "no-run")  # disjoint: fine
    check_no_calibration_ids([1], tmp_path / "unedited", None)  # no record: fine
    with pytest.raises(
        SwapexpError, match=r"score 12 MultiJail prompt\(s\).*ids 0, 1, 2, 3, 4, 5, 6, 7, \.\.\."
    ):
        check_no_calibration_ids(range(12), model, None)
    (model / "edit.json").write_text("{oops")
    with pytest.raises(SwapexpError, match="cannot read the calibration record"):
        check_no_calibration_ids([1], model, None)
