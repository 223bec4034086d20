"""`make bench`: run every benchmark and write bench/results/latest.json.

Each benchmark is a module in this package with ``run(report: dict) -> None`` that adds its
own key to ``report`` and prints a readable table. ``BENCH_ARGS="--only web,search"`` picks
some; then the figures of the others already in latest.json are kept (only the chosen ones'
keys are replaced), so partial runs add up. Benchmarks start what they need on 127.0.0.1 only
and stop it before returning.
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
BENCHMARKS.append("advocacy")  # a surge of signatures, workers restarted (bench/advocacy.py)
RESULTS = Path(__file__).resolve().parent / "results" / "latest.json"


def _previous() -> dict:
    try:
        previous = json.loads(RESULTS.read_text())
    except (OSError, ValueError):
        return {}
    return previous if isinstance(previous, dict) else {}


def results_merge(previous: dict, report: dict) -> dict:
    """``previous`` (the last latest.json) with the top-level keys this run wrote replaced
    whole (each benchmark owns its keys: ``web`` writes ``web``, ``static`` and ``measures``,
    ``servers`` writes ``operations``…): a run with ``--only`` adds its figures to the
    others'. ``machine`` and ``started`` are this run's; ``runs`` keeps, per benchmark, when
    its figures were taken and whether it failed (a failed one leaves its old figures)."""
    merged = {**previous, **{k: v for k, v in report.items() if k != "runs"}}
    merged["runs"] = {**previous.get("runs", {}), **report.get("runs", {})}
    return merged


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--only", default="", help="comma-separated benchmark names")
    args = parser.parse_args(argv)
    chosen = [name for name in (args.only.split(",") if args.only else BENCHMARKS) if name]
    report: dict = {
        "machine": {"python": platform.python_version(), "platform": platform.platform()},
        "started": datetime.now(UTC).isoformat(timespec="seconds"),
        "runs": {},
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
        at = datetime.now(UTC).isoformat(timespec="seconds")
        try:
            module.run(report)
        except Exception:  # noqa: BLE001 - one failing benchmark must not hide the others
            traceback.print_exc()
            failures.append(name)
        print(f"[bench] {name} took {time.monotonic() - started:.0f} s")
        report["runs"][name] = {"started": at, "failed": name in failures}
    if args.only:
        report = results_merge(_previous(), report)
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
