"""Build a demo expert (``built:safety``, ``built:language:CODE``) from the base, or find it in the cache.

:class:`ExpertBuilder` holds what a build depends on (the ``experts.*`` settings, the base model
reference, the run's language, the cache root); :meth:`ExpertBuilder.build` returns the checkpoint
directory, training it the first time. It lives in ``<cache>/experts/<role>-<lang>-<hash>``, the
hash covering the base's content, the data files' content and the training settings, so a second
run reuses it. It is built in a temporary directory and renamed into place at the end, with
``expert.json`` (the build record) written last: a half-finished build never looks complete.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from swapexp.errors import SwapexpError
from swapexp.experts.data import available, languages, load_sft, sft_path, split_holdout
from swapexp.experts.train import TrainSettings, train_causal_lm
from swapexp.runtime import torch_threads

log = logging.getLogger(__name__)

EXPERTS_VERSION = 1
RECORD = "expert.json"


def parse_ref(ref: str, default_lang: str | None = None) -> tuple[str, str | None]:
    """``built:safety`` -> ("safety", None); ``built:language[:CODE]`` -> ("language", CODE)."""
    parts = ref.split(":")
    if parts[0] != "built" or len(parts) < 2:
        raise SwapexpError(
            f"{ref!r} is not a built-expert reference; use built:safety or built:language:CODE"
        )
    kind, rest = parts[1], parts[2:]
    if kind == "safety" and not rest:
        return "safety", None
    if kind == "language" and len(rest) <= 1:
        lang = rest[0] if rest else default_lang
        if not lang:
            raise SwapexpError(f"{ref!r} names no language; use built:language:CODE (e.g. built:language:sw)")
        return "language", lang
    raise SwapexpError(f"unknown built-expert reference {ref!r}; use built:safety or built:language:CODE")


def settings_from_cfg(ecfg: dict) -> TrainSettings:
    fields = TrainSettings.__dataclass_fields__
    try:
        s = TrainSettings(**{k: ecfg[k] for k in fields if k in ecfg})
    except TypeError as e:
        raise SwapexpError(f"bad experts config: {e}") from None
    s.validate()
    return s


@dataclass
class ExpertBuilder:
    """What a demo expert's build depends on; ``experts`` is the ``experts.*`` config node as a dict."""

    experts: Mapping[str, Any] = field(default_factory=dict)
    base: str | None = None  # the base model reference (model.base)
    lang: str | None = None  # the run's language: what ``built:language`` means
    cache_root: Path | None = None

    def plan(self, ref: str) -> dict:
        return expert_plan(self, ref)

    def spec(self, ref: str) -> dict:
        return expert_spec(self, ref)

    def build(self, ref: str, role: str) -> Path:
        return build_expert(self, ref, role)


def expert_plan(builder: ExpertBuilder, ref: str) -> dict:
    """What :func:`build_expert` would train for ``ref``: role, language and data mix (no training)."""
    ecfg = dict(builder.experts)
    role, lang = parse_ref(ref, builder.lang)
    data_dir = ecfg.get("data_dir")
    if role == "safety":
        s = ecfg.get("safety") or {}
        ratio = float(s.get("benign_ratio", 0.5))
        if not 0.0 <= ratio < 1.0:
            raise SwapexpError(f"experts.safety.benign_ratio must be in [0, 1), got {ratio}")
        mix = {s.get("harmful", "safety_en"): 1.0 - ratio}
        if ratio > 0:
            mix[s.get("benign", "benign_en")] = ratio
        tag = "en"
    else:
        name = str((ecfg.get("language") or {}).get("data", "lang_{lang}")).replace("{lang}", lang)
        if not sft_path(name, data_dir).is_file():
            known = ", ".join(languages(data_dir)) or "none"
            raise SwapexpError(
                f"no SFT data for language {lang!r} ({sft_path(name, data_dir)} is missing); "
                f"languages with data: {known}"
            )
        mix = {name: 1.0}
        tag = lang
    for name in mix:
        if not sft_path(name, data_dir).is_file():
            raise SwapexpError(
                f"SFT data file {sft_path(name, data_dir)} does not exist "
                f"(available: {', '.join(available(data_dir)) or 'none'}); check experts.{role}"
            )
    return {"role": role, "lang": lang, "tag": tag, "mix": mix, "data_dir": data_dir}


