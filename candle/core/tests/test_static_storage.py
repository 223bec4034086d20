import json

import pytest

from candle.core.static_storage import CandleStaticFilesStorage


@pytest.fixture
def storage(tmp_path):
    (tmp_path / "staticfiles.json").write_text(
        json.dumps(
            {"paths": {"css/candle.css": "css/candle.0123abcd.css"}, "version": "1.1", "hash": "x"}
        )
    )
    return CandleStaticFilesStorage(location=str(tmp_path), base_url="/static/")


def test_an_address_is_the_hashed_one_and_is_remembered(storage, settings):
    settings.DEBUG = False
    assert storage.url("css/candle.css") == "/static/css/candle.0123abcd.css"
    storage.hashed_files["css/candle.css"] = "css/candle.ffff.css"  # as if the manifest changed
    assert storage.url("css/candle.css") == "/static/css/candle.0123abcd.css"


def test_with_debug_nothing_is_remembered(storage, settings):
    settings.DEBUG = True
    assert (
        storage.url("css/candle.css") == "/static/css/candle.css"
    )  # Django serves names as they are
    settings.DEBUG = False
    assert storage.url("css/candle.css") == "/static/css/candle.0123abcd.css"


def test_a_name_missing_from_the_manifest_fails_every_time(storage, settings):
    settings.DEBUG = False
    for _ in range(2):  # the error is not remembered as an address
        with pytest.raises(ValueError, match="Missing staticfiles manifest entry"):
            storage.url("css/missing.css")
