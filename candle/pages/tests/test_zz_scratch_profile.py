import cProfile, io, pstats, time, os
import pytest
from candle.pages.factories import category, post_make

pytestmark = pytest.mark.django_db


def test_profile(client, site_tree, data_cache_on):
    ko = site_tree["ko"]
    cat = category("un")
    posts = [post_make(ko.boards["news"], title=f"소식 {n}", days_ago=n, categories=[cat]) for n in range(40)]
    urls = {"board": ko.boards["news"].url, "post": posts[3].url, "home": "/ko/"}
    for u in urls.values():
        for _ in range(5):
            assert client.get(u).status_code == 200
    for name, u in urls.items():
        t = time.process_time()
        for _ in range(50):
            client.get(u)
        print(name, (time.process_time() - t) * 1000 / 50, "ms")
    which = os.environ.get("PROF", "board")
    pr = cProfile.Profile()
    pr.enable()
    for _ in range(100):
        client.get(urls[which])
    pr.disable()
    s = io.StringIO()
    pstats.Stats(pr, stream=s).sort_stats(os.environ.get("SORT", "cumulative")).print_stats(90)
    print(s.getvalue())
