import os

import pytest

# never touch a hub or the user's W&B account from tests
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("HF_DATASETS_OFFLINE", "1")
os.environ.setdefault("WANDB_MODE", "offline")
os.environ.setdefault("WANDB_SILENT", "true")


@pytest.fixture(autouse=True)
def _isolated_cache(tmp_path_factory, monkeypatch):
    """Each test session gets its own swapexp cache (never the user's)."""
    if "SWAPEXP_TEST_CACHE" not in os.environ:
        os.environ["SWAPEXP_TEST_CACHE"] = str(tmp_path_factory.getbasetemp() / "swapexp-cache")
    monkeypatch.setenv("SWAPEXP_CACHE", os.environ["SWAPEXP_TEST_CACHE"])


@pytest.fixture(autouse=True)
def _isolated_wandb(tmp_path_factory, monkeypatch):
    """W&B's own state (artifact staging, cache, settings) stays in the session's temp dir, and W&B
    files go to each run directory (the logger's default) whatever the user's $WANDB_DIR."""
    root = tmp_path_factory.getbasetemp() / "wandb-home"
    for var, sub in (
        ("WANDB_DATA_DIR", "data"),
        ("WANDB_CACHE_DIR", "cache"),
        ("WANDB_CONFIG_DIR", "config"),
    ):
        monkeypatch.setenv(var, str(root / sub))
    monkeypatch.delenv("WANDB_DIR", raising=False)
