import sys

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "candle.search"
    label = "candle_search"
    verbose_name = _("Search")

    def ready(self) -> None:
        from django.conf import settings

        from . import checks, signals  # noqa: F401 - checks registers itself

        signals.post_save_index_install()

        command = sys.argv[1] if len(sys.argv) > 1 and sys.argv[0].endswith("manage.py") else None
        if getattr(settings, "CANDLE_SEARCH_PRELOAD_KIWI", False) and command in (
            None,
            "runserver",
        ):
            # Load Kiwi once, now, so a pre-forking server shares its ~300 MiB between workers
            # instead of each worker loading its own; built without threads, which a fork
            # does not carry over (analysis.kiwi_preload). The server then loads the user
            # dictionary into it before forking (services.analyser_warm); not here, where the
            # database may not be ready.
            from .analysis import kiwi_preload

            kiwi_preload()
