"""lm-evaluation-harness tasks inside a run (``eval.harness``).

After the built-in benchmarks, and after their backend has released the evaluated model, the tasks
listed in ``eval.harness.tasks`` run through lm-eval's Python API (``lm_eval.simple_evaluate``) on
the same model: model type ``hf`` (``vllm`` when ``backend=vllm``) with the backend's device, dtype
and batch size. Flow:

1. :meth:`HarnessSettings.from_config` checks ``eval.harness`` (and that lm-eval is installed when
   tasks are asked for; with ``tasks: []`` lm-eval is never imported).
2. :func:`plan_harness` builds a ``TaskManager`` over the project's task folder
   (``harness_tasks/``, its relative ``data_files`` bound to ``paths.data_dir``) and
   ``include_path``, and loads every task, reading its dataset, before any model runs: an unknown
   task or an unreachable dataset fails at once. ``eval.limit`` picks the same deterministic
   subset as the built-in benchmarks (lm-eval's ``samples``, by document index).
3. :meth:`HarnessPlan.run` evaluates, writes ``<run dir>/harness/`` (lm-eval's results and, with
   ``log_samples``, one ``samples_<task>.jsonl`` per task; the folder appears whole or not at all)
   and returns flat metrics ``utility/harness/<task>/<metric>`` (see :func:`flatten_results`).
"""

from __future__ import annotations

import contextlib
import difflib
import json
import logging
import math
import os
import shutil
import tempfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

import yaml

from swapexp.errors import SwapexpError

log = logging.getLogger(__name__)

PREFIX = "utility/harness/"
TASKS_DIR = Path(__file__).resolve().parent / "harness_tasks"  # the project's own tasks, always included
INSTALL_HINT = "install it with `pip install -e .[harness]` (`make install` does)"
CACHE_VERSION = 1


# -- settings ---------------------------------------------------------------------------------------
def _str_list(value: Any, name: str) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):  # tolerate `eval.harness.tasks=a,b` without brackets
        return [v.strip() for v in value.split(",") if v.strip()]
    if isinstance(value, Sequence) and all(isinstance(v, str) and v.strip() for v in value):
        return [v.strip() for v in value]
    raise SwapexpError(f"eval.harness.{name} must be a list of names, got {value!r}")


def _plain(value: Any) -> Any:
    try:
        from omegaconf import OmegaConf

        if OmegaConf.is_config(value):
            return OmegaConf.to_container(value, resolve=True)
    except ImportError:  # pragma: no cover
        pass
    return value


