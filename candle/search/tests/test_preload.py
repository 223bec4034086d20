"""The analyser a pre-forking server loads once: it must work in every forked worker, and a
worker must have nothing left to load on its first search."""

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from candle.search import analysis
from candle.search.dictionary import user_dictionary_refresh
from candle.search.models import UserWord
from candle.search.services import analyser_warm

ROOT = Path(__file__).resolve().parents[3]

# Run in a fresh process (Kiwi is loaded once per process): preload and analyse once as the
# server's master does (SearchConfig.ready, services.analyser_warm without its database), fork,
# and analyse in the child a batch (the bulk path a publish takes) and a query.
# The child is killed by an alarm if it hangs, which a Kiwi thread pool inherited over the
# fork made it do.
_FORKED = textwrap.dedent(
    """
    import json, os, signal, sys
    from candle.search import analysis

    words = json.loads(sys.argv[1])
    if words:
        analysis.user_words_apply(words)
    analysis.kiwi_preload()
    analysis.kiwi_get().tokenize("북한인권 보고서를 읽었습니다.")
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:
        signal.alarm(30)
        documents = analysis.analyse_documents(["탈북청소년들의 교육", "강제송환되었다는 소식", "refugees"])
        applied_again = analysis.user_words_apply(words)
        query = [t.tokens for t in analysis.analyse_query("가나다라원에서 북한난민을")]
        os.write(write, json.dumps([documents, applied_again, query]).encode())
        os._exit(0)
    os.close(write)
    _, status = os.waitpid(pid, 0)
    out = os.read(read, 100000).decode()
    print(json.dumps({"status": status, "out": out}))
    """
)


def _forked(words: dict) -> dict:
    done = subprocess.run(  # noqa: S603 - our own code
        [sys.executable, "-c", _FORKED, json.dumps(words)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=180,
        check=True,
    )
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result["status"] == 0, f"the forked worker did not finish (status {result['status']})"
    return json.loads(result["out"])


def test_a_worker_forked_after_the_preload_analyses_a_batch_with_no_user_words():
    # An empty dictionary: nothing rebuilt Kiwi in the worker, which then waited for ever on
    # the first batch (a publish) when the preloaded Kiwi had threads.
    documents, applied_again, query = _forked({})
    assert documents[0].split()[:2] == ["탈북", "청소년"]
    assert "송환" in documents[1].split()
    assert documents[2] == "refuge"
    assert applied_again is False
    assert query[1] == ["북한", "난민"]


def test_a_worker_inherits_the_user_words_and_has_nothing_to_load():
    documents, applied_again, query = _forked({"가나다라원": "NNP"})
    assert documents[0].split()[:2] == ["탈북", "청소년"]
    # the same words again: no rebuild in the worker (which cost it 0.6 s on its first search)
    assert applied_again is False
    assert query[0] == ["가나다라원"]


def test_a_kiwi_built_on_first_use_keeps_a_thread_per_core_for_bulk_indexing():
    # what update_index and the importers get (no preload in a management command)
    done = subprocess.run(  # noqa: S603 - our own code
        [
            sys.executable,
            "-c",
            "from candle.search import analysis\n"
            "print(analysis.kiwi_get().candle_threaded,"
            " analysis.analyse_documents(['탈북청소년들의 교육', '강제송환'])[0])",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=180,
        check=True,
    )
    assert done.stdout.split() == ["True", "탈북", "청소년", "교육"]


@pytest.mark.django_db
def test_analyser_warm_loads_the_dictionary_into_a_kiwi_without_threads():
    UserWord.objects.create(word="마바사아원", tag=UserWord.Tag.PROPER_NOUN)
    try:
        analyser_warm()
        assert analysis.kiwi_is_loaded()
        assert analysis.kiwi_get().candle_threaded is False
        assert analysis.analyse_document("마바사아원에서").split()[0] == "마바사아원"
        # what a worker's first search asks: nothing changed, nothing to rebuild
        assert user_dictionary_refresh(force=True) is False
        # and its bulk path takes one text at a time
        text = "마바사아원의 학생들"
        batch = analysis.analyse_documents([text, "탈북청소년들의 교육", text])
        assert batch == [analysis.analyse_document(text), "탈북 청소년 교육", batch[0]]
        assert batch[0].split()[0] == "마바사아원"
    finally:
        UserWord.objects.filter(word="마바사아원").delete()
        user_dictionary_refresh(force=True)
