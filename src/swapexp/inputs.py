"""What the pipeline prepares for its stages: model directories from model references, the
MultiJail split (loaded once, shared by the edit and the evaluation) and the edit's calibration
prompts. Stages receive these objects; they never read the config."""

from __future__ import annotations

import functools
import logging
import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from swapexp.errors import SwapexpError

log = logging.getLogger(__name__)

ROLES = ("base", "safety", "language")


def model_refs(model: Mapping[str, Any], lang: str) -> dict[str, str]:
    """The base, safety and language model references of ``model`` (the ``model`` config node) for ``lang``."""
    langs = model.get("languages") or {}
    if lang not in langs or not langs[lang]:
        have = ", ".join(langs) or "none"
        raise SwapexpError(
            f"model config {model.get('name')!r} has no language expert for lang={lang} (it has: {have}); "
            f"add model.languages.{lang}=PATH_OR_HUB_ID"
        )
    return {"base": model.get("base"), "safety": model.get("safety"), "language": langs[lang]}


def resolve_models(refs: Mapping[str, str], roles: Sequence[str], experts=None) -> dict[str, Path]:
    """Local directories of the ``roles`` (a local dir, a hub id, ``embedded:NAME``, or a demo expert
    ``built:...`` that ``experts`` (an :class:`~swapexp.experts.ExpertBuilder`) builds on first use)."""
    from swapexp.models import resolve_model

    built = [refs[r] for r in roles if isinstance(refs[r], str) and refs[r].startswith("built:")]
    if built:  # check every demo-expert reference before training any of them
        if experts is None:
            raise SwapexpError(f"{built[0]} is a demo expert, but no experts settings were given")
        for ref in built:
            experts.plan(ref)
    out = {}
    for role in roles:
        ref = refs[role]
        if isinstance(ref, str) and ref.startswith("built:"):
            out[role] = experts.build(ref, role)
        else:
            out[role] = resolve_model(ref, role)
    return out


class MultiJailOnce:
    """The run's MultiJail split, loaded on first use and then shared (the edit calibrates on its
    calibration part, the evaluation scores its evaluation part: one load, one split)."""

    def __init__(self, sources: Any, column: str | None, *, enabled: bool, size: int, seed: int):
        self.sources, self.column = sources, column
        self.enabled, self.size, self.seed = enabled, size, seed

    @functools.cached_property
    def split(self):
        from swapexp.eval.datasets import Unavailable
        from swapexp.eval.datasets.multijail import load_split
        from swapexp.eval.runner import multijail_unavailable

        try:
            return load_split(self.sources, self.column, enabled=self.enabled, size=self.size, seed=self.seed)
        except Unavailable as e:
            raise multijail_unavailable(e) from None


def edit_calibration(multijail: MultiJailOnce, lang: str, edit, seed: int):
    """The edit's :class:`~swapexp.edit.Calibration`: the calibration part of MultiJail in the target
    language and in English (parallel, by id) and the harmless prompts of ``edit``'s sources (a
    :class:`~swapexp.edit.SparseEdit`: ``harmless``, ``harmless_size`` per source, and the SFT sets'
    ``harmless_holdout`` and ``harmless_data_dir``)."""
    from swapexp.edit import Calibration

    if not multijail.column:
        raise SwapexpError(
            "MultiJail has no prompts in this language (lang.multijail is null), so sparse editing has no "
            "harmful calibration data; choose a language MultiJail covers (ko, bn, sw)"
        )
    calib = [it for it in multijail.split.calibration if (it.prompt or "").strip() and (it.en or "").strip()]
    if not calib:
        raise SwapexpError("the MultiJail calibration split is empty; raise eval.calibration_split.size")
    harmless = harmless_prompts(
        edit.harmless,
        edit.harmless_size,
        seed,
        holdout=edit.harmless_holdout,
        data_dir=edit.harmless_data_dir,
    )
    if lang not in {r["lang"] for r in harmless.sources}:
        log.warning(
            "edit.harmless has no %s prompts (sources: %s): benign %s inputs are not protected by the edit",
            lang,
            ", ".join(f"{r['source']} ({r['lang']})" for r in harmless.sources),
            lang,
        )
    return Calibration(
        harmful_target=[it.prompt for it in calib],
        harmful_en=[it.en for it in calib],
        harmless=harmless.prompts,
        ids=[it.id for it in calib],
        lang=lang,
        harmless_langs=harmless.langs,
        harmless_sources=harmless.sources,
    )


