"""Task arithmetic: B + lambda_S (S - B) + lambda_L (L - B), in float32."""

import torch

from swapexp.merge.base import MergeStrategy, Param, register

#: the task-vector weights (``--lambda-safety``, ``--lambda-language``), shared with other task-vector merges
LAMBDA_SAFETY = Param("lambda_safety", float, 1.0, "scale of the safety task vector S - B", tag="ls")
LAMBDA_LANGUAGE = Param("lambda_language", float, 1.0, "scale of the language task vector L - B", tag="ll")


@register("task_arithmetic")
class TaskArithmetic(MergeStrategy):
    inputs = ("base", "safety", "language")
    parameters = (LAMBDA_SAFETY, LAMBDA_LANGUAGE)
    lambda_safety: float
    lambda_language: float

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
