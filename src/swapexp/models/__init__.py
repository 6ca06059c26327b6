"""Model references: local paths, hub ids, the embedded demo model and built experts."""

from swapexp.models.resolve import resolve_model

__all__ = ["resolve_model"]
