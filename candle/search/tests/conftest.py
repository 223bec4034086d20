import pytest
from django.db import connection


@pytest.fixture
def labelled_posts(site_tree):
    """The labelled documents as published posts on the Korean news board: key -> page."""
    from candle.pages.services import post_create

    from .labelled import DOCUMENTS

    board = site_tree["ko"].boards["news"]
    return {
        key: post_create(board=board, title=title, summary=body, slug=key)
        for key, (title, body) in DOCUMENTS.items()
    }


@pytest.fixture
def refugees_post(site_tree):
    """One published post on the Korean news board whose title and summary carry 강제송환
    (the kept ranking's and the kept highlights' tests)."""
    from candle.pages.services import post_create

    return post_create(
        board=site_tree["ko"].boards["news"],
        title="강제송환 소식",
        summary="국경에서 강제송환되었다는 소식이 들어왔습니다.",
    )


def postgres_url() -> str | None:
    """The PostgreSQL the suite runs on, or None when it runs on SQLite."""
    return "postgresql" if connection.vendor == "postgresql" else None


@pytest.fixture
def user_words_checked(monkeypatch):
    """The user dictionary checked now and not again during the test.

    Every process checks the dictionary's stamp at most every ``REFRESH_SECONDS`` (10 s), on
    the first search or index write after that (a savepoint, the stamp's query, the release:
    three queries). Which request pays it depends on the wall clock since the process's last
    check, i.e. on the tests run before and the machine's load: a query count taken across
    such a moment saw 7 queries instead of 4 in a full run. Tests that count queries take the
    check out of the count this way."""
    from candle.search import dictionary

    dictionary.user_dictionary_refresh(force=True)
    monkeypatch.setattr(dictionary, "REFRESH_SECONDS", float("inf"))


@pytest.fixture(params=["rum", "gin"] if connection.vendor == "postgresql" else ["sqlite"])
def ranking(request, settings):
    """Each statement the database can run: on PostgreSQL with the RUM index (skipped where the
    server has none) and without it (the GIN fallback)."""
    if request.param == "sqlite":
        yield request.param
        return
    from candle.search.backends import postgres  # importable on PostgreSQL only

    settings.CANDLE_SEARCH_RUM = request.param == "rum"
    postgres.rum_forget()
    if request.param == "rum" and not postgres.rum_available():
        pytest.skip("this PostgreSQL server has no RUM (postgresql-15-rum)")
    yield request.param
    postgres.rum_forget()
