"""URLs of candle.programmes, under /<lang>/programmes/."""

from django.urls import include, path

from . import views

app_name = "programmes"

urlpatterns = [
    path("events/register/", views.register, name="register"),
    path("events/registered/<int:page_id>/", views.registered, name="registered"),
    path("events/cancel/<str:token>/", views.cancel, name="cancel"),
    path("events/pay/<str:token>/", views.pay, name="pay"),
    path("events/payment/<uuid:payment_id>/", views.payment_result, name="payment_result"),
    path("events/<int:page_id>.ics", views.event_calendar, name="event_ics"),
    path("events.ics", views.events_calendar, name="events_ics"),
    path("lectures/", include("candle.programmes.lectures.urls")),
]

# Youth programme applications (candle/programmes/youth/).
from .youth import views as youth_views  # noqa: E402

urlpatterns += [
    path("youth/apply/", youth_views.apply, name="youth_apply"),
    path("youth/applied/<int:page_id>/", youth_views.applied, name="youth_applied"),
    path("youth/guardian/<str:token>/", youth_views.guardian, name="youth_guardian"),
]
