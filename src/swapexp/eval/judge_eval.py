"""``swapexp judge-eval``: how well a judge labels a set of (prompt, response) pairs with known labels.

    swapexp judge-eval --judge refusal
    swapexp judge-eval --judge qwen3guard --data rows.jsonl --out report.json judge.model=/models/Qwen3Guard-Gen-0.6B

Rows are JSON lines ``{"lang", "prompt", "response", "label"}`` with ``label`` one of safe, unsafe,
invalid (other fields are kept); the default is the project's validation set
(``swapexp/data/judge/validation.jsonl``, data card beside it). The config is composed with Hydra
exactly as ``run.py`` composes it (``judge=<name>`` plus the overrides, which may set any
``judge.*``, ``eval.precheck.*`` or ``backend.*`` field), and the rows go through the same path as an
evaluation's MultiJail responses (:func:`swapexp.eval.judges.precheck.judge_responses`): the pre-check,
then the judge on the valid responses. The command prints accuracy and a per-language confusion table
and writes ``{"accuracy", "n", "confusion": {lang: {gold: {predicted: count}}}, "rows": [...]}``.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from importlib import resources
from pathlib import Path
from typing import Any

from omegaconf import DictConfig

from swapexp.errors import SwapexpError
from swapexp.runtime import read_jsonl_objects, write_json_atomic

GOLD_LABELS = ("safe", "unsafe", "invalid")
PREDICTED = ("safe", "unsafe", "invalid", "unparsed")


def default_data() -> Path:
    """The project's labelled validation set."""
    return Path(str(resources.files("swapexp") / "data" / "judge" / "validation.jsonl"))


def conf_dir() -> Path:
    """The repository's ``conf/`` (``$SWAPEXP_ROOT/conf``, else beside the source tree, else ``./conf``)."""
    candidates = []
    if os.environ.get("SWAPEXP_ROOT"):
        candidates.append(Path(os.environ["SWAPEXP_ROOT"]) / "conf")
    candidates += [Path(__file__).resolve().parents[3] / "conf", Path.cwd() / "conf"]
    for c in candidates:
        if (c / "config.yaml").is_file():
            return c
    raise SwapexpError(
        "cannot find swapexp's conf/ directory; run from the repository or set SWAPEXP_ROOT to it"
    )


def compose(judge: str, overrides: Sequence[str] = ()) -> DictConfig:
    """The run config with ``judge=<judge>`` and ``overrides``, composed as ``run.py`` does."""
    from hydra import compose as hydra_compose
    from hydra import initialize_config_dir
    from hydra.errors import HydraException
    from omegaconf.errors import OmegaConfBaseException

    conf = conf_dir()
    options = sorted(p.stem for p in (conf / "judge").glob("*.yaml"))
    if judge not in options:
        raise SwapexpError(f"unknown judge {judge!r}; choose one of: {', '.join(options)}")
    for o in overrides:
        if "=" not in o or o.split("=", 1)[0].lstrip("+~") == "judge":
            raise SwapexpError(
                f"bad override {o!r}; write FIELD=VALUE, e.g. judge.window=300 (pick the judge with --judge)"
            )
    os.environ.setdefault("SWAPEXP_ROOT", str(conf.parent))
    try:
        with initialize_config_dir(str(conf), version_base="1.3"):
            return hydra_compose("config", overrides=[f"judge={judge}", *overrides])
    except (HydraException, OmegaConfBaseException) as e:
        first = str(e).strip().splitlines()[0] if str(e).strip() else type(e).__name__
        raise SwapexpError(f"cannot apply overrides {' '.join(overrides)}: {first}") from None


def load_rows(path: str | os.PathLike) -> list[dict[str, Any]]:
    """The rows of a JSONL file, checked: lang, prompt, response (strings) and a gold label."""
    path = Path(path)
    if not path.is_file():
        raise SwapexpError(f"judge-eval data {path} does not exist; pass --data FILE.jsonl")
    rows = []
    for lineno, row in read_jsonl_objects(path, "a JSON object with lang, prompt, response, label"):
        for key in ("lang", "prompt", "response"):
            if not isinstance(row.get(key), str):
                raise SwapexpError(f"{path}:{lineno}: field {key!r} is missing or not a string")
        if row.get("label") not in GOLD_LABELS:
            raise SwapexpError(
                f"{path}:{lineno}: label must be one of {', '.join(GOLD_LABELS)}, got {row.get('label')!r}"
            )
        rows.append(row)
    if not rows:
        raise SwapexpError(f"judge-eval data {path} has no rows")
    return rows


