"""Model cards: the ``README.md`` in every merged or edited model swapexp writes.

Hugging Face front matter (``huggingface_hub.ModelCardData``: ``base_model``, ``base_model_relation``,
``library_name: transformers``, ``tags``), then what a reader needs to trust and rebuild the model:
the strategy and its parameters (from the strategy's declared :class:`~swapexp.merge.Param` facts),
every input's reference, path and content hash, the decision summary with the heatmap, the sparse
edit's layer, rank and neurons when edited, and the commands that rebuild it.

A merged model also gets ``swapexp_merge.yaml``, the same facts as data (strategy, parameters,
inputs, shard size, the commands), which ``swapexp merge --config`` reads back and an edit of the
model reads to describe what it edited.

Both files are written inside the output's temporary directory, like every other file, and never
afterwards: the pipeline addresses merged and edited models by their effective content, so a model
that several runs share keeps the card of the run that built it first (the card says so). Neither
file enters the content hash (:func:`swapexp.cache.dir_hash` covers weights and JSON files).
"""

from __future__ import annotations

import shlex
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

#: the merge record written beside the card of a merged model
MERGE_RECORD = "swapexp_merge.yaml"
CARD = "README.md"
ROLE_NAMES = {"base": "base B", "safety": "safety expert S", "language": "language expert L"}


# -- inputs ---------------------------------------------------------------------------------------
def hub_of(path: Path) -> tuple[str, str] | None:
    """``(repo id, revision)`` of a directory inside the Hugging Face cache
    (``.../models--org--name/snapshots/<revision>``), else None."""
    parts = Path(path).parts
    for i, part in enumerate(parts[:-2]):
        if part.startswith("models--") and parts[i + 1] == "snapshots":
            return part[len("models--") :].replace("--", "/", 1), parts[i + 2]
    return None


@dataclass(frozen=True)
class CardInput:
    """One input model: its role, local directory, content hash and the reference it was given as
    (a hub id, ``embedded:NAME``, ``built:...``, a path; None = the directory itself)."""

    role: str
    path: Path
    content: str
    ref: str | None = None

    @classmethod
    def of(cls, role: str, path: str | Path, ref: str | None = None, content: str | None = None) -> CardInput:
        """Describe ``path``, hashing its content (memoised per file) when ``content`` is not given."""
        from swapexp.cache import dir_hash

        path = Path(path).expanduser().resolve()
        return cls(role, path, content or dir_hash(path), None if ref is None else str(ref))

    @property
    def hub_id(self) -> str | None:
        from swapexp.eval.datasets.sources import is_hub_id

        if self.ref and is_hub_id(self.ref):
            return self.ref
        found = hub_of(self.path)
        return found[0] if found else None

    @property
    def base_model(self) -> str:
        """What ``base_model`` lists: the hub id where there is one, else the absolute path."""
        return self.hub_id or str(self.path)

    def as_dict(self) -> dict[str, Any]:
        out = {"path": str(self.path), "content": self.content}
        if self.ref is not None:
            out["ref"] = self.ref
        found = hub_of(self.path)
        if found:
            out["hub"] = {"id": found[0], "revision": found[1]}
        return out

    @classmethod
    def from_dict(cls, role: str, d: Mapping[str, Any]) -> CardInput:
        return cls(role, Path(d["path"]), str(d.get("content", "")), d.get("ref"))


# -- how it was built -----------------------------------------------------------------------------
@dataclass(frozen=True)
class Rebuild:
    """The commands that rebuild an output: ``swapexp merge`` arguments, and the Hydra overrides of
    the run that built it (``python run.py ...``; None when it did not run under Hydra)."""

    merge_argv: tuple[str, ...] | None = None
    hydra_overrides: tuple[str, ...] | None = None

    def as_dict(self) -> dict[str, Any]:
        return {
            "swapexp_merge": list(self.merge_argv) if self.merge_argv is not None else None,
            "hydra_overrides": list(self.hydra_overrides) if self.hydra_overrides is not None else None,
        }

    @property
    def merge_command(self) -> str | None:
        return shlex.join(["swapexp", "merge", *self.merge_argv]) if self.merge_argv is not None else None

    @property
    def hydra_command(self) -> str | None:
        if self.hydra_overrides is None:
            return None
        return shlex.join(["python", "run.py", *self.hydra_overrides])


