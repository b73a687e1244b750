"""SIGKILL in the middle of ``worksheet build``: the previous files survive byte for byte.

A real process builds a 3,000-claim tracker over an existing one (with a reviewer's
verdict in it, so the build merges and keeps a backup) and is killed at several moments:
while it starts, as soon as its first temporary file appears, while the tracker is being
written, and just before the files are moved into place. After every kill
each of the old tracker and worksheet is exactly as it was, or (killed once its move was
made) the complete new file: never half of one. The next run succeeds, keeps the
reviewer's work, and leaves no temporary ``.~worksheet-*`` file behind.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from tracker_fixtures import edit, letter

from worksheet.build import build, output_paths
from worksheet.files import TEMP_PREFIX
from worksheet.tracker.read import read_tracker

ROOT = Path(__file__).resolve().parents[1]
ARTICLE = ROOT / "examples" / "putin-biden" / "article.md"
SLUG = "what-putin-really-told-biden"
N_CLAIMS = 3000
#: Kill points at which nothing can have been moved into place yet.
BEFORE_THE_MOVES = ("starting", "first temporary file", "tracker being written")


def _claims(path: Path) -> Path:
    claims = [{"id": f"C{i}", "claim": f"Claim {i}: the call lasted two hours and two minutes.",
               "quote": "two hours and two minutes", "sources": [f"https://example.org/{i}"]}
              for i in range(1, N_CLAIMS + 1)]
    path.write_text(json.dumps({"claims": claims}), encoding="utf-8")
    return path


def _start(claims: Path, out: Path) -> subprocess.Popen[bytes]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.Popen([sys.executable, "-m", "worksheet", "build", str(ARTICLE),
                             str(claims), "--out", str(out)], cwd=ROOT, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def _temps(out: Path) -> list[Path]:
    return list(out.glob(TEMP_PREFIX + "*"))


def _xlsx_temp_written(out: Path) -> bool:
    return any(p.suffix == ".xlsx" and _size(p) > 0 for p in _temps(out))


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except FileNotFoundError:  # renamed or removed meanwhile
        return 0


def _kill_when(proc: subprocess.Popen[bytes], ready: Callable[[], bool],
               timeout: float = 60.0) -> bool:
    """SIGKILL ``proc`` as soon as ``ready()``; False when it ended on its own before that."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and proc.poll() is None:
        if ready():
            proc.kill()
            break
        time.sleep(0.005)
    else:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
            raise AssertionError("the build neither finished nor reached the kill point")
    proc.wait()
    # A build that finished between the last look and the kill was not interrupted.
    return proc.returncode == -signal.SIGKILL


def _complete(path: Path) -> None:
    """``path`` is a whole file the tool wrote (the tracker with the reviewer's work)."""
    if path.suffix == ".docx":
        import docx

        assert docx.Document(str(path)).paragraphs
        return
    read = read_tracker(path)
    assert len(read.rows) == N_CLAIMS and read.rows[0].verdict == "False"


@pytest.fixture(scope="module")
def first_build(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The folder with a 3,000-claim tracker a reviewer started on, and the claims."""
    out = tmp_path_factory.mktemp("interrupt")
    claims = _claims(out.parent / f"{out.name}-claims.json")
    build(ARTICLE, claims, out)
    edit(output_paths(out, SLUG)[1], {f"{letter('verdict')}2": "False",
                                      f"{letter('notes')}3001": "reviewer's note"})
    return out, claims


def test_sigkill_during_build_leaves_the_old_files_intact(
        first_build: tuple[Path, Path]) -> None:
    out, claims = first_build
    worksheet_path, tracker_path = output_paths(out, SLUG)
    before = {p: p.read_bytes() for p in (worksheet_path, tracker_path)}
    started_at = time.monotonic

    points: dict[str, Callable[[], bool]] = {}
    t0 = [0.0]
    points["starting"] = lambda: started_at() - t0[0] > 0.3
    points["first temporary file"] = lambda: bool(_temps(out))
    points["tracker being written"] = lambda: _xlsx_temp_written(out)
    # The backup is made when both new files are complete, just before they are moved.
    points["about to move the files"] = lambda: any(".backup-" in p.name
                                                   for p in out.iterdir())
    killed = []
    for name, ready in points.items():
        for backup in out.glob("*.backup-*"):
            backup.unlink()
        t0[0] = time.monotonic()
        proc = _start(claims, out)
        if _kill_when(proc, ready):
            killed.append(name)
        else:  # it finished first: a successful build may replace the files
            assert proc.returncode == 0, proc.stderr.read().decode() if proc.stderr else ""
        for path, old in before.items():
            if name in BEFORE_THE_MOVES:
                assert path.read_bytes() == old, f"{path.name} changed: killed at {name}"
            # Later: the old file byte for byte, or (killed once its move was made) the
            # whole new one: never a half-written file.
            if path.read_bytes() != old:
                _complete(path)
                before[path] = path.read_bytes()
        # Whatever a killed run left is temporary or a backup, never a half-made output.
        names = {p.name for p in out.iterdir()}
        assert all(n.startswith(TEMP_PREFIX) or ".backup-" in n
                   for n in names - {worksheet_path.name, tracker_path.name}), names
    # The first three moments are always reached; the last may come after the moves.
    assert killed[:3] == list(BEFORE_THE_MOVES)

    proc = _start(claims, out)
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == 0, err.decode()
    assert not _temps(out)
    _complete(tracker_path)
    assert read_tracker(tracker_path).rows[2999].notes == "reviewer's note"
