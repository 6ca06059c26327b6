"""Output safety: swapexp never destroys an input or a directory it did not write.

Every directory swapexp writes (a merged or edited model, a demo expert, a converted model, a
report) is built under a temporary name beside its destination (``.NAME.tmp-XXXX``) and renamed
into place only when complete (:func:`atomic_output_dir`). Before anything is written:

- the destination must not be an input, contain one, or (for models) lie inside one;
- an existing, non-empty destination is replaced only when it is a previous swapexp output (it
  holds the marker file :data:`MARKER`, or the files of an output written before the marker
  existed) or the caller passes ``overwrite=True`` (the CLI's ``--overwrite``).

A write that fails for lack of disk space or permission (``ENOSPC``, ``EACCES``, ...) becomes one
line naming the path (:class:`~swapexp.errors.SwapexpError`) and leaves nothing behind. The
temporary directory holds an exclusive lock (``flock`` on its marker) while it is written, so the
next write of the same destination removes the temporary directories of killed runs and leaves
those of live ones alone.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import json
import os
import shutil
import tempfile
import time
import uuid
from collections.abc import Callable, Iterable, Iterator
from datetime import datetime, timezone
from pathlib import Path

from swapexp.errors import SwapexpError

#: the marker file in every directory swapexp writes (JSON: kind, version, creation time)
MARKER = ".swapexp"
MARKER_VERSION = 1
#: files that identify outputs written before the marker existed: any of these sets, all present
LEGACY_SIGNATURES: tuple[tuple[str, ...], ...] = (
    ("decisions.json", "*.safetensors"),  # a merged model
    ("edit.json", "*.safetensors"),  # an edited model
    ("expert.json", "*.safetensors"),  # a demo expert
    ("report.html", "report.md", "runs.csv"),  # a report
)
#: write errors turned into one-line user errors, with the fix
_WRITE_ERRORS = {
    errno.ENOSPC: "free disk space or choose another location",
    errno.EDQUOT: "free disk space (quota) or choose another location",
    errno.EFBIG: "choose a file system that takes larger files, or a smaller --shard-size",
    errno.EACCES: "check the permissions or choose another location",
    errno.EPERM: "check the permissions or choose another location",
    errno.EROFS: "the file system is read-only; choose another location",
}
#: a temporary directory without a marker (written by an older swapexp, or just created) is
#: treated as live for this long
_UNMARKED_GRACE_S = 600

PathLike = str | os.PathLike


def _resolved(p: PathLike) -> Path:
    return Path(p).expanduser().resolve()


def is_swapexp_output(path: PathLike) -> bool:
    """True when ``path`` is a directory swapexp wrote: it holds :data:`MARKER`, or a legacy signature."""
    p = Path(path)
    if (p / MARKER).is_file():
        return True
    return any(all(any(p.glob(pattern)) for pattern in sig) for sig in LEGACY_SIGNATURES)


def _relation(out: Path, inp: Path) -> str | None:
    if out == inp:
        return "is"
    if out in inp.parents:
        return "contains"
    if inp in out.parents:
        return "inside"
    return None


def check_output_path(
    out: PathLike,
    inputs: Iterable[PathLike] = (),
    *,
    what: str = "--out",
    allow_inside: bool = False,
) -> Path:
    """Refuse an output that is an input, contains one, or (unless ``allow_inside``) lies inside one."""
    path = _resolved(out)
    for inp in inputs:
        if inp is None:
            continue
        ip = _resolved(inp)
        rel = _relation(path, ip)
        if rel == "is":
            raise SwapexpError(
                f"{what} {path} is the input {ip}; writing it would destroy the input: choose another path"
            )
        if rel == "contains":
            raise SwapexpError(
                f"{what} {path} contains the input {ip}; replacing it would delete the input: choose another path"
            )
        if rel == "inside" and not allow_inside:
            raise SwapexpError(f"{what} {path} lies inside the input {ip}; choose a path outside every input")
    return path


def check_output_dir(
    out: PathLike,
    inputs: Iterable[PathLike] = (),
    *,
    overwrite: bool = False,
    what: str = "--out",
    allow_inside: bool = False,
    overwrite_hint: str | None = None,
) -> Path:
    """Check a directory output before any work: its relation to the inputs, and what it holds now.

    Returns the resolved path. An existing non-empty directory is accepted only when it is a
    previous swapexp output or ``overwrite`` is true.
    """
    path = check_output_path(out, inputs, what=what, allow_inside=allow_inside)
    if overwrite_hint is None:
        overwrite_hint = "pass --overwrite to replace it" if what.startswith("-") else "delete it"
    if path.exists() and not path.is_dir():
        raise SwapexpError(f"{what} {path} exists and is not a directory; choose another path")
    if path.is_dir() and not overwrite and any(path.iterdir()) and not is_swapexp_output(path):
        raise SwapexpError(
            f"{what} {path} exists, is not empty and is not a swapexp output (no {MARKER} file); "
            f"choose a new or empty directory, or {overwrite_hint}"
        )
    return path


def check_output_file(
    out: PathLike,
    inputs: Iterable[PathLike] = (),
    *,
    overwrite: bool = False,
    what: str = "--out",
    is_ours: Callable[[Path], bool] | None = None,
) -> Path:
    """Check a single output file: not an input, not inside one, not a directory; an existing file
    is replaced only when ``is_ours(path)`` says it is a previous output of the same tool, or ``overwrite``."""
    path = check_output_path(out, inputs, what=what)
    if path.is_dir():
        raise SwapexpError(f"{what} {path} is a directory; give a file name")
    if path.exists() and not overwrite and not (is_ours is not None and is_ours(path)):
        raise SwapexpError(
            f"{what} {path} exists and was not written by this tool; choose another file, "
            "or pass --overwrite to replace it"
        )
    return path


def _errno_name(code: int) -> str:
    return errno.errorcode.get(code, str(code))


def _write_error(e: OSError, out: Path, tmp: Path | None) -> SwapexpError | None:
    """The one-line user error for an OSError raised while writing ``out`` (None: not a write error)."""
    if e.errno not in _WRITE_ERRORS:
        return None
    fix = _WRITE_ERRORS[e.errno]
    name = Path(e.filename) if e.filename else None
    ours = name is None or name == out or any(p in name.parents or p == name for p in (out.parent, tmp) if p)
    reason = f"{e.strerror or os.strerror(e.errno)} ({_errno_name(e.errno)})"
    if ours:
        return SwapexpError(f"cannot write {out}: {reason}; nothing was written: {fix}")
    return SwapexpError(f"cannot access {name}: {reason}; nothing was written to {out}: {fix}")


@contextlib.contextmanager
def write_errors(out: PathLike, tmp: PathLike | None = None) -> Iterator[None]:
    """Turn disk-full and permission errors raised inside the block into one-line user errors."""
    try:
        yield
    except OSError as e:
        err = _write_error(e, _resolved(out), Path(tmp) if tmp else None)
        if err is None:
            raise
        raise err from None


def _try_lock(path: Path) -> int | None:
    """An fd holding an exclusive lock on ``path``, or None when another process holds it."""
    fd = os.open(path, os.O_RDWR)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        os.close(fd)
        return None
    return fd


def remove_stale_temps(out: PathLike) -> list[Path]:
    """Remove the temporary directories of earlier, killed writes of ``out``; return those removed.

    A ``.NAME.tmp-*`` directory is stale when nobody holds the lock on its marker (its writer
    died); one without a marker is stale after a grace period. ``.NAME.old-*`` directories (a
    previous output being replaced when the writer died) are always removed.
    """
    path = _resolved(out)
    removed: list[Path] = []
    if not path.parent.is_dir():
        return removed
    prefix = f".{path.name}."
    for p in path.parent.iterdir():
        if not p.name.startswith(prefix) or not p.is_dir() or p.is_symlink():
            continue
        kind = p.name[len(prefix) :].split("-", 1)[0]
        if kind == "old":
            shutil.rmtree(p, ignore_errors=True)
            removed.append(p)
            continue
        if kind != "tmp":
            continue
        marker = p / MARKER
        try:
            fd = _try_lock(marker)
        except FileNotFoundError:
            try:
                age = time.time() - p.stat().st_mtime
            except FileNotFoundError:
                continue
            if age > _UNMARKED_GRACE_S:
                shutil.rmtree(p, ignore_errors=True)
                removed.append(p)
            continue
        if fd is None:  # a live writer holds it
            continue
        try:
            shutil.rmtree(p, ignore_errors=True)
        finally:
            os.close(fd)
        removed.append(p)
    return removed


def _marker_text(kind: str) -> str:
    return json.dumps(
        {
            "swapexp_output": kind,
            "version": MARKER_VERSION,
            "created": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        }
    )


@contextlib.contextmanager
def atomic_output_dir(
    out_dir: PathLike,
    *,
    kind: str = "output",
    inputs: Iterable[PathLike] = (),
    overwrite: bool = False,
    what: str = "--out",
    allow_inside: bool = False,
    overwrite_hint: str | None = None,
) -> Iterator[Path]:
    """Yield a temporary directory beside ``out_dir``; rename it into place when the block succeeds.

    The destination is checked first (:func:`check_output_dir`: never an input, never inside one
    unless ``allow_inside``, never a foreign non-empty directory unless ``overwrite``). On any
    exception the temporary directory is removed and ``out_dir`` is left as it was; a disk-full or
    permission error becomes a one-line :class:`SwapexpError` naming the path. An existing
    ``out_dir`` is replaced only after the new one is complete. The output gets the marker
    :data:`MARKER` (``kind`` says what it is).
    """
    inputs = [i for i in inputs if i is not None]
    out = check_output_dir(
        out_dir,
        inputs,
        overwrite=overwrite,
        what=what,
        allow_inside=allow_inside,
        overwrite_hint=overwrite_hint,
    )
    tmp: Path | None = None
    lock_fd: int | None = None
    with write_errors(out):
        out.parent.mkdir(parents=True, exist_ok=True)
        remove_stale_temps(out)
        tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.tmp-", dir=out.parent))
    try:
        with write_errors(out, tmp):
            lock_fd = os.open(tmp / MARKER, os.O_RDWR | os.O_CREAT, 0o644)
            fcntl.flock(lock_fd, fcntl.LOCK_EX)
        with write_errors(out, tmp):
            yield tmp
        with write_errors(out, tmp):
            (tmp / MARKER).write_text(_marker_text(kind))
            # the output may have changed while we worked: check again right before replacing it
            check_output_dir(
                out,
                inputs,
                overwrite=overwrite,
                what=what,
                allow_inside=allow_inside,
                overwrite_hint=overwrite_hint,
            )
            old = None
            if out.exists():
                old = out.parent / f".{out.name}.old-{uuid.uuid4().hex[:8]}"
                os.replace(out, old)
            try:
                os.replace(tmp, out)
            except BaseException:
                if old is not None:  # put the previous output back
                    os.replace(old, out)
                raise
            tmp = None
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
    except BaseException:
        if tmp is not None:
            shutil.rmtree(tmp, ignore_errors=True)
        raise
    finally:
        if lock_fd is not None:
            os.close(lock_fd)


def write_text_atomic(path: PathLike, text: str) -> Path:
    """Write a small text file under a temporary name beside it, then rename it into place."""
    path = Path(path)
    with write_errors(path):
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
        try:
            tmp.write_text(text, encoding="utf-8")
            os.replace(tmp, path)
        except BaseException:
            tmp.unlink(missing_ok=True)
            raise
    return path


__all__ = [
    "MARKER",
    "atomic_output_dir",
    "check_output_dir",
    "check_output_file",
    "check_output_path",
    "is_swapexp_output",
    "remove_stale_temps",
    "write_errors",
    "write_text_atomic",
]
