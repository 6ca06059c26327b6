"""Merging streams: memory is bounded by a few tensors, not by the model size."""

from __future__ import annotations

import json
import subprocess
import sys
import weakref

import pytest

from swapexp.checkpoint.reader import Checkpoint
from swapexp.merge import build_strategy
from swapexp.merge.engine import merge
from tests.helpers.checkpoints import planted_triple


class LiveTensors:
    """Track bytes of tensors returned by Checkpoint.read that are still alive."""

    def __init__(self):
        self.live = 0
        self.peak = 0
        self.largest = 0
        self.reads = 0

    def wrap(self, monkeypatch):
        orig = Checkpoint.read

        def read(ck, name):
            t = orig(ck, name)
            n = t.numel() * t.element_size()
            self.live += n
            self.reads += 1
            self.peak = max(self.peak, self.live)
            self.largest = max(self.largest, n)
            weakref.finalize(t, self._free, n)
            return t

        monkeypatch.setattr(Checkpoint, "read", read)

    def _free(self, n):
        self.live -= n


@pytest.mark.parametrize(
    "strategy",
    [
        "modulewise",
        "layerwise",
        "task_arithmetic",
        "linear",
        "layer_swap",
        "ties",
        "dare_ties",
        "dare_linear",
    ],
)
def test_at_most_three_input_tensors_alive(tmp_path, monkeypatch, strategy):
    paths = planted_triple(tmp_path, [(1, "mlp")], [(2, "self_attn")], layers=8)
    tracker = LiveTensors()
    tracker.wrap(monkeypatch)
    merge(
        build_strategy(strategy),
        base=paths["base"],
        safety=paths["safety"],
        language=paths["language"],
        out_dir=tmp_path / "out",
        progress=False,
        figures=False,
    )
    with Checkpoint(paths["base"]) as ck:
        n_tensors = len(ck)
        model_bytes = ck.nbytes
    # one tensor name at a time, from at most the three inputs
    assert tracker.peak <= 3 * tracker.largest
    assert tracker.peak < model_bytes / 4
    # each pass reads each input tensor once: pass 1 all inputs, pass 2 only what is needed
    n_inputs = 3 if build_strategy(strategy).needs_base else 2
    assert tracker.reads <= 2 * n_inputs * n_tensors


RSS_SCRIPT = r"""
import json, resource, sys
import torch  # noqa: F401
from swapexp.merge import build_strategy
from swapexp.merge.engine import merge
paths = json.loads(sys.argv[1])
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
merge(build_strategy("modulewise"), base=paths["base"], safety=paths["safety"], language=paths["language"],
      out_dir=sys.argv[2], progress=False, figures=False)
after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({"extra_kb": after - before}))
"""


def _extra_rss_kb(tmp_path, layers):
    paths = planted_triple(
        tmp_path / f"l{layers}", [(0, "mlp")], [(1, "mlp")], layers=layers, hidden=256, inter=512, vocab=256
    )
    r = subprocess.run(
        [
            sys.executable,
            "-c",
            RSS_SCRIPT,
            json.dumps({k: str(v) for k, v in paths.items()}),
            str(tmp_path / f"out{layers}"),
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    size = sum(f.stat().st_size for f in paths["base"].glob("*.safetensors"))
    return json.loads(r.stdout.strip().splitlines()[-1])["extra_kb"] * 1024, size


def test_peak_rss_does_not_grow_with_model_size(tmp_path):
    small_extra, small_size = _extra_rss_kb(tmp_path, 2)
    big_extra, big_size = _extra_rss_kb(tmp_path, 20)
    assert big_size > 8 * small_size
    # three 20-layer checkpoints are ~3 x big_size; the merge must need far less than one of them,
    # and growing the model 10x must not grow the merge's peak by more than a few tensors (~0.5 MB each)
    assert big_extra < 0.5 * big_size, (big_extra, big_size)
    assert big_extra - small_extra < 8 * 2**20, (small_extra, big_extra)
