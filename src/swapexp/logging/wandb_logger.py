"""One W&B run per Hydra job: config, metrics, decisions, figures, generations, artefact.

``conf/logger/wandb.yaml`` instantiates :class:`WandbLogger`; the pipeline calls its ``log`` once at
the end of a job with a :class:`~swapexp.logging.run.RunInfo`. Every call creates its own
run (``reinit="create_new"``) and finishes it in a ``finally``, so the jobs of a multirun (which
share one process with the basic launcher) never share a run, and a failure while logging still
closes the run (marked failed).

Mode (``logger.mode``): ``null`` picks ``$WANDB_MODE`` when set, else ``online`` when an API key
is configured (``$WANDB_API_KEY``, ``$WANDB_IDENTITY_TOKEN_FILE`` or a ``~/.netrc`` entry written
by ``wandb login``), else ``offline``. Offline runs are written to
``<run_dir>/wandb/offline-run-*`` and uploaded later with ``wandb sync``.

The config is logged flat with dotted keys (``merge.tau``, ``lang.code``): the W&B UI shows it
exactly like a nested config, and it cannot clash with W&B sweep parameters named after Hydra
overrides (a sweep parameter ``merge`` = ``layerwise`` would otherwise replace the ``merge`` dict).
"""

from __future__ import annotations

import json
import logging
import math
import netrc
import os
import random
import re
from collections import Counter
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from swapexp.errors import SwapexpError
from swapexp.logging.run import RunInfo

log = logging.getLogger(__name__)

MODES = ("online", "offline", "disabled")
DECISION_COLUMNS = [
    "layer",
    "module",
    "score_safety",
    "score_language",
    "p_safety",
    "p_language",
    "d",
    "choice",
]
GENERATION_COLUMNS = [
    "benchmark",
    "id",
    "lang",
    "prompt",
    "response",
    "label",
    "invalid_reason",
    "refusal",
    "judge_raw",
]
# hosts whose ~/.netrc entry means "logged in" (the current default API host and the classic one)
KNOWN_HOSTS = ("api.wandb.ai", "api.forge.coreweave.com")


# -- mode -------------------------------------------------------------------------------
def has_api_key() -> bool:
    """Whether W&B credentials are configured (env var or ``~/.netrc``), without any network call."""
    if os.environ.get("WANDB_API_KEY") or os.environ.get("WANDB_IDENTITY_TOKEN_FILE"):
        return True
    base = os.environ.get("WANDB_BASE_URL")
    try:  # wandb's own reader knows the current default host and its aliases
        from wandb.sdk.lib.urls import DEFAULT_BASE_URL
        from wandb.sdk.lib.wbauth import read_netrc_auth

        if read_netrc_auth(host=base or DEFAULT_BASE_URL):
            return True
    except Exception:  # older/newer wandb layout or a malformed file: fall back to the stdlib
        pass
    path = Path(os.environ.get("NETRC") or Path.home() / ".netrc").expanduser()
    try:
        entries = netrc.netrc(str(path))
    except (OSError, netrc.NetrcParseError):
        return False
    hosts = ([urlsplit(base).hostname] if base else []) + list(KNOWN_HOSTS)
    return any(h and (auth := entries.authenticators(h)) and auth[2] for h in hosts)


def resolve_mode(mode: str | None) -> str:
    """``logger.mode`` -> online | offline | disabled (see the module docstring for ``null``)."""
    if mode:
        if mode not in MODES:
            raise SwapexpError(
                f"logger.mode must be one of {', '.join(MODES)} or null (automatic), got {mode!r}"
            )
        return mode
    if os.environ.get("WANDB_DISABLED", "").lower() in ("1", "true", "yes"):
        return "disabled"
    env = os.environ.get("WANDB_MODE", "").strip().lower()
    env = {"dryrun": "offline", "run": "online"}.get(env, env)
    if env in MODES:
        return env
    return "online" if has_api_key() else "offline"


# -- the config ---------------------------------------------------------------------------
def flatten(d: Mapping[str, Any], prefix: str = "") -> dict[str, Any]:
    """Nested config -> ``{"merge.tau": 0.001, ...}``; Hydra's instantiation keys (``_target_``,
    ``_partial_``) are left out."""
    out: dict[str, Any] = {}
    for k, v in d.items():
        if isinstance(k, str) and k.startswith("_") and k.endswith("_"):
            continue
        key = f"{prefix}{k}"
        if isinstance(v, Mapping) and v:
            out.update(flatten(v, key + "."))
        else:
            out[key] = v
    return out


