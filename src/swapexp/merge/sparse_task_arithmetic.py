"""Shared arithmetic of TIES and DARE: sparsified task vectors, sign election, disjoint mean.

These are mergekit's "generalized task arithmetic" methods, for two experts S and L over one base B.
Per tensor, in float32:

1. task vectors ``d_E = E - B`` for E in (S, L);
2. sparsify each: ``ties`` keeps the ``density`` fraction of largest magnitudes (``magnitude_trim``),
   DARE keeps each entry with probability ``density`` and divides the kept ones by ``density``
   (``random_drop_``); ``density = 1`` leaves the vector untouched;
3. weight them: ``w_E d_E`` with ``w_S = lambda_safety``, ``w_L = lambda_language``;
4. with sign consensus (``ties``, ``dare_ties``): the elected sign is that of ``w_S d_S + w_L d_L``
   (+ where the sum is 0), an entry of ``w_E d_E`` takes part only where its sign equals the elected
   one (a zero never does), merged delta = sum of the agreeing entries, divided by the sum of the
   agreeing weights when ``normalize`` (a zero divisor counts as 1);
   without consensus (``dare_linear``): merged delta = ``w_S d_S + w_L d_L``, divided by
   ``w_S + w_L`` when ``normalize`` (a divisor of magnitude < 1e-8 counts as 1);
5. the result is ``B + merged delta``.

The strategies differ only in step 2, the consensus switch and their parameters; each lives in its
own file (``ties.py``, ``dare_ties.py``, ``dare_linear.py``) and subclasses
:class:`SparseTaskArithmetic` (the DARE pair through :class:`RandomDrop`).
"""

from __future__ import annotations

import dataclasses
import hashlib
from typing import ClassVar

import numpy as np
import torch

from swapexp.merge.base import MergeStrategy, Param
from swapexp.merge.task_arithmetic import LAMBDA_LANGUAGE, LAMBDA_SAFETY

EXPERTS = ("safety", "language")


# -- parameters ---------------------------------------------------------------------------------------
DENSITY = Param(
    "density",
    float,
    0.5,
    "fraction of each task vector kept (ties: largest magnitudes; dare_*: keep probability)",
    low=0.0,
    high=1.0,
    low_open=True,
    tag="d",
)
#: normalize: the default differs per method (ties: true; dare_*, as in mergekit: false)
NORMALIZE = Param("normalize", bool, True, "divide by the sum of the (agreeing) weights", tag="norm")
SEED = Param("seed", int, 0, "seed of the random drop masks (per tensor and expert)", tag="seed")


# -- sparsification -----------------------------------------------------------------------------------
def magnitude_trim(delta: torch.Tensor, density: float) -> torch.Tensor:
    """The ``k = max(1, int(density * numel))`` entries of ``delta`` of largest magnitude, the rest 0.

    Returns a new tensor (``delta`` is not modified). The threshold (the k-th largest magnitude)
    comes from an in-place partial sort of one ``|delta|`` buffer, which then receives the result
    (``hardshrink`` just below the threshold): no sort and no temporaries beyond that buffer. When
    entries tied in magnitude at the threshold are more than the places left, *which* of them
    survive is decided as mergekit decides it: by the order of ``torch.argsort(|delta|,
    descending=True)`` (an unstable sort; on CPU its choice among equal values is deterministic and
    independent of the thread count). That full sort runs only for such tensors, common in
    checkpoints born in bfloat16 and rare otherwise. ``density >= 1`` returns ``delta`` itself.
    """
    if density >= 1 or delta.numel() == 0:
        return delta
    flat = delta.reshape(-1)
    n = flat.numel()
    k = max(1, int(density * n))  # mergekit's rounding, exactly
    out = flat.abs()
    scratch = out.numpy()
    scratch.partition(n - k)  # in place: the k largest magnitudes now sit at [n - k:]
    thr = scratch[n - k]  # the k-th largest magnitude (a float32)
    del scratch
    # keep |d| >= thr: hardshrink zeroes |d| <= lambd, and no float32 lies between lambd and thr
    lambd = float(np.nextafter(thr, np.float32(0))) if thr > 0 else 0.0
    torch.hardshrink(flat, lambd, out=out)
    if thr > 0 and int(torch.count_nonzero(out)) > k:  # more ties at thr than places: the sort decides
        top = torch.argsort(torch.abs(flat, out=out), descending=True)[:k]
        out.zero_()
        out[top] = flat[top]
    return out.view(delta.shape)


