"""What `make demo` serves: the site's own error pages (no Django debug page), uploads still
served, and the give page's real address printed."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]


def _make_env(target: str) -> str:
    """CANDLE_DEBUG as `make <target>` would give it to the server (nothing is run)."""
    environment = {k: v for k, v in os.environ.items() if k != "CANDLE_DEBUG"}
    result = subprocess.run(  # noqa: S603
        [  # noqa: S607 - make from PATH, as a developer runs it
            "make",
            "--no-print-directory",
            "-s",
            target,
            "UV=true",
            "MANAGE=printenv CANDLE_DEBUG; true",
        ],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return result.stdout.strip()


def test_make_demo_runs_without_debug_and_make_run_with_it():
    assert set(_make_env("demo").split()) == {"0"}
    assert _make_env("run") == ""  # unset: the development default, DEBUG on


def _dev_settings(**env: str) -> list[str]:
    code = (
        "import django; django.setup(); from django.conf import settings; "
        "from django.urls import resolve; "
        "print(settings.DEBUG); print(resolve('/media/images/x.jpg').func.__name__)"
    )
    environment = {
        **{k: v for k, v in os.environ.items() if k not in ("CANDLE_DEBUG", "DATABASE_URL")},
        "DJANGO_SETTINGS_MODULE": "candle.settings.dev",
        **env,
    }
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return result.stdout.split()


def test_dev_settings_follow_candle_debug_and_still_serve_uploads():
    assert _dev_settings(CANDLE_DEBUG="0") == ["False", "serve"]
    assert _dev_settings() == ["True", "serve"]


@pytest.mark.django_db
def test_the_demo_prints_the_give_pages_real_address(settings):
    from candle.giving import demo as giving_demo
    from candle.pages.services import site_tree_ensure

    settings.CANDLE_BASE_URL = "http://127.0.0.1:8760"
    site_tree_ensure()
    lines = list(giving_demo.demo_load())
    line = next(line for line in lines if line.startswith("Giving: give page"))
    assert "http://127.0.0.1:8760/ko/give/" in line
    assert "home-ko" not in line
