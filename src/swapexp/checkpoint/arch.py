"""Architecture knowledge as data: which tensors form a layer, a module, a target.

Decoder-only Llama/Qwen/Gemma/Mistral checkpoints share the naming
``model.layers.{i}.self_attn.*`` / ``model.layers.{i}.mlp.*``; another naming
scheme is one more :class:`ArchitectureSpec`, not string checks in strategies.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field


@dataclass(frozen=True)
class ArchitectureSpec:
    name: str = "decoder"
    #: regex whose group 1 is the layer index; matches the layer prefix of a tensor name
    layer_pattern: str = r"^model\.layers\.(\d+)\."
    #: module name -> the substring that marks a tensor as part of that module
    modules: dict[str, str] = field(default_factory=lambda: {"self_attn": ".self_attn.", "mlp": ".mlp."})
    #: tensors whose name contains one of these are scored (method.md section 1)
    targets: tuple[str, ...] = (
        ".self_attn.q_proj.",
        ".self_attn.k_proj.",
        ".self_attn.v_proj.",
        ".self_attn.o_proj.",
        ".mlp.gate_proj.",
        ".mlp.up_proj.",
        ".mlp.down_proj.",
    )

    def __post_init__(self) -> None:
        object.__setattr__(self, "_layer_re", re.compile(self.layer_pattern))

    def layer_of(self, name: str) -> int | None:
        """Layer index of a tensor, or None for tensors outside the layer stack."""
        m = self._layer_re.match(name)  # type: ignore[attr-defined]
        return int(m.group(1)) if m else None

    def module_of(self, name: str) -> str | None:
        """'self_attn' / 'mlp' for tensors inside one of the modules of a layer, else None."""
        if self.layer_of(name) is None:
            return None
        for module, marker in self.modules.items():
            if marker in name:
                return module
        return None

    def is_target(self, name: str) -> bool:
        return self.layer_of(name) is not None and any(t in name for t in self.targets)

    def num_layers(self, names) -> int:
        layers = [i for i in (self.layer_of(n) for n in names) if i is not None]
        return max(layers) + 1 if layers else 0


DEFAULT_ARCH = ArchitectureSpec()
