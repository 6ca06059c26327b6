"""Small helpers around Hydra: friendly errors for config groups and user errors; building a config
group's node with ``hydra.utils.instantiate`` (one rule for every group that selects an
implementation: ``merge``, ``edit``, ``judge``, ``backend``, ``logger``); multiruns in which a
job with a user error fails alone (:func:`run_job`, :class:`FailedJobsCallback`)."""

from __future__ import annotations

import json
import logging
import os
import re
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from swapexp.errors import SwapexpError

T = TypeVar("T")
log = logging.getLogger("swapexp")

_GROUP_RE = re.compile(r"^[+~]{0,2}([A-Za-z_][\w/]*)=(.*)$")


def register_resolvers() -> None:
    """``${swapexp.strategy:${merge.name},${edit.name}}``: the strategy part of run directories
    (``modulewise``, ``modulewise+sparse_edit``), from the strategies' declared facts."""
    from omegaconf import OmegaConf

    def strategy(merge: str, edit: str | None = None) -> str:
        from swapexp.logging.naming import strategy_label

        return strategy_label({"name": merge}, edit)

    OmegaConf.register_new_resolver("swapexp.strategy", strategy, replace=True)


#: groups that used to be opt-in (``+edit=sparse``) and are now in the root defaults
FORMERLY_OPT_IN = ("edit",)


def normalize_overrides(argv: list[str]) -> list[str]:
    """``+edit=sparse`` -> ``edit=sparse``: the ``edit`` group has a default now, and Hydra refuses to
    add (``+``) a group that is already there; old command lines and sweeps keep working."""
    out = []
    for arg in argv:
        group = arg[1:].split("=", 1)[0] if arg.startswith("+") and not arg.startswith("++") else None
        out.append(arg[1:] if group in FORMERLY_OPT_IN else arg)
    return out


def group_options(conf_dir: Path, group: str) -> list[str]:
    return sorted(p.stem for p in (conf_dir / group).glob("*.yaml"))


def check_group_overrides(argv: list[str], conf_dir: Path) -> None:
    """Exit with one line (not Hydra's multi-line error) when ``group=option`` names no config.

    ``lang=xx`` -> ``error: unknown lang 'xx'; choose one of: bn, ko, sw, te``.
    Sweep lists (``lang=sw,bn``) are checked item by item; sweep functions are left to Hydra.
    """
    for arg in argv:
        m = _GROUP_RE.match(arg)
        if not m:
            continue
        group, value = m.groups()
        if not (conf_dir / group).is_dir() or "(" in value or value in ("null", ""):
            continue
        options = group_options(conf_dir, group)
        for v in value.split(","):
            if v not in options:
                print(f"error: unknown {group} {v!r}; choose one of: {', '.join(options)}", file=sys.stderr)
                sys.exit(2)