@dataclass(frozen=True)
class HarnessSettings:
    """``eval.harness`` (conf/eval/default.yaml documents every field)."""

    tasks: tuple[str, ...] = ()
    include_path: tuple[str, ...] = ()
    in_mean: tuple[str, ...] = ()
    num_fewshot: int | None = None
    batch_size: int | str | None = None
    apply_chat_template: bool | str | None = None
    fewshot_as_multiturn: bool = True
    system_instruction: str | None = None
    gen_kwargs: dict[str, Any] = field(default_factory=dict)
    model_args: dict[str, Any] = field(default_factory=dict)
    log_samples: bool = True
    bootstrap_iters: int = 100000
    cache: bool = True

    @classmethod
    def from_config(cls, node: Any) -> HarnessSettings:
        """Validate ``eval.harness`` (a mapping or None); a bad value is a one-line SwapexpError."""
        raw = dict(_plain(node) or {})
        known = {f.name for f in fields(cls)}
        unknown = sorted(set(raw) - known)
        if unknown:
            raise SwapexpError(
                f"eval.harness has no field {', '.join(unknown)}; its fields are {', '.join(sorted(known))} "
                f"(see conf/eval/default.yaml)"
            )
        s = cls(
            tasks=tuple(_str_list(raw.get("tasks"), "tasks")),
            include_path=tuple(_str_list(raw.get("include_path"), "include_path")),
            in_mean=tuple(_str_list(raw.get("in_mean"), "in_mean")),
            num_fewshot=raw.get("num_fewshot"),
            batch_size=raw.get("batch_size"),
            apply_chat_template=raw.get("apply_chat_template"),
            fewshot_as_multiturn=raw.get("fewshot_as_multiturn", True),
            system_instruction=raw.get("system_instruction"),
            gen_kwargs=dict(raw.get("gen_kwargs") or {}),
            model_args=dict(raw.get("model_args") or {}),
            log_samples=raw.get("log_samples", True),
            bootstrap_iters=raw.get("bootstrap_iters", 100000),
            cache=raw.get("cache", True),
        )
        s._check()
        return s

    def _check(self) -> None:
        def bad(name: str, want: str) -> SwapexpError:
            return SwapexpError(f"eval.harness.{name} must be {want}, got {getattr(self, name)!r}")

        n = self.num_fewshot
        if n is not None and (isinstance(n, bool) or not isinstance(n, int) or n < 0):
            raise bad("num_fewshot", "an integer >= 0 or null")
        b = self.batch_size
        if b is not None and not _valid_batch_size(b):
            raise bad("batch_size", "an integer >= 1, auto, auto:N or null")
        if self.apply_chat_template is not None and not isinstance(self.apply_chat_template, (bool, str)):
            raise bad("apply_chat_template", "true, false, a template name or null")
        for name in ("fewshot_as_multiturn", "log_samples", "cache"):
            if not isinstance(getattr(self, name), bool):
                raise bad(name, "true or false")
        if self.system_instruction is not None and not isinstance(self.system_instruction, str):
            raise bad("system_instruction", "a string or null")
        it = self.bootstrap_iters
        if isinstance(it, bool) or not isinstance(it, int) or it < 0:
            raise bad("bootstrap_iters", "an integer >= 0")
        for entry in self.in_mean:
            task, _, metric = entry.partition("/")
            if not task or not metric or "," in metric:
                raise SwapexpError(
                    f"eval.harness.in_mean entries are TASK/METRIC (the key under {PREFIX}), "
                    f"e.g. swapexp_mgsm_sw/exact_match; got {entry!r}"
                )
        for p in self.include_path:
            if not Path(p).expanduser().is_dir():
                raise SwapexpError(f"eval.harness.include_path {p} is not a folder (of lm-eval task yamls)")
        if self.tasks:
            require_lm_eval()

    @property
    def in_mean_keys(self) -> list[str]:
        """The metrics.json keys that enter ``utility/mean``."""
        return [PREFIX + entry for entry in self.in_mean]


def _valid_batch_size(b: Any) -> bool:
    if isinstance(b, bool):
        return False
    if isinstance(b, int):
        return b >= 1
    if isinstance(b, str):
        head, _, tail = b.partition(":")
        return head == "auto" and (not tail or (tail.isdigit() and int(tail) >= 1))
    return False


def require_lm_eval() -> None:
    """SwapexpError (one line, naming the extra) when lm-eval is not installed."""
    try:
        import lm_eval  # noqa: F401  (lm_eval/__init__ is light: the evaluator loads lazily)
    except ImportError:
        raise SwapexpError(
            f"eval.harness.tasks needs lm-evaluation-harness, which is not installed; {INSTALL_HINT}"
        ) from None


# -- metric keys ------------------------------------------------------------------------------------
def _number(v: Any) -> float | None:
    if isinstance(v, bool) or not isinstance(v, (int, float)):
        return None  # lm-eval writes "N/A" for a stderr it cannot compute
    v = float(v)
    return v if math.isfinite(v) else None


