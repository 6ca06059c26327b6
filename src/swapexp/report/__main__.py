"""``python -m swapexp.report DIR [DIR ...] [-o OUT] [--title TEXT]``."""

from __future__ import annotations

import argparse
import logging
import sys

from swapexp.hydra_utils import exit_on_user_error


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(
        prog="python -m swapexp.report",
        description="Compare runs offline: report.html, report.md, runs.csv and PNGs (Pareto plot, "
        "tau x alpha heatmaps, decision maps) from Hydra run/multirun directories.",
    )
    p.add_argument(
        "dirs",
        nargs="+",
        metavar="DIR",
        help="a multirun directory (outputs/multiruns/<time>) or run directories; all are combined",
    )
    p.add_argument(
        "-o", "--out", help="output directory (default: DIR/report for one DIR, ./report for several)"
    )
    p.add_argument("--title", help="report title")
    p.add_argument(
        "--overwrite",
        action="store_true",
        help="replace an existing non-empty -o directory that is not a swapexp report (run directories never are)",
    )
    p.add_argument("-q", "--quiet", action="store_true", help="only errors")
    args = p.parse_args(argv)
    logging.basicConfig(level=logging.ERROR if args.quiet else logging.INFO, format="%(message)s")
    from swapexp.report import build_report

    out = exit_on_user_error(build_report, args.dirs, args.out, args.title, args.overwrite)
    print(out / "report.html")
    return 0


if __name__ == "__main__":
    sys.exit(main())
