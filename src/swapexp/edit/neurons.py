"""Safety-neuron selection (method.md §2, step 1): z-score and Cohen's d per MLP neuron.

A *sample* is one prompt's pooled activation vector ``a(x) = up(x) * act(gate(x))`` (the input
of ``down_proj``; see :mod:`swapexp.edit.activations`). For every layer and neuron j::

    delta_j = mean_harm_j - mean_safe_j
    z_j     = (delta_j - mean_j' delta_j') / std_j' delta_j'        (across the layer's neurons)
    d_j     = delta_j / pooled_sd_j                                 (Cohen's d)
    pooled_sd_j = sqrt(((n_h - 1) var_h_j + (n_s - 1) var_s_j) / (n_h + n_s - 2))

and neuron j is selected when ``z_j > z_threshold`` **or** ``d_j > cohens_d_threshold``
(one-sided: neurons more active on harmful prompts; ``absolute=True`` uses |z| and |d|).
Statistics are accumulated as float64 sums, so nothing per prompt is kept.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import torch

from swapexp.errors import SwapexpError

EPS = 1e-12


@dataclass
class RunningStats:
    """Per-layer sums of pooled activation vectors (float64): count, sum, sum of squares."""

    count: int = 0
    sums: dict[int, torch.Tensor] = field(default_factory=dict)
    sumsq: dict[int, torch.Tensor] = field(default_factory=dict)

    def add(self, layer: int, batch: torch.Tensor) -> None:
        """Add a ``[batch, neurons]`` block of per-prompt vectors for one layer."""
        b = batch.detach().to("cpu", torch.float64)
        if layer not in self.sums:
            self.sums[layer] = torch.zeros(b.shape[1], dtype=torch.float64)
            self.sumsq[layer] = torch.zeros(b.shape[1], dtype=torch.float64)
        self.sums[layer] += b.sum(0)
        self.sumsq[layer] += b.square().sum(0)

    def mean(self, layer: int) -> torch.Tensor:
        return self.sums[layer] / self.count

    def var(self, layer: int) -> torch.Tensor:
        """Unbiased sample variance (0 when there is a single sample)."""
        n = self.count
        if n < 2:
            return torch.zeros_like(self.sums[layer])
        m = self.mean(layer)
        return ((self.sumsq[layer] - n * m.square()) / (n - 1)).clamp_min(0.0)

    @property
    def layers(self) -> list[int]:
        return sorted(self.sums)


@dataclass
class LayerSelection:
    layer: int
    indices: list[int]
    z: list[float]  # z-score of each selected neuron
    d: list[float]  # Cohen's d of each selected neuron
    n_by_z: int
    n_by_d: int
    n_neurons: int

    def as_dict(self) -> dict:
        return {
            "layer": self.layer,
            "count": len(self.indices),
            "count_by_z": self.n_by_z,
            "count_by_d": self.n_by_d,
            "n_neurons": self.n_neurons,
            "indices": self.indices,
            "z": [round(v, 6) for v in self.z],
            "d": [round(v, 6) for v in self.d],
        }


def neuron_scores(harm: RunningStats, safe: RunningStats, layer: int) -> tuple[torch.Tensor, torch.Tensor]:
    """(z-score of delta, Cohen's d) of every neuron of ``layer``."""
    n_h, n_s = harm.count, safe.count
    if n_h < 1 or n_s < 1:
        raise SwapexpError("neuron selection needs at least one harmful and one harmless prompt")
    delta = harm.mean(layer) - safe.mean(layer)
    spread = delta.std() if delta.numel() > 1 else torch.tensor(0.0, dtype=torch.float64)
    z = (delta - delta.mean()) / spread.clamp_min(EPS)
    dof = max(n_h + n_s - 2, 1)
    pooled = (((n_h - 1) * harm.var(layer) + (n_s - 1) * safe.var(layer)) / dof).sqrt()
    d = delta / pooled.clamp_min(EPS)
    return z, d


def select_neurons(
    harm: RunningStats,
    safe: RunningStats,
    z_threshold: float = 2.0,
    cohens_d_threshold: float = 1.0,
    absolute: bool = False,
) -> dict[int, LayerSelection]:
    """The safety neurons of every layer both statistics cover (layer -> selection)."""
    for name, v in (("z_threshold", z_threshold), ("cohens_d_threshold", cohens_d_threshold)):
        if not math.isfinite(float(v)):
            raise SwapexpError(f"edit.selection.{name} must be a finite number, got {v}")
    out = {}
    for layer in sorted(set(harm.layers) & set(safe.layers)):
        z, d = neuron_scores(harm, safe, layer)
        zs, ds = (z.abs(), d.abs()) if absolute else (z, d)
        by_z, by_d = zs > z_threshold, ds > cohens_d_threshold
        idx = torch.nonzero(by_z | by_d).flatten()
        out[layer] = LayerSelection(
            layer=layer,
            indices=idx.tolist(),
            z=z[idx].tolist(),
            d=d[idx].tolist(),
            n_by_z=int(by_z.sum()),
            n_by_d=int(by_d.sum()),
            n_neurons=int(z.numel()),
        )
    return out
