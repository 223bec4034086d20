"""URLs of candle.advocacy, under /<lang>/advocacy/. Forms and links are private (never
cached); the count is public and cached for ten seconds."""

from django.urls import path

from . import appeal_views

app_name = "advocacy"

urlpatterns = [
    path("appeals/<int:page_id>/sign/", appeal_views.sign, name="sign"),
    path("appeals/<int:page_id>/signed/", appeal_views.signed, name="signed"),
    path("appeals/<int:page_id>/count/", appeal_views.count, name="count"),
    path(
        "appeals/<int:page_id>/organisations/",
        appeal_views.organisation_sign,
        name="organisation_sign",
    ),
    path("appeals/confirm/<str:token>/", appeal_views.confirm, name="signature_confirm"),
]
