"""Rescue's admin URLs and menu entries. ``wagtail_hooks`` imports this module.

``casework_menu_items()`` lists rescue's entries for casework's menu (the menu reads it if
present); the spending report for giving staff is its own menu item, since giving staff have
no casework menu.
"""

from __future__ import annotations

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from . import admin_rescue as views
from .access import can_supervise, can_use_casework

_rescue = [
    path("", never_cache(views.rescue_index), name="index"),
    path("<int:case_id>/", never_cache(views.rescue_case), name="case"),
    path("<int:case_id>/stage/", never_cache(views.rescue_stage), name="stage"),
    path("<int:case_id>/relief/", never_cache(views.rescue_relief), name="relief_add"),
    path("<int:case_id>/relief/<int:pk>/", never_cache(views.rescue_relief), name="relief_edit"),
    path("<int:case_id>/costs/", never_cache(views.rescue_cost), name="cost_add"),
    path("<int:case_id>/costs/<int:pk>/", never_cache(views.rescue_cost), name="cost_edit"),
    path(
        "campaigns/<int:campaign_id>/costs.csv",
        never_cache(views.campaign_costs_csv),
        name="campaign_costs_csv",
    ),
]
_figures = [path("", never_cache(views.figures_admin), name="index")]
_spending = [
    path("", never_cache(views.spending_index), name="index"),
    path("<int:campaign_id>/", never_cache(views.spending_campaign), name="campaign"),
]


@hooks.register("register_admin_urls")
def rescue_admin_urls():
    return [
        path("casework/rescue/", include((_rescue, "casework_rescue"))),
        path("casework/figures/", include((_figures, "casework_figures"))),
        path("rescue-spending/", include((_spending, "rescue_spending"))),
    ]


class _ShownIf(MenuItem):
    def __init__(self, *args, test, **kwargs):
        super().__init__(*args, **kwargs)
        self._test = test

    def is_shown(self, request):
        return self._test(request.user)


def casework_menu_items() -> list[MenuItem]:
    """Rescue's entries in casework's menu."""
    return [
        _ShownIf(
            _("Rescue cases"),
            reverse("casework_rescue:index"),
            name="casework-rescue",
            icon_name="pick",
            order=200,
            test=can_use_casework,
        ),
        _ShownIf(
            _("Public figures"),
            reverse("casework_figures:index"),
            name="casework-figures",
            icon_name="table",
            order=210,
            test=can_supervise,
        ),
    ]


@hooks.register("register_admin_menu_item")
def rescue_spending_menu_item():
    return _ShownIf(
        _("Rescue spending"),
        reverse("rescue_spending:index"),
        name="rescue-spending",
        icon_name="table",
        order=610,
        test=lambda user: user.has_perm(views.SPENDING),
    )
