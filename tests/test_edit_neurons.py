"""Safety-neuron selection by z-score and Cohen's d on planted activations."""

import pytest
import torch

from swapexp.edit.neurons import RunningStats, neuron_scores, select_neurons


def stats_of(blocks: dict[int, torch.Tensor], chunk: int = 7) -> RunningStats:
    """Feed per-prompt vectors in uneven batches, as the hooks do."""
    st = RunningStats()
    n = next(iter(blocks.values())).shape[0]
    for start in range(0, n, chunk):
        for layer, x in blocks.items():
            st.add(layer, x[start : start + chunk])
        st.count += min(chunk, n - start)
    return st


def planted(seed=0, n=50, neurons=64):
    g = torch.Generator().manual_seed(seed)
    harm = {0: torch.randn(n, neurons, generator=g), 1: torch.randn(n, neurons, generator=g)}
    safe = {0: torch.randn(n + 9, neurons, generator=g), 1: torch.randn(n + 9, neurons, generator=g)}
    harm[0][:, [3, 17, 40]] += 3.0  # more active on harmful prompts
    harm[1][:, 5] += 2.5
    harm[1][:, 9] -= 3.0  # less active: only |d| / |z| catches it
    return harm, safe


def test_running_stats_match_direct_computation():
    harm, safe = planted()
    h, s = stats_of(harm), stats_of(safe)
    torch.testing.assert_close(h.mean(0), harm[0].double().mean(0))
    torch.testing.assert_close(s.var(1), safe[1].double().var(0))
    z, d = neuron_scores(h, s, 0)
    a, b = harm[0].double(), safe[0].double()
    delta = a.mean(0) - b.mean(0)
    pooled = (((len(a) - 1) * a.var(0) + (len(b) - 1) * b.var(0)) / (len(a) + len(b) - 2)).sqrt()
    torch.testing.assert_close(d, delta / pooled)
    torch.testing.assert_close(z, (delta - delta.mean()) / delta.std())


def test_selection_picks_the_planted_neurons():
    harm, safe = planted()
    sel = select_neurons(stats_of(harm), stats_of(safe), z_threshold=2.0, cohens_d_threshold=1.0)
    assert sel[0].indices == [3, 17, 40]
    assert sel[1].indices == [5]
    assert all(v > 1.0 for v in sel[0].d) and sel[0].n_neurons == 64
    out = sel[0].as_dict()
    assert out["count"] == 3 and out["layer"] == 0 and len(out["z"]) == 3


def test_absolute_also_picks_neurons_less_active_on_harmful_prompts():
    harm, safe = planted()
    sel = select_neurons(stats_of(harm), stats_of(safe), absolute=True)
    assert sel[1].indices == [5, 9]


def test_either_criterion_selects():
    harm, safe = planted()
    h, s = stats_of(harm), stats_of(safe)
    only_d = select_neurons(h, s, z_threshold=1e9, cohens_d_threshold=1.0)
    only_z = select_neurons(h, s, z_threshold=2.0, cohens_d_threshold=1e9)
    assert only_d[0].indices == only_z[0].indices == [3, 17, 40]
    assert only_d[0].n_by_z == 0 and only_z[0].n_by_d == 0
    none = select_neurons(h, s, z_threshold=1e9, cohens_d_threshold=1e9)
    assert none[0].indices == [] and none[1].indices == []


def test_threshold_must_be_finite():
    harm, safe = planted()
    from swapexp.errors import SwapexpError

    with pytest.raises(SwapexpError, match="z_threshold"):
        select_neurons(stats_of(harm), stats_of(safe), z_threshold=float("nan"))
