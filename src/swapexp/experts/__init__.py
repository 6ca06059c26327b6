"""Demo experts: full-parameter SFT of the base on the packaged data, on CPU.

The paper's experts are 8B fine-tunes that cannot be downloaded here, so the demo model config
(``conf/model/smollm2_demo.yaml``) refers to experts that swapexp builds itself from the embedded
base, as the paper's were built from theirs:

- ``built:safety``: base + English harmful requests answered with refusals, mixed with benign
  requests answered helpfully (``experts.safety``);
- ``built:language:CODE`` (or ``built:language``, meaning the configured ``lang``): base +
  instruction/response pairs written in that language (``experts.language``).

- :mod:`~swapexp.experts.build`: what to train for a reference, its cache key, the build
- :mod:`~swapexp.experts.train`: the SFT loop; :mod:`~swapexp.experts.data`: the SFT files;
  :mod:`~swapexp.experts.check`: what an expert learnt
"""

from swapexp.experts.build import RECORD, ExpertBuilder, build_expert, expert_plan, expert_spec, parse_ref
from swapexp.experts.data import load_sft

__all__ = ["RECORD", "ExpertBuilder", "build_expert", "expert_plan", "expert_spec", "load_sft", "parse_ref"]
