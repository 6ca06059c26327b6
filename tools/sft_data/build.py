"""Write the demo experts' SFT data and the benign prompt sets.

    python tools/sft_data/build.py          # (re)write the files
    python tools/sft_data/build.py --check  # exit 1 if the files differ from what this would write

The content lives in the modules beside this script (written for swapexp):
``rows()`` of each module becomes ``src/swapexp/data/sft/NAME.jsonl``, and
``benign_prompts()`` of ``benign_en`` and of each ``lang_XX`` module becomes
``src/swapexp/data/benign/XX.jsonl`` (``en`` for benign_en). Each file's rows
are shuffled with a fixed seed: for SFT files so that the held-out tail (the
last 10%, never trained on) spans the categories, for benign sets so that any
prefix (``eval.limit``) mixes everyday and alarming-sounding requests. Benign
ids (``sw-0001``, ...) number the shuffled rows, so file order is id order and
ids only change when the module's prompts change.
"""

from __future__ import annotations

import json
import os
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

DATA = HERE.parents[1] / "src" / "swapexp" / "data"
SOURCES = {
    "safety_en": safety_en,
    "benign_en": benign_en,
    "lang_sw": lang_sw,
    "lang_bn": lang_bn,
    "lang_te": lang_te,
    "lang_ko": lang_ko,
}
# benign prompt sets: language code -> module with benign_prompts()
BENIGN = {"en": benign_en, "sw": lang_sw, "bn": lang_bn, "te": lang_te, "ko": lang_ko}


def _jsonl(rows: list[dict], keys: tuple[str, ...]) -> str:
    return "".join(json.dumps({k: r[k] for k in keys}, ensure_ascii=False) + "\n" for r in rows)


def render_sft(name: str) -> str:
    rows = SOURCES[name].rows()
    prompts = [r["prompt"] for r in rows]
    assert len(set(prompts)) == len(prompts), f"{name}: duplicate prompts"
    random.Random(f"swapexp-sft-{name}").shuffle(rows)
    return _jsonl(rows, ("prompt", "response", "category", "lang"))


def render_benign(code: str) -> str | None:
    """The benign set of ``code`` as JSON lines, or None while its module has no benign prompts."""
    module = BENIGN[code]
    rows = module.benign_prompts() if hasattr(module, "benign_prompts") else []
    if not rows:
        return None
    prompts = [r["prompt"] for r in rows]
    assert len(set(prompts)) == len(prompts), f"benign {code}: duplicate prompts"
    trained = {r["prompt"] for r in module.rows()}
    assert not trained & set(prompts), (
        f"benign {code}: prompts also in rows(): {sorted(trained & set(prompts))}"
    )
    assert all(r["lang"] == code for r in rows), f"benign {code}: a row with another lang"
    random.Random(f"swapexp-benign-{code}").shuffle(rows)
    rows = [{"id": f"{code}-{i:04d}", **r} for i, r in enumerate(rows, 1)]
    return _jsonl(rows, ("id", "prompt", "category", "lang"))


def outputs() -> dict[Path, str | None]:
    """Every file this script owns and its content (None: must not exist yet)."""
    out: dict[Path, str | None] = {DATA / "sft" / f"{name}.jsonl": render_sft(name) for name in SOURCES}
    out.update({DATA / "benign" / f"{code}.jsonl": render_benign(code) for code in BENIGN})
    return out


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


def main(argv: list[str]) -> int:
    check = "--check" in argv
    stale = []
    root = HERE.parents[1]
    for path, text in outputs().items():
        rel = path.relative_to(root)
        if text is None:
            print(
                f"{rel}: not written ({BENIGN[path.stem].__name__} has no benign prompts yet)",
                file=sys.stderr,
            )
            if path.exists():  # left over from an earlier build
                if check:
                    stale.append(str(rel))
                else:
                    path.unlink()
            continue
        if check:
            if not path.exists() or path.read_text(encoding="utf-8") != text:
                stale.append(str(rel))
            continue
        _write(path, text)
        print(f"{rel}: {text.count(chr(10))} rows")
    if stale:
        print(f"out of date: {', '.join(stale)}; run python tools/sft_data/build.py", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
