"""The closed-form rank-constrained ridge edit (method.md §2, step 3), in float64.

Notation is ``x @ W`` (rows of ``X`` are inputs, columns of ``W`` are neurons)::

    min_dW  ||X_low dW - D||^2 + gamma ||X_safe dW||^2 + lam ||dW||^2   s.t. rank(dW) <= r

With ``Q = X_low^T X_low + gamma X_safe^T X_safe + lam I`` and its Cholesky factor
``Q = L L^T`` (``R = L^T``), the objective is ``||R dW - R M||_F^2 + const`` where
``M = Q^-1 X_low^T D`` is the unconstrained minimiser. The best rank-r ``R dW`` is the
truncated SVD of ``R M = U S V^T`` (Eckart-Young), so ``dW* = R^-1 U_r S_r V_r^T``.
``R M`` equals ``L^-1 X_low^T D`` (one triangular solve) and has rank <= n, so its SVD is taken
through a thin QR of ``L^-1 X_low^T``: the cost is a Cholesky of the ``hidden x hidden`` ``Q``
plus work linear in ``|S|``. ``dW*`` is returned with its two factors, so its rank is at most
``r`` by construction.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import torch

from swapexp.errors import SwapexpError


@dataclass
class EditSolution:
    """``delta = left @ right`` (``d x k``), the objective before (``dW = 0``) and after."""

    delta: torch.Tensor
    left: torch.Tensor  # d x r  (R^-1 U_r S_r)
    right: torch.Tensor  # r x k  (V_r^T)
    singular_values: torch.Tensor  # the (at most n) nonzero-able singular values of R M, descending
    rank: int  # the rank bound used: min(r, number of singular values)
    objective_before: float
    objective_after: float

    @property
    def delta_norm(self) -> float:
        return float(torch.linalg.matrix_norm(self.delta))


def objective(
    x_low: torch.Tensor, d: torch.Tensor, x_safe: torch.Tensor, delta: torch.Tensor, gamma: float, lam: float
) -> float:
    """``||X_low dW - D||^2 + gamma ||X_safe dW||^2 + lam ||dW||^2`` in float64."""
    x_low, d, x_safe, delta = (t.to(torch.float64) for t in (x_low, d, x_safe, delta))
    fit = (x_low @ delta - d).square().sum()
    keep = (x_safe @ delta).square().sum()
    return float(fit + gamma * keep + lam * delta.square().sum())


def check_hyper(rank: int, gamma: float, lam: float) -> None:
    if isinstance(rank, bool) or int(rank) != rank or rank < 1:
        raise SwapexpError(f"edit.rank must be an integer >= 1, got {rank!r}; e.g. edit.rank=32")
    if not (math.isfinite(gamma) and gamma >= 0):
        raise SwapexpError(f"edit.gamma must be a finite number >= 0, got {gamma}; e.g. edit.gamma=1.0")
    if not (math.isfinite(lam) and lam >= 0):
        raise SwapexpError(f"edit.lam (lambda) must be a finite number >= 0, got {lam}; e.g. edit.lam=0.01")


def solve_low_rank(
    x_low: torch.Tensor,
    d: torch.Tensor,
    x_safe: torch.Tensor,
    *,
    rank: int,
    gamma: float = 1.0,
    lam: float = 1e-2,
) -> EditSolution:
    """Minimise the weighted ridge objective over ``dW`` of rank <= ``rank`` (see the module doc).

    ``x_low``: n x d, ``d``: n x k, ``x_safe``: m x d. ``rank`` above ``min(d, k)`` is a user
    error (the caller clamps it to the number of selected neurons first if it wants to).
    """
    check_hyper(rank, gamma, lam)
    x_low, d, x_safe = (t.detach().to("cpu", torch.float64) for t in (x_low, d, x_safe))
    if x_low.ndim != 2 or d.ndim != 2 or x_safe.ndim != 2:
        raise ValueError("x_low, d and x_safe must be matrices")
    n, dim = x_low.shape
    if d.shape[0] != n or x_safe.shape[1] != dim:
        raise ValueError(
            f"shape mismatch: x_low {tuple(x_low.shape)}, d {tuple(d.shape)}, x_safe {tuple(x_safe.shape)}"
        )
    k = d.shape[1]
    if rank > min(dim, k):
        raise SwapexpError(
            f"edit.rank={rank} is above the largest possible rank of the edit, min(hidden size {dim}, "
            f"selected neurons {k}) = {min(dim, k)}; lower edit.rank"
        )
    for name, t in (("X_low", x_low), ("D", d), ("X_safe", x_safe)):
        if not bool(torch.isfinite(t).all()):
            raise SwapexpError(
                f"the calibration activations {name} contain NaN/Inf; check the model and its dtype"
            )

    q = x_low.T @ x_low + gamma * (x_safe.T @ x_safe)
    q.diagonal().add_(lam)
    chol, info = torch.linalg.cholesky_ex(q)
    if int(info) != 0:
        raise SwapexpError(
            "the edit's normal matrix Q = X_low^T X_low + gamma X_safe^T X_safe + lambda I is singular "
            f"(Cholesky failed at column {int(info)}); raise edit.lam (lambda), e.g. edit.lam=0.01, "
            "or add calibration prompts"
        )
    # R M = L^T Q^-1 X^T D = (L^-1 X^T) D has rank <= n: with the thin QR L^-1 X^T = Q_a R_a,
    # the SVD of the small R_a D gives that of R M (U = Q_a U'), not a dense hidden x |S| SVD
    qa, ra = torch.linalg.qr(torch.linalg.solve_triangular(chol, x_low.T, upper=False))
    u, s, vh = torch.linalg.svd(ra @ d, full_matrices=False)
    rank = min(int(rank), s.numel())
    us = qa @ (u[:, :rank] * s[:rank])
    left = torch.linalg.solve_triangular(chol.T, us, upper=True)  # R^-1 U_r S_r
    right = vh[:rank]
    delta = left @ right
    return EditSolution(
        delta=delta,
        left=left,
        right=right,
        singular_values=s,
        rank=int(rank),
        objective_before=objective(x_low, d, x_safe, torch.zeros_like(delta), gamma, lam),
        objective_after=objective(x_low, d, x_safe, delta, gamma, lam),
    )
