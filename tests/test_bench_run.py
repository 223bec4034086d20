"""bench/run.py: a run with ``--only`` replaces only the chosen benchmarks' figures in
latest.json and keeps the others', so partial runs add up."""

import json
import sys
import types
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench import run as bench_run  # noqa: E402


def _fake_benchmark(monkeypatch, name: str, run) -> None:
    module = types.ModuleType(f"bench.{name}")
    module.run = run
    monkeypatch.setitem(sys.modules, f"bench.{name}", module)


def test_only_replaces_the_chosen_keys_and_keeps_the_rest(tmp_path, monkeypatch):
    results = tmp_path / "latest.json"
    results.write_text(
        json.dumps(
            {
                "machine": {"python": "3.0"},
                "started": "2026-01-01T00:00:00+00:00",
                "web": {"kept": True},
                "operations": {"worker_killed": {"doubled": 0}},
                "advocacy": {"signatures_per_s": 1, "old_only": True},
                "runs": {"web": {"started": "2026-01-01T00:00:00+00:00", "failed": False}},
            }
        )
    )
    monkeypatch.setattr(bench_run, "RESULTS", results)
    _fake_benchmark(
        monkeypatch, "fakeadv", lambda report: report.update(advocacy={"signatures_per_s": 600})
    )

    assert bench_run.main(["--only", "fakeadv"]) == 0

    written = json.loads(results.read_text())
    assert written["web"] == {"kept": True}
    assert written["operations"] == {"worker_killed": {"doubled": 0}}
    assert written["advocacy"] == {"signatures_per_s": 600}  # replaced whole, nothing stale
    assert written["machine"]["python"] != "3.0"  # this run's
    assert written["started"] != "2026-01-01T00:00:00+00:00"
    assert set(written["runs"]) == {"web", "fakeadv"}
    assert written["runs"]["fakeadv"]["failed"] is False


def test_a_failed_benchmark_keeps_its_old_figures_and_says_so(tmp_path, monkeypatch):
    results = tmp_path / "latest.json"
    results.write_text(json.dumps({"advocacy": {"signatures_per_s": 512}}))
    monkeypatch.setattr(bench_run, "RESULTS", results)

    def broken(report):
        raise RuntimeError("nginx missing")

    _fake_benchmark(monkeypatch, "fakebroken", broken)
    assert bench_run.main(["--only", "fakebroken"]) == 1
    written = json.loads(results.read_text())
    assert written["advocacy"] == {"signatures_per_s": 512}
    assert written["runs"]["fakebroken"]["failed"] is True


def test_a_full_run_writes_only_its_own_figures(tmp_path, monkeypatch):
    results = tmp_path / "latest.json"
    results.write_text(json.dumps({"gone": {"x": 1}}))
    monkeypatch.setattr(bench_run, "RESULTS", results)
    _fake_benchmark(monkeypatch, "fakeall", lambda report: report.update(fakeall={"n": 1}))
    monkeypatch.setattr(bench_run, "BENCHMARKS", ["fakeall"])
    assert bench_run.main([]) == 0
    written = json.loads(results.read_text())
    assert "gone" not in written
    assert written["fakeall"] == {"n": 1}


def test_an_unreadable_latest_json_is_replaced(tmp_path, monkeypatch):
    results = tmp_path / "latest.json"
    results.write_text("{not json")
    monkeypatch.setattr(bench_run, "RESULTS", results)
    _fake_benchmark(monkeypatch, "fakeone", lambda report: report.update(fakeone={"n": 2}))
    assert bench_run.main(["--only", "fakeone"]) == 0
    assert json.loads(results.read_text())["fakeone"] == {"n": 2}
