"""Every bad input: one line naming the problem and the fix, non-zero exit, no traceback, nothing written."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import torch
from safetensors.torch import save_file

from swapexp.cli import main
from tests.helpers.checkpoints import make_tiny, planted_triple, save_state, state

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def triple(tmp_path_factory):
    return planted_triple(tmp_path_factory.mktemp("triple"), [(0, "mlp")], [(1, "mlp")], layers=2)


def _merge(capsys, paths, out, *extra, strategy="modulewise"):
    argv = [
        "merge",
        "--safety",
        str(paths["safety"]),
        "--language",
        str(paths["language"]),
        "--strategy",
        strategy,
        "--out",
        str(out),
        "-q",
        *extra,
    ]
    if paths.get("base") is not None:
        argv[1:1] = ["--base", str(paths["base"])]
    capsys.readouterr()  # drop output of fixture building (transformers progress bars)
    rc = main(argv)
    err = capsys.readouterr().err.strip()
    return rc, err


def _assert_user_error(rc, err, out, *words):
    assert rc == 2
    assert len(err.splitlines()) == 1, err
    assert err.startswith("swapexp: error: ")
    assert "Traceback" not in err
    for w in words:
        assert w in err, (w, err)
    assert not out.exists()
    assert not [p for p in out.parent.iterdir() if p.name.startswith(f".{out.name}.")]


def _variant(tmp_path, triple, role, edit):
    """Copy of the triple with one role's tensors changed by ``edit(dict) -> dict``."""
    paths = dict(triple)
    tensors = edit(state(triple[role]))
    paths[role] = save_state(tmp_path / f"{role}-bad", tensors, triple[role])
    return paths


@pytest.mark.parametrize("role", ["safety", "base"])
def test_nan_and_inf(tmp_path, capsys, triple, role):
    for bad, word in ((float("nan"), "NaN"), (float("inf"), "Inf")):

        def edit(t, bad=bad):
            t["model.layers.1.mlp.up_proj.weight"][0, 0] = bad
            return t

        paths = _variant(tmp_path / word, triple, role, edit)
        out = tmp_path / word / "out"
        rc, err = _merge(capsys, paths, out)
        _assert_user_error(rc, err, out, "model.layers.1.mlp.up_proj.weight", word, role)


def test_missing_tensor(tmp_path, capsys, triple):
    def edit(t):
        del t["model.layers.0.self_attn.v_proj.weight"]
        return t

    paths = _variant(tmp_path, triple, "safety", edit)
    out = tmp_path / "out"
    rc, err = _merge(capsys, paths, out)
    _assert_user_error(rc, err, out, "model.layers.0.self_attn.v_proj.weight", "missing", "safety")


def test_shape_mismatch_names_first_tensor(tmp_path, capsys, triple):
    def edit(t):
        t["model.layers.1.mlp.down_proj.weight"] = torch.zeros(3, 3)
        return t

    paths = _variant(tmp_path, triple, "language", edit)
    out = tmp_path / "out"
    rc, err = _merge(capsys, paths, out)
    _assert_user_error(rc, err, out, "model.layers.1.mlp.down_proj.weight", "shape")


def test_different_architectures(tmp_path, capsys, triple):
    paths = dict(triple)
    paths["safety"] = make_tiny(tmp_path / "qwen", arch="qwen", layers=2)
    out = tmp_path / "out"
    rc, err = _merge(capsys, paths, out)
    _assert_user_error(rc, err, out, "different architectures", "qwen2")


def test_different_sizes(tmp_path, capsys, triple):
    paths = dict(triple)
    paths["safety"] = make_tiny(tmp_path / "wide", layers=2, hidden=48)
    out = tmp_path / "out"
    rc, err = _merge(capsys, paths, out)
    _assert_user_error(rc, err, out, "shape")


@pytest.mark.parametrize(
    "flags,words",
    [
        (["--tau", "-0.1"], ["tau", ">= 0"]),
        (["--alpha", "1.5"], ["alpha", "[0, 1]"]),
        (["--alpha", "-0.01"], ["alpha"]),
    ],
)
def test_bad_parameters(tmp_path, capsys, triple, flags, words):
    out = tmp_path / "out"
    rc, err = _merge(capsys, triple, out, *flags)
    _assert_user_error(rc, err, out, *words)