# -- run-dir contents as W&B objects ----------------------------------------------------------
def _cell(v: Any) -> Any:
    if v is None or isinstance(v, (bool, int, str)):
        return v
    if isinstance(v, float):
        return v if math.isfinite(v) else None
    return json.dumps(v, ensure_ascii=False)


def _jsonl(path: Path) -> Iterator[dict[str, Any]]:
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.strip():
                yield json.loads(line)


def sample_generations(path: Path, per_benchmark: int, seed: int = 0) -> tuple[list[str], list[list[Any]]]:
    """A deterministic sample of up to ``per_benchmark`` rows per benchmark of generations.jsonl
    (reservoir sampling: the file is streamed, never loaded), in file order."""
    if per_benchmark <= 0 or not path.exists():
        return [], []
    rng = random.Random(seed)
    reservoirs: dict[str, list[tuple[int, dict]]] = {}
    seen: Counter[str] = Counter()
    for i, row in enumerate(_jsonl(path)):
        bench = str(row.get("benchmark", "?"))
        seen[bench] += 1
        res = reservoirs.setdefault(bench, [])
        if len(res) < per_benchmark:
            res.append((i, row))
        elif (j := rng.randrange(seen[bench])) < per_benchmark:
            res[j] = (i, row)
    rows = [r for _, r in sorted(x for res in reservoirs.values() for x in res)]
    extra = sorted({k for r in rows for k in r} - set(GENERATION_COLUMNS))
    columns = [c for c in GENERATION_COLUMNS if any(c in r for r in rows)] + extra
    table = [[_cell(r.get(c)) for c in columns] for r in rows]
    for j in range(len(columns)):
        # one type per column: W&B types a column by its first value and rejects a row whose value
        # has another (MultiJail ids are numbers, benign prompt ids strings): mixed columns become text
        if len({type(row[j]) for row in table if row[j] is not None}) > 1:
            for row in table:
                row[j] = None if row[j] is None else str(row[j])
    return columns, table


def decision_counts(decisions: Mapping[str, Any]) -> dict[str, int]:
    units = decisions.get("units") or []
    counts = Counter(u.get("choice") for u in units)
    return {
        "merge/units": len(units),
        **{f"merge/units_{c}": counts.get(c, 0) for c in ("safety", "language", "blend")},
    }


def _scalar(v: Any) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v)


