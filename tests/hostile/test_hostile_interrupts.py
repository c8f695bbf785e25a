"""Ctrl-C and worker processes (issue 13, kind 8): a batch under ``--jobs 2`` interrupted by
SIGINT to its process group, as a terminal sends it, exits 130 and leaves no process behind."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from ictrules.cli import main

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "typical-school.toml"
PROC = Path("/proc")


def _children(pid: int) -> list[int]:
    found: list[int] = []
    for task in (PROC / str(pid) / "task").glob("*"):
        try:
            found += [int(n) for n in (task / "children").read_text().split()]
        except OSError:
            continue
    return found


def _group_alive(pgid: int) -> bool:
    try:
        os.killpg(pgid, 0)
    except ProcessLookupError:
        return False
    return True


@pytest.mark.skipif(
    not (PROC / "self" / "task").exists() or sys.platform != "linux", reason="needs Linux /proc"
)
def test_ctrl_c_during_a_batch_stops_every_worker_and_exits_130(tmp_path: Path) -> None:
    text = EXAMPLE.read_text()
    folder = tmp_path / "returns"
    folder.mkdir()
    for number in range(1500):
        (folder / f"s{number:04}.toml").write_text(text.replace("URN 100234", f"URN {number}"))
    argv = [sys.executable, "-m", "ictrules", "assess", str(folder), "--jobs", "2"]
    argv += ["--as-of", "2026-09-01", "-f", "csv", "-o", str(tmp_path / "out.csv")]
    for pause in (0.0, 0.05, 0.2, 0.0):
        process = subprocess.Popen(
            argv,
            start_new_session=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        try:
            for _ in range(600):  # until both workers run (bounded, never asserted on)
                if len(_children(process.pid)) >= 2 or process.poll() is not None:
                    break
                time.sleep(0.01)
            time.sleep(pause)
            os.killpg(process.pid, signal.SIGINT)
            _, err = process.communicate(timeout=60)
        finally:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
        assert process.returncode == 130, err
        assert err.strip().splitlines()[-1] == "ictrules: error: interrupted"
        assert "Traceback" not in err
        for _ in range(500):
            if not _group_alive(process.pid):
                break
            time.sleep(0.01)
        assert not _group_alive(process.pid), "a worker was left running"


def test_a_worker_that_cannot_start_is_one_clean_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from ictrules.cli import _batch

    def broken(settings: object) -> object:
        raise RuntimeError("plugin import failed in the worker")

    monkeypatch.setattr(_batch, "build_engine", broken)
    for number in range(3):
        (tmp_path / f"s{number}.toml").write_text(EXAMPLE.read_text())
    code = main(["assess", str(tmp_path), "--jobs", "2", "--as-of", "2026-09-01", "-f", "csv"])
    err = capsys.readouterr().err
    assert code == 1
    assert "a worker process could not start: RuntimeError: plugin import failed" in err
    assert "Traceback" not in err
    assert err.count("ictrules: error:") == 1


def _returns(tmp_path: Path, count: int) -> Path:
    text = EXAMPLE.read_text()
    folder = tmp_path / "returns"
    folder.mkdir()
    for number in range(count):
        (folder / f"s{number:04}.toml").write_text(text.replace("URN 100234", f"URN {number}"))
    return folder


def _json_summary(folder: Path) -> list[str]:
    return [
        sys.executable, "-m", "ictrules", "assess", str(folder), "--jobs", "2",
        "--as-of", "2026-09-01", "-f", "json",
    ]  # fmt: skip


def _ended(process: subprocess.Popen[bytes]) -> None:
    """The process and every worker it started are gone (killed if they had to be)."""
    try:
        for _ in range(500):
            if not _group_alive(process.pid):
                break
            time.sleep(0.01)
        assert not _group_alive(process.pid), "a worker was left running"
    finally:
        if _group_alive(process.pid):
            os.killpg(process.pid, signal.SIGKILL)


@pytest.mark.skipif(
    not (PROC / "self" / "task").exists() or sys.platform != "linux", reason="needs Linux /proc"
)
def test_a_json_summary_whose_reader_goes_away_ends_at_once(tmp_path: Path) -> None:
    """'assess DIR -f json --jobs 2 | head': the workers were terminated mid-result and the
    program then waited at exit, for ever, on the pool's thread reading their pipe (with
    Ctrl-C ignored). Also when the output is a full device."""
    folder = _returns(tmp_path, 600)
    for attempt in range(3):
        process = subprocess.Popen(
            _json_summary(folder), start_new_session=True, stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )  # fmt: skip
        try:
            assert process.stdout is not None
            process.stdout.read(100)
            process.stdout.close()  # as head does
            _, err = process.communicate(timeout=60)
            assert process.returncode == 0, err
        except subprocess.TimeoutExpired:
            pytest.fail(f"hung after its reader went away (attempt {attempt + 1})")
        finally:
            _ended(process)
    if Path("/dev/full").exists():
        process = subprocess.Popen(
            [*_json_summary(folder), "-o", "/dev/full"], start_new_session=True,
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
        )  # fmt: skip
        try:
            _, err = process.communicate(timeout=60)
        except subprocess.TimeoutExpired:
            pytest.fail("hung after its output failed")
        finally:
            _ended(process)
        assert process.returncode == 1
        assert b"cannot write /dev/full" in err


@pytest.mark.skipif(
    not (PROC / "self" / "task").exists() or sys.platform != "linux", reason="needs Linux /proc"
)
def test_ctrl_c_while_a_json_summary_waits_on_its_reader_stops_every_worker(
    tmp_path: Path,
) -> None:
    """The summary is written as the files are assessed: Ctrl-C landing while the main process
    writes (here, blocked on a reader that reads nothing) left both workers running for ever,
    orphaned, as the program ended at once."""
    folder = _returns(tmp_path, 600)
    errors = tmp_path / "stderr.txt"
    with errors.open("wb") as stderr:
        process = subprocess.Popen(
            _json_summary(folder), start_new_session=True, stdout=subprocess.PIPE,
            stderr=stderr,
        )  # fmt: skip
    try:
        for _ in range(1000):  # until the main process waits on the pipe (bounded)
            wchan = (PROC / str(process.pid) / "wchan").read_text()
            if "pipe_write" in wchan or process.poll() is not None:
                break
            time.sleep(0.01)
        os.killpg(process.pid, signal.SIGINT)
        assert process.wait(timeout=60) == 130
    finally:
        _ended(process)
    assert errors.read_text().splitlines()[-1] == "ictrules: error: interrupted"
