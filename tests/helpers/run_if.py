"""Skip tests whose optional package or hardware is absent, with the reason shown."""

import importlib.util

import pytest


def has_package(name: str) -> bool:
    return importlib.util.find_spec(name) is not None


def run_if(package: str | None = None, cuda: bool = False):
    marks = []
    if package is not None:
        marks.append(
            pytest.mark.skipif(not has_package(package), reason=f"optional package {package!r} not installed")
        )
    if cuda:
        try:
            import torch

            ok = torch.cuda.is_available()
        except ImportError:
            ok = False
        marks.append(pytest.mark.skipif(not ok, reason="needs a CUDA GPU"))

    def deco(fn):
        for m in marks:
            fn = m(fn)
        return fn

    return deco
