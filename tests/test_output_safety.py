"""Outputs never destroy inputs or unrelated files; a full disk or a missing permission leaves
nothing behind; a killed run's temporary directory is removed by the next run of the same output."""

from __future__ import annotations

import builtins
import errno
import hashlib
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from swapexp.cli import main
from swapexp.errors import SwapexpError
from swapexp.outputs import MARKER, atomic_output_dir, is_swapexp_output, remove_stale_temps
from tests.helpers.checkpoints import planted_triple

ROOT = Path(__file__).resolve().parents[1]
AS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0


@pytest.fixture(scope="module")
def triple(tmp_path_factory):
    return planted_triple(tmp_path_factory.mktemp("triple"), [(0, "mlp")], [(1, "mlp")], layers=2)


def tree_digest(path: Path) -> dict[str, str]:
    """Every file under ``path`` (relative name -> sha256): equal digests mean nothing changed."""
    return {
        str(f.relative_to(path)): hashlib.sha256(f.read_bytes()).hexdigest()
        for f in sorted(Path(path).rglob("*"))
        if f.is_file()
    }


def _merge(capsys, triple, out, *extra) -> tuple[int, str]:
    argv = ["merge", "--base", str(triple["base"]), "--safety", str(triple["safety"])]
    argv += ["--language", str(triple["language"]), "--strategy", "modulewise", "--out", str(out), "-q"]
    capsys.readouterr()
    rc = main([*argv, "--no-figures", *extra])
    return rc, capsys.readouterr().err.strip()


def _one_line(rc: int, err: str, *words: str) -> None:
    assert rc == 2, err
    assert len(err.splitlines()) == 1 and err.startswith("swapexp: error: "), err
    for w in words:
        assert w in err, (w, err)


def _no_temporaries(parent: Path) -> None:
    assert not [p.name for p in parent.iterdir() if ".tmp-" in p.name or ".old-" in p.name]


# -- 1. outputs never destroy inputs or unrelated files ---------------------------------------------
@pytest.mark.parametrize("where", ["language", "safety", "base"])
def test_out_equal_to_an_input_is_refused(capsys, triple, where):
    before = tree_digest(triple[where].parent)
    rc, err = _merge(capsys, triple, triple[where])
    _one_line(rc, err, str(triple[where]), "is the input")
    assert tree_digest(triple[where].parent) == before


def test_out_containing_an_input_is_refused(capsys, triple):
    parent = triple["language"].parent
    before = tree_digest(parent)
    rc, err = _merge(capsys, triple, parent)
    _one_line(rc, err, "contains the input")
    assert tree_digest(parent) == before


def test_out_inside_an_input_is_refused(capsys, triple):
    inside = triple["language"] / "merged"
    rc, err = _merge(capsys, triple, inside)
    _one_line(rc, err, "lies inside the input", str(triple["language"]))
    assert not inside.exists()


def test_existing_foreign_directory_needs_overwrite(tmp_path, capsys, triple):
    out = tmp_path / "models"
    (out / "other-model").mkdir(parents=True)
    (out / "other-model" / "model.safetensors").write_bytes(b"precious")
    (out / "notes.txt").write_text("keep me")
    before = tree_digest(out)
    rc, err = _merge(capsys, triple, out)
    _one_line(rc, err, str(out), "not a swapexp output", "--overwrite")
    assert tree_digest(out) == before
    # --overwrite replaces it, as asked
    rc, err = _merge(capsys, triple, out, "--overwrite")
    assert rc == 0, err
    assert not (out / "notes.txt").exists() and (out / "decisions.json").exists()
    _no_temporaries(tmp_path)


def test_previous_output_and_empty_directory_are_replaced(tmp_path, capsys, triple):
    empty = tmp_path / "empty"
    empty.mkdir()
    rc, err = _merge(capsys, triple, empty)
    assert rc == 0, err
    assert is_swapexp_output(empty) and json.loads((empty / MARKER).read_text())["swapexp_output"] == "merge"
    rc, err = _merge(capsys, triple, empty, "--alpha", "0.3")  # rerun into our own output: replaced
    assert rc == 0, err
    assert json.loads((empty / "decisions.json").read_text())["alpha"] == 0.3
    _no_temporaries(tmp_path)


