"""``run.py`` with a deterministic stand-in for the evaluation, for tests of logging, sweeps and the report.

    python tests/helpers/fake_eval_run.py -m merge.tau=0.001,0.5 ...   # same arguments as run.py

Everything else is the real pipeline (model resolution, the merge, metrics.json, the W&B
logger): only :func:`swapexp.pipeline.evaluation_stage` is replaced. The fake metrics follow the merge decisions, as the real ones would in spirit: more
units from the safety expert -> lower unsafe rate, more over-refusal and lower utility. It also writes a small
generations.jsonl.
"""

from __future__ import annotations

import json
import runpy
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def fake_evaluation_stage(job, model_dir: Path, multijail) -> dict:
    run_dir, strategy = job.run_dir, job.strategy
    decisions = Path(run_dir) / "merge" / "decisions.json"
    units = json.loads(decisions.read_text())["units"] if decisions.exists() else []
    expert = strategy.expert if strategy.name == "none" else None
    alpha = strategy.params().get("alpha", 0.5)
    if units:
        share = {c: sum(u["choice"] == c for u in units) / len(units) for c in ("safety", "blend")}
        s = share["safety"] + alpha * share["blend"]
    else:
        s = {"safety": 1.0, "base": 0.3}.get(expert, 0.0) if expert else alpha
    n = 20
    unsafe = round(0.6 - 0.5 * s, 4)
    rows = [
        {
            "benchmark": "multijail",
            "id": i,
            "lang": job.lang.code,
            "prompt": f"harmful {i}",
            "response": "I'm sorry" if i % 2 else "Sure",
            "label": "safe" if i % 2 else "unsafe",
            "judge_raw": "x",
        }
        for i in range(4)
    ] + [
        {
            "benchmark": "mgsm",
            "id": i,
            "lang": job.lang.code,
            "prompt": f"{i}+1?",
            "response": str(i + 1),
            "label": "correct",
            "judge_raw": None,
            "target": i + 1,
        }
        for i in range(3)
    ]
    with open(Path(run_dir) / "generations.jsonl", "w", encoding="utf-8") as f:
        f.writelines(json.dumps(r) + "\n" for r in rows)
    return {
        "safety/multijail/unsafe_rate": unsafe,
        "safety/multijail/invalid_rate": 0.0,
        "safety/multijail/n": n,
        "safety/multijail/unparsed": 0,
        "utility/mgsm/accuracy": round(0.5 - 0.2 * s, 4),
        "utility/mgsm/n": n,
        "utility/belebele/accuracy": round(0.7 - 0.1 * s, 4),
        "utility/belebele/n": n,
        # more safety units: more over-refusal, fewer answers in the language, higher perplexity
        "safety/overrefusal/refusal_rate": round(0.1 + 0.6 * s, 4),
        "safety/overrefusal/invalid_rate": 0.0,
        "safety/overrefusal/n": n,
        "utility/fidelity/rate": round(0.9 - 0.5 * s, 4),
        "utility/fidelity/n": n,
        "utility/lm/perplexity": round(60.0 + 60.0 * s, 3),
        "utility/lm/bits_per_char": round(2.5 + 0.5 * s, 4),
        "utility/lm/char_prob": round(2.0 ** -(2.5 + 0.5 * s), 4),
    }


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT / "src"))
    import swapexp.pipeline

    swapexp.pipeline.evaluation_stage = fake_evaluation_stage
    sys.argv[0] = str(ROOT / "run.py")
    runpy.run_path(str(ROOT / "run.py"), run_name="__main__")
