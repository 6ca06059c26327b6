"""Small helpers around Hydra: friendly errors for config groups and user errors, and building a
config group's node with ``hydra.utils.instantiate`` (one rule for every group that selects an
implementation: ``merge``, ``edit``, ``judge``, ``backend``, ``logger``)."""

from __future__ import annotations

import logging
import re
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from swapexp.errors import SwapexpError

T = TypeVar("T")
log = logging.getLogger("swapexp")

_GROUP_RE = re.compile(r"^[+~]{0,2}([A-Za-z_][\w/]*)=(.*)$")


def register_resolvers() -> None:
    """``${swapexp.strategy:${merge.name},${edit.name}}``: the strategy part of run directories
    (``modulewise``, ``modulewise+sparse_edit``), from the strategies' declared facts."""
    from omegaconf import OmegaConf

    def strategy(merge: str, edit: str | None = None) -> str:
        from swapexp.logging.naming import strategy_label

        return strategy_label({"name": merge}, edit)

    OmegaConf.register_new_resolver("swapexp.strategy", strategy, replace=True)


#: groups that used to be opt-in (``+edit=sparse``) and are now in the root defaults
FORMERLY_OPT_IN = ("edit",)


def normalize_overrides(argv: list[str]) -> list[str]:
    """``+edit=sparse`` -> ``edit=sparse``: the ``edit`` group has a default now, and Hydra refuses to
    add (``+``) a group that is already there; old command lines and sweeps keep working."""
    out = []
    for arg in argv:
        group = arg[1:].split("=", 1)[0] if arg.startswith("+") and not arg.startswith("++") else None
        out.append(arg[1:] if group in FORMERLY_OPT_IN else arg)
    return out


def group_options(conf_dir: Path, group: str) -> list[str]:
    return sorted(p.stem for p in (conf_dir / group).glob("*.yaml"))


def check_group_overrides(argv: list[str], conf_dir: Path) -> None:
    """Exit with one line (not Hydra's multi-line error) when ``group=option`` names no config.

    ``lang=xx`` -> ``error: unknown lang 'xx'; choose one of: bn, ko, sw, te``.
    Sweep lists (``lang=sw,bn``) are checked item by item; sweep functions are left to Hydra.
    """
    for arg in argv:
        m = _GROUP_RE.match(arg)
        if not m:
            continue
        group, value = m.groups()
        if not (conf_dir / group).is_dir() or "(" in value or value in ("null", ""):
            continue
        options = group_options(conf_dir, group)
        for v in value.split(","):
            if v not in options:
                print(f"error: unknown {group} {v!r}; choose one of: {', '.join(options)}", file=sys.stderr)
                sys.exit(2)


def exit_on_user_error(fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """Run ``fn``; a :class:`SwapexpError` becomes one line on stderr and exit code 2."""
    try:
        return fn(*args, **kwargs)
    except SwapexpError as e:
        log.debug("user error: %s", e)
        print(f"error: {e}", file=sys.stderr)
        sys.exit(e.exit_code)


def instantiate(node: Any, **kwargs: Any) -> Any:
    """``hydra.utils.instantiate(node, **kwargs)`` with plain Python containers as arguments; a
    :class:`SwapexpError` raised by the target is re-raised as it is (one line for the user), not
    wrapped in Hydra's multi-line ``InstantiationException``."""
    from hydra.errors import InstantiationException
    from hydra.utils import instantiate as hydra_instantiate

    try:
        return hydra_instantiate(node, _convert_="all", **kwargs)
    except InstantiationException as e:
        if isinstance(e.__cause__, SwapexpError):
            raise e.__cause__ from None
        raise
