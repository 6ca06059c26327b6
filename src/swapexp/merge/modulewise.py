"""Module-wise swapping (method.md section 1): attention and MLP of each layer decided apart."""

from swapexp.merge.adaptive import AdaptiveSwap
from swapexp.merge.base import register


@register("modulewise")
class ModuleWise(AdaptiveSwap):
    """2N units (self_attn, mlp) with one joint normalisation; score = sqrt(sum r^2); norms stay L's."""

    granularity = "module"
