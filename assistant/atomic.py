"""Atomic file writes: a reader sees the old file or the new one, never half of either.

The new content goes to a temporary file beside the target, named ``.{target name}.{process id}.{random}.tmp``
(hidden on POSIX, recognisably ours), is flushed to disk, and is renamed over the target. A process killed
mid-write (power cut, SIGKILL, a closed terminal) leaves the target as it was and, at worst, such a
temporary file; the next write to the same target removes the temporary files of processes that no longer
run (POSIX; on Windows they stay, harmless, until deleted by hand).
"""

from __future__ import annotations

import contextlib
import os
import secrets
import stat
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

TEMP_SUFFIX = ".tmp"


def write_atomic(path: str | os.PathLike[str], fill: Callable[[BinaryIO], None]) -> None:
    """Write through ``fill`` into a temporary file beside ``path``, flush it to disk, then rename it over ``path``."""
    target = Path(path)
    directory = target.parent if str(target.parent) else Path(".")
    _remove_stale_temporaries(directory, target.name)
    fd, tmp_name = _create_temporary(directory, target.name)
    try:
        with contextlib.suppress(OSError):  # a replaced file keeps its permissions (a new one gets the umask's)
            os.chmod(tmp_name, stat.S_IMODE(os.stat(target).st_mode))
        with os.fdopen(fd, "wb") as handle:
            fill(handle)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp_name, target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp_name)
        raise
    if hasattr(os, "O_DIRECTORY"):  # make the rename itself durable (POSIX)
        dir_fd = os.open(directory, os.O_RDONLY | os.O_DIRECTORY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)


def _create_temporary(directory: Path, name: str) -> tuple[int, str]:
    """A new, empty temporary file for ``name``, opened for writing, with the mode an ordinary new file gets
    (0666 less the umask, applied by the system: no process-wide umask juggling, safe in threads)."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    prefix = f"{_temp_prefix(name)}{os.getpid()}."
    for _ in range(100):
        candidate = str(directory / f"{prefix}{secrets.token_hex(6)}{TEMP_SUFFIX}")
        try:
            return os.open(candidate, flags, 0o666), candidate
        except FileExistsError:
            continue
    raise FileExistsError(f"cannot create a temporary file beside {directory / name}")


def _temp_prefix(name: str) -> str:
    return f".{name}."


def temporaries_of(path: str | os.PathLike[str]) -> list[Path]:
    """The temporary files of unfinished writes to ``path`` (of this process or another) that are still there."""
    target = Path(path)
    directory = target.parent if str(target.parent) else Path(".")
    prefix = _temp_prefix(target.name)
    try:
        names = os.listdir(directory)
    except OSError:
        return []
    return [directory / n for n in names if n.startswith(prefix) and n.endswith(TEMP_SUFFIX) and _pid_of(n, prefix)]


def _pid_of(name: str, prefix: str) -> int | None:
    """The process id in a temporary file's name, or None when the name is not one of ours."""
    middle = name[len(prefix) : -len(TEMP_SUFFIX)]
    pid, _, rest = middle.partition(".")
    return int(pid) if pid.isdigit() and rest else None


def _remove_stale_temporaries(directory: Path, name: str) -> None:
    """Remove what killed writers to ``name`` left behind: temporary files of processes that no longer run."""
    if os.name != "posix":  # os.kill(pid, 0) is not a liveness test on Windows
        return
    prefix = _temp_prefix(name)
    for temporary in temporaries_of(directory / name):
        pid = _pid_of(temporary.name, prefix)
        if pid is None or pid == os.getpid() or _running(pid):
            continue
        with contextlib.suppress(OSError):
            temporary.unlink()


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError, OSError):
        return True  # another user's process, or a number we cannot judge: leave its file alone
    return True


def write_bytes_atomic(path: str | os.PathLike[str], data: bytes) -> None:
    write_atomic(path, lambda handle: handle.write(data))


def write_text_atomic(path: str | os.PathLike[str], text: str) -> None:
    """utf-8, with the platform's newline left alone: the text is written exactly as given."""
    write_bytes_atomic(path, text.encode("utf-8"))
