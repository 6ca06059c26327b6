"""`swapexp ... | head`: a reader that goes away ends the command quietly, as SIGPIPE ends `cat`."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers.checkpoints import planted_triple

REPO = Path(__file__).resolve().parents[1]


def run_into_closed_pipe(args: list[str], tmp_path: Path) -> subprocess.CompletedProcess:
    """Run ``python -m swapexp.cli ARGS`` with stdout a pipe whose reader has already gone."""
    read, write = os.pipe()
    os.close(read)  # every write to stdout now fails with EPIPE
    try:
        return subprocess.run(
            [sys.executable, "-m", "swapexp.cli", *args],
            stdout=write,
            stderr=subprocess.PIPE,
            text=True,
            cwd=tmp_path,
            env={**os.environ, "OMP_NUM_THREADS": "1", "SWAPEXP_CACHE": str(tmp_path / "cache")},
            timeout=300,
        )
    finally:
        os.close(write)


def assert_quiet(proc: subprocess.CompletedProcess) -> None:
    assert "Traceback" not in proc.stderr and "BrokenPipe" not in proc.stderr, proc.stderr
    assert proc.returncode == 141  # 128 + SIGPIPE, what a shell reports for `yes | head`


def test_judge_eval_into_a_closed_pipe(tmp_path):
    assert_quiet(run_into_closed_pipe(["judge-eval", "--judge", "refusal"], tmp_path))


@pytest.fixture
def triple(tmp_path):
    return planted_triple(tmp_path / "models", [(0, "mlp")], [(1, "mlp")], layers=2)


def test_merge_into_a_closed_pipe_still_writes_the_model(tmp_path, triple):
    out = tmp_path / "merged"
    args = ["merge", "--strategy", "linear", "--safety", str(triple["safety"])]
    args += ["--language", str(triple["language"]), "--out", str(out), "-q", "--no-figures"]
    assert_quiet(run_into_closed_pipe(args, tmp_path))
    assert (out / "model.safetensors").exists() and (out / "decisions.json").exists()
