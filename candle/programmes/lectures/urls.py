"""Public URLs of lecture booking, under /<lang>/programmes/lectures/ (in the ``programmes``
namespace)."""

from django.urls import path

from . import views

urlpatterns = [
    path("request/", views.request_form, name="lecture_request"),
    path("requested/", views.requested, name="lecture_requested"),
    path("survey/<str:token>/", views.survey, name="lecture_survey"),
]
