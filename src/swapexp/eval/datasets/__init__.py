"""Benchmark loaders: MultiJail (safety), MGSM, BELEBELE, MMMLU (utility)."""

from swapexp.eval.datasets.mgsm import MGSMItem, load_mgsm
from swapexp.eval.datasets.multichoice import MCItem, load_belebele, load_mmmlu
from swapexp.eval.datasets.multijail import MultiJailItem, load_multijail, split_calibration
from swapexp.eval.datasets.sampling import subset
from swapexp.eval.datasets.sources import Unavailable

__all__ = [
    "MCItem",
    "MGSMItem",
    "MultiJailItem",
    "Unavailable",
    "load_belebele",
    "load_mgsm",
    "load_mmmlu",
    "load_multijail",
    "split_calibration",
    "subset",
]