def expert_spec(builder: ExpertBuilder, ref: str) -> dict:
    """Everything :func:`build_expert` needs for ``ref``, including its cache directory ``out`` (no training)."""
    from swapexp.cache import cache_dir, dir_hash, file_hash, hash_json
    from swapexp.models import resolve_model

    plan = expert_plan(builder, ref)
    ecfg = dict(builder.experts)
    settings = settings_from_cfg(ecfg)
    holdout = float(ecfg.get("holdout", 0.1))
    base_ref = builder.base
    if isinstance(base_ref, str) and base_ref.startswith("built:"):
        raise SwapexpError(
            "model.base cannot be a built expert; point it at the checkpoint experts start from"
        )
    base = resolve_model(base_ref, "base")
    data_dir = plan["data_dir"]
    rows = {name: load_sft(name, data_dir) for name in plan["mix"]}
    key = hash_json(
        {
            "version": EXPERTS_VERSION,
            "role": plan["role"],
            "lang": plan["lang"],
            "base": dir_hash(base),
            "data": {name: file_hash(sft_path(name, data_dir)) for name in plan["mix"]},
            "mix": plan["mix"],
            "holdout": holdout,
            "settings": settings.as_dict(),
        }
    )
    out = cache_dir(builder.cache_root) / "experts" / f"{plan['role']}-{plan['tag']}-{key}"
    return {
        **plan,
        "ref": ref,
        "base": base,
        "rows": rows,
        "holdout": holdout,
        "settings": settings,
        "key": key,
        "out": out,
        "num_threads": ecfg.get("num_threads"),
        "progress": ecfg.get("progress", True),
    }


def build_expert(builder: ExpertBuilder, ref: str, role: str) -> Path:
    """Checkpoint directory of the demo expert ``ref`` (``built:...``), training it on first use."""
    from swapexp.outputs import atomic_output_dir

    spec = expert_spec(builder, ref)
    out = spec["out"]
    if (out / RECORD).is_file():
        log.info("%s expert %s found in cache: %s", role, ref, out)
        return out

    settings: TrainSettings = spec["settings"]
    train_rows = {name: split_holdout(r, spec["holdout"])[0] for name, r in spec["rows"].items()}
    sources = [(name, train_rows[name], weight) for name, weight in spec["mix"].items()]
    log.info("building %s expert %s from %s (%d steps) -> %s", role, ref, spec["base"], settings.steps, out)
    with (
        atomic_output_dir(
            out, kind="expert", inputs=[spec["base"]], what="the expert cache directory"
        ) as tmp,
        torch_threads(spec["num_threads"]),
    ):
        stats = train_causal_lm(
            spec["base"],
            tmp,
            sources,
            settings,
            desc=f"expert {spec['role']}-{spec['tag']}",
            progress=bool(spec["progress"]),
        )
        record = {
            "ref": ref,
            "role": spec["role"],
            "lang": spec["lang"],
            "base": str(spec["base"]),
            "key": spec["key"],
            "data": {
                name: {
                    "file": str(sft_path(name, spec["data_dir"])),
                    "rows": len(spec["rows"][name]),
                    "train_rows": len(train_rows[name]),
                    "weight": spec["mix"][name],
                }
                for name in spec["mix"]
            },
            "holdout": spec["holdout"],
            "settings": settings.as_dict(),
            "train": stats,
        }
        (tmp / RECORD).write_text(json.dumps(record, indent=2, ensure_ascii=False))
    log.info(
        "%s expert built in %.0f s wall, %.0f s CPU (loss %.3f -> %.3f): %s",
        role,
        stats["seconds"],
        stats["cpu_seconds"],
        stats["loss_first"],
        stats["loss_last"],
        out,
    )
    return out
