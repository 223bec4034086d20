"""Where a cold search request's time goes: cProfile of N requests, each a new query.

    DATABASE_URL=... python -m bench.search_profile [N]

The requests go through Django's test client (the whole stack below the app server: the
middleware, the view, the selectors, the template), with the production settings, the page
cache off and nothing kept (``CANDLE_SEARCH_RESULTS_SECONDS=0``); each asks a different
word of the bench corpus (``bench/search_corpus.py``) on /ko/search/, so neither a kept result
nor the analyser's memo helps. Ten requests first, not profiled, start the process (Kiwi,
the user dictionary, the templates). Prints the functions by cumulative and by own time.
Used for docs/subsystems/search.md, "Measuring".
"""

from __future__ import annotations

import cProfile
import io
import os
import pstats
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main(count: int) -> None:
    sys.path.insert(0, str(ROOT))
    from bench.web import _base_env

    for key, value in _base_env(ROOT / "var" / "bench").items():
        if key.startswith(("CANDLE_", "DJANGO_")):
            os.environ.setdefault(key, value)
    os.environ["CANDLE_SEARCH_RESULTS_SECONDS"] = "0"
    os.environ["CANDLE_PAGE_CACHE_ENABLED"] = "0"
    static = ROOT / "var" / "bench" / "run" / "static"  # bench/web.py's collected files
    os.environ["CANDLE_STATIC_ROOT"] = str(static)
    import django

    django.setup()
    if not (static / "staticfiles.json").exists():
        from django.core.management import call_command

        call_command("collectstatic", interactive=False, verbosity=0)
    from django.test import Client

    from bench.search_corpus import KO_NOUNS, KO_VERBAL_NOUNS

    words = list(dict.fromkeys(KO_NOUNS + KO_VERBAL_NOUNS))
    client = Client(HTTP_HOST="127.0.0.1")
    for word in words[:10]:
        assert client.get("/ko/search/", {"q": word}).status_code == 200
    asked = words[10 : 10 + count]
    profile = cProfile.Profile()
    started = time.perf_counter()
    profile.enable()
    for word in asked:
        client.get("/ko/search/", {"q": word})
    profile.disable()
    elapsed = time.perf_counter() - started
    if os.environ.get("CANDLE_PROFILE_OUT"):  # for pstats / snakeviz
        profile.dump_stats(os.environ["CANDLE_PROFILE_OUT"])
    print(f"{len(asked)} cold requests, {elapsed / len(asked) * 1000:.1f} ms each (profiled)")
    for order in ("cumulative", "tottime"):
        out = io.StringIO()
        pstats.Stats(profile, stream=out).sort_stats(order).print_stats(35)
        print(out.getvalue())


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 200)
