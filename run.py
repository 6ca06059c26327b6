"""Hydra entry point: compose the config, run the pipeline, return the optimised metric.

python run.py merge=modulewise lang=sw
python run.py -m merge=modulewise merge.tau=0.0005,0.001,0.002 merge.alpha=0.3,0.5,0.7
"""

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent
os.environ.setdefault("SWAPEXP_ROOT", str(ROOT))

import hydra  # noqa: E402
from omegaconf import DictConfig  # noqa: E402

from swapexp.hydra_utils import (  # noqa: E402
    check_group_overrides,
    normalize_overrides,
    run_job,
)


@hydra.main(version_base="1.3", config_path="conf", config_name="config")
def main(cfg: DictConfig) -> float | None:
    from swapexp.pipeline import run, select_metric

    # a user error: one line; a single run exits 2, a multirun job fails alone (the others run)
    return run_job(lambda: select_metric(cfg, run(cfg)))


if __name__ == "__main__":
    sys.argv[1:] = normalize_overrides(sys.argv[1:])
    check_group_overrides(sys.argv[1:], ROOT / "conf")
    main()