def exit_on_user_error(fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """Run ``fn``; a :class:`SwapexpError` becomes one line on stderr and exit code 2."""
    try:
        return fn(*args, **kwargs)
    except SwapexpError as e:
        log.debug("user error: %s", e)
        print(f"error: {e}", file=sys.stderr)
        sys.exit(e.exit_code)


def instantiate(node: Any, **kwargs: Any) -> Any:
    """``hydra.utils.instantiate(node, **kwargs)`` with plain Python containers as arguments; a
    :class:`SwapexpError` raised by the target is re-raised as it is (one line for the user), not
    wrapped in Hydra's multi-line ``InstantiationException``."""
    from hydra.errors import InstantiationException
    from hydra.utils import instantiate as hydra_instantiate

    try:
        return hydra_instantiate(node, _convert_="all", **kwargs)
    except InstantiationException as e:
        if isinstance(e.__cause__, SwapexpError):
            raise e.__cause__ from None
        raise


# -- multiruns: a failed job fails alone -----------------------------------------------------------------
#: one line per finished job of a multirun, in the sweep directory (written by FailedJobsCallback)
JOB_STATUS = "job_status.jsonl"

try:  # a compact Hydra exception is printed as its message, without a traceback
    from hydra.errors import CompactHydraException as _Compact
except ImportError:  # pragma: no cover
    _Compact = Exception


class JobFailed(_Compact):
    """A multirun job stopped by a user error. Hydra records the job as failed and runs the others;
    when the sweep ends on it, its message is the summary of every failed job so far."""

    def __init__(self, message: str, sweep_dir: str | None = None) -> None:
        super().__init__(message, sweep_dir)
        self.message, self.sweep_dir = message, sweep_dir

    def __str__(self) -> str:
        return failure_summary(self.sweep_dir) or self.message


def _multirun_job() -> tuple[int, list[str], str] | None:
    """(job number, overrides, sweep dir) inside a Hydra multirun job, else None."""
    try:
        from hydra.core.hydra_config import HydraConfig
        from hydra.types import RunMode

        hc = HydraConfig.get()
    except (ImportError, ValueError):
        return None
    if hc.mode != RunMode.MULTIRUN:
        return None
    return int(hc.job.num), list(hc.overrides.task), str(hc.sweep.dir)


def run_job(fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """Run one Hydra job. A :class:`SwapexpError` is one line on stderr; then a single run exits 2,
    while a multirun job fails alone (:class:`JobFailed`): Hydra marks it failed, the other jobs
    run, and the multirun ends with a summary and a non-zero exit (an Optuna sweep counts the
    trial as failed, which ``max_failure_rate`` tolerates)."""
    job = _multirun_job()
    if job is None:
        return exit_on_user_error(fn, *args, **kwargs)
    num, overrides, sweep_dir = job
    try:
        return fn(*args, **kwargs)
    except SwapexpError as e:
        line = f"job {num} ({' '.join(overrides) or 'no overrides'}): {e}"
        log.error("%s", line)
        print(f"error: {line}", file=sys.stderr)
        raise JobFailed(str(e), sweep_dir) from None


def _status_file(config: Any) -> Path | None:
    try:
        return Path(str(config.hydra.sweep.dir)) / JOB_STATUS
    except Exception:  # noqa: BLE001 - no sweep dir: nothing to record
        return None


def failure_summary(sweep_dir: str | os.PathLike | None) -> str | None:
    """``multirun: K of N jobs failed`` and one line per failed job, from the sweep's status file."""
    if not sweep_dir:
        return None
    path = Path(sweep_dir) / JOB_STATUS
    if not path.is_file():
        return None
    jobs = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    failed = [j for j in jobs if j["status"] != "COMPLETED"]
    if not failed:
        return None
    lines = [f"multirun: {len(failed)} of {len(jobs)} jobs failed (status of every job: {path})"]
    lines += [
        f"  job {j['num']} ({' '.join(j['overrides']) or 'no overrides'}): {j['error']}" for j in failed
    ]
    return "\n".join(lines)


try:
    from hydra.experimental.callback import Callback as _Callback
except ImportError:  # pragma: no cover
    _Callback = object


class FailedJobsCallback(_Callback):
    """Records every multirun job's outcome in ``<sweep dir>/job_status.jsonl``; when the sweep
    completes with failed jobs (a sweeper that tolerates them), prints the summary and exits 1.
    (Hydra's basic sweeper itself ends the multirun on the first failed job's exception once its
    batch is done; that exception's message is the same summary.)"""

    def on_multirun_start(self, config: Any, **kwargs: Any) -> None:
        path = _status_file(config)
        if path is not None and path.exists():
            path.unlink()  # a reused sweep directory: forget the previous multirun's jobs

    def on_job_end(self, config: Any, job_return: Any, **kwargs: Any) -> None:
        from hydra.types import RunMode

        if config.hydra.get("mode") != RunMode.MULTIRUN:
            return
        path = _status_file(config)
        if path is None:
            return
        status = getattr(job_return.status, "name", str(job_return.status))
        error = None
        if status != "COMPLETED":
            e = job_return._return_value
            error = e.message if isinstance(e, JobFailed) else f"{type(e).__name__}: {e}"
        rec = {
            "num": int(config.hydra.job.num),
            "overrides": list(job_return.overrides or []),
            "status": status,
            "error": error,
        }
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(path, "a", encoding="utf-8") as f:  # one short append per job: atomic on local disks
            f.write(json.dumps(rec, ensure_ascii=False) + "\n")

    def on_multirun_end(self, config: Any, **kwargs: Any) -> None:
        path = _status_file(config)
        summary = failure_summary(path.parent) if path is not None else None
        if summary:
            print(summary, file=sys.stderr)
            sys.exit(1)