def merge_argv(strategy, inputs: Mapping[str, Path], out: Path, shard_size: int | str) -> tuple[str, ...]:
    """The ``swapexp merge`` arguments that build ``strategy`` over ``inputs`` into ``out``: every
    declared parameter spelled out (so a later change of a default does not change the result)."""
    from swapexp.merge.base import fmt_value

    argv = ["--strategy", strategy.name]
    for role in ("base", "safety", "language"):
        if role in inputs:
            argv += [f"--{role}", str(inputs[role])]
    for p in strategy.parameters:
        value = getattr(strategy, p.name)
        if p.type is bool:
            argv.append(p.cli_flag if value else f"--no-{p.cli_flag.removeprefix('--')}")
        else:
            argv += [p.cli_flag, fmt_value(value) if isinstance(value, float) else str(value)]
    argv += ["--shard-size", str(shard_size), "--out", str(out)]
    return tuple(argv)


# -- the merge's facts ----------------------------------------------------------------------------
@dataclass
class MergeFacts:
    """What a merged model is: strategy, parameters, inputs, decisions, figures, how to rebuild it."""

    strategy: str
    params: dict[str, Any]
    inputs: dict[str, CardInput]
    decisions: dict[str, Any] = field(default_factory=dict)
    figures: list[str] = field(default_factory=list)  # file names under figures/
    shard_size: str = "5GB"
    rebuild: Rebuild = field(default_factory=Rebuild)

    def record(self) -> dict[str, Any]:
        """``swapexp_merge.yaml``."""
        import swapexp

        return {
            "swapexp_version": swapexp.__version__,
            "strategy": self.strategy,
            "params": self.params,
            "inputs": {role: inp.as_dict() for role, inp in self.inputs.items()},
            "shard_size": self.shard_size,
            "built_by": self.rebuild.as_dict(),
        }

    @classmethod
    def load(cls, model_dir: Path) -> MergeFacts | None:
        """The facts of a merged model directory (its ``swapexp_merge.yaml`` and ``decisions.json``),
        None when it is not a swapexp merge or predates the record."""
        import json

        import yaml

        path = Path(model_dir) / MERGE_RECORD
        if not path.is_file():
            return None
        try:
            rec = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
            decisions_path = Path(model_dir) / "decisions.json"
            decisions = json.loads(decisions_path.read_text()) if decisions_path.is_file() else {}
            built = rec.get("built_by") or {}
            figures = sorted(p.name for p in (Path(model_dir) / "figures").glob("*.png"))
            return cls(
                strategy=str(rec["strategy"]),
                params=dict(rec.get("params") or {}),
                inputs={r: CardInput.from_dict(r, d) for r, d in (rec.get("inputs") or {}).items()},
                decisions=decisions,
                figures=figures,
                shard_size=str(rec.get("shard_size", "5GB")),
                rebuild=Rebuild(
                    tuple(built["swapexp_merge"]) if built.get("swapexp_merge") is not None else None,
                    tuple(built["hydra_overrides"]) if built.get("hydra_overrides") is not None else None,
                ),
            )
        except (OSError, ValueError, KeyError, TypeError, yaml.YAMLError):
            return None