def flatten_results(results: Mapping[str, Any]) -> dict[str, float | int]:
    """lm-eval's ``results`` -> ``{utility/harness/<task>/<metric>: value}``.

    lm-eval keys a metric ``<metric>,<filter>`` (``acc,none``, ``exact_match,flexible-extract``).
    When every metric of a task comes through one filter the suffix is dropped (``acc``); when a
    task has several filters each key keeps its filter as ``<metric>_<filter>``
    (``exact_match_flexible-extract``). A stderr follows its metric: ``<metric>[_<filter>]_stderr``.
    ``<task>/n`` is the number of documents evaluated. Values that are not finite numbers (a stderr
    lm-eval could not compute is "N/A") are left out.
    """
    out: dict[str, float | int] = {}
    n_samples = results.get("n-samples") or {}
    for task, entry in (results.get("results") or {}).items():
        parsed = []
        for key, value in entry.items():
            metric, sep, filt = key.partition(",")
            if not sep:
                continue  # alias, name, ...
            stderr = metric.endswith("_stderr")
            parsed.append((metric.removesuffix("_stderr") if stderr else metric, filt, stderr, value))
        several = len({filt for _, filt, _, _ in parsed}) > 1
        for metric, filt, stderr, value in parsed:
            if (v := _number(value)) is None:
                continue
            name = f"{metric}_{filt}" if several else metric
            out[f"{PREFIX}{task}/{name}{'_stderr' if stderr else ''}"] = v
        counts = n_samples.get(task)
        if isinstance(counts, Mapping) and (n := _number(counts.get("effective"))) is not None:
            out[f"{PREFIX}{task}/n"] = int(n)
    return dict(sorted(out.items()))


# -- the project's task folder --------------------------------------------------------------------
class _KeepTags(yaml.SafeLoader):
    """Reads lm-eval task yamls without resolving ``!function`` (kept as its text)."""


_KeepTags.add_constructor("!function", lambda loader, node: loader.construct_scalar(node))


