from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PagesConfig(AppConfig):
    name = "candle.pages"
    label = "pages"
    verbose_name = _("Public site")

    def ready(self) -> None:
        from . import signals  # noqa: F401
