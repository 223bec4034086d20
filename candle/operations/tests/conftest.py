import pytest
from cryptography.fernet import Fernet


@pytest.fixture(autouse=True)
def _field_keys(settings):
    """Outbox messages are encrypted: every test with its own key, never a key file on disk."""
    settings.CANDLE_FIELD_KEYS = Fernet.generate_key().decode()
    settings.CANDLE_FIELD_KEY_AUTOCREATE = False


@pytest.fixture
def scratch_jobs():
    """Jobs registered by a test, removed afterwards; the declared schedule left as it was."""
    from candle.operations import schedule

    saved = dict(schedule._JOBS)
    schedule._JOBS.clear()
    yield schedule
    schedule._JOBS.clear()
    schedule._JOBS.update(saved)
