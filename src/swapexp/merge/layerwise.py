"""Layer-wise swapping (method.md section 1): one decision per transformer layer."""

from swapexp.merge.adaptive import AdaptiveSwap
from swapexp.merge.base import register


@register("layerwise")
class LayerWise(AdaptiveSwap):
    """Each layer comes from S, from L, or is blended; score = sum of r over its targets."""

    description = "Layer-wise swapping (Shin & Hwang, EACL 2026, arXiv 2601.22620): each layer is taken from S, from L, or blended, by the difference of the experts' shares of relative update (sum over the layer's projections)."

    granularity = "layer"
