from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OperationsConfig(AppConfig):
    name = "candle.operations"
    label = "operations"
    verbose_name = _("Operations")

    def ready(self):
        from candle.supporters import registry

        from .mail import outbox_sweep

        # Sent mail is removed after CANDLE_EMAIL_OUTBOX_KEEP_DAYS by the daily retention run.
        registry.sweep_hook(outbox_sweep)