# -- the run --------------------------------------------------------------------------------
class WandbLogger:
    """``logger=wandb``: one W&B run per job (``conf/logger/wandb.yaml`` documents each option)."""

    name = "wandb"

    def __init__(
        self,
        project: str = "swapexp",
        entity: str | None = None,
        group: str | None = None,
        run_name: str | None = None,
        tags: list[str] | tuple[str, ...] = (),
        job_type: str | None = "eval",
        mode: str | None = None,
        dir: str | None = None,
        log_generations: int = 32,
        log_figures: bool = True,
        log_artifact: bool = True,
    ):
        resolve_mode(mode)  # a bad mode fails now, before any work
        if int(log_generations or 0) < 0:
            raise SwapexpError(f"logger.log_generations must be >= 0, got {log_generations}")
        self.project, self.entity, self.group, self.run_name = project, entity, group, run_name
        self.tags, self.job_type, self.mode, self.dir = list(tags or []), job_type, mode, dir
        self.log_generations = int(log_generations or 0)
        self.log_figures, self.log_artifact = bool(log_figures), bool(log_artifact)

    def run_group(self, info: RunInfo) -> str | None:
        """``logger.group`` or: ``sweep-<id>`` under a W&B agent, the multirun's group
        (``<experiment|multirun>-<sweep dir>``), None for a single run."""
        if self.group:
            return str(self.group)
        if os.environ.get("WANDB_SWEEP_ID"):
            return f"sweep-{os.environ['WANDB_SWEEP_ID']}"
        return info.multirun_group

    def run_tags(self, info: RunInfo) -> list[str]:
        tags = [*info.tags, *self.tags, info.strategy, info.edit, info.lang, info.model, info.kind]
        return list(dict.fromkeys(str(t) for t in tags if t))  # W&B tags: unique, order kept

    def run_config(self, info: RunInfo) -> dict[str, Any]:
        """The flat run config: every resolved config value plus the job's identity."""
        flat = flatten(info.config)
        flat.update(
            {
                "label": info.label,
                "kind": info.kind,
                "run_dir": str(info.run_dir),
                "overrides": info.overrides,
            }
        )
        if info.job_num is not None:
            flat["job_num"] = info.job_num
        return flat

    def log(self, info: RunInfo) -> Path | None:
        """Create, fill and finish one W&B run for this job; return its local directory (None if disabled)."""
        import wandb

        run_dir = Path(info.run_dir)
        mode = resolve_mode(self.mode)
        if mode == "disabled":
            log.info("W&B logging disabled (logger.mode/WANDB_MODE); nothing logged")
            return None
        wdir = Path(self.dir or os.environ.get("WANDB_DIR") or run_dir).expanduser()
        wdir.mkdir(parents=True, exist_ok=True)
        in_sweep = bool(os.environ.get("WANDB_SWEEP_ID"))  # a W&B agent's env names the sweep's project
        project = (os.environ.get("WANDB_PROJECT") if in_sweep else None) or self.project or "swapexp"
        entity = (os.environ.get("WANDB_ENTITY") if in_sweep else None) or self.entity
        name = self.run_name or info.label
        try:
            run = wandb.init(
                project=project,
                entity=entity,
                group=self.run_group(info),
                name=name,
                job_type=self.job_type,
                tags=self.run_tags(info),
                config=self.run_config(info),
                dir=str(wdir),
                mode=mode,
                reinit="create_new",
                save_code=False,
                settings=wandb.Settings(console="off", x_disable_stats=True, quiet=True),
            )
        except Exception as e:  # network, credentials, server: the job's results are safe on disk
            first = str(e).strip().splitlines()[0] if str(e).strip() else ""
            raise SwapexpError(
                f"could not start the W&B run ({type(e).__name__}: {first}); the metrics are in "
                f"{run_dir / 'metrics.json'}; use logger.mode=offline (and `wandb sync` later) or logger=none"
            ) from None

        ok = False
        try:
            self._fill(run, info)
            ok = True
        finally:
            local = Path(run.settings.sync_dir) if mode == "offline" else None
            run.finish(exit_code=0 if ok else 1)
        if local is not None:
            log.info("W&B offline run %s written to %s; upload it with: wandb sync %s", name, local, local)
        return local

    def _fill(self, run, info: RunInfo) -> None:
        import wandb

        run_dir, metrics = Path(info.run_dir), info.metrics
        step: dict[str, Any] = {k: v for k, v in metrics.items() if _scalar(v)}
        decisions_path = run_dir / "merge" / "decisions.json"
        decisions = json.loads(decisions_path.read_text()) if decisions_path.exists() else None
        if decisions is not None:
            step.update(decision_counts(decisions))
            units = decisions.get("units") or []
            if units:
                step["merge/decisions"] = wandb.Table(
                    columns=DECISION_COLUMNS,
                    data=[[_cell(u.get(c)) for c in DECISION_COLUMNS] for u in units],
                )
        figures = sorted((run_dir / "merge" / "figures").glob("*.png"))
        if self.log_figures:
            for png in figures:
                step[f"merge/{png.stem}"] = wandb.Image(str(png))
        columns, rows = sample_generations(
            run_dir / "generations.jsonl", self.log_generations, int(info.seed or 0)
        )
        if rows:
            step["eval/generations"] = wandb.Table(columns=columns, data=rows)
        run.log(step)
        # everything in metrics.json, non-numeric values included, is in the summary
        run.summary.update({k: _cell(v) if not _scalar(v) else v for k, v in metrics.items()})

        if decisions is not None and self.log_artifact:
            name = re.sub(r"[^A-Za-z0-9_.-]", "-", f"decisions-{decisions.get('strategy')}-{info.lang}")
            art = wandb.Artifact(
                name,
                type="merge-decisions",
                metadata={
                    "strategy": decisions.get("strategy"),
                    "params": decisions.get("params") or {},
                    "lang": info.lang,
                    "model": info.model,
                    **decision_counts(decisions),
                },
            )
            art.add_file(str(decisions_path), name="decisions.json")
            for png in figures:
                art.add_file(str(png), name=f"figures/{png.name}")
            run.log_artifact(art)
