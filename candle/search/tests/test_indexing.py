"""How often a page is analysed: once per field per index run, and not on bookkeeping saves."""

from unittest import mock

import pytest
from django.db import connection  # noqa: F401 - read by the skipif conditions
from wagtail.search import index

from candle.search.backends import indexing


@pytest.fixture
def post(site_tree):
    from candle.pages.services import post_create

    return post_create(
        board=site_tree["ko"].boards["news"],
        title="탈북청소년 교육 지원",
        summary="하나원 수료생의 정착",
    )


def _counting():
    calls = []
    real = indexing.analyse_document

    def counted(text):
        calls.append(text)
        return real(text)

    return calls, mock.patch.object(indexing, "analyse_document", counted)


@pytest.mark.django_db
def test_each_field_is_analysed_once_per_index_run(post):
    calls, patch = _counting()
    with patch:
        index.insert_or_update_object(post)
    # modelsearch reads the fields three times (title, body, autocomplete); Kiwi runs once each,
    # and once for the title, which is both a SearchField and an AutocompleteField
    assert calls, "indexing analysed nothing"
    assert calls.count("하나원 수료생의 정착") == 1
    assert calls.count("탈북청소년 교육 지원") == 1


@pytest.mark.django_db
def test_the_index_still_finds_what_was_analysed_once(post):
    from wagtail.models import Page

    assert post.pk in set(
        Page.objects.live().search("수료생").get_queryset().values_list("pk", flat=True)
    )
    assert post.pk in set(
        Page.objects.live().search("탈북").get_queryset().values_list("pk", flat=True)
    )


@pytest.mark.django_db
def test_save_revision_does_not_reindex_but_publishing_does(post):
    calls, patch = _counting()
    post.summary = "제네바 유엔 회의"
    with patch:
        revision = post.save_revision()
    assert calls == [], "a draft revision (bookkeeping columns only) was reindexed"
    with patch:
        revision.publish()
    assert "제네바 유엔 회의" in calls


def test_batch_analysis_gives_what_one_by_one_gives():
    from candle.search.analysis import analyse_document, analyse_documents

    texts = [
        "북한인권시민연합은 탈북청소년들의 교육을 돕습니다.",
        "Refugees in China",
        "",
        "하나원 WGEID 2024년",
        "😀",
        "Refugees in China",  # repeated texts are analysed once and given back in place
        "북한인권시민연합은 탈북청소년들의 교육을 돕습니다.",
    ]
    assert analyse_documents(texts) == [analyse_document(text) for text in texts]
    assert "탈북" in analyse_documents(texts)[0]


@pytest.mark.django_db
def test_bulk_indexing_finds_the_same_as_one_by_one(site_tree):
    from wagtail.models import Page
    from wagtail.search.backends import get_search_backend

    from candle.pages.models import PostPage
    from candle.pages.services import post_create

    board = site_tree["ko"].boards["news"]
    posts = [
        post_create(
            board=board, title=f"정착 지원 소식 {n}", summary=f"제{n}기 수료생들이 강제송환되었다는"
        )
        for n in range(3)
    ]
    backend = get_search_backend()

    def found() -> set[int]:
        return set(
            Page.objects.live().search("강제송환").get_queryset().values_list("pk", flat=True)
        )

    for post in posts:
        backend.delete(post)
    assert not found() & {p.pk for p in posts}
    calls, patch = _counting()
    with patch:  # the batch path does not go through analyse_document one field at a time
        backend.add_bulk(PostPage, list(PostPage.objects.filter(pk__in=[p.pk for p in posts])))
    assert "제1기 수료생들이 강제송환되었다는" not in calls
    assert {p.pk for p in posts} <= found()


@pytest.mark.django_db
@pytest.mark.skipif("connection.vendor != 'postgresql'")
def test_postgres_index_entries_keep_no_text_copies(post):
    """modelsearch's plain-text mirrors (for its unused Fuzzy query) stay empty: they made
    every index entry, which a common word's ranking reads, a third larger."""
    from modelsearch.conf import get_app_config

    index_entries = get_app_config().get_model("IndexEntry").objects
    entry = index_entries.get(object_id=str(post.pk))
    assert (entry.title_text, entry.body_text) == ("", "")
    assert entry.body  # the tsvector the search reads is still there


@pytest.mark.django_db
@pytest.mark.skipif("connection.vendor != 'postgresql'")
@pytest.mark.parametrize(
    ("texts", "for_autocomplete"),
    [
        ([("탈북 청소년", "A")], False),
        ([("탈북 청소년", "A"), ("정착 지원", "B"), ("  ", "C"), ("refuge", "B")], False),
        ([("", "A"), ("하나원 수료생", "D")], True),
        ([("  ", "A")], False),
    ],
)
def test_postgres_vectors_compiled_once_per_shape_are_modelsearchs(post, texts, for_autocomplete):
    """The tsvector SQL compiled once per shape and reused with each entry's texts is the very
    statement and values modelsearch compiles for that entry."""
    from django.db.models.sql.subqueries import InsertQuery
    from modelsearch.backends import get_search_backend
    from modelsearch.backends.database.postgres import postgres as pg

    from candle.search.backends.postgres import PostgresObjectIndexer

    backend = get_search_backend()
    field = pg.IndexEntry._meta.get_field("body")

    def compiled(vector):
        compiler = InsertQuery(pg.IndexEntry).get_compiler(connection=connection)
        return compiler.prepare_value(field, vector).as_sql(compiler, connection)

    ours = PostgresObjectIndexer(post, backend)
    for _ in range(2):  # compiled the first time, reused the second
        assert compiled(ours.as_vector(texts, for_autocomplete)) == compiled(
            pg.ObjectIndexer.as_vector(ours, texts, for_autocomplete)
        )
