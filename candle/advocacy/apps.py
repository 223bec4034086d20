from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AdvocacyConfig(AppConfig):
    name = "candle.advocacy"
    label = "advocacy"
    verbose_name = _("Advocacy")

    def ready(self):
        from .newsletters.setup import newsletters_ready

        newsletters_ready()
