"""Task arithmetic: B + lambda_S (S - B) + lambda_L (L - B), in float32."""

import torch

from swapexp.checkpoint.arch import DEFAULT_ARCH, ArchitectureSpec
from swapexp.merge.base import MergeStrategy, check_finite_param, register


@register("task_arithmetic")
class TaskArithmetic(MergeStrategy):
    needs_base = True

    def __init__(
        self, lambda_safety: float = 1.0, lambda_language: float = 1.0, arch: ArchitectureSpec = DEFAULT_ARCH
    ):
        super().__init__(arch)
        self.lambda_safety = check_finite_param(lambda_safety, "lambda_safety")
        self.lambda_language = check_finite_param(lambda_language, "lambda_language")

    def params(self):
        return {"lambda_safety": self.lambda_safety, "lambda_language": self.lambda_language}

    def inputs_for(self, name):
        return ("base", "safety", "language")

    def merge_tensor(self, name, get):
        b = get("base")
        out = b.to(torch.float32)  # float32 B, the result: a copy of a float32 B, B's conversion otherwise
        if out is b:
            out = b.clone()
        delta = torch.empty_like(out)  # one float32 buffer for both task vectors, no other temporaries
        for role, lam in (("safety", self.lambda_safety), ("language", self.lambda_language)):
            e = get(role)
            # E - B in float32; a bf16 B is promoted elementwise, the values of B.float()
            if e.dtype == torch.float32:
                torch.sub(e, b, out=delta)
            else:
                delta.copy_(e).sub_(b)
            out.add_(delta, alpha=lam)
        return out
