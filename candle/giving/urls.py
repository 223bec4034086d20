"""URLs of candle.giving, under /<lang>/give/. All private: never cached.

The give page itself (/<lang>/give/) is a Wagtail page (GivePage, slug "give"); nothing here
claims the empty path, so Wagtail serves it."""

from django.urls import path
from django.views.decorators.cache import never_cache

from . import views

app_name = "giving"

urlpatterns = [
    path("donate/", never_cache(views.donation_submit), name="donate"),
    path(
        "test-checkout/<uuid:payment_id>/", never_cache(views.test_checkout), name="test_checkout"
    ),
    path(
        "checkout/<uuid:payment_id>/", never_cache(views.portone_checkout), name="portone_checkout"
    ),
    path("thanks/<uuid:payment_id>/", never_cache(views.thanks), name="thanks"),
    path("dues/<str:token>/", never_cache(views.dues_checkout), name="dues"),
    path("pledges/<int:pledge_id>/stop/", never_cache(views.pledge_stop), name="pledge_stop"),
    path("webhooks/<slug:provider_name>/", never_cache(views.webhook), name="webhook"),
]
