"""update_index: every core, resumable (nothing written twice), the same index as one process."""

import io

import pytest
from django.core.management import call_command
from django.db import connection  # noqa: F401 - read by the skipif conditions
from modelsearch.conf import get_app_config

from candle.pages.services import post_create
from candle.search.backends import indexing
from candle.search.models import IndexCheckpoint

pytestmark = pytest.mark.django_db

TITLES = [
    "강제송환 규탄 성명",
    "탈북청소년 장학금 신청 안내",
    "Refugees in China face forced repatriation",
    "정치범수용소 생존자의 증언",
    "하나원 수료생 정착 지원",
    "유엔 인권이사회 결의안 채택",
    "Volunteers joined the summer camp",
    "이산가족 상봉을 촉구합니다",
]


@pytest.fixture
def posts(site_tree):
    board = site_tree["ko"].boards["news"]
    return [
        post_create(board=board, title=title, summary=f"{title}에 관한 소식을 전합니다.")
        for title in TITLES
    ]


def _index_entry():
    return get_app_config().get_model("IndexEntry")  # wagtail.search's table


def _entries() -> list[tuple]:
    return sorted(
        _index_entry().objects.values_list(
            "content_type_id", "object_id", "title", "body", "autocomplete", "title_norm"
        )
    )


def _run(**options) -> str:
    out = io.StringIO()
    call_command("update_index", stdout=out, stderr=io.StringIO(), chunk_size=3, **options)
    return out.getvalue()


@pytest.fixture
def written(monkeypatch):
    """The (model, pk) of every object the index writes, in order, as often as written."""
    seen: list[tuple[str, object]] = []
    real = indexing.IndexWritesPurgeMixin.add_items

    def recording(self, model, objs):
        objs = list(objs)
        seen.extend((model._meta.label, obj.pk) for obj in objs)
        return real(self, model, objs)

    monkeypatch.setattr(indexing.IndexWritesPurgeMixin, "add_items", recording)
    return seen


def test_a_stopped_run_continues_where_it_stopped_and_writes_nothing_twice(posts, written):
    output = _run(workers=1, limit=5)
    assert "run update_index again to continue" in output
    assert len(written) == 5
    assert IndexCheckpoint.objects.exists()

    first_half = list(written)
    output = _run(workers=1)
    assert "continuing the unfinished run" in output
    assert "indexed" in output
    second_half = written[len(first_half) :]
    assert len(written) == len(set(written)), "an object was indexed twice"
    assert not set(first_half) & set(second_half)
    # every post was written by one of the two runs, and the run's checkpoints are gone
    assert {("pages.PostPage", p.pk) for p in posts} <= {
        (label, pk) for label, pk in written if label == "pages.PostPage"
    }
    assert not IndexCheckpoint.objects.exists()


def test_a_finished_run_leaves_no_checkpoint_and_the_next_one_rebuilds_everything(posts, written):
    _run(workers=1)
    first = len(written)
    _run(workers=1)
    assert len(written) == 2 * first


def test_restart_discards_the_checkpoint(posts, written):
    _run(workers=1, limit=4)
    _run(workers=1, restart=True)
    assert len(written) > len(set(written)), "--restart should have written the first four again"
    assert not IndexCheckpoint.objects.exists()


def test_worker_processes_stopped_and_resumed_give_the_index_of_one_process(posts):
    _run(workers=1)
    single = _entries()
    assert any("송환" in (body or "") for *_, body, _a, _n in single)

    _index_entry().objects.all().delete()
    _run(workers=2, limit=6)
    assert len(_entries()) < len(single)
    _run(workers=2)
    assert _entries() == single


def test_the_index_answers_after_a_resumed_run(posts):
    from candle.pages.models import PostPage

    _run(workers=1, limit=2)
    _run(workers=1)
    assert [p.pk for p in PostPage.objects.search("송환")] == [posts[0].pk]


def test_the_title_norms_set_once_at_the_end_are_modelsearchs(posts):
    """The run leaves the per-chunk refresh of the norms out and sets every entry's at its
    end: refreshing them all again afterwards changes none (SQLite and PostgreSQL)."""
    from modelsearch.backends import get_search_backend

    from candle.pages.models import PostPage

    _index_entry().objects.all().delete()
    _run(workers=1)
    written = _entries()
    get_search_backend().get_index_for_model(PostPage)._refresh_title_norms(full=True)
    assert _entries() == written
    assert any(norm != 1.0 for *_, norm in written)


