from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AdvocacyConfig(AppConfig):
    """Urgent appeals, petitions, joint sign-ons, their delivery; newsletters."""

    name = "candle.advocacy"
    label = "advocacy"
    verbose_name = _("Advocacy")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from candle.supporters import registry

        from . import signatures
        from .newsletters.setup import newsletters_ready
        from .signable import signable_connect

        registry.forget_hook(signatures.signatures_forget)
        newsletters_ready()
        signable_connect()
