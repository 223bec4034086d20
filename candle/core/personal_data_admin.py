"""Admin screens of personal data answer only to staff allowed to read it.

Wagtail checks permissions in its listing, edit, inspect, usage and history views, but not in
the chooser a snippet gets (choose, results, chosen, chosen-multiple: anyone with admin access
could list every supporter and turn an id into a name). Some URLs name the model in their path
and show its rows to anyone with admin access too: Wagtail's bulk-delete page names every
object asked for (``?id=all``: all of them), wagtail-localize's snippet API
(``/admin/localize/api/snippets/<app>/<model>/``) lists every row's title.

Two guards, one rule: the user must be allowed to ``view`` or ``change`` the model by its
registered permission policy; otherwise the answer is Wagtail's refusal (a redirect to the
dashboard; 403 to a chooser's XHR). Wagtail's own checks (add, change, delete…) still follow.

- A viewset of personal data (supporters, giving) is built with ``PersonalDataViewSetMixin``
  (snippets: ``PersonalDataSnippetViewSet``). Every URL it registers — its own, any a subclass
  adds, and its snippet chooser's — is guarded, and its model is recorded as personal data.
- Every view of one record through such a viewset (edit, inspect, history) is written to the
  audit log as ``record.view`` before the view runs, once the user is let in
  (``personal_data_view_recorded``): supporters, gifts and any later viewset are covered
  without calling ``record()`` themselves.
- ``PersonalDataAdminMiddleware`` guards every URL whose path names such a model
  (``<app_label>/<model_name>`` and the like), whoever registered it, and drops from Wagtail's
  tag autocomplete the tags used only on such models the user may not read (supporters' tags
  are staff's labels for people, and share taggit's ``Tag`` model with images and documents).

``candle/core/tests/test_personal_data_admin_access.py`` walks every admin URL of the apps that
hold personal data and every URL that takes a model, both found from the URL resolver, as staff
without permission: a new screen is tested without being listed anywhere.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from functools import wraps

from django.apps import apps
from django.core.exceptions import PermissionDenied
from django.db.models import Model
from django.http import JsonResponse
from django.utils.functional import cached_property
from taggit.models import ItemBase, Tag, TagBase
from wagtail.admin.auth import permission_denied
from wagtail.admin.menu import MenuItem
from wagtail.coreutils import resolve_model_string
from wagtail.permissions import policy_registry
from wagtail.snippets.views.chooser import SnippetChooserViewSet
from wagtail.snippets.views.snippets import SnippetViewSet
from wagtail.utils.urlpatterns import decorate_urlpatterns

READ_ACTIONS = ("view", "change")

# Views of one record (by the URL names Wagtail's viewsets give them) that show its contents.
RECORD_VIEW_NAMES = ("edit", "inspect", "history")

# Models whose viewset is built with PersonalDataViewSetMixin (filled as viewsets register).
_personal_data_models: set[type[Model]] = set()

# Path parameters naming a model: Wagtail's bulk actions, editing sessions, tag autocomplete, page
# type usage; wagtail-localize's snippet API and snippet translation.
_MODEL_PARAMETERS = (
    ("app_label", "model_name"),
    ("app_name", "model_name"),
    ("content_type_app_name", "content_type_model_name"),
)


def personal_data_model_is(model: type[Model]) -> bool:
    """Whether the model is shown by a viewset built with PersonalDataViewSetMixin."""
    return model in _personal_data_models


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


def personal_data_view_recorded(view: Callable, *, model: type[Model] | str) -> Callable:
    """The view of one record, written to the audit log (``record.view``) before it runs, so
    the entry exists even if the page then fails. The record is named by its key in the URL;
    it is not read here (an unknown key is logged as the attempt it is, then answered 404)."""

    @wraps(view)
    def recorded(request, *args, **kwargs):
        from django.contrib.admin.utils import unquote

        from candle.audit.log import record

        pk = kwargs.get("pk", args[0] if args else None)
        if pk is not None and request.method in ("GET", "HEAD", "POST"):
            target = resolve_model_string(model)(pk=unquote(str(pk)))
            record("record.view", request=request, target=target)
        return view(request, *args, **kwargs)

    return recorded


def _record_views(patterns, *, model) -> list:
    for pattern in patterns:
        if getattr(pattern, "name", None) in RECORD_VIEW_NAMES:
            pattern.callback = personal_data_view_recorded(pattern.callback, model=model)
    return patterns


class PersonalDataViewSetMixin:
    """Every URL of the viewset requires permission to view or change its model, and every
    view of one record is written to the audit log.

    The instance's ``get_urlpatterns`` is wrapped when the viewset is made, so URLs a subclass
    adds in its own ``get_urlpatterns`` are guarded too."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        unguarded = self.get_urlpatterns

        def get_urlpatterns():
            recorded = _record_views(unguarded(), model=self.model)
            return decorate_urlpatterns(
                recorded, lambda view: personal_data_view(view, model=self.model)
            )

        self.get_urlpatterns = get_urlpatterns

    def on_register(self):
        super().on_register()
        _personal_data_models.add(resolve_model_string(self.model))

    @cached_property
    def menu_item_class(self):
        """The menu item shows to the same users as the screens (Wagtail's shows it to users who
        may only add or only delete, who would be refused)."""
        model = self.model

        class PersonalDataMenuItem(MenuItem):
            def is_shown(self, request):
                return personal_data_user_can_read(
                    user=request.user, model=resolve_model_string(model)
                )

        return PersonalDataMenuItem