def test_unknown_strategy_and_foreign_flag(tmp_path, capsys, triple):
    out = tmp_path / "out"
    rc, err = _merge(capsys, triple, out, strategy="nonsense")
    _assert_user_error(rc, err, out, "unknown merge strategy", "modulewise")
    rc, err = _merge(capsys, triple, out, "--tau", "0.1", strategy="linear")
    _assert_user_error(rc, err, out, "linear", "tau")


def test_missing_base_for_adaptive(tmp_path, capsys, triple):
    paths = {k: v for k, v in triple.items() if k != "base"}
    out = tmp_path / "out"
    rc, err = _merge(capsys, paths, out)
    _assert_user_error(rc, err, out, "--base")


def test_paths_that_hold_no_safetensors(tmp_path, capsys, triple):
    out = tmp_path / "out"
    rc, err = _merge(capsys, {**triple, "safety": tmp_path / "nope"}, out)
    _assert_user_error(rc, err, out, "does not exist")
    pickled = tmp_path / "pickled"
    pickled.mkdir()
    (pickled / "pytorch_model.bin").write_bytes(b"\x80\x04not really a pickle")
    rc, err = _merge(capsys, {**triple, "language": pickled}, out)
    _assert_user_error(rc, err, out, "no safetensors", "never unpickles")


def test_corrupt_safetensors(tmp_path, capsys, triple):
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "model.safetensors").write_bytes(b"\x05\x00")
    out = tmp_path / "out"
    rc, err = _merge(capsys, {**triple, "language": bad}, out)
    _assert_user_error(rc, err, out, "safetensors")


def test_existing_output_survives_a_failed_merge(tmp_path, capsys, triple):
    out = tmp_path / "out"
    out.mkdir()
    (out / "keep.txt").write_text("old")
    rc, err = _merge(capsys, triple, out, "--tau", "-1")
    assert rc == 2 and (out / "keep.txt").read_text() == "old"


def test_console_script_subprocess_no_traceback(tmp_path, triple):
    exe = Path(sys.executable).with_name("swapexp")
    cmd = [str(exe)] if exe.exists() else [sys.executable, "-m", "swapexp.cli"]
    r = subprocess.run(
        [
            *cmd,
            "merge",
            "--base",
            str(triple["base"]),
            "--safety",
            str(triple["safety"]),
            "--language",
            str(triple["language"]),
            "--strategy",
            "modulewise",
            "--alpha",
            "2",
            "--out",
            str(tmp_path / "o"),
        ],
        capture_output=True,
        text=True,
    )
    assert r.returncode == 2
    assert r.stderr.strip().splitlines() == [
        "swapexp: error: alpha must be in [0, 1], got 2.0; e.g. merge.alpha=0.5"
    ]


@pytest.mark.parametrize(
    "override,words",
    [
        ("lang=xx", ["unknown lang 'xx'", "bn, ko, sw, te"]),
        ("merge=nope", ["unknown merge 'nope'"]),
        ("merge.alpha=1.5", ["alpha must be in [0, 1]"]),
        ("merge.tau=-0.5", ["tau must be >= 0"]),
    ],
)
def test_run_py_user_errors(tmp_path, triple, override, words):
    overrides = [
        f"model.base={triple['base']}",
        f"model.safety={triple['safety']}",
        f"model.languages.sw={triple['language']}",
        "stage=merge",
        "logger=none",
        f"hydra.run.dir={tmp_path / 'run'}",
        override,
    ]
    r = subprocess.run(
        [sys.executable, str(ROOT / "run.py"), *overrides],
        capture_output=True,
        text=True,
        env={**__import__("os").environ, "SWAPEXP_CACHE": str(tmp_path / "cache")},
    )
    assert r.returncode == 2, r.stderr
    lines = [x for x in r.stderr.splitlines() if x.strip()]
    assert len(lines) == 1 and lines[0].startswith("error: "), r.stderr
    for w in words:
        assert w in lines[0]
    assert "Traceback" not in r.stderr + r.stdout
    assert not (tmp_path / "cache" / "merged").exists() or not list((tmp_path / "cache" / "merged").iterdir())


def test_empty_safetensors_dir_is_refused(tmp_path, capsys, triple):
    empty = tmp_path / "empty"
    empty.mkdir()
    save_file({}, empty / "model.safetensors")
    out = tmp_path / "out"
    rc, err = _merge(capsys, {**triple, "safety": empty}, out)
    _assert_user_error(rc, err, out, "missing", "safety")