def test_output_of_an_older_swapexp_counts_as_ours(tmp_path, capsys, triple):
    out = tmp_path / "old"
    rc, _ = _merge(capsys, triple, out)
    assert rc == 0
    (out / MARKER).unlink()  # written before the marker existed: decisions.json + weights
    rc, err = _merge(capsys, triple, out)
    assert rc == 0, err


def test_report_refuses_to_replace_its_runs_or_a_foreign_directory(tmp_path, capsys):
    from swapexp.report.__main__ import main as report_main
    from tests.test_report import m, write_run

    runs = tmp_path / "sweep"
    write_run(runs, "0", {"name": "linear", "alpha": 0.5}, "sw", m(0.2, 0.4))
    before = tree_digest(runs)
    for out in (runs, runs / "0", tmp_path):
        with pytest.raises(SystemExit) as e:
            report_main([str(runs), "-o", str(out), "-q"])
        assert e.value.code == 2
        err = capsys.readouterr().err.strip()
        assert len(err.splitlines()) == 1 and ("is the input" in err or "contains the input" in err), err
        assert tree_digest(runs) == before
    foreign = tmp_path / "docs"
    foreign.mkdir()
    (foreign / "thesis.tex").write_text("x")
    with pytest.raises(SystemExit):
        report_main([str(runs), "-o", str(foreign), "-q"])
    assert "--overwrite" in capsys.readouterr().err and (foreign / "thesis.tex").exists()
    # the default place (inside the sweep directory) and a rerun there are fine
    assert report_main([str(runs), "-q"]) == 0 and report_main([str(runs), "-q"]) == 0
    assert report_main([str(runs), "-o", str(foreign), "-q", "--overwrite"]) == 0
    assert not (foreign / "thesis.tex").exists()


def test_run_dir_and_cache_inside_a_model_are_refused(tmp_path, triple):
    lang = triple["language"]
    before = tree_digest(lang)
    common = [
        f"model.base={triple['base']}",
        f"model.safety={triple['safety']}",
        f"model.languages.sw={lang}",
        "stage=merge",
        "logger=none",
        "merge_engine.progress=false",
    ]
    env = {**os.environ, "SWAPEXP_CACHE": str(tmp_path / "cache")}
    for extra, words in (
        ([f"hydra.run.dir={lang / 'run'}"], ["run directory", "lies inside the input"]),
        (
            [f"hydra.run.dir={tmp_path / 'run'}", f"paths.cache_dir={lang / 'cache'}"],
            ["lies inside the input"],
        ),
    ):
        r = subprocess.run(
            [sys.executable, str(ROOT / "run.py"), *common, *extra], capture_output=True, text=True, env=env
        )
        lines = [x for x in r.stderr.splitlines() if x.strip()]
        assert r.returncode == 2 and len(lines) == 1 and lines[0].startswith("error: "), r.stderr
        for w in words:
            assert w in lines[0], lines[0]
        # nothing but what Hydra itself writes into its run directory (.hydra/, the job log)
        after = {k: v for k, v in tree_digest(lang).items() if not k.startswith("run/")}
        assert after == before
        assert not (lang / "run" / "merge").exists() and not (lang / "run" / "metrics.json").exists()


def test_edit_output_inside_its_input_is_refused(tmp_path, triple):
    import torch

    from swapexp.checkpoint.reader import Checkpoint
    from swapexp.edit.apply import write_edited

    ck = Checkpoint(triple["language"])
    name = "model.layers.0.mlp.up_proj.weight"
    new = torch.zeros(ck.info(name).shape)
    try:
        with pytest.raises(SwapexpError, match="is the input"):
            write_edited(ck, triple["language"], {name: new}, progress=False)
        with pytest.raises(SwapexpError, match="contains the input"):
            write_edited(ck, triple["language"].parent, {name: new}, progress=False)
    finally:
        ck.close()


