"""The `swapexp` command line (a stable contract: scripts call it).

    swapexp merge --base DIR --safety DIR --language DIR --strategy NAME \\
                  [--tau 0.001] [--alpha 0.5] --out DIR [--overwrite]
    swapexp judge-eval [--judge refusal] [--data FILE.jsonl] [--out FILE.json] [judge.FIELD=VALUE ...]
"""

from __future__ import annotations

import argparse
import json
import logging
import sys

from swapexp.errors import SwapexpError

# flag -> strategy parameter; a flag is only passed to the strategy when given
STRATEGY_FLAGS = {
    "tau": "tau",
    "alpha": "alpha",
    "lambda_safety": "lambda_safety",
    "lambda_language": "lambda_language",
    "k": "k",
    "transition": "transition",
    "non_layer": "non_layer",
    "density": "density",
    "normalize": "normalize",
    "seed": "seed",
}


def _add_merge(sub) -> None:
    p = sub.add_parser(
        "merge",
        help="merge a safety expert and a language expert",
        description="Merge S and L (and B) with one strategy into --out (safetensors, decisions.json, figures/).",
    )
    p.add_argument(
        "--base",
        help="base model directory B (needed by layerwise, modulewise, task_arithmetic, ties, dare_ties, dare_linear)",
    )
    p.add_argument("--safety", required=True, help="safety expert directory S")
    p.add_argument(
        "--language", required=True, help="language expert directory L (the host: config, dtype, tokenizer)"
    )
    p.add_argument(
        "--strategy",
        required=True,
        help="layerwise | modulewise | linear | task_arithmetic | layer_swap | ties | dare_ties | dare_linear",
    )
    p.add_argument(
        "--out",
        required=True,
        help="output directory (written atomically; never an input, nor a non-empty directory swapexp did not write)",
    )
    g = p.add_argument_group("strategy parameters (defaults are each strategy's own)")
    g.add_argument("--tau", type=float, help="decision margin for layerwise/modulewise (default 0.001)")
    g.add_argument("--alpha", type=float, help="blend weight of S in [0, 1] (default 0.5)")
    g.add_argument(
        "--lambda-safety",
        dest="lambda_safety",
        type=float,
        help="task_arithmetic, ties, dare_*: weight of S - B (default 1.0)",
    )
    g.add_argument(
        "--lambda-language",
        dest="lambda_language",
        type=float,
        help="task_arithmetic, ties, dare_*: weight of L - B (default 1.0)",
    )
    g.add_argument(
        "--density",
        type=float,
        help="ties: fraction of each task vector kept by magnitude; dare_*: keep probability; in (0, 1] (default 0.5)",
    )
    g.add_argument(
        "--normalize",
        action=argparse.BooleanOptionalAction,
        help="ties, dare_*: divide by the sum of the (agreeing) weights (default: on for ties, off for dare_*)",
    )
    g.add_argument("--seed", type=int, help="dare_*: seed of the random drop masks (default 0)")
    g.add_argument("--k", type=int, help="layer_swap: layers from L at each end (default 4)")
    g.add_argument("--transition", type=int, help="layer_swap: linear transition layers per side (default 0)")
    g.add_argument(
        "--non-layer", dest="non_layer", help="layer_swap: embeddings/head from language|safety|blend"
    )
    o = p.add_argument_group("output")
    o.add_argument("--shard-size", default="5GB", help="maximum shard size, e.g. 5GB, 500MB (default 5GB)")
    o.add_argument("--no-figures", action="store_true", help="skip figures/")
    o.add_argument("--no-check-finite", action="store_true", help="skip the NaN/Inf check of the inputs")
    o.add_argument(
        "--overwrite",
        action="store_true",
        help="replace an existing non-empty --out that is not a swapexp output (inputs are never replaced)",
    )
    o.add_argument("-q", "--quiet", action="store_true", help="no progress bars")
    o.add_argument(
        "--threads",
        type=int,
        default=1,
        help="torch compute threads (default 1: the merge is memory-bound; 0 = torch's default)",
    )
    p.set_defaults(func=cmd_merge)


def cmd_merge(args: argparse.Namespace) -> int:
    from swapexp.merge import build_strategy
    from swapexp.merge.engine import merge

    params = {v: getattr(args, k) for k, v in STRATEGY_FLAGS.items() if getattr(args, k) is not None}
    strategy = build_strategy(args.strategy, **params)
    result = merge(
        strategy,
        base=args.base,
        safety=args.safety,
        language=args.language,
        out_dir=args.out,
        shard_size=args.shard_size,
        check_finite=not args.no_check_finite,
        figures=not args.no_figures,
        progress=not args.quiet,
        threads=args.threads,
        overwrite=args.overwrite,
    )
    counts: dict[str, int] = {}
    for u in result.decisions["units"]:
        counts[u["choice"]] = counts.get(u["choice"], 0) + 1
    summary = {
        "out": str(result.out_dir),
        "strategy": strategy.name,
        "params": strategy.params(),
        "choices": counts,
    }
    print(json.dumps(summary))
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="swapexp", description="Training-free multilingual safety transfer."
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="debug logging")
    sub = parser.add_subparsers(dest="command", required=True)
    _add_merge(sub)
    from swapexp.eval.judge_eval import add_parser as add_judge_eval

    add_judge_eval(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    logging.basicConfig(
        level=logging.DEBUG if args.verbose else logging.WARNING, format="%(levelname)s %(message)s"
    )
    try:
        return args.func(args)
    except SwapexpError as e:
        print(f"swapexp: error: {e}", file=sys.stderr)
        return e.exit_code
    except KeyboardInterrupt:
        print("swapexp: interrupted; nothing was written", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