def load_merge_record(path: str | Path) -> dict[str, Any]:
    """A ``swapexp_merge.yaml`` (``swapexp merge --config``), its shape checked: one-line errors.
    An input whose content changed since the record was written is logged (the merge will differ)."""
    import logging

    import yaml

    from swapexp.errors import SwapexpError

    path = Path(path).expanduser()
    if path.is_dir():
        path = path / MERGE_RECORD
    try:
        rec = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise SwapexpError(f"--config {path} does not exist; pass a merged model's {MERGE_RECORD}") from None
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as e:
        raise SwapexpError(
            f"--config {path} is not readable YAML ({type(e).__name__}); pass a {MERGE_RECORD}"
        ) from None
    inputs = rec.get("inputs") if isinstance(rec, dict) else None
    if (
        not isinstance(rec, dict)
        or not isinstance(rec.get("strategy"), str)
        or not isinstance(inputs, dict)
        or not all(isinstance(v, dict) and "path" in v for v in inputs.values())
        or not isinstance(rec.get("params") or {}, dict)
    ):
        raise SwapexpError(
            f"--config {path} is not a {MERGE_RECORD} (strategy, params, inputs.ROLE.path); "
            "pass the one beside a merged model's README.md"
        )
    from swapexp.cache import dir_hash

    for role, inp in inputs.items():
        where = Path(str(inp["path"])).expanduser()
        if inp.get("content") and where.is_dir() and dir_hash(where) != inp["content"]:
            logging.getLogger(__name__).warning(
                "the %s model %s changed since %s was written (content %s, recorded %s): the merge will differ",
                role,
                where,
                path,
                dir_hash(where),
                inp["content"],
            )
    return rec


# -- rendering ------------------------------------------------------------------------------------
def _strategy_class(name: str):
    from swapexp.merge import find_strategy_class

    return find_strategy_class(name)


def _summary(name: str) -> str:
    cls = _strategy_class(name)
    return cls.summary() if cls is not None else name


def _params_table(name: str, params: Mapping[str, Any]) -> list[str]:
    from swapexp.merge.base import fmt_value

    cls = _strategy_class(name)
    declared = {p.name: p for p in cls.parameters} if cls is not None else {}
    if not params:
        return ["No parameters."]
    rows = ["| parameter | value | meaning |", "|---|---|---|"]
    for key, value in params.items():
        p = declared.get(key)
        meaning = p.help if p is not None else ""
        if p is not None and not p.is_used(params):
            meaning += " (not used with these values)"
        rows.append(f"| `{key}` | `{fmt_value(value)}` | {meaning} |")
    return rows


def _inputs_table(inputs: Iterable[CardInput]) -> list[str]:
    rows = ["| role | reference | path | content hash |", "|---|---|---|---|"]
    for inp in inputs:
        ref = inp.ref or inp.hub_id or "-"
        found = hub_of(inp.path)
        if found and not inp.ref:
            ref = f"{found[0]} @ {found[1][:12]}"
        ref = f"`{ref}`" if ref != "-" else ref
        rows.append(f"| {ROLE_NAMES.get(inp.role, inp.role)} | {ref} | `{inp.path}` | `{inp.content}` |")
    return rows


def decision_counts(decisions: Mapping[str, Any]) -> dict[str, int]:
    counts = {"safety": 0, "blend": 0, "language": 0}
    for unit in decisions.get("units") or ():
        counts[unit["choice"]] = counts.get(unit["choice"], 0) + 1
    return counts


def _decisions(facts: MergeFacts, figures_prefix: str, record: str = "`decisions.json`") -> list[str]:
    units = facts.decisions.get("units") or []
    if not units:
        return ["Every tensor is merged by the same rule: the strategy makes no per-unit decisions."]
    c = decision_counts(facts.decisions)
    alpha = facts.decisions.get("alpha")
    lines = [
        f"{len(units)} units: **{c['safety']} from S** (the safety expert), **{c['blend']} blended**, "
        f"**{c['language']} from L** (the language expert). Blended tensors, and the embeddings, final norm "
        f"and `lm_head`, are `alpha * S + (1 - alpha) * L` with alpha = {alpha}. Per-unit scores, shares and "
        f"margins are in {record}.",
        "",
    ]
    if "decision_heatmap.png" in facts.figures:
        lines += [f"![decision heatmap]({figures_prefix}figures/decision_heatmap.png)", ""]
    if "shares.png" in facts.figures:
        lines += [f"Shares and margins per unit: [shares.png]({figures_prefix}figures/shares.png).", ""]
    modules = sorted({u["module"] for u in units}, key=lambda m: {"self_attn": 0, "mlp": 1}.get(m, 2))
    head = {"layer": "layer", "self_attn": "attention", "mlp": "MLP"}
    by_layer: dict[int, dict[str, str]] = {}
    for u in units:
        by_layer.setdefault(int(u["layer"]), {})[u["module"]] = u["choice"]
    lines += [
        "| layer | " + " | ".join(head.get(m, m) for m in modules) + " |",
        "|---|" + "---|" * len(modules),
    ]
    for layer in sorted(by_layer):
        lines.append(f"| {layer} | " + " | ".join(by_layer[layer].get(m, "") for m in modules) + " |")
    return lines


