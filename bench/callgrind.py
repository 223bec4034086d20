# ruff: noqa: S603, S607 - runs valgrind (from PATH) on a bench script itself
"""A bench script run again under ``valgrind --tool=callgrind``, counting only what it marks.

The child starts uninstrumented (``--instr-atstart=no``; the script turns instrumentation on
once set up) and marks what it measures with two C functions nothing else calls:
``binascii.crc_hqx`` zeroes the counters, ``binascii.b2a_uu`` dumps them (one dump per mark).
Used by ``page_instructions``, ``search_cold`` and ``advocacy_cost``.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path


def callgrind_run(child: list[str], keep: str | None, prefix: str, cwd=None):
    """Run ``sys.executable *child`` under callgrind, its dumps in ``keep`` (a temporary folder
    when None). Returns the finished process, its dumps in the order written, and the folder."""
    folder = Path(keep) if keep else Path(tempfile.mkdtemp(prefix=prefix))
    folder.mkdir(parents=True, exist_ok=True)
    command = [
        "valgrind",
        "--tool=callgrind",
        f"--callgrind-out-file={folder / 'callgrind.out'}",
        "--instr-atstart=no",
        "--zero-before=binascii_crc_hqx",
        "--dump-before=binascii_b2a_uu",
        sys.executable,
        *child,
    ]
    run = subprocess.run(command, capture_output=True, text=True, check=False, cwd=cwd)
    dumps = sorted(folder.glob("callgrind.out.*"), key=lambda p: int(p.suffix[1:]))
    return run, dumps, folder


def instructions(dump: Path) -> int:
    """The instructions a dump counted (0 when it names none)."""
    match = re.search(r"^(?:summary|totals): (\d+)", dump.read_text(), re.M)
    return int(match.group(1)) if match else 0


def callgrind_forget(folder: Path, keep: str | None) -> None:
    """Remove the dumps' temporary folder (a folder the caller asked to keep stays)."""
    if not keep:
        shutil.rmtree(folder, ignore_errors=True)
