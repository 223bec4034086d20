"""The public pages API (/api/v2/pages/): Wagtail's endpoint, with its query parameters
checked before Wagtail reads them.

Wagtail parses them with ``int()`` and passes them on unchecked, so some hostile values
reached the database or the search backend and answered 500 to anyone (issue 20, item 13):
``?offset=99999999999999999999`` (too big for the database), ``?search=x&search_operator=xx``.
Here every parameter is checked first and a bad one answers 400 with a JSON message, as
Wagtail's own errors do: numbers are ASCII digits (at most nine), ``search_operator`` is
``and`` or ``or``, no value holds a NUL byte or is longer than ``MAX_VALUE_LENGTH``.

A search (``?search=``) is ranked and counted as on the results page (the same statement):
``meta.total_count`` is exact up to 1,000 matches and 1,000 beyond, and
``meta.total_count_capped`` (true or false) says which (``SearchCountPagination``).
"""

from __future__ import annotations

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from wagtail.api.v2.pagination import WagtailPagination
from wagtail.api.v2.utils import BadRequestError
from wagtail.api.v2.views import PagesAPIViewSet

from candle.core.params import int_or_none

MAX_VALUE_LENGTH = 1000
# Parameters Wagtail reads as a page id or a count; the tree filters also take "root".
NUMBER_PARAMETERS = {"offset", "limit", "id"}
PAGE_ID_PARAMETERS = {"child_of", "ancestor_of", "descendant_of", "translation_of"}
SEARCH_OPERATORS = {"and", "or"}


def _number_check(name: str, value: str) -> None:
    if int_or_none(value) is None:
        raise BadRequestError(f"{name} must be a positive integer of at most nine digits")


class SearchCountPagination(WagtailPagination):
    """Wagtail's pagination, with a search's ``meta.total_count`` following the site's count
    rule (``candle.search.backends.counting``): exact up to 1,000 matches; beyond, 1,000 and
    ``meta.total_count_capped: true`` (false otherwise). Counting stops there, as on the
    results page; the items are ranked over every match all the same."""

    def paginate_queryset(self, queryset, request, view=None):
        from candle.search.backends.counting import CappedPagesMixin, capped

        page = super().paginate_queryset(queryset, request, view)
        self.total_count_capped = None
        if isinstance(queryset, CappedPagesMixin):
            self.total_count, self.total_count_capped = capped(self.total_count)
        return page

    def get_paginated_response(self, data):
        response = super().get_paginated_response(data)
        if self.total_count_capped is not None:
            response.data["meta"]["total_count_capped"] = self.total_count_capped
        return response


class PublicPagesAPIViewSet(PagesAPIViewSet):
    pagination_class = SearchCountPagination

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        self.query_parameters_check(request.GET)

    def query_parameters_check(self, params) -> None:
        for name, values in params.lists():
            if len(name) > 100 or "\x00" in name:
                raise BadRequestError("query parameter name not allowed")
            for value in values:
                if len(value) > MAX_VALUE_LENGTH:
                    raise BadRequestError(
                        f"{name} is too long (at most {MAX_VALUE_LENGTH} characters)"
                    )
                if "\x00" in value:
                    raise BadRequestError(f"{name}: null characters are not allowed")
        for name in NUMBER_PARAMETERS & params.keys():
            _number_check(name, params[name])
        for name in PAGE_ID_PARAMETERS & params.keys():
            if params[name] != "root":
                _number_check(name, params[name])
        if "search_operator" in params and params["search_operator"] not in SEARCH_OPERATORS:
            raise BadRequestError("search_operator must be 'and' or 'or'")

    def check_query_parameters(self, queryset):
        """Wagtail's check (only known operations and fields), then: a filter on a number
        field (``?depth=``, ``?year=`` with ``type=``) must be a number the database holds."""
        super().check_query_parameters(queryset)
        params = self.request.GET
        for name in params.keys() - self.known_query_parameters:
            try:
                field = queryset.model._meta.get_field(name)
            except FieldDoesNotExist:
                continue
            if isinstance(field, models.ForeignKey):
                field = field.target_field
            if isinstance(field, (models.IntegerField, models.AutoField)):
                _number_check(name, params[name])