# -- 2. disk full, no permission, read-only sources ----------------------------------------------------
def _failing_after(n: int, code: int, real):
    calls = {"n": 0}

    def fake(*args, **kwargs):
        calls["n"] += 1
        if calls["n"] > n:
            raise OSError(code, os.strerror(code))
        return real(*args, **kwargs)

    return fake


@pytest.mark.parametrize(
    "code,words", [(errno.ENOSPC, "No space left on device"), (errno.EACCES, "Permission denied")]
)
def test_write_error_mid_merge_leaves_nothing(tmp_path, capsys, triple, monkeypatch, code, words):
    out = tmp_path / "out"
    before = {r: tree_digest(p) for r, p in triple.items()}
    monkeypatch.setattr(os, "pwrite", _failing_after(3, code, os.pwrite))  # the header, then two tensors
    rc, err = _merge(capsys, triple, out)
    _one_line(rc, err, str(out), words, errno.errorcode[code])
    assert not out.exists()
    assert list(tmp_path.iterdir()) == []  # no temporary directory either
    assert {r: tree_digest(p) for r, p in triple.items()} == before


def test_write_error_mid_edit_leaves_nothing(tmp_path, triple, monkeypatch):
    import torch

    from swapexp.checkpoint.reader import Checkpoint
    from swapexp.edit.apply import write_edited

    ck = Checkpoint(triple["language"])
    name = "model.layers.0.mlp.up_proj.weight"
    monkeypatch.setattr(os, "pwrite", _failing_after(2, errno.ENOSPC, os.pwrite))
    try:
        with pytest.raises(SwapexpError) as e:
            write_edited(ck, tmp_path / "edited", {name: torch.zeros(ck.info(name).shape)}, progress=False)
    finally:
        ck.close()
    assert str(tmp_path / "edited") in str(e.value) and "ENOSPC" in str(e.value) and "\n" not in str(e.value)
    assert list(tmp_path.iterdir()) == []


def test_directory_without_write_permission_simulated(tmp_path, capsys, triple, monkeypatch):
    """Root ignores permissions, so the read-only directory is simulated: creating anything in it fails."""
    parent = tmp_path / "locked"
    parent.mkdir()
    real_mkdir = os.mkdir

    def mkdir(path, *a, **k):
        if Path(path).parent == parent:
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(path))
        return real_mkdir(path, *a, **k)

    monkeypatch.setattr(os, "mkdir", mkdir)
    rc, err = _merge(capsys, triple, parent / "out")
    _one_line(rc, err, str(parent / "out"), "Permission denied")
    assert list(parent.iterdir()) == []


@pytest.mark.skipif(AS_ROOT, reason="root ignores directory permissions (the simulated variant runs instead)")
def test_directory_without_write_permission(tmp_path, capsys, triple):  # pragma: no cover - non-root only
    parent = tmp_path / "locked"
    parent.mkdir()
    parent.chmod(0o555)
    try:
        rc, err = _merge(capsys, triple, parent / "out")
        _one_line(rc, err, str(parent / "out"), "Permission denied")
        assert list(parent.iterdir()) == []
    finally:
        parent.chmod(0o755)