def _indexes_seen(monkeypatch) -> list[bool]:
    """Whether the search indexes were all there at each index write."""
    from django.db import connection

    from candle.search.backends.bulk_indexes import search_indexes_complete

    seen: list[bool] = []
    real = indexing.IndexWritesPurgeMixin.add_items

    def recording(self, model, objs):
        seen.append(search_indexes_complete(connection))
        return real(self, model, objs)

    monkeypatch.setattr(indexing.IndexWritesPurgeMixin, "add_items", recording)
    return seen


@pytest.mark.skipif("connection.vendor != 'postgresql'")
@pytest.mark.parametrize("limit", [None, 5])
def test_a_first_build_writes_without_the_search_indexes_and_builds_them_at_its_end(
    posts, monkeypatch, limit
):
    from django.db import connection

    from candle.pages.models import PostPage
    from candle.search.backends.bulk_indexes import search_indexes_complete

    _index_entry().objects.all().delete()
    seen = _indexes_seen(monkeypatch)
    _run(workers=1, **({"limit": limit} if limit else {}))
    assert seen and not any(seen), "the entries were written with the indexes in place"
    # finished or stopped, the run leaves every index there
    assert search_indexes_complete(connection)
    if limit is None:
        assert [p.pk for p in PostPage.objects.search("송환")] == [posts[0].pk]


@pytest.mark.skipif("connection.vendor != 'postgresql'")
def test_a_run_over_a_live_index_keeps_its_search_indexes(posts, monkeypatch):
    seen = _indexes_seen(monkeypatch)
    _run(workers=1)
    assert seen and all(seen)


@pytest.mark.skipif("connection.vendor != 'postgresql'")
def test_the_vocabulary_trigger_is_on_again_after_the_norms(posts):
    """The rebuild's norms are set with the vocabulary's update trigger off; it is on after,
    and a title changed later still adds its words to the vocabulary."""
    from candle.search.backends.postgres import VOCABULARY_UPDATE_TRIGGER

    _run(workers=1)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT tgenabled FROM pg_trigger WHERE tgname = %s", [VOCABULARY_UPDATE_TRIGGER]
        )
        assert cursor.fetchone() == ("O",)
    from modelsearch.backends import get_search_backend

    missing = (
        "SELECT count(*) FROM wagtailsearch_indexentry e, unnest(tsvector_to_array(e.title)) w "
        "WHERE e.object_id = %s AND w NOT IN (SELECT lexeme FROM candle_search_lexeme)"
    )
    post = posts[0]
    post.title = "무지개다리 건너편 소식"
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM candle_search_lexeme WHERE lexeme IN ('무지개', '무지개다리')"
        )
        assert cursor.fetchone() == (0,)
    get_search_backend().add(post)  # the entry is there: updated, not inserted
    with connection.cursor() as cursor:
        cursor.execute(missing, [str(post.pk)])
        assert cursor.fetchone() == (0,)
        cursor.execute(
            "SELECT count(*) FROM candle_search_lexeme WHERE lexeme IN ('무지개', '무지개다리')"
        )
        assert cursor.fetchone()[0] >= 1


def test_a_run_stopped_by_sigterm_cleans_up_as_ctrl_c_does(posts, monkeypatch):
    """A deploy's SIGTERM ends the run through its clean-up: what it wrote keeps its norms
    and, on PostgreSQL, a first build's search indexes are built again; the next run
    continues after it."""
    import os
    import signal

    _index_entry().objects.all().delete()
    real = indexing.IndexWritesPurgeMixin.add_items

    def terminated(self, model, objs):
        result = real(self, model, objs)
        if model._meta.label == "pages.PostPage":
            os.kill(os.getpid(), signal.SIGTERM)
        return result

    monkeypatch.setattr(indexing.IndexWritesPurgeMixin, "add_items", terminated)
    with pytest.raises(SystemExit):
        _run(workers=1)
    assert IndexCheckpoint.objects.exists()
    if connection.vendor == "postgresql":
        from candle.search.backends.bulk_indexes import search_indexes_complete

        assert search_indexes_complete(connection)
    monkeypatch.setattr(indexing.IndexWritesPurgeMixin, "add_items", real)
    assert "continuing the unfinished run" in _run(workers=1)
    assert len(_entries()) >= len(posts)
