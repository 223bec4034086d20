"""`make bench`: run every benchmark and write bench/results/latest.json.

Each benchmark is a module in this package with ``run(report: dict) -> None`` that adds its
own key to ``report`` and prints a readable table. ``BENCH_ARGS="--only web,search"`` picks
some. Benchmarks start what they need on 127.0.0.1 only and stop it before returning.
"""

import argparse
import importlib
import json
import platform
import sys
import time
import traceback
from datetime import UTC, datetime
from pathlib import Path

BENCHMARKS = ["web", "search", "importer", "giving", "lighthouse"]
BENCHMARKS += ["programmes"]
BENCHMARKS.append("servers")  # two app servers, a worker killed under load (bench/servers.py)
RESULTS = Path(__file__).resolve().parent / "results" / "latest.json"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--only", default="", help="comma-separated benchmark names")
    args = parser.parse_args(argv)
    chosen = [name for name in (args.only.split(",") if args.only else BENCHMARKS) if name]
    report: dict = {
        "machine": {"python": platform.python_version(), "platform": platform.platform()},
        "started": datetime.now(UTC).isoformat(timespec="seconds"),
    }
    failures = []
    for name in chosen:
        try:
            module = importlib.import_module(f"bench.{name}")
        except ModuleNotFoundError as error:
            if error.name == f"bench.{name}":
                print(f"[bench] {name}: not written yet, skipped")
                continue
            raise
        print(f"\n[bench] {name}")
        started = time.monotonic()
        try:
            module.run(report)
        except Exception:  # noqa: BLE001 - one failing benchmark must not hide the others
            traceback.print_exc()
            failures.append(name)
        print(f"[bench] {name} took {time.monotonic() - started:.0f} s")
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n")
    print(
        f"\n[bench] figures written to {RESULTS.relative_to(Path.cwd()) if RESULTS.is_relative_to(Path.cwd()) else RESULTS}"
    )
    if failures:
        print(f"[bench] failed: {', '.join(failures)}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
