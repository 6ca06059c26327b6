"""Write the demo experts' SFT data to src/swapexp/data/sft/*.jsonl.

    python tools/sft_data/build.py          # (re)write the files
    python tools/sft_data/build.py --check  # exit 1 if the files differ from what this would write

The content lives in the modules beside this script (written for swapexp). Each
file's rows are shuffled with a fixed seed so that the held-out tail (the last
10%, never trained on) spans the categories.
"""

from __future__ import annotations

import json
import random
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import benign_en  # noqa: E402
import lang_bn  # noqa: E402
import lang_ko  # noqa: E402
import lang_sw  # noqa: E402
import lang_te  # noqa: E402
import safety_en  # noqa: E402

OUT = HERE.parents[1] / "src" / "swapexp" / "data" / "sft"
SOURCES = {
    "safety_en": safety_en.rows,
    "benign_en": benign_en.rows,
    "lang_sw": lang_sw.rows,
    "lang_bn": lang_bn.rows,
    "lang_te": lang_te.rows,
    "lang_ko": lang_ko.rows,
}


def render(name: str) -> str:
    rows = SOURCES[name]()
    prompts = [r["prompt"] for r in rows]
    assert len(set(prompts)) == len(prompts), f"{name}: duplicate prompts"
    random.Random(f"swapexp-sft-{name}").shuffle(rows)
    keys = ("prompt", "response", "category", "lang")
    return "".join(json.dumps({k: r[k] for k in keys}, ensure_ascii=False) + "\n" for r in rows)


def main(argv: list[str]) -> int:
    check = "--check" in argv
    stale = []
    for name in SOURCES:
        text = render(name)
        path = OUT / f"{name}.jsonl"
        if check:
            if not path.exists() or path.read_text(encoding="utf-8") != text:
                stale.append(name)
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        print(f"{path.relative_to(HERE.parents[1])}: {text.count(chr(10))} rows")
    if stale:
        print(f"out of date: {', '.join(stale)}; run python tools/sft_data/build.py", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