def test_read_only_sources_are_never_opened_for_writing(tmp_path, capsys, triple, monkeypatch):
    """Every open of a file inside an input with a write mode fails, as on a read-only source."""
    inputs = [p.resolve() for p in triple.values()]

    def inside_input(path) -> bool:
        try:
            p = Path(path).resolve()
        except (TypeError, ValueError):
            return False
        return any(i == p or i in p.parents for i in inputs)

    write_flags = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_TRUNC | os.O_APPEND
    real_os_open, real_open = os.open, builtins.open

    def os_open(path, flags, *a, **k):
        if flags & write_flags and inside_input(path):
            raise OSError(errno.EROFS, "read-only source", str(path))
        return real_os_open(path, flags, *a, **k)

    def py_open(file, mode="r", *a, **k):
        if isinstance(file, (str, os.PathLike)) and set(mode) & set("wax+") and inside_input(file):
            raise OSError(errno.EROFS, "read-only source", str(file))
        return real_open(file, mode, *a, **k)

    monkeypatch.setattr(os, "open", os_open)
    monkeypatch.setattr(builtins, "open", py_open)
    before = {r: tree_digest(p) for r, p in triple.items()}
    rc, err = _merge(capsys, triple, tmp_path / "out")
    assert rc == 0, err
    assert {r: tree_digest(p) for r, p in triple.items()} == before


KILLED_WRITER = r"""
import sys, time
from pathlib import Path
from swapexp.outputs import atomic_output_dir
with atomic_output_dir(sys.argv[1], kind="merge") as tmp:
    (tmp / "model.safetensors").write_bytes(b"half")
    print(tmp, flush=True)
    time.sleep(600)
"""


def test_stale_temporary_directory_of_a_killed_run_is_removed(tmp_path, capsys, triple):
    out = tmp_path / "out"
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), os.environ.get("PYTHONPATH", "")])}
    proc = subprocess.Popen(
        [sys.executable, "-c", KILLED_WRITER, str(out)], stdout=subprocess.PIPE, text=True, env=env
    )
    stale = Path(proc.stdout.readline().strip())
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(30)
    assert stale.is_dir() and stale.name.startswith(".out.tmp-")
    # a live writer of the same output (this process, inside the block) keeps its directory
    with atomic_output_dir(out, kind="merge") as live:
        assert not stale.exists()  # entering the block removed the killed run's directory
        assert remove_stale_temps(out) == [] and live.is_dir()
        (live / "model.safetensors").write_bytes(b"x")
    assert (out / "model.safetensors").read_bytes() == b"x"
    # and the next merge of the output leaves exactly one directory behind: the output
    stale2 = tmp_path / ".out.tmp-leftover"
    stale2.mkdir()
    (stale2 / MARKER).write_text("")
    rc, err = _merge(capsys, triple, out)
    assert rc == 0, err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


def test_unmarked_temporary_directory_is_kept_while_young(tmp_path):
    young = tmp_path / ".out.tmp-abc"
    young.mkdir()
    old = tmp_path / ".out.tmp-def"
    old.mkdir()
    past = time.time() - 3600
    os.utime(old, (past, past))
    assert remove_stale_temps(tmp_path / "out") == [old.resolve()]
    assert young.exists() and not old.exists()


def test_bench_outputs_refuse_foreign_files(tmp_path):
    """Both benchmarks check --out before any work: a file they did not write is kept."""
    foreign = tmp_path / "thesis.json"
    foreign.write_text('{"chapter": 1}')
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), str(ROOT)])}
    for script, extra in (
        ("generate_bench.py", ["--tiny"]),
        ("merge_bench.py", ["--tiny", "--cache-dir", str(tmp_path / "cache")]),
    ):
        r = subprocess.run(
            [sys.executable, str(ROOT / "bench" / script), *extra, "--out", str(foreign)],
            capture_output=True,
            text=True,
            env=env,
            timeout=300,
        )
        lines = [x for x in r.stderr.splitlines() if x.strip()]
        assert r.returncode == 2 and len(lines) == 1, r.stderr[-2000:]
        assert str(foreign) in lines[0] and "--overwrite" in lines[0]
        assert foreign.read_text() == '{"chapter": 1}'
    assert not (tmp_path / "cache").exists()  # merge_bench built nothing
    # a directory, or a file inside the model, is refused the same way
    r = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "generate_bench.py"), "--out", str(tmp_path)],
        capture_output=True,
        text=True,
        env=env,
    )
    assert r.returncode == 2 and "is a directory" in r.stderr
