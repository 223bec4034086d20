"""Admin screens of personal data answer only to staff allowed to read it.

Wagtail checks permissions in its listing, edit, inspect, usage and history views, but not in
the chooser a snippet gets (choose, results, chosen, chosen-multiple: anyone with admin access
could list every supporter and turn an id into a name), and its bulk-delete page names every
object asked for, including those the user may not touch (``?id=all`` names them all).

So a viewset of personal data (supporters, giving) is built with ``PersonalDataViewSetMixin``
(or ``PersonalDataSnippetViewSet``): every URL it registers — its own, any a subclass adds, and
its snippet chooser's — first asks the model's registered permission policy whether the user
may ``view`` or ``change`` the model, and answers a refusal otherwise (Wagtail's redirect to the
dashboard, 403 to a chooser's XHR). Wagtail's own checks (add, change, delete…) still follow.
The snippet bulk delete of these models gets the same check (``wagtail_hooks.py``).

``candle/core/tests/test_personal_data_admin_access.py`` walks every admin URL of the apps that
hold personal data, found from the URL resolver, as staff without permission: a new screen is
tested without being listed anywhere.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.core.exceptions import PermissionDenied
from django.db.models import Model
from django.utils.functional import classproperty
from wagtail.coreutils import resolve_model_string
from wagtail.permissions import policy_registry
from wagtail.snippets.bulk_actions.delete import DeleteBulkAction
from wagtail.snippets.models import get_snippet_models
from wagtail.snippets.views.chooser import SnippetChooserViewSet
from wagtail.snippets.views.snippets import SnippetViewSet
from wagtail.utils.urlpatterns import decorate_urlpatterns

READ_ACTIONS = ("view", "change")


def personal_data_user_can_read(*, user, model: type[Model]) -> bool:
    """Whether the model's permission policy lets the user view or change its rows."""
    policy = policy_registry.get_by_type(model)
    return bool(user.is_active and policy.user_has_any_permission(user, READ_ACTIONS))


def personal_data_view(view: Callable, *, model: type[Model] | str) -> Callable:
    """The view, refused (PermissionDenied) to a user who may not read the model's rows."""

    @wraps(view)
    def guarded(request, *args, **kwargs):
        if not personal_data_user_can_read(user=request.user, model=resolve_model_string(model)):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return guarded


class PersonalDataViewSetMixin:
    """Every URL of the viewset requires permission to view or change its model.

    The instance's ``get_urlpatterns`` is wrapped when the viewset is made, so URLs a subclass
    adds in its own ``get_urlpatterns`` are guarded too."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        unguarded = self.get_urlpatterns

        def get_urlpatterns():
            return decorate_urlpatterns(
                unguarded(), lambda view: personal_data_view(view, model=self.model)
            )

        self.get_urlpatterns = get_urlpatterns


class PersonalDataChooserViewSet(PersonalDataViewSetMixin, SnippetChooserViewSet):
    """A snippet chooser (choose, results, chosen, chosen-multiple, create) behind the check."""


class PersonalDataSnippetViewSet(PersonalDataViewSetMixin, SnippetViewSet):
    """A snippet viewset of personal data: its views and its chooser behind the check."""

    chooser_viewset_class = PersonalDataChooserViewSet


class PersonalDataDeleteBulkAction(DeleteBulkAction):
    """Wagtail's snippet bulk delete, refused to users who may not read the model: its
    confirmation page names the objects asked for, even those the user may not delete."""

    @classproperty
    def models(cls):
        return [
            model
            for model in get_snippet_models()
            if isinstance(getattr(model, "snippet_viewset", None), PersonalDataViewSetMixin)
        ]

    def dispatch(self, request, *args, **kwargs):
        if not personal_data_user_can_read(user=request.user, model=self.model):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)
