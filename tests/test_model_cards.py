"""Model cards: README.md (Hugging Face front matter + what rebuilds the model) and swapexp_merge.yaml
in every merged or edited output: `swapexp merge`, the pipeline's merge stage, the edit stage."""

from __future__ import annotations

import hashlib
import json
import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from huggingface_hub import ModelCard

from swapexp.cache import dir_hash
from swapexp.cli import main
from swapexp.errors import SwapexpError
from tests.helpers.checkpoints import planted_triple

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def triple(tmp_path_factory):
    return planted_triple(tmp_path_factory.mktemp("cards"), [(0, "self_attn")], [(1, "mlp")], layers=2)


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def section(text: str, title: str) -> str:
    """The body of one ``## title`` section."""
    return text.split(f"## {title}\n", 1)[1].split("\n## ", 1)[0]


def code_block(text: str) -> list[str]:
    return re.findall(r"```bash\n(.*?)\n```", text, re.S)


def cli_merge(triple, out, *extra, strategy="modulewise"):
    argv = ["merge", "--strategy", strategy, "--safety", str(triple["safety"])]
    argv += ["--language", str(triple["language"]), "--base", str(triple["base"]), "--out", str(out), "-q"]
    assert main([*argv, *extra]) == 0


def test_cli_merge_card(tmp_path, triple, capsys):
    out = tmp_path / "merged"
    cli_merge(triple, out, "--tau", "0.002")
    card = ModelCard.load(out / "README.md")  # Hugging Face's own parser
    data = card.data.to_dict()
    inputs = [str(triple[r].resolve()) for r in ("base", "safety", "language")]
    assert data == {
        "base_model": inputs,
        "library_name": "transformers",
        "tags": ["merge", "swapexp", "modulewise"],
        "base_model_relation": "merge",
    }
    text = card.text
    params = section(text, "Strategy and parameters")
    assert "| `tau` | `0.002` | decision margin" in params and "| `alpha` | `0.5` |" in params
    for role, label in (("base", "base B"), ("safety", "safety expert S"), ("language", "language expert L")):
        row = f"| {label} | - | `{triple[role].resolve()}` | `{dir_hash(triple[role])}` |"
        assert row in section(text, "Inputs"), row
    decisions = json.loads((out / "decisions.json").read_text())
    counts = {c: sum(u["choice"] == c for u in decisions["units"]) for c in ("safety", "blend", "language")}
    assert counts["safety"] >= 1 and counts["language"] >= 1
    summary = section(text, "Decisions")
    assert (
        f"{len(decisions['units'])} units: **{counts['safety']} from S** (the safety expert), "
        f"**{counts['blend']} blended**, **{counts['language']} from L**" in summary
    )
    assert "![decision heatmap](figures/decision_heatmap.png)" in summary
    assert (out / "figures" / "decision_heatmap.png").exists()
    assert "| 0 | safety |" in summary and "| 1 | " in summary and "| language |" in summary

    # the command in the card rebuilds the same weights, and so does the record beside it
    (command,) = code_block(section(text, "Rebuild"))
    argv = shlex.split(command)
    assert argv[:2] == ["swapexp", "merge"] and argv[argv.index("--out") + 1] == str(out.resolve())
    assert argv[argv.index("--tau") + 1] == "0.002" and argv[argv.index("--shard-size") + 1] == "5GB"
    argv[argv.index("--out") + 1] = str(tmp_path / "again")
    assert main([*argv[1:], "-q"]) == 0
    assert sha(tmp_path / "again" / "model.safetensors") == sha(out / "model.safetensors")
    rec = yaml.safe_load((out / "swapexp_merge.yaml").read_text())
    assert rec["strategy"] == "modulewise" and rec["params"] == {"tau": 0.002, "alpha": 0.5}
    assert rec["inputs"]["safety"] == {"path": inputs[1], "content": dir_hash(triple["safety"])}
    assert (
        main(["merge", "--config", str(out / "swapexp_merge.yaml"), "--out", str(tmp_path / "rec"), "-q"])
        == 0
    )
    assert sha(tmp_path / "rec" / "model.safetensors") == sha(out / "model.safetensors")
    # --config with a flag that overrides it
    assert main(["merge", "--config", str(out), "--tau", "0.5", "--out", str(tmp_path / "t05"), "-q"]) == 0
    assert json.loads((tmp_path / "t05" / "decisions.json").read_text())["tau"] == 0.5
    capsys.readouterr()