def _rebuild(rebuild: Rebuild, shared: str) -> list[str]:
    lines = []
    if rebuild.hydra_command is not None:
        lines += [
            "Built by the pipeline run (Hydra overrides of `conf/`):",
            "",
            "```bash",
            rebuild.hydra_command,
            "```",
            "",
        ]
    if rebuild.merge_command is not None:
        intro = "The same weights from the command line:" if lines else "Built by:"
        lines += [intro, "", "```bash", rebuild.merge_command, "```", ""]
    if not lines:
        return [
            "Built through the Python API, not from a command line or a Hydra run, so no command is "
            "recorded; the parameters and inputs above determine it.",
            "",
        ]
    if shared:
        lines += [shared, ""]
    return lines


def _front_matter(base_model: list[str], tags: list[str], relation: str) -> str:
    from huggingface_hub import ModelCardData

    data = ModelCardData(
        base_model=base_model,
        library_name="transformers",
        tags=tags,
        base_model_relation=relation,
    )
    return data.to_yaml()


def _unique(items: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(items))


SHARED_MERGE = (
    "The pipeline addresses merged models by their effective content (the strategy, every unit's "
    "choice, alpha only where something is blended, the inputs' content), so every configuration "
    "that yields these weights, e.g. another tau that chooses the same units, reuses this directory "
    "unchanged: the command above is the one of the run that built it first, and any of them "
    "rebuilds the same weights. Its `decisions.json` and figures are that run's."
)


def render_merge_card(facts: MergeFacts, *, shared_note: bool = False) -> str:
    """The ``README.md`` of a merged model."""
    import swapexp

    name = facts.strategy
    inputs = list(facts.inputs.values())
    body = [
        f"# {name} merge (swapexp)",
        "",
        f"A merge of a safety expert S and a language expert L fine-tuned from one base B, written by "
        f"swapexp {swapexp.__version__} with the `{name}` strategy: {_summary(name)} "
        "The language expert hosts the result: its config, dtype and tokenizer.",
        "",
        "## Strategy and parameters",
        "",
        *_params_table(name, facts.params),
        "",
        "## Inputs",
        "",
        *_inputs_table(inputs),
        "",
        "Content hash: `swapexp.cache.dir_hash`, the sha256 of every `.safetensors` and `.json` file of "
        "the directory, combined.",
        "",
        "## Decisions",
        "",
        *_decisions(facts, ""),
        "",
        "## Rebuild",
        "",
        *_rebuild(facts.rebuild, SHARED_MERGE if shared_note else ""),
    ]
    front = _front_matter(_unique(i.base_model for i in inputs), ["merge", "swapexp", name], "merge")
    return _check(f"---\n{front}\n---\n\n" + "\n".join(body).rstrip() + "\n")


