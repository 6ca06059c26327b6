"""Bengali instruction/response pairs and held-out benign prompts (written for swapexp).

The content lives in ``bn_parts/`` (one file per topic group; see ``lang_parts``).
"""

import lang_parts


def rows() -> list[dict]:
    return lang_parts.rows("bn")


def benign_prompts() -> list[dict]:
    return lang_parts.benign_prompts("bn")
