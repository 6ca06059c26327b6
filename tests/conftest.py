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
