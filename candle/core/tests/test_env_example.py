"""Every environment variable the settings read is declared in .env.example, with a comment."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
READ = re.compile(
    r"""(?:os\.environ\.get|os\.environ\[|_env_bool|_env_int|_env_list)\(?\s*["']([A-Z][A-Z0-9_]+)["']"""
)
TEST_ONLY = {"CANDLE_TEST_MEDIA_ROOT"}  # set by the test settings' own harness, never in production


def _read_by_settings() -> set[str]:
    names: set[str] = set()
    for path in (ROOT / "candle" / "settings").rglob("*.py"):
        names |= set(READ.findall(path.read_text()))
    return names - TEST_ONLY


def _declared() -> set[str]:
    text = (ROOT / ".env.example").read_text()
    return set(re.findall(r"^#?\s*([A-Z][A-Z0-9_]+)=", text, re.M))


def test_every_variable_the_settings_read_is_in_env_example():
    read = _read_by_settings()
    assert "CANDLE_SECRET_KEY" in read and "DATABASE_URL" in read  # the pattern finds them at all
    missing = read - _declared()
    assert not missing, f".env.example lacks: {sorted(missing)}"
