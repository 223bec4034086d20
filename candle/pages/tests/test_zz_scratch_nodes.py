import time, collections
import pytest
from candle.pages.factories import category, post_make

pytestmark = pytest.mark.django_db


def test_nodes(client, site_tree, data_cache_on):
    from django.template import base as tb
    ko = site_tree["ko"]
    cat = category("un")
    posts = [post_make(ko.boards["news"], title=f"소식 {n}", days_ago=n, categories=[cat]) for n in range(40)]
    urls = {"board": ko.boards["news"].url, "post": posts[3].url, "home": "/ko/"}
    for u in urls.values():
        for _ in range(5):
            assert client.get(u).status_code == 200
    acc = collections.defaultdict(float)
    orig = tb.Node.render_annotated
    depth = [0]
    def ra(self, context):
        depth[0] += 1
        t = time.perf_counter()
        try:
            return orig(self, context)
        finally:
            dt = time.perf_counter() - t
            depth[0] -= 1
            name = getattr(self.origin, "template_name", "?")
            if name in ("base.html",) and depth[0] <= 3:
                acc[(name, self.token.lineno if self.token else 0, type(self).__name__, (self.token.contents[:50] if self.token else ""))] += dt
    tb.Node.render_annotated = ra
    try:
        for name, u in urls.items():
            acc.clear()
            t = time.perf_counter()
            for _ in range(50):
                client.get(u)
            total = (time.perf_counter() - t) * 1000 / 50
            print("\n==", name, f"{total:.2f} ms/req")
            for k, v in sorted(acc.items(), key=lambda kv: -kv[1])[:25]:
                print(f"{v*1000/50:7.3f} ms", k)
    finally:
        tb.Node.render_annotated = orig
