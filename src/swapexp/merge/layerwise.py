"""Layer-wise swapping (method.md section 1): one decision per transformer layer."""

from swapexp.merge.adaptive import AdaptiveSwap
from swapexp.merge.base import register


@register("layerwise")
class LayerWise(AdaptiveSwap):
    """Each layer comes from S, from L, or is blended; score = sum of r over its targets."""

    granularity = "layer"
