from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgrammesConfig(AppConfig):
    name = "candle.programmes"
    label = "programmes"
    verbose_name = _("Programmes")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from candle.supporters.registry import forget_hook, merge_hook, sweep_hook

        from .services import registrations_forget, registrations_merge, registrations_sweep

        forget_hook(registrations_forget)
        merge_hook(registrations_merge)
        sweep_hook(registrations_sweep)

        from wagtail.signals import page_published

        from .models import EventPage
        from .signals import event_published

        page_published.connect(event_published, sender=EventPage)

        from candle.operations.schedule import Every, job_register

        from .payments import payment_handler_register

        payment_handler_register()  # event fees through giving's payment flow
        job_register(
            "programmes.event_holds_expire",
            Every(minutes=5),
            "candle.programmes.services.event_holds_expire",
        )
        from .lectures.apps import lectures_ready

        lectures_ready()
        # Youth programme applications: retention and the guardian reminder, once a day.
        from candle.operations.schedule import Daily, job_register

        job_register(
            "programmes.youth_retention",
            Daily(at="03:20"),
            "candle.programmes.youth.services.applications_retention_job",
        )