def test_card_of_a_strategy_without_units_and_with_a_boolean_flag(tmp_path, triple):
    out = tmp_path / "ties"
    cli_merge(triple, out, "--density", "0.7", "--no-normalize", strategy="ties")
    card = ModelCard.load(out / "README.md")
    assert card.data.tags == ["merge", "swapexp", "ties"]
    assert "| `normalize` | `false` |" in section(card.text, "Strategy and parameters")
    assert "no per-unit decisions" in section(card.text, "Decisions") and "![" not in card.text
    (command,) = code_block(card.text)
    assert "--no-normalize" in shlex.split(command) and "--density 0.7" in command


def test_inputs_from_the_hub_cache_are_named_by_repo_id(tmp_path, triple):
    import shutil

    snapshot = tmp_path / "hub" / "models--org--lang-expert" / "snapshots" / "0123456789abcdef0123"
    shutil.copytree(triple["language"], snapshot)
    out = tmp_path / "merged"
    assert main(["merge", "--strategy", "linear", "--safety", str(triple["safety"]), "--language", str(snapshot), "--out", str(out), "-q"]) == 0  # fmt: skip
    card = ModelCard.load(out / "README.md")
    assert card.data.base_model == [str(triple["safety"].resolve()), "org/lang-expert"]
    assert "| language expert L | `org/lang-expert @ 0123456789ab` |" in card.text


def test_the_card_is_written_inside_the_atomic_output(tmp_path, triple, monkeypatch):
    import swapexp.merge.engine as engine

    def fail(*a, **k):
        raise SwapexpError("card failed")

    monkeypatch.setattr(engine, "write_merge_files", fail)
    with pytest.raises(SwapexpError, match="card failed"):
        from swapexp.merge import build_strategy

        engine.merge(build_strategy("linear"), safety=triple["safety"], language=triple["language"], out_dir=tmp_path / "o", progress=False)  # fmt: skip
    assert list(tmp_path.iterdir()) == []  # no output, no temporary directory


def test_merge_config_errors(tmp_path, capsys):
    bad = tmp_path / "swapexp_merge.yaml"
    bad.write_text("strategy: linear\n")
    for path, match in [(tmp_path / "nope.yaml", "does not exist"), (bad, "is not a swapexp_merge.yaml")]:
        assert main(["merge", "--config", str(path), "--out", str(tmp_path / "o")]) == 2
        err = capsys.readouterr().err
        assert match in err and err.count("\n") == 1


# -- the pipeline -------------------------------------------------------------------------------------
def run_py(triple, run_dir: Path, cache: Path, *overrides: str) -> None:
    args = [
        sys.executable,
        str(ROOT / "run.py"),
        f"model.base={triple['base']}",
        f"model.safety={triple['safety']}",
        f"model.languages.sw={triple['language']}",
        "stage=merge",
        "logger=none",
        "merge_engine.progress=false",
        f"hydra.run.dir={run_dir}",
        *overrides,
    ]
    env = {**os.environ, "SWAPEXP_CACHE": str(cache), "OMP_NUM_THREADS": "1"}
    r = subprocess.run(args, capture_output=True, text=True, env=env, timeout=600)
    assert r.returncode == 0, r.stderr[-2000:]


