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


def postgres_url() -> str | None:
    """The PostgreSQL the suite runs on, or None when it runs on SQLite."""
    return "postgresql" if connection.vendor == "postgresql" else None