@dataclass
class HarmlessPrompts:
    """The harmless prompts of several sources: the prompts, each one's language, and per source
    what it gave (``{source, lang, part, available, used}``)."""

    prompts: list[str] = field(default_factory=list)
    langs: list[str | None] = field(default_factory=list)
    sources: list[dict[str, Any]] = field(default_factory=list)


def harmless_prompts(
    sources: Any,
    size: int | None,
    seed: int,
    *,
    holdout: float = 0.1,
    data_dir: str | Path | None = None,
) -> HarmlessPrompts:
    """The prompts of ``sources`` (``edit.harmless``: names of swapexp SFT sets, ``.jsonl`` files, or
    :class:`~swapexp.edit.stage.HarmlessSource` / ``{source, lang, part}`` entries), at most ``size`` of
    each (a seeded sample). An SFT set with ``part=train`` loses its held-out tail (``holdout``, as
    :func:`~swapexp.experts.data.split_holdout` cuts it for the demo experts); a file is used whole."""
    from swapexp.edit.stage import HarmlessSource, parse_harmless

    if isinstance(sources, HarmlessSource):
        sources = (sources,)
    elif not (isinstance(sources, tuple) and all(isinstance(s, HarmlessSource) for s in sources)):
        sources = parse_harmless(sources)
    out = HarmlessPrompts()
    rng = random.Random(seed)
    for src in sources:
        rows = _harmless_rows(src, holdout, data_dir)
        prompts = [r["prompt"] for r in rows if isinstance(r, dict) and str(r.get("prompt") or "").strip()]
        if not prompts:
            raise SwapexpError(
                f"the harmless prompt set {src.source!r} has no prompts (a 'prompt' field per row)"
            )
        lang = src.lang
        if lang is None:  # the rows' own language, when they agree on one
            found = {r.get("lang") for r in rows if isinstance(r, dict)}
            lang = str(found.pop()) if len(found) == 1 and None not in found else None
        available = len(prompts)
        if size is not None and len(prompts) > int(size):
            prompts = rng.sample(prompts, int(size))
        out.prompts += prompts
        out.langs += [lang] * len(prompts)
        out.sources.append(
            {
                "source": src.source,
                "lang": lang,
                "part": "all" if src.is_file else src.part,
                "available": available,
                "used": len(prompts),
            }
        )
    return out


def _harmless_rows(src, holdout: float, data_dir: str | Path | None) -> list[Any]:
    """The rows of one harmless source: a ``.jsonl`` file whole, or an SFT set (its training part for
    ``part=train``)."""
    if src.is_file:
        path = Path(src.source).expanduser()
        if not path.is_file():
            raise SwapexpError(
                f"harmless prompt file {path} does not exist; set edit.harmless to a JSONL file"
            )
        from swapexp.runtime import read_jsonl_objects

        return [row for _, row in read_jsonl_objects(path, 'a JSON object such as {"prompt": ...}')]
    from swapexp.experts.data import load_sft, split_holdout

    try:
        rows = load_sft(src.source, data_dir)
    except (FileNotFoundError, KeyError) as e:
        raise SwapexpError(
            f"cannot load the benign prompt set {src.source!r} ({e}); "
            'set edit.harmless=/path/to/prompts.jsonl (one {"prompt": ...} per line)'
        ) from None
    return split_holdout(rows, float(holdout))[0] if src.part == "train" else rows
