"""URLs of candle.supporters, under /<lang>/supporters/. All private (never cached)."""

from django.urls import path

from . import views

app_name = "supporters"

urlpatterns = [
    path("join/", views.join, name="join"),
    path("join/sent/", views.join_sent, name="join_sent"),
    path("join/confirm/<str:token>/", views.join_confirm, name="join_confirm"),
    path("join/thanks/", views.join_done, name="join_done"),
    path("me/", views.access_request, name="access_request"),
    path("me/sent/", views.access_sent, name="access_sent"),
    path("me/open/<str:token>/", views.access_open, name="access"),
    path("me/account/", views.account, name="account"),
    path("me/email/<str:token>/", views.email_confirm, name="email_confirm"),
    path("me/sign-out/", views.sign_out, name="sign_out"),
]