def test_pipeline_card_names_the_run_that_built_it_and_is_never_rewritten(tmp_path, triple):
    cache = tmp_path / "cache"
    run_py(triple, tmp_path / "a", cache, "merge=modulewise", "merge.tau=0.002", "merge.alpha=0.3")
    merged = Path((tmp_path / "a" / "merge" / "model_path.txt").read_text().strip())
    card = ModelCard.load(merged / "README.md")
    assert card.data.tags == ["merge", "swapexp", "modulewise"] and card.data.library_name == "transformers"
    assert card.data.base_model == [str(triple[r].resolve()) for r in ("base", "safety", "language")]
    hydra_cmd, merge_cmd = code_block(section(card.text, "Rebuild"))
    assert shlex.split(hydra_cmd)[:2] == ["python", "run.py"]
    assert (
        "merge=modulewise" in hydra_cmd and "merge.tau=0.002" in hydra_cmd and "merge.alpha=0.3" in hydra_cmd
    )
    assert "--tau 0.002 --alpha 0.3" in merge_cmd and f"--out {merged}" in merge_cmd
    assert "the command above is the one of the run that built it first" in card.text
    # the figures are in the model directory, as the card links them
    assert (
        merged / "figures" / "decision_heatmap.png"
    ).exists() and "figures/decision_heatmap.png" in card.text
    for role in ("base", "safety", "language"):
        assert f"`{dir_hash(triple[role])}`" in section(card.text, "Inputs")
    before = (sha(merged / "README.md"), (merged / "README.md").stat().st_mtime_ns, dir_hash(merged))

    # another tau that chooses the same units reuses the model: its card is not rewritten
    run_py(triple, tmp_path / "b", cache, "merge=modulewise", "merge.tau=0.0015", "merge.alpha=0.3")
    a, b = (json.loads((tmp_path / r / "merge" / "decisions.json").read_text()) for r in "ab")
    assert [u["choice"] for u in a["units"]] == [u["choice"] for u in b["units"]]
    assert Path((tmp_path / "b" / "merge" / "model_path.txt").read_text().strip()) == merged
    assert (sha(merged / "README.md"), (merged / "README.md").stat().st_mtime_ns, dir_hash(merged)) == before
    assert "merge.tau=0.0015" not in (merged / "README.md").read_text()


# -- the edit stage -----------------------------------------------------------------------------------
def test_edit_cards(tmp_path):
    """The edit of a merge describes both (front matter from the merge's inputs, figures copied); the
    edit of one expert names that expert; the card's numbers are the edit's."""
    import torch
    from omegaconf import OmegaConf, open_dict

    from swapexp.pipeline import run
    from tests.helpers.tiny_lm import make_tiny_lm
    from tests.test_edit_e2e import _pipeline_cfg

    model = make_tiny_lm(tmp_path / "lm", layers=3, dtype=torch.bfloat16)
    cfg = _pipeline_cfg(tmp_path, model, merge=["merge=modulewise", "edit=sparse"])
    with open_dict(cfg):
        cfg.merge_engine.figures = True
    (tmp_path / "run" / ".hydra").mkdir(parents=True)
    overrides = ["merge=modulewise", "edit=sparse", "edit.rank=4"]
    OmegaConf.save(OmegaConf.create(overrides), tmp_path / "run" / ".hydra" / "overrides.yaml")
    run(cfg)
    edited = Path((tmp_path / "run" / "edit" / "model_path.txt").read_text().strip())
    summary = json.loads((edited / "edit.json").read_text())
    card = ModelCard.load(edited / "README.md")
    assert card.data.tags == ["merge", "swapexp", "modulewise", "sparse_edit"]
    assert card.data.base_model == [str(Path(model).resolve())] and card.data.base_model_relation == "merge"
    edit = section(card.text, "Sparse edit")
    assert f"| layer | {summary['layer']} (`{summary['tensor']}`) |" in edit
    assert f"| rank | {summary['rank']} (edit.rank = 4) |" in edit
    assert f"| safety neurons selected | {summary['num_selected']} |" in edit
    merged = Path((tmp_path / "run" / "merge" / "model_path.txt").read_text().strip())
    assert f"`{merged}` | `{dir_hash(merged)}`" in section(card.text, "Edited model")
    assert "| `tau` | `0.001` |" in section(card.text, "Merge")
    assert "![decision heatmap](figures/decision_heatmap.png)" in card.text
    assert (edited / "figures" / "decision_heatmap.png").exists()
    assert code_block(section(card.text, "Rebuild")) == [
        "python run.py merge=modulewise edit=sparse edit.rank=4"
    ]

    # one expert edited (merge=sparse_edit): no merge section, the expert is the base model
    (tmp_path / "solo").mkdir()
    cfg = _pipeline_cfg(tmp_path / "solo", model)
    run(cfg)
    edited = Path((tmp_path / "solo" / "run" / "edit" / "model_path.txt").read_text().strip())
    card = ModelCard.load(edited / "README.md")
    assert card.data.tags == ["swapexp", "sparse_edit"] and card.data.base_model_relation == "finetune"
    assert card.data.base_model == [str(Path(model).resolve())]
    assert "## Merge" not in card.text and "Built through the Python API" in card.text
