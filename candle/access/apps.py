from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccessConfig(AppConfig):
    name = "candle.access"
    label = "access"
    verbose_name = _("Staff access")

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from .sessions import session_signed_in

        user_logged_in.connect(session_signed_in, dispatch_uid="candle_access_session_signed_in")
