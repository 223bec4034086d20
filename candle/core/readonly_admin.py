"""Admin listings that only read: rows staff may look at but nobody changes in the admin
(gifts and payments, which only the money flow writes; the audit log, which nothing rewrites).

``ReadOnlyModelViewSet`` registers no add, edit, delete, copy, history or usage URL at all (not
merely hides their buttons), and tells Wagtail's listing none of them exists. A viewset keeps
the listing and whichever of ``read_only_views`` it names (``inspect``, say).
"""

from __future__ import annotations

from wagtail.admin.viewsets.model import ModelViewSet

from .personal_data_admin import PersonalDataViewSetMixin

_WRITE_URL_NAMES = (
    "add_url_name",
    "edit_url_name",
    "delete_url_name",
    "copy_url_name",
    "history_url_name",
    "usage_url_name",
)


class ReadOnlyModelViewSet(PersonalDataViewSetMixin, ModelViewSet):
    """A personal-data listing with no URL that writes (see the module's docstring)."""

    read_only_views = ("index", "index_results", "inspect")
    inspect_view_enabled = True  # False with "inspect" left out of read_only_views
    copy_view_enabled = False
    add_to_reference_index = False
    search_backend_name = None  # plain SQL icontains: these rows are never in the search index
    exclude_form_fields = []  # no form is ever served (add/edit are not routed); Wagtail wants one

    def get_urlpatterns(self):
        keep = set(self.read_only_views)
        return [pattern for pattern in super().get_urlpatterns() if pattern.name in keep]

    def get_common_view_kwargs(self, **kwargs):
        view_kwargs = super().get_common_view_kwargs(**kwargs)
        names = _WRITE_URL_NAMES
        if "inspect" not in self.read_only_views:
            names = (*names, "inspect_url_name")
        for name in names:
            view_kwargs[name] = None
        return view_kwargs