def render_edit_card(
    summary: Mapping[str, Any],
    source: CardInput,
    *,
    merge: MergeFacts | None = None,
    hydra_overrides: Sequence[str] | None = None,
) -> str:
    """The ``README.md`` of an edited model: the edit, the model it edited, and (when that model is a
    swapexp merge, ``merge``) the merge's strategy, parameters, inputs and decisions; ``merge.figures``
    are copied beside the card by the writer."""
    import swapexp

    cal = summary.get("calibration") or {}
    sources = cal.get("harmless_sources") or []
    harmless = ", ".join(
        f"`{s['source']}` ({s['lang'] or 'language not given'}, {s['used']} prompts)" for s in sources
    ) or str(cal.get("harmless", ""))
    params = summary.get("params") or {}
    edit = [
        "## Sparse edit",
        "",
        "Sparse weight editing (arXiv 2602.22554): a closed-form, rank-constrained edit of one MLP input "
        "projection on the layer's safety neurons, so that target-language harmful prompts produce the "
        "outputs their English originals produce, while harmless prompts' outputs barely move.",
        "",
        "| | |",
        "|---|---|",
        f"| layer | {summary.get('layer')} (`{summary.get('tensor')}`) |",
        f"| rank | {summary.get('rank')} (edit.rank = {params.get('rank')}) |",
        f"| safety neurons selected | {summary.get('num_selected')} |",
        f"| gamma, lambda, pooling | {params.get('gamma')}, {params.get('lam')}, {params.get('pooling')} |",
        f"| objective before -> after | {summary.get('objective_before'):.6g} -> {summary.get('objective_after'):.6g} |"
        if isinstance(summary.get("objective_before"), (int, float))
        and isinstance(summary.get("objective_after"), (int, float))
        else "| objective before -> after | |",
        f"| calibration | {cal.get('harmful')} MultiJail prompts ({cal.get('lang') or 'target'} + en); "
        f"harmless: {harmless} |",
        "",
        "The MultiJail ids calibrated on are in `edit.json` (`calibration.ids`); an evaluation refuses to "
        "score them. Selected neurons per layer: `neurons.json`.",
        "",
    ]
    if merge is not None:
        name = merge.strategy
        title = f"# {name} merge + sparse edit (swapexp)"
        what = (
            f"A `{name}` merge of a safety expert S and a language expert L, then a sparse weight edit, "
            f"written by swapexp {swapexp.__version__}. The merge: {_summary(name)}"
        )
        inputs = list(merge.inputs.values())
        base_model = _unique(i.base_model for i in inputs)
        tags, relation = ["merge", "swapexp", name, "sparse_edit"], "merge"
        merged = [
            "## Merge",
            "",
            *_params_table(name, merge.params),
            "",
            *_inputs_table(inputs),
            "",
            *_decisions(merge, "", "the merged model's `decisions.json`"),
            "",
        ]
    else:
        title = "# Sparse edit (swapexp)"
        what = f"A sparse weight edit of one model, written by swapexp {swapexp.__version__}."
        base_model, tags, relation, merged = [source.base_model], ["swapexp", "sparse_edit"], "finetune", []
    rebuild = Rebuild(None, tuple(hydra_overrides) if hydra_overrides is not None else None)
    body = [
        title,
        "",
        what,
        "",
        *edit,
        "## Edited model",
        "",
        *_inputs_table([CardInput("the edit's input", source.path, source.content, source.ref)]),
        "",
        *merged,
        "## Rebuild",
        "",
        *_rebuild(
            rebuild,
            "The pipeline addresses edited models by content (the edit's parameters, the edited model's "
            "content, the calibration prompts, the device and dtype of the activations): every run with "
            "the same ones reuses this directory unchanged, and the command above is the one of the run "
            "that built it first.",
        ),
    ]
    return _check(
        f"---\n{_front_matter(base_model, tags, relation)}\n---\n\n" + "\n".join(body).rstrip() + "\n"
    )


def _check(text: str) -> str:
    """The card parses as Hugging Face reads it (front matter a mapping, base_model a list)."""
    from huggingface_hub import ModelCard

    data = ModelCard(text).data
    if not isinstance(data.base_model, list) or data.library_name != "transformers":
        raise ValueError(f"model card front matter does not parse as written: {data.to_dict()}")
    return text


def write_merge_files(out_dir: Path, facts: MergeFacts, *, shared_note: bool = False) -> None:
    """``README.md`` and ``swapexp_merge.yaml`` into ``out_dir`` (the output's temporary directory)."""
    import yaml

    out_dir = Path(out_dir)
    (out_dir / CARD).write_text(render_merge_card(facts, shared_note=shared_note), encoding="utf-8")
    header = (
        "# What swapexp merged into this directory (its README.md is the model card). Rebuild with\n"
        f"#   swapexp merge --config {MERGE_RECORD} --out DIR\n"
    )
    (out_dir / MERGE_RECORD).write_text(
        header + yaml.safe_dump(facts.record(), sort_keys=False, allow_unicode=True), encoding="utf-8"
    )
