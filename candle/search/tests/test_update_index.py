"""update_index: every core, resumable (nothing written twice), the same index as one process."""

import io

import pytest
from django.core.management import call_command
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
