"""Writing files so that a failure never leaves half a file or loses an old one."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path

from .errors import OutputError

TEMP_PREFIX = ".~worksheet-"


def _temp_prefix() -> str:
    # The writer's process ID in the name: another run in the same folder (a batch's
    # other worker, a second command) can tell a live run's files from a dead one's.
    return f"{TEMP_PREFIX}{os.getpid()}-"


@contextlib.contextmanager
def atomic_path(target: Path) -> Iterator[Path]:
    """Yield a temporary path beside ``target``; on success move it over ``target``.

    The temporary file is fsynced and renamed, so a reader sees the old file or the
    complete new one, never half of one, even if the process is killed mid-write.
    """
    with atomic_paths(target) as (tmp,):
        yield tmp


@contextlib.contextmanager
def atomic_paths(*targets: Path) -> Iterator[list[Path]]:
    """Like :func:`atomic_path` for several files that change together or not at all.

    Each temporary file is moved over its target only when all were written; if one move
    fails, the targets already moved are put back as they were.
    """
    targets = tuple(Path(t) for t in targets)
    temps: list[Path] = []
    try:
        try:
            for target in targets:
                target.parent.mkdir(parents=True, exist_ok=True)
                fd, name = tempfile.mkstemp(prefix=_temp_prefix(), suffix=target.suffix,
                                            dir=target.parent)
                os.close(fd)
                temps.append(Path(name))
        except OSError as exc:
            raise OutputError(f"{targets[len(temps)].parent}: cannot write here "
                              f"({exc.strerror})") from exc
        try:
            yield list(temps)
            for tmp, target in zip(temps, targets, strict=True):
                with open(tmp, "rb+") as fh:
                    os.fsync(fh.fileno())
                os.chmod(tmp, _mode_for(target))
            _replace_all(list(zip(temps, targets, strict=True)))
        except OSError as exc:
            named = {str(t) for t in targets}
            where = exc.filename if exc.filename in named else targets[0].parent
            raise OutputError(f"{where}: cannot write ({exc.strerror or exc}); "
                              "nothing was changed") from exc
    finally:
        for tmp in temps:
            with contextlib.suppress(FileNotFoundError):
                tmp.unlink()


def _replace_all(moves: list[tuple[Path, Path]]) -> None:
    """Move each temporary file over its target; on a failure undo the moves made."""
    done: list[tuple[Path | None, Path]] = []  # (a link to the old file, target)
    try:
        for tmp, target in moves:
            old = _keep(target)
            try:
                os.replace(tmp, target)
            except OSError as exc:
                if old is not None:
                    old.unlink()
                exc.filename = exc.filename or str(target)
                raise
            done.append((old, target))
    except OSError:
        for old, target in reversed(done):
            if old is None:
                target.unlink(missing_ok=True)
            else:
                os.replace(old, target)
        raise
    finally:
        for old, _ in done:
            if old is not None:
                old.unlink(missing_ok=True)


def _keep(target: Path) -> Path | None:
    """A second name for ``target``'s current file, to put it back; None if there is none."""
    if not target.is_file():
        return None
    fd, name = tempfile.mkstemp(prefix=_temp_prefix() + "old-", suffix=target.suffix,
                                dir=target.parent)
    os.close(fd)
    keep = Path(name)
    keep.unlink()
    try:
        os.link(target, keep)  # instant, and the old bytes stay exactly as they were
    except OSError:
        import shutil

        shutil.copy2(target, keep)  # a file system without hard links
    return keep


def _mode_for(target: Path) -> int:
    try:
        return target.stat().st_mode & 0o777
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def write_atomic(target: Path, write: Callable[[Path], object]) -> Path:
    """Call ``write(tmp_path)`` and move the result over ``target`` only if it succeeds."""
    with atomic_path(target) as tmp:
        write(tmp)
    return target


def write_text_atomic(target: Path, text: str) -> Path:
    """Write text (UTF-8) to ``target`` atomically."""
    return write_atomic(target, lambda tmp: tmp.write_text(text, encoding="utf-8"))


def remove_stale_temps(folder: Path) -> None:
    """Remove temporary files that a killed earlier run left behind (not a live run's)."""
    for stale in folder.glob(TEMP_PREFIX + "*"):
        if _writer_alive(stale.name[len(TEMP_PREFIX):].split("-", 1)[0]):
            continue
        with contextlib.suppress(OSError):
            stale.unlink()


def _writer_alive(pid: str) -> bool:
    """Whether the process that made a temporary file still runs (not this one's leftovers)."""
    if not pid.isdigit() or int(pid) == os.getpid():
        return False
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # someone else's live process
    return True


def backup_path(path: Path, now: datetime | None = None) -> Path:
    """A timestamped name beside ``path`` for keeping its old version."""
    stamp = (now or datetime.now()).strftime("%Y%m%d-%H%M%S")
    candidate = path.with_name(f"{path.stem}.backup-{stamp}{path.suffix}")
    n = 1
    while candidate.exists():
        n += 1
        candidate = path.with_name(f"{path.stem}.backup-{stamp}-{n}{path.suffix}")
    return candidate


def keep_backup(path: Path, now: datetime | None = None) -> Path:
    """Copy ``path`` to its timestamped backup name beside it, before it is replaced."""
    import shutil

    target = backup_path(path, now)
    try:
        shutil.copy2(path, target)
    except OSError as exc:
        raise OutputError(f"{path}: cannot keep a backup before replacing it "
                          f"({exc.strerror}); nothing was changed") from exc
    return target