def bind_project_tasks(data_dir: Path, out_dir: Path) -> dict[str, list[str]]:
    """Write into ``out_dir`` one yaml per project task that includes it with its data bound.

    The project's task yamls give ``dataset_kwargs.data_files`` relative to ``paths.data_dir``;
    lm-eval (``datasets``) would read them relative to the working directory, so each task is
    re-declared as ``include: <the project's yaml>`` plus its ``dataset_kwargs`` with absolute
    paths, and ``out_dir`` becomes the task folder lm-eval indexes. Returns ``{task: [data file]}``.
    """
    data_dir = Path(data_dir).expanduser().resolve()
    files_of: dict[str, list[str]] = {}
    for src in sorted(TASKS_DIR.rglob("*.yaml")):
        cfg = yaml.load(src.read_text(encoding="utf-8"), Loader=_KeepTags) or {}
        override: dict[str, Any] = {"include": str(src)}
        kwargs = cfg.get("dataset_kwargs")
        if isinstance(kwargs, Mapping) and kwargs.get("data_files"):
            kwargs = dict(kwargs)
            files = kwargs["data_files"]
            if isinstance(files, Mapping):
                kwargs["data_files"] = {k: _under(data_dir, v) for k, v in files.items()}
            else:
                kwargs["data_files"] = _under(data_dir, files)
            override["dataset_kwargs"] = kwargs
            if isinstance(cfg.get("task"), str):
                files_of[cfg["task"]] = _flat(kwargs["data_files"])
        dest = out_dir / src.relative_to(TASKS_DIR)
        dest.parent.mkdir(parents=True, exist_ok=True)
        dest.write_text(yaml.safe_dump(override, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return files_of


def _under(root: Path, files: Any) -> Any:
    if isinstance(files, str):
        return files if Path(files).is_absolute() else str(root / files)
    return [_under(root, f) for f in files]


def _flat(files: Any) -> list[str]:
    if isinstance(files, str):
        return [files]
    if isinstance(files, Mapping):
        files = list(files.values())
    return [f for item in files for f in _flat(item)]


# -- plan -------------------------------------------------------------------------------------------
class HarnessPlan:
    """lm-eval tasks loaded (datasets read) before any model runs; :meth:`run` evaluates them."""

    def __init__(
        self,
        settings: HarnessSettings,
        task_manager: Any,
        loaded: list[Any],
        leaves: dict[str, Any],
        names: set[str],
        samples: dict[str, list[int]] | None,
    ):
        self.settings = settings
        self.task_manager = task_manager
        self.loaded = loaded  # the top-level Task / Group objects, as simple_evaluate takes them
        self.leaves = leaves  # every task that produces samples: {name: Task}
        self.names = names  # every task and group name results can have
        self.samples = samples  # {task: [document index]} under eval.limit, else None
        for entry in settings.in_mean:
            task = entry.partition("/")[0]
            if task not in names:
                raise SwapexpError(
                    f"eval.harness.in_mean names {entry!r} but {task!r} is not among the loaded tasks "
                    f"({', '.join(sorted(names))})"
                )

    @property
    def counts(self) -> dict[str, int]:
        """Documents each leaf task will evaluate."""
        return {
            name: len(self.samples[name]) if self.samples and name in self.samples else len(task.eval_docs)
            for name, task in self.leaves.items()
        }

    def run(self, backend_cfg: Any, model_dir: Path, run_dir: Path, cache_root: Path | None = None) -> dict:
        """Evaluate ``model_dir`` with lm-eval's model for ``backend_cfg``; write ``harness/``; return metrics."""
        model, model_args, batch_size, device = lm_eval_model(backend_cfg, Path(model_dir), self.settings)
        use_cache = None
        if self.settings.cache and cache_root is not None:
            use_cache = str(_cache_path(Path(cache_root), Path(model_dir), model, model_args))
        chat = self.settings.apply_chat_template
        if chat is None:
            chat = bool(_plain(backend_cfg or {}).get("chat_template", True))
        num_threads = _plain(backend_cfg or {}).get("num_threads")
        if model == "hf" and num_threads:
            import torch

            torch.set_num_threads(int(num_threads))
        log.info(
            "lm-eval (%s, batch size %s, chat template %s) on %s: %s",
            model,
            batch_size,
            chat,
            model_dir,
            ", ".join(f"{k} ({v})" for k, v in self.counts.items()),
        )
        try:
            return self.evaluate(
                model,
                run_dir,
                model_args=model_args,
                batch_size=batch_size,
                device=device,
                use_cache=use_cache,
                apply_chat_template=chat,
            )
        finally:
            from swapexp.eval.backends.base import release_memory

            release_memory()  # lm-eval's model is dropped when simple_evaluate returns

    def evaluate(self, model: Any, run_dir: Path, **lm_kwargs: Any) -> dict[str, float | int]:
        """Run ``simple_evaluate`` with ``model`` (a model type name or an ``lm_eval`` LM object)."""
        from lm_eval import simple_evaluate

        from swapexp.eval.datasets.sources import _cache_only

        s = self.settings
        lm_kwargs.setdefault("apply_chat_template", s.apply_chat_template or False)
        with _cache_only():  # every dataset is loaded already: nothing below may reach a hub
            results = simple_evaluate(
                model=model,
                tasks=list(self.loaded),
                task_manager=self.task_manager,
                num_fewshot=s.num_fewshot,
                samples=self.samples,
                log_samples=s.log_samples,
                system_instruction=s.system_instruction,
                fewshot_as_multiturn=s.fewshot_as_multiturn,
                gen_kwargs=dict(s.gen_kwargs) or None,
                bootstrap_iters=s.bootstrap_iters,
                **lm_kwargs,
            )
        if results is None:  # not rank 0 of a multi-process run
            return {}
        write_outputs(results, Path(run_dir) / "harness")
        metrics = flatten_results(results)
        missing = [k for k in s.in_mean_keys if k not in metrics]
        if missing:
            have = sorted(k.removeprefix(PREFIX) for k in metrics if not k.endswith(("_stderr", "/n")))
            raise SwapexpError(
                f"eval.harness.in_mean names {', '.join(k.removeprefix(PREFIX) for k in missing)}, which "
                f"lm-eval did not report; it reported {', '.join(have)} (details in {run_dir}/harness/)"
            )
        return metrics


def plan_harness(
    settings: HarnessSettings, data_dir: str | Path | None, limit: int | None, seed: int
) -> HarnessPlan | None:
    """Load the tasks of ``settings`` (None without tasks; lm-eval is then never imported).

    ``data_dir`` (``paths.data_dir``) anchors the project tasks' relative data files; ``limit`` and
    ``seed`` pick each task's documents as the built-in benchmarks pick their items.
    """
    if not settings.tasks:
        return None
    data_dir = Path(data_dir or ".")
    require_lm_eval()
    from swapexp.eval.datasets.sampling import subset
    from swapexp.eval.datasets.sources import _cache_only, hub_reachable

    with tempfile.TemporaryDirectory(prefix="swapexp-harness-") as tmp:
        data_files = bind_project_tasks(data_dir, Path(tmp))
        tm = _task_manager(settings, Path(tmp))
        loaded, leaves, names = [], {}, set()
        with contextlib.nullcontext() if hub_reachable() else _cache_only():
            for name in settings.tasks:
                for task in _project_tasks(tm, name):
                    missing = [f for f in data_files.get(task, []) if not Path(f).is_file()]
                    if missing:
                        raise SwapexpError(
                            f"lm-eval task {task}: data file {missing[0]} does not exist; "
                            f"set paths.data_dir (now {data_dir}) to the folder that holds it"
                        )
                top, tasks, groups = _load_one(tm, name)
                loaded.extend(top)
                leaves.update(tasks)
                names.update(tasks, groups)
    samples: dict[str, list[int]] = {}
    if limit is not None:  # the built-in benchmarks' subset: by hash of (seed, document index)
        for name, task in leaves.items():
            n = len(task.eval_docs)
            if limit < n:
                samples[name] = subset(list(range(n)), limit, seed, key=lambda i: i)
    return HarnessPlan(settings, tm, loaded, leaves, names, samples or None)


def _project_tasks(tm: Any, name: str) -> list[str]:
    """The task names ``name`` stands for when it is a task or tag (groups are left to lm-eval)."""
    entry = tm.task_index.get(name)
    if entry is None:
        return []
    return sorted(entry.tags) if entry.tags and not entry.yaml_path else [name]


def _task_manager(settings: HarnessSettings, bound: Path):
    """A TaskManager over the project's (bound) tasks and include_path; lm-eval's own tasks are
    indexed (~15k yamls, tens of seconds) only when a requested name is not found without them."""
    from lm_eval.tasks import TaskManager

    paths = [str(bound)] + [str(Path(p).expanduser()) for p in settings.include_path]
    tm = TaskManager(include_path=paths, include_defaults=False)
    if all(name in tm.all_tasks for name in settings.tasks):
        return tm
    tm = TaskManager(include_path=paths)
    unknown = [name for name in settings.tasks if name not in tm.all_tasks]
    if unknown:
        hints = []
        for name in unknown:
            close = difflib.get_close_matches(name, tm.all_tasks, n=3)
            hints.append(f"{name!r}" + (f" (did you mean {', '.join(close)}?)" if close else ""))
        raise SwapexpError(
            f"unknown lm-eval task {', '.join(hints)} in eval.harness.tasks; "
            f"list them with `lm_eval ls tasks`, or add a folder with eval.harness.include_path"
        )
    return tm


def _load_one(tm: Any, name: str) -> tuple[list[Any], dict[str, Any], set[str]]:
    """Build task/group/tag ``name`` (reading its data); a failure is one line naming the task."""
    try:
        res = tm.load([name])
    except Exception as e:  # datasets/lm-eval raise many types (ConnectionError, FileNotFoundError, ...)
        msg = (str(e).strip().splitlines() or [type(e).__name__])[0][:300]
        raise SwapexpError(
            f"lm-eval task {name} could not be loaded ({type(e).__name__}: {msg}); "
            f"a hub dataset needs the hub or a local copy in the Hugging Face cache "
            f"(offline, use the project's tasks swapexp_mgsm_{{en,sw,bn,te}})"
        ) from None
    tasks, groups = res["tasks"], res["groups"]
    if name in groups:
        top = [groups[name]]
    elif name in tasks:
        top = [tasks[name]]
    else:  # a tag: its tasks
        top = list(tasks.values())
    return top, dict(tasks), set(groups)


# -- model ------------------------------------------------------------------------------------------
def lm_eval_model(
    backend_cfg: Any, model_dir: Path, settings: HarnessSettings
) -> tuple[str, dict[str, Any], int | str, str | None]:
    """``(model type, model_args, batch_size, device)`` for lm-eval, from the evaluated model's backend."""
    opts = dict(_plain(backend_cfg) or {}) if not isinstance(backend_cfg, str) else {"name": backend_cfg}
    name = str(opts.get("name", "hf"))
    if name == "hf":
        from swapexp.runtime import resolve_device, resolve_dtype

        device = resolve_device(opts.get("device"))
        dtype = str(resolve_dtype(opts.get("dtype"), device)).removeprefix("torch.")
        args: dict[str, Any] = {"pretrained": str(model_dir), "dtype": dtype}
        if opts.get("attn_implementation"):
            args["attn_implementation"] = opts["attn_implementation"]
        batch = settings.batch_size or int(opts.get("batch_size") or 8)
        args.update(settings.model_args)
        return "hf", args, batch, device
    if name == "vllm":
        args = {
            "pretrained": str(model_dir),
            "dtype": str(opts.get("dtype") or "auto"),
            "tensor_parallel_size": int(opts.get("tensor_parallel_size") or 1),
            "gpu_memory_utilization": float(opts.get("gpu_memory_utilization") or 0.9),
            "seed": int(opts.get("seed") or 0),
            "enforce_eager": bool(opts.get("enforce_eager", False)),
        }
        if opts.get("max_model_len"):
            args["max_model_len"] = int(opts["max_model_len"])
        args.update(dict(opts.get("engine_kwargs") or {}))
        args.update(settings.model_args)
        return "vllm", args, settings.batch_size or "auto", None
    raise SwapexpError(f"eval.harness runs on backend=hf or backend=vllm, not {name!r}")


def _cache_path(cache_root: Path, model_dir: Path, model: str, model_args: Mapping[str, Any]) -> Path:
    """lm-eval's request cache for this model: keyed by its content and the output-relevant args."""
    import lm_eval

    from swapexp.cache import dir_hash, hash_json
    from swapexp.eval.backends.cache import MODEL_FILES

    key = hash_json(
        {
            "v": CACHE_VERSION,
            "lm_eval": lm_eval.__version__,
            "model": dir_hash(model_dir, MODEL_FILES),
            "type": model,
            "args": {k: v for k, v in model_args.items() if k not in ("pretrained", "device", "batch_size")},
        }
    )
    path = cache_root / "harness" / key
    path.parent.mkdir(parents=True, exist_ok=True)
    return path


# -- outputs ----------------------------------------------------------------------------------------
def write_outputs(results: Mapping[str, Any], out_dir: Path) -> None:
    """``results.json`` (everything but the samples) and ``samples_<task>.jsonl``, as one folder.

    Written into a temporary sibling and renamed over ``out_dir``, so ``harness/`` is either the
    previous complete folder or the new one.
    """
    from lm_eval.utils import handle_non_serializable

    out_dir = Path(out_dir)
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    tmp = out_dir.with_name(f".{out_dir.name}.tmp{os.getpid()}")
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir()
    summary = {k: v for k, v in results.items() if k != "samples"}
    (tmp / "results.json").write_text(
        json.dumps(summary, indent=2, ensure_ascii=False, default=handle_non_serializable), encoding="utf-8"
    )
    for task, rows in (results.get("samples") or {}).items():
        with open(tmp / f"samples_{task}.jsonl", "w", encoding="utf-8") as f:
            for row in rows:
                f.write(json.dumps(row, ensure_ascii=False, default=handle_non_serializable) + "\n")
    if out_dir.exists():
        old = out_dir.with_name(f".{out_dir.name}.old{os.getpid()}")
        out_dir.rename(old)
        tmp.rename(out_dir)
        shutil.rmtree(old, ignore_errors=True)
    else:
        tmp.rename(out_dir)
