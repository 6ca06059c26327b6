"""swapexp: training-free multilingual safety transfer experiments."""

from swapexp.errors import SwapexpError

__all__ = ["SwapexpError", "__version__"]
__version__ = "0.1.0"
