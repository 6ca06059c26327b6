"""Module-wise swapping (method.md section 1): attention and MLP of each layer decided apart."""

from swapexp.merge.adaptive import AdaptiveSwap
from swapexp.merge.base import register


@register("modulewise")
class ModuleWise(AdaptiveSwap):
    """2N units (self_attn, mlp) with one joint normalisation; score = sqrt(sum r^2); norms stay L's."""

    description = "Module-wise swapping (Shin & Hwang, EACL 2026, arXiv 2601.22620): the attention and the MLP of each layer are taken from S, from L, or blended, by the difference of the experts' shares of relative update; layer norms stay L's."

    granularity = "module"
