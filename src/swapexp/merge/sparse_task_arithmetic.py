"""Shared arithmetic of TIES and DARE: sparsified task vectors, sign election, disjoint mean.

These are mergekit's "generalized task arithmetic" methods, for two experts S and L over one base B.
Per tensor, in float32:

1. task vectors ``d_E = E - B`` for E in (S, L);
2. sparsify each: ``ties`` keeps the ``density`` fraction of largest magnitudes (``magnitude_trim_``),
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
:class:`SparseTaskArithmetic`.
"""

from __future__ import annotations

import hashlib
import operator
from typing import Any, ClassVar

import torch

from swapexp.checkpoint.arch import ArchitectureSpec
from swapexp.errors import SwapexpError
from swapexp.merge.base import MergeStrategy, check_finite_param

EXPERTS = ("safety", "language")


# -- parameter checks ---------------------------------------------------------------------------------
def check_density(density: float) -> float:
    try:
        value = float(density)
    except (TypeError, ValueError):
        raise SwapexpError(
            f"density must be a number in (0, 1], got {density!r}; e.g. merge.density=0.5"
        ) from None
    if not (0.0 < value <= 1.0):  # also rejects NaN
        raise SwapexpError(f"density must be in (0, 1], got {value}; e.g. merge.density=0.5")
    return value


def check_bool(value: Any, name: str) -> bool:
    if not isinstance(value, bool):
        raise SwapexpError(f"{name} must be true or false, got {value!r}; e.g. merge.{name}=false")
    return value


def check_seed(seed: Any) -> int:
    if isinstance(seed, bool):
        raise SwapexpError(f"seed must be an integer, got {seed!r}; e.g. merge.seed=0")
    try:
        return operator.index(seed)
    except TypeError:
        raise SwapexpError(f"seed must be an integer, got {seed!r}; e.g. merge.seed=0") from None


# -- sparsification -----------------------------------------------------------------------------------
def magnitude_trim_(delta: torch.Tensor, density: float) -> torch.Tensor:
    """Keep the ``k = max(1, int(density * numel))`` entries of largest magnitude, zero the rest (in place).

    The threshold (the k-th largest magnitude) comes from an in-place partial sort of one ``|delta|``
    copy: one float32 copy and a few boolean masks, no sort of the tensor. When entries tied in
    magnitude at the threshold are more than the places left, *which* of them survive is decided as
    mergekit decides it: by the order of ``torch.argsort(|delta|, descending=True)`` (an unstable
    sort; on CPU its choice among equal values is deterministic and independent of the thread
    count). That full sort runs only for such tensors, common in checkpoints born in bfloat16 and
    rare otherwise. ``density >= 1`` leaves ``delta`` untouched.
    """
    if density >= 1:
        return delta
    flat = delta.view(-1)
    n = flat.numel()
    if n == 0:
        return delta
    k = max(1, int(density * n))  # mergekit's rounding, exactly
    mag = flat.abs().numpy()
    mag.partition(n - k)  # in place: the k largest magnitudes now sit at [n - k:]
    thr = float(mag[n - k])  # the k-th largest magnitude
    del mag
    keep = flat > thr
    keep |= flat < -thr
    missing = k - int(keep.sum())
    if missing > 0 and thr > 0:  # (zeros contribute nothing, kept or not)
        tied = (flat == thr).logical_or_(flat == -thr)
        if int(tied.sum()) == missing:
            keep |= tied
        else:  # more ties than places: the sort's choice
            del tied
            keep.zero_()
            keep[torch.argsort(flat.abs(), descending=True)[:k]] = True
    return delta.mul_(keep.view(delta.shape))


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
    keep = torch.rand(delta.shape, generator=gen, dtype=torch.float32) < density
    return delta.mul_(keep).div_(density)


# -- the strategy skeleton ----------------------------------------------------------------------------
class SparseTaskArithmetic(MergeStrategy):
    """Base of ``ties``, ``dare_ties`` and ``dare_linear`` (steps 1-5 of the module docstring).

    Subclasses set ``consensus`` and implement :meth:`sparsify`; their ``__init__`` names their
    parameters and calls :meth:`_set_common`.
    """

    needs_base = True
    #: elect a sign per entry and merge only the agreeing entries (TIES)
    consensus: ClassVar[bool] = True

    def _set_common(self, lambda_safety, lambda_language, density, normalize, arch: ArchitectureSpec):
        MergeStrategy.__init__(self, arch)
        self.lambda_safety = check_finite_param(lambda_safety, "lambda_safety")
        self.lambda_language = check_finite_param(lambda_language, "lambda_language")
        self.density = check_density(density)
        self.normalize = check_bool(normalize, "normalize")

    def params(self) -> dict[str, Any]:
        return {
            "lambda_safety": self.lambda_safety,
            "lambda_language": self.lambda_language,
            "density": self.density,
            "normalize": self.normalize,
        }

    def sparsify(self, delta: torch.Tensor, name: str, role: str) -> torch.Tensor:
        """Sparsify one float32 task vector in place (it is the strategy's own buffer)."""
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
        ds, dl = deltas.pop("safety"), deltas.pop("language")
        if self.consensus:
            positive = torch.add(ds, dl) >= 0  # elected sign: + where the weighted sum is >= 0
            agree_s = torch.where(positive, ds > 0, ds < 0)
            agree_l = torch.where(positive, dl > 0, dl < 0)
            del positive
            mixed = ds.mul_(agree_s).add_(dl.mul_(agree_l))
            del dl
            if self.normalize:
                divisor = agree_s.to(torch.float32).mul_(self.lambda_safety)
                divisor.add_(agree_l.to(torch.float32).mul_(self.lambda_language))
                divisor.masked_fill_(divisor == 0, 1.0)
                mixed.div_(divisor)
        else:
            mixed = ds.add_(dl)
            del dl
            if self.normalize:
                total = torch.tensor([self.lambda_safety, self.lambda_language], dtype=torch.float32).sum()
                mixed.div_(1.0 if abs(float(total)) < 1e-8 else total)
        return mixed.add_(b)


__all__ = [
    "SparseTaskArithmetic",
    "check_bool",
    "check_density",
    "check_seed",
    "magnitude_trim_",
    "random_drop_",
    "tensor_seed",
]
