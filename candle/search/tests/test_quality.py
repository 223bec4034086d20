"""Search quality over the labelled set, on whichever database the suite runs on
(`make test` runs it on SQLite and again on PostgreSQL)."""

import pytest

from candle.pages.models import PostPage

from .labelled import QUERIES

pytestmark = pytest.mark.django_db


def _found(query: str, posts: dict) -> set[str]:
    keys = {page.pk: key for key, page in posts.items()}
    return {keys[page.pk] for page in PostPage.objects.live().search(query) if page.pk in keys}


def test_labelled_set_recall_and_precision(labelled_posts, ranking):
    """On SQLite; on PostgreSQL with the RUM index and without it (the GIN fallback)."""
    assert len(QUERIES) >= 30
    expected_total = hits = returned_total = 0
    misses, extras = [], []
    for query, must, must_not in QUERIES:
        found = _found(query, labelled_posts)
        expected_total += len(must)
        hits += len(found & must)
        returned_total += len(found)
        if must - found:
            misses.append((query, sorted(must - found)))
        if found - must:
            extras.append((query, sorted(found - must)))
        assert not (found & must_not), f"trap: {query!r} found {sorted(found & must_not)}"
    recall = hits / expected_total
    precision = hits / returned_total
    assert recall >= 0.98, f"recall {recall:.3f}; missed {misses}"
    assert precision >= 0.99, f"precision {precision:.3f}; extra {extras}"


@pytest.mark.parametrize(
    ("query", "trap"),
    [("북청", "d02"), ("주의", "d04"), ("camp", "d08"), ("camp", "d10"), ("war", "d08")],
)
def test_trap_words_do_not_match_inside_other_words(labelled_posts, query, trap):
    assert trap not in _found(query, labelled_posts)


@pytest.mark.parametrize(
    ("query", "document"),
    [("구호물자", "d23"), ("이산가족", "d24"), ("북한이탈주민", "d25"), ("자원봉사자", "d26")],
)
def test_a_compound_noun_is_found_however_kiwi_splits_it(labelled_posts, query, document):
    """Kiwi splits these compounds one way in the document's sentence and the other way in
    the query word alone (labelled.py, d23-d26); the query asks for both splits."""
    assert document in _found(query, labelled_posts)
