"""Telugu instruction/response pairs and held-out benign prompts (written for swapexp).

The content lives in ``te_parts/`` (one file per topic group; see ``lang_parts``).
"""

import lang_parts


def rows() -> list[dict]:
    return lang_parts.rows("te")


def benign_prompts() -> list[dict]:
    return lang_parts.benign_prompts("te")