def score(rows: Sequence[dict[str, Any]], predicted: Sequence[str]) -> dict[str, Any]:
    """``{"accuracy", "n", "confusion": {lang: {gold: {predicted: count}}}, "safe_given_not_safe"}``.

    ``safe_given_not_safe``: the share of rows whose gold label is unsafe or invalid that were
    labelled safe (the error that hides harm); ``None`` when there are no such rows.
    """
    confusion: dict[str, dict[str, dict[str, int]]] = {}
    for row, pred in zip(rows, predicted, strict=True):
        cell = confusion.setdefault(row["lang"], {g: dict.fromkeys(PREDICTED, 0) for g in GOLD_LABELS})
        cell[row["label"]][pred] += 1
    n = len(rows)
    correct = sum(row["label"] == p for row, p in zip(rows, predicted, strict=True))
    not_safe = [p for row, p in zip(rows, predicted, strict=True) if row["label"] != "safe"]
    return {
        "accuracy": correct / n if n else None,
        "n": n,
        "confusion": confusion,
        "safe_given_not_safe": (sum(p == "safe" for p in not_safe) / len(not_safe)) if not_safe else None,
    }


def run_judge_eval(cfg: DictConfig, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Each row plus ``predicted``, ``judge_raw`` and ``refusal``, labelled as an evaluation labels them."""
    from swapexp.eval.judges.precheck import judge_responses
    from swapexp.hydra_utils import instantiate
    from swapexp.pipeline import compose as compose_job

    job = compose_job(cfg)  # the run's objects, as an evaluation builds them
    precheck = job.eval.make_precheck()
    judge = instantiate(job.judge, backend_cfg=job.backend, cache_dir=job.cache_root)
    try:
        verdicts, _ = judge_responses(
            judge,
            precheck,
            [r["prompt"] for r in rows],
            [r["response"] for r in rows],
            [r["lang"] for r in rows],
        )
    finally:
        judge.close()
    return [
        {**row, "predicted": v.label, "judge_raw": v.raw, "refusal": v.refusal}
        for row, v in zip(rows, verdicts, strict=True)
    ]


def format_table(result: dict[str, Any]) -> str:
    """Accuracy, then one confusion block per language (rows: gold, columns: predicted)."""
    lines = [
        f"accuracy {result['accuracy']:.3f} on {result['n']} rows"
        + (
            f"; unsafe or invalid labelled safe: {result['safe_given_not_safe']:.3f}"
            if result.get("safe_given_not_safe") is not None
            else ""
        )
    ]
    header = f"{'lang':<5} {'gold':<8} " + " ".join(f"{p:>8}" for p in PREDICTED) + f" {'accuracy':>9}"
    lines.append(header)
    for lang, table in result["confusion"].items():
        total = sum(sum(row.values()) for row in table.values())
        right = sum(table[g][g] for g in GOLD_LABELS)
        for i, gold in enumerate(GOLD_LABELS):
            counts = " ".join(f"{table[gold][p]:>8}" for p in PREDICTED)
            acc = f"{right / total:>9.3f}" if i == 0 and total else " " * 9
            lines.append(f"{lang if i == 0 else '':<5} {gold:<8} {counts} {acc}")
    return "\n".join(lines)


def judge_eval(
    judge: str,
    data: str | os.PathLike | None = None,
    out: str | os.PathLike | None = None,
    overrides: Sequence[str] = (),
) -> dict[str, Any]:
    """Compose, label every row, score; write ``out`` (JSON) when given. Returns the result."""
    cfg = compose(judge, overrides)
    rows = load_rows(data or default_data())
    labelled = run_judge_eval(cfg, rows)
    result = score(rows, [r["predicted"] for r in labelled])
    result = {
        "judge": judge,
        "data": str(Path(data or default_data())),
        "overrides": list(overrides),
        **result,
        "rows": labelled,
    }
    if out:
        write_json_atomic(Path(out), result, sort_keys=False, end="\n")
    return result


def add_parser(sub) -> None:
    """Register ``swapexp judge-eval`` on the CLI's subparsers."""
    p = sub.add_parser(
        "judge-eval",
        help="measure a safety judge on labelled (prompt, response) rows",
        description=(
            "Run the pre-check and a judge on labelled rows exactly as an evaluation does; print accuracy "
            "and a per-language confusion table. Overrides are Hydra overrides: judge.FIELD=VALUE, "
            "eval.precheck.FIELD=VALUE, backend.FIELD=VALUE."
        ),
    )
    p.add_argument(
        "--judge", default="refusal", help="judge config name: refusal (default), qwen3guard, llamaguard"
    )
    p.add_argument(
        "--data", help="JSONL rows {lang, prompt, response, label} (default: the project's validation set)"
    )
    p.add_argument("--out", help="write the result as JSON here (atomically)")
    p.add_argument(
        "overrides", nargs="*", help="config overrides, e.g. judge.window=300 judge.model=/models/guard"
    )
    p.set_defaults(func=_cmd)


def _cmd(args) -> int:
    result = judge_eval(args.judge, args.data, args.out, args.overrides)
    print(format_table(result))
    if args.out:
        print(f"wrote {args.out}")
    return 0
