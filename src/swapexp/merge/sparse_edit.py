"""Sparse weight editing alone (method.md section 2): no merge, the edit stage edits one model.

A row of its own in sweeps and reports (``merge=sparse_edit``, run name ``sparse_edit-<lang>``),
equivalent to ``merge=none edit=sparse`` but named after the method. The edit itself lives in
:mod:`swapexp.edit`.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import Any

from swapexp.merge.base import register
from swapexp.merge.none import EXPERT, SelectExpert


@register("sparse_edit")
class SparseEditOnly(SelectExpert):
    kind = "baseline"
    edit = "sparse"
    parameters = (dataclasses.replace(EXPERT, help="the model to edit: language | safety | base"),)

    @classmethod
    def label_head(cls, params: Mapping[str, Any]) -> str:
        return cls.name
