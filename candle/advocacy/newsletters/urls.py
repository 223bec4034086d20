"""Newsletter URLs. ``urlpatterns`` go under ``i18n_patterns`` (``/ko/newsletters/…``,
``/en/newsletters/…``); ``webhook_urlpatterns`` at the top level (``/newsletters/anymail/…``),
present only when the webhook secret is set."""

from django.conf import settings
from django.urls import include, path

from . import views
from .webhooks import tracking_urlpatterns

urlpatterns = [
    path("", views.newsletter_archive, name="newsletter_archive"),
    path("<int:issue_id>/", views.newsletter_issue, name="newsletter_issue"),
    path("unsubscribe/<str:token>/", views.newsletter_unsubscribe, name="newsletter_unsubscribe"),
]

webhook_urlpatterns = (
    [path("anymail/", include((tracking_urlpatterns(), "anymail")))]
    if getattr(settings, "ANYMAIL", {}).get("WEBHOOK_SECRET")
    else []
)
