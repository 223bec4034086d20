"""Who may see a programme's applications: staff holding ``programmes.view_application`` who
are members of the programme's reviewing group. Superusers too must be in the group (least
access: a superuser who needs to review adds themselves, and that change of access is logged).
Everyone else gets the same 404 as for an application that does not exist."""

from __future__ import annotations

from django.http import Http404

from .models import Application, YouthProgrammePage

VIEW_PERMISSION = "programmes.view_application"
CHANGE_PERMISSION = "programmes.change_application"


def programmes_for_user(user):
    """The (Korean original) programmes whose applications the user may see."""
    if not (user.is_active and user.has_perm(VIEW_PERMISSION)):
        return YouthProgrammePage.objects.none()
    return YouthProgrammePage.objects.filter(
        locale__language_code="ko", reviewer_group__in=user.groups.all()
    )


def programme_get_for_user(*, user, programme_id: int) -> YouthProgrammePage:
    programme = programmes_for_user(user).filter(pk=programme_id).first()
    if programme is None:
        raise Http404
    return programme


def application_get_for_user(*, user, application_id: int) -> Application:
    application = (
        Application.objects.select_related("programme")
        .filter(pk=application_id, programme__in=programmes_for_user(user))
        .first()
    )
    if application is None:
        raise Http404
    return application