def tensor_seed(seed: int, name: str, role: str) -> int:
    """A 63-bit seed for one (seed, tensor, expert): reruns match, tensor order does not matter."""
    digest = hashlib.blake2b(f"{seed}\0{name}\0{role}".encode(), digest_size=8).digest()
    return int.from_bytes(digest, "little") & (2**63 - 1)


def random_drop_(delta: torch.Tensor, density: float, seed: int) -> torch.Tensor:
    """DARE: keep each entry with probability ``density`` and divide the kept ones by it (in place).

    The mask is ``U < density`` for ``U`` uniform on [0, 1) from a CPU generator seeded with ``seed``
    (torch's CPU uniform sampler is serial: the mask does not depend on the thread count).
    """
    if density >= 1:
        return delta
    gen = torch.Generator().manual_seed(seed)
    keep = torch.rand(delta.shape, generator=gen, dtype=torch.float32).lt_(density)  # 1.0 kept, 0.0 dropped
    return delta.mul_(keep).div_(density)


# -- the strategy skeleton ----------------------------------------------------------------------------
class SparseTaskArithmetic(MergeStrategy):
    """Base of ``ties``, ``dare_ties`` and ``dare_linear`` (steps 1-5 of the module docstring).

    Subclasses set ``consensus``, declare their ``parameters`` and implement :meth:`sparsify`.
    """

    inputs = ("base", "safety", "language")
    parameters = (LAMBDA_SAFETY, LAMBDA_LANGUAGE, DENSITY, NORMALIZE)
    #: elect a sign per entry and merge only the agreeing entries (TIES)
    consensus: ClassVar[bool] = True
    lambda_safety: float
    lambda_language: float
    density: float
    normalize: bool

    def sparsify(self, delta: torch.Tensor, name: str, role: str) -> torch.Tensor:
        """The sparsified float32 task vector: ``delta`` (the strategy's own buffer) changed in place,
        or a new tensor."""
        raise NotImplementedError

    def inputs_for(self, name):
        return ("base", "safety", "language")

    def merge_tensor(self, name, get):
        lang = get("language")
        if not lang.is_floating_point():
            return lang  # integer buffers are the host's (the engine would copy L's anyway)
        b = get("base").to(torch.float32)  # B itself when B is float32: never modified below
        weights = {"safety": self.lambda_safety, "language": self.lambda_language}
        deltas = {}
        for role in EXPERTS:
            e = get(role)
            d = torch.empty(b.shape, dtype=torch.float32)
            if e.dtype == torch.float32:
                torch.sub(e, b, out=d)
            else:
                d.copy_(e).sub_(b)
            deltas[role] = self.sparsify(d, name, role).mul_(weights[role])
            del d, e  # (a trimmed vector is a new buffer: the full one goes now)
        ds, dl = deltas.pop("safety"), deltas.pop("language")
        if self.consensus:
            # elected sign: +1 where the weighted sum is >= 0, else -1 (one buffer, reused below)
            sign = torch.add(ds, dl).ge_(0).mul_(2).sub_(1)
            agree_s = torch.mul(ds, sign).gt_(0)  # 1.0 where d_S is nonzero with the elected sign
            agree_l = sign.mul_(dl).gt_(0)
            del sign
            mixed = ds.mul_(agree_s).add_(dl.mul_(agree_l))
            del dl
            if self.normalize:
                divisor = agree_s.mul_(self.lambda_safety).add_(agree_l.mul_(self.lambda_language))
                del agree_l
                mixed.div_(divisor.masked_fill_(divisor == 0, 1.0))
        else:
            mixed = ds.add_(dl)
            del dl
            if self.normalize:
                total = torch.tensor([self.lambda_safety, self.lambda_language], dtype=torch.float32).sum()
                mixed.div_(1.0 if abs(float(total)) < 1e-8 else total)
        return mixed.add_(b)


class RandomDrop(SparseTaskArithmetic):
    """Base of ``dare_ties`` and ``dare_linear``: step 2 is DARE's seeded random drop, and the sum is
    not normalised by default (mergekit's default for DARE). Subclasses set ``consensus``."""

    parameters = (
        LAMBDA_SAFETY,
        LAMBDA_LANGUAGE,
        DENSITY,
        dataclasses.replace(NORMALIZE, default=False),
        SEED,
    )
    seed: int

    def sparsify(self, delta: torch.Tensor, name: str, role: str) -> torch.Tensor:
        return random_drop_(delta, self.density, tensor_seed(self.seed, name, role))


__all__ = [
    "DENSITY",
    "NORMALIZE",
    "SEED",
    "RandomDrop",
    "SparseTaskArithmetic",
    "magnitude_trim",
    "random_drop_",
    "tensor_seed",
]
