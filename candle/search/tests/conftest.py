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