class PersonalDataChooserViewSet(PersonalDataViewSetMixin, SnippetChooserViewSet):
    """A snippet chooser (choose, results, chosen, chosen-multiple, create) behind the check."""


class PersonalDataSnippetViewSet(PersonalDataViewSetMixin, SnippetViewSet):
    """A snippet viewset of personal data: its views and its chooser behind the check."""

    chooser_viewset_class = PersonalDataChooserViewSet


_TAG_AUTOCOMPLETE = ("wagtailadmin_tag_autocomplete", "wagtailadmin_tag_model_autocomplete")


def _tag_names_hidden(*, user, tag_model: type[Model], names: list[str]) -> set[str]:
    """Of these tag names, those used only on personal data the user may not read. Tags are
    staff's labels for people (and may name them); a tag also used elsewhere stays shown."""
    personal, elsewhere = set(), set()
    for through in apps.get_models():
        if not (issubclass(through, ItemBase) and through.tag_model() is tag_model):
            continue
        model = getattr(through._meta.get_field("content_object"), "related_model", None)
        used = set(through.objects.filter(tag__name__in=names).values_list("tag__name", flat=True))
        if model is not None and personal_data_model_is(model):
            if not personal_data_user_can_read(user=user, model=model):
                personal |= used
        else:
            elsewhere |= used
    return personal - elsewhere


def _model_named(view_kwargs: dict) -> type[Model] | None:
    for app_key, model_key in _MODEL_PARAMETERS:
        if app_key in view_kwargs and model_key in view_kwargs:
            try:
                return apps.get_model(view_kwargs[app_key], view_kwargs[model_key])
            except (LookupError, ValueError):
                return None
    return None


class PersonalDataAdminMiddleware:
    """Refuses a URL whose path names a personal-data model to users who may not read it.

    Placed after the authentication and message middleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        model = _model_named(view_kwargs)
        if getattr(request.resolver_match, "url_name", None) in _TAG_AUTOCOMPLETE:
            return self._tags(request, view_func, view_args, view_kwargs, model or Tag)
        if model is None or not personal_data_model_is(model):
            return None
        if personal_data_user_can_read(user=request.user, model=model):
            return None
        return permission_denied(request)

    def _tags(self, request, view_func, view_args, view_kwargs, tag_model):
        """Wagtail's tag autocomplete, without the tags used only on unreadable personal data."""
        response = view_func(request, *view_args, **view_kwargs)
        if response.status_code != 200 or not issubclass(tag_model, TagBase):
            return response
        names = json.loads(response.content)
        hidden = _tag_names_hidden(user=request.user, tag_model=tag_model, names=names)
        return JsonResponse([name for name in names if name not in hidden], safe=False)
