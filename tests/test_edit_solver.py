"""The closed-form rank-constrained ridge edit on synthetic data (method.md §2, step 3)."""

import pytest
import torch

from swapexp.edit.solver import objective, solve_low_rank
from swapexp.errors import SwapexpError


def problem(seed=0, n=40, dim=12, k=7, m=30):
    g = torch.Generator().manual_seed(seed)
    x_low = torch.randn(n, dim, generator=g, dtype=torch.float64)
    x_safe = torch.randn(m, dim, generator=g, dtype=torch.float64)
    d = torch.randn(n, k, generator=g, dtype=torch.float64)
    return x_low, d, x_safe


def stacked_lstsq(x_low, d, x_safe, gamma, lam):
    """The unconstrained minimiser, directly: least squares of the stacked ridge system."""
    dim, k = x_low.shape[1], d.shape[1]
    a = torch.cat([x_low, gamma**0.5 * x_safe, lam**0.5 * torch.eye(dim, dtype=torch.float64)])
    b = torch.cat([d, torch.zeros(x_safe.shape[0] + dim, k, dtype=torch.float64)])
    return torch.linalg.lstsq(a, b).solution


@pytest.mark.parametrize(
    "gamma,lam,n", [(1.0, 1e-2, 40), (5.0, 0.5, 40), (0.0, 1e-3, 40), (1.0, 0.0, 40), (1.0, 1e-2, 5)]
)
def test_full_rank_equals_unconstrained_minimiser(gamma, lam, n):
    x_low, d, x_safe = problem(n=n)  # n=5 < hidden 12: M has rank <= 5, the QR path is exercised
    sol = solve_low_rank(x_low, d, x_safe, rank=min(x_low.shape[1], d.shape[1]), gamma=gamma, lam=lam)
    ref = stacked_lstsq(x_low, d, x_safe, gamma, lam)
    torch.testing.assert_close(sol.delta, ref, rtol=1e-9, atol=1e-10)
    assert sol.objective_after == pytest.approx(objective(x_low, d, x_safe, ref, gamma, lam), rel=1e-10)


@pytest.mark.parametrize("seed", range(4))
def test_objective_never_increases_and_rank_is_bounded(seed):
    x_low, d, x_safe = problem(seed)
    before = objective(x_low, d, x_safe, torch.zeros(12, 7, dtype=torch.float64), 1.0, 1e-2)
    last = before
    for r in range(1, 8):
        sol = solve_low_rank(x_low, d, x_safe, rank=r, gamma=1.0, lam=1e-2)
        assert sol.objective_before == pytest.approx(before)
        assert sol.objective_after < sol.objective_before
        assert sol.objective_after <= last + 1e-9  # more rank never hurts
        last = sol.objective_after
        assert int(torch.linalg.matrix_rank(sol.delta)) <= r
        assert sol.left.shape == (12, r) and sol.right.shape == (r, 7)


def test_rank_r_solution_is_the_weighted_optimum():
    """f(dW) = ||R dW - R M||^2 + f(M): the rank-r optimum costs f(M) + the tail of R M's spectrum,
    beats the plain truncated SVD of M, and no nearby rank-r matrix does better."""
    x_low, d, x_safe = problem(1, n=25, dim=10, k=8, m=60)
    x_safe[:, :3] *= 5.0  # make the weighting matter
    gamma, lam, r = 2.0, 0.1, 3
    sol = solve_low_rank(x_low, d, x_safe, rank=r, gamma=gamma, lam=lam)
    m = stacked_lstsq(x_low, d, x_safe, gamma, lam)
    f_m = objective(x_low, d, x_safe, m, gamma, lam)
    tail = float(sol.singular_values[r:].square().sum())
    assert sol.objective_after == pytest.approx(f_m + tail, rel=1e-10)

    u, s, vh = torch.linalg.svd(m, full_matrices=False)
    naive = (u[:, :r] * s[:r]) @ vh[:r]
    assert sol.objective_after < objective(x_low, d, x_safe, naive, gamma, lam) - 1e-6

    g = torch.Generator().manual_seed(3)
    for _ in range(100):
        a = sol.left + 1e-3 * torch.randn(sol.left.shape, generator=g, dtype=torch.float64)
        b = sol.right + 1e-3 * torch.randn(sol.right.shape, generator=g, dtype=torch.float64)
        assert objective(x_low, d, x_safe, a @ b, gamma, lam) >= sol.objective_after - 1e-12


@pytest.mark.parametrize("rank", [2, 7])
def test_raising_gamma_moves_harmless_outputs_less(rank):
    x_low, d, x_safe = problem(2)
    shifts = []
    for gamma in (0.0, 0.1, 1.0, 10.0, 100.0):
        sol = solve_low_rank(x_low, d, x_safe, rank=rank, gamma=gamma, lam=1e-2)
        shifts.append(float((x_safe @ sol.delta).norm()))
    assert all(b < a for a, b in zip(shifts, shifts[1:], strict=False)), shifts
    assert shifts[-1] < 0.2 * shifts[0]


def test_zero_target_gives_zero_edit():
    x_low, d, x_safe = problem()
    sol = solve_low_rank(x_low, torch.zeros_like(d), x_safe, rank=3)
    assert float(sol.delta.abs().max()) == 0.0 and sol.objective_after == 0.0


def test_bad_input_is_a_clear_error():
    x_low, d, x_safe = problem()
    with pytest.raises(SwapexpError, match="rank must be an integer >= 1"):
        solve_low_rank(x_low, d, x_safe, rank=0)
    with pytest.raises(SwapexpError, match="above the largest possible rank"):
        solve_low_rank(x_low, d, x_safe, rank=8)  # k = 7
    with pytest.raises(SwapexpError, match="gamma"):
        solve_low_rank(x_low, d, x_safe, rank=2, gamma=-1.0)
    with pytest.raises(SwapexpError, match="lam"):
        solve_low_rank(x_low, d, x_safe, rank=2, lam=float("nan"))
    # 3 prompts in 12 dimensions and no ridge: Q is singular
    with pytest.raises(SwapexpError, match="singular.*raise edit.lam"):
        solve_low_rank(x_low[:3], d[:3], x_safe[:2], rank=2, lam=0.0)
    bad = x_low.clone()
    bad[0, 0] = float("nan")
    with pytest.raises(SwapexpError, match="NaN"):
        solve_low_rank(bad, d, x_safe, rank=2)
