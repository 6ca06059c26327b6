"""The `swapexp` command line (a stable contract: scripts call it).

    swapexp merge --base DIR --safety DIR --language DIR --strategy NAME \\
                  [--tau 0.001] [--alpha 0.5] --out DIR [--overwrite]
    swapexp merge --config MERGED/swapexp_merge.yaml --out DIR   # rebuild a merge from its record
    swapexp judge-eval [--judge refusal] [--data FILE.jsonl] [--out FILE.json] [judge.FIELD=VALUE ...]

The strategy flags are generated from the strategies' declared parameters
(:class:`swapexp.merge.Param`): a new strategy's parameters become flags without editing this file.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import signal
import sys

from swapexp.errors import SwapexpError


def strategy_flags() -> dict[str, tuple]:
    """``dest`` -> (Param, [strategies declaring it]) over every strategy that builds a merge.

    A parameter name shared by several strategies is one flag; they must agree on its type."""
    from swapexp.merge import available_strategies, get_strategy_class

    flags: dict[str, tuple] = {}
    for name in available_strategies():
        for p in get_strategy_class(name).parameters:
            if p.name not in flags:
                flags[p.name] = (p, [])
            first, users = flags[p.name]
            if (first.type, first.cli_flag) != (p.type, p.cli_flag):
                raise TypeError(
                    f"strategies {users[0][0]} and {name} declare parameter {p.name} differently "
                    f"({first.type.__name__} {first.cli_flag} vs {p.type.__name__} {p.cli_flag})"
                )
            users.append((name, p))
    # the most shared flags first
    return dict(sorted(flags.items(), key=lambda kv: -len(kv[1][1])))


def _help(users: list[tuple]) -> str:
    """``layerwise, modulewise: decision margin (default 0.001)``; one clause per distinct meaning."""
    clauses: dict[str, list[str]] = {}
    for name, p in users:
        default = "true" if p.default is True else "false" if p.default is False else p.default
        choices = f" ({' | '.join(p.choices)})" if p.choices else ""
        clauses.setdefault(f"{p.help}{choices} (default {default})", []).append(name)
    return "; ".join(f"{', '.join(names)}: {text}" for text, names in clauses.items())


def _add_merge(sub) -> None:
    from swapexp.merge import available_strategies, get_strategy_class

    names = available_strategies()
    p = sub.add_parser(
        "merge",
        help="merge a safety expert and a language expert",
        description="Merge S and L (and B) with one strategy into --out (safetensors, decisions.json, figures/).",
    )
    flags = strategy_flags()
    base_users = [n for n in names if "base" in get_strategy_class(n).inputs]
    p.add_argument(
        "--config",
        help="a swapexp_merge.yaml (written beside every merged model's card): its strategy, parameters, "
        "inputs and shard size; the flags given here override it",
    )
    p.add_argument("--base", help=f"base model directory B (needed by {', '.join(base_users)})")
    p.add_argument("--safety", help="safety expert directory S (required unless --config gives it)")
    p.add_argument(
        "--language",
        help="language expert directory L (the host: config, dtype, tokenizer; required unless --config gives it)",
    )
    p.add_argument("--strategy", help=" | ".join(names) + " (required unless --config gives it)")
    p.add_argument(
        "--out",
        required=True,
        help="output directory (written atomically; never an input, nor a non-empty directory swapexp did not write)",
    )
    g = p.add_argument_group("strategy parameters (defaults are each strategy's own)")
    for dest, (param, users) in flags.items():
        if param.type is bool:  # --normalize / --no-normalize
            g.add_argument(
                param.cli_flag, dest=dest, action=argparse.BooleanOptionalAction, help=_help(users)
            )
        else:
            g.add_argument(param.cli_flag, dest=dest, type=param.type, help=_help(users))
    o = p.add_argument_group("output")
    o.add_argument("--shard-size", help="maximum shard size, e.g. 5GB, 500MB (default 5GB)")
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
    p.set_defaults(func=cmd_merge, strategy_dests=list(flags))


def _from_record(args: argparse.Namespace) -> dict:
    """Fill the arguments ``--config`` gives and the command line does not; returns the recorded
    parameters that apply (those of the recorded strategy, when it is the one merged)."""
    from swapexp.modelcard import load_merge_record

    rec = load_merge_record(args.config)
    args.strategy = args.strategy or rec["strategy"]
    for role in ("base", "safety", "language"):
        if getattr(args, role) is None and role in rec["inputs"]:
            setattr(args, role, rec["inputs"][role]["path"])
    args.shard_size = args.shard_size or rec.get("shard_size")
    return dict(rec.get("params") or {}) if args.strategy == rec["strategy"] else {}


def cmd_merge(args: argparse.Namespace) -> int:
    from swapexp.merge import get_strategy_class
    from swapexp.merge.engine import merge

    recorded = _from_record(args) if args.config else {}
    missing = [f"--{k}" for k in ("strategy", "safety", "language") if not getattr(args, k)]
    if missing:
        raise SwapexpError(f"swapexp merge needs {', '.join(missing)} (or --config swapexp_merge.yaml)")
    cls = get_strategy_class(args.strategy, merging_only=True)
    params = {k: v for k, v in recorded.items() if k in {p.name for p in cls.parameters}}
    params.update({k: getattr(args, k) for k in args.strategy_dests if getattr(args, k) is not None})
    strategy = cls(**params)
    result = merge(
        strategy,
        base=args.base,
        safety=args.safety,
        language=args.language,
        out_dir=args.out,
        shard_size=args.shard_size or "5GB",
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


def _broken_pipe() -> int:
    """The reader of stdout went away (``swapexp judge-eval ... | head``): stop quietly, with the
    status of a process ended by SIGPIPE (141), as ``cat`` or ``git log`` do. stdout is pointed at
    /dev/null so the interpreter's final flush does not raise again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError):  # no real stdout file descriptor (embedded, tests)
        pass
    return 128 + signal.SIGPIPE


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    logging.basicConfig(
        level=logging.DEBUG if args.verbose else logging.WARNING, format="%(levelname)s %(message)s"
    )
    try:
        code = args.func(args)
        sys.stdout.flush()  # a reader that went away shows here, not as a traceback at interpreter exit
        return code
    except BrokenPipeError:
        return _broken_pipe()
    except SwapexpError as e:
        print(f"swapexp: error: {e}", file=sys.stderr)
        return e.exit_code
    except KeyboardInterrupt:
        print("swapexp: interrupted; nothing was written", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
