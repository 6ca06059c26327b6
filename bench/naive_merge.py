"""The naive in-memory baseline of the merge benchmark: module-wise swapping as research code does it.

Loads the three models with transformers (float32), takes their state dicts, computes the
module-wise decisions of method.md section 1 in memory, builds the merged state dict, loads it
into the language expert and calls ``save_pretrained``. Everything is resident at once: three
models plus the merged copy. ``bench/merge_bench.py`` runs this as its own process to measure
its peak RSS and wall time; ``--decisions-out`` lets it check that the decisions equal swapexp's.

    python bench/naive_merge.py --base B --safety S --language L --out DIR [--tau 0.001] [--alpha 0.5]
"""

from __future__ import annotations

import argparse
import json
import math
import re

TARGETS = (
    ".self_attn.q_proj.",
    ".self_attn.k_proj.",
    ".self_attn.v_proj.",
    ".self_attn.o_proj.",
    ".mlp.gate_proj.",
    ".mlp.up_proj.",
    ".mlp.down_proj.",
)
LAYER = re.compile(r"^model\.layers\.(\d+)\.")


def unit_of(name: str):
    m = LAYER.match(name)
    if m is None:
        return None
    module = "self_attn" if ".self_attn." in name else "mlp" if ".mlp." in name else None
    return (int(m.group(1)), module) if module else (int(m.group(1)), None)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--base", required=True)
    ap.add_argument("--safety", required=True)
    ap.add_argument("--language", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--tau", type=float, default=0.001)
    ap.add_argument("--alpha", type=float, default=0.5)
    ap.add_argument("--decisions-out", help="write the unit decisions here as JSON")
    ap.add_argument("--overwrite", action="store_true", help="replace a non-empty --out")
    args = ap.parse_args(argv)
    from swapexp.outputs import check_output_dir

    # never into, over or around an input; never over a directory someone else wrote
    check_output_dir(args.out, [args.base, args.safety, args.language], overwrite=args.overwrite)

    import torch
    from transformers import AutoModelForCausalLM

    models = {
        role: AutoModelForCausalLM.from_pretrained(path, dtype=torch.float32)
        for role, path in (("base", args.base), ("safety", args.safety), ("language", args.language))
    }
    sd = {role: m.state_dict() for role, m in models.items()}

    # relative update size of each target tensor, grouped by (layer, module)
    r: dict[str, dict[tuple[int, str], list[float]]] = {"safety": {}, "language": {}}
    for name, b in sd["base"].items():
        unit = unit_of(name)
        if unit is None or unit[1] is None or not any(t in name for t in TARGETS):
            continue
        nb = torch.linalg.vector_norm(b).item()
        for role in r:
            diff = torch.linalg.vector_norm(sd[role][name] - b).item()
            r[role].setdefault(unit, []).append(diff if nb <= 1e-8 else diff / nb)
    n_layers = 1 + max(u[0] for u in r["safety"])
    units = [(i, m) for i in range(n_layers) for m in ("self_attn", "mlp")]
    score = {role: {u: math.sqrt(sum(x * x for x in r[role].get(u, []))) for u in units} for role in r}
    total = {role: sum(score[role].values()) + 1e-8 for role in r}
    choice, table = {}, []
    for u in units:
        p_s, p_l = score["safety"][u] / total["safety"], score["language"][u] / total["language"]
        d = p_s - p_l
        choice[u] = "safety" if d > args.tau else "language" if d < -args.tau else "blend"
        table.append({"layer": u[0], "module": u[1], "d": d, "choice": choice[u]})

    merged = {}
    for name, l in sd["language"].items():
        s = sd["safety"][name]
        unit = unit_of(name)
        if unit is None:  # embeddings, final norm, lm_head
            merged[name] = args.alpha * s + (1 - args.alpha) * l
        elif unit[1] is None:  # the layer's norms stay L's
            merged[name] = l
        elif choice[unit] == "safety":
            merged[name] = s
        elif choice[unit] == "language":
            merged[name] = l
        else:
            merged[name] = args.alpha * s + (1 - args.alpha) * l
    model = models["language"]
    model.load_state_dict(merged)
    model.save_pretrained(args.out)
    if args.decisions_out:
        with open(args.decisions_out, "w") as f:
            json.dump({"units": table}, f)
    return 0


if __name__ == "__main__":
    from swapexp.hydra_utils import exit_on_user_error  # a user error: one line, exit 2

    raise SystemExit(exit_on_user_error(main))
