"""swapexp: training-free multilingual safety transfer experiments."""

from swapexp.errors import SwapexpError

__all__ = ["SwapexpError", "__version__"]
__version__ = "0.1.0"

from swapexp.hydra_utils import register_resolvers as _register_resolvers

_register_resolvers()  # ${swapexp.strategy:...} in conf/hydra/default.yaml: composable after `import swapexp`
