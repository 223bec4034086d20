"""The supporter's record in the admin (the inspect view): their details, then their
memberships, consents and, through ``registry.admin_record_section_hook``, what other apps
hold about them (giving: gifts and pledges). Each part is shown only to staff allowed to read
that model (``personal_data_user_can_read``); a part they may not read says so instead of
showing nothing, so nobody mistakes "hidden" for "none"."""

from __future__ import annotations

from django.utils.safestring import mark_safe
from wagtail.snippets.views.snippets import InspectView

from candle.core.personal_data_admin import personal_data_user_can_read

from . import registry
from .models import Consent, Membership

RECORD_ROWS = 50  # rows per part; the full lists are a click away, filtered by supporter


class SupporterInspectView(InspectView):
    template_name = "supporters/admin/supporter_inspect.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        supporter, user = self.object, self.request.user
        context["can_see_memberships"] = personal_data_user_can_read(user=user, model=Membership)
        context["can_see_consents"] = personal_data_user_can_read(user=user, model=Consent)
        if context["can_see_memberships"]:
            context["memberships"] = list(
                supporter.memberships.select_related("membership_type").order_by(
                    "-joined_on", "-pk"
                )[:RECORD_ROWS]
            )
        if context["can_see_consents"]:
            context["consents"] = list(
                supporter.consents.order_by("-given_at", "-pk")[:RECORD_ROWS]
            )
        context["record_sections"] = [
            mark_safe(html)  # noqa: S308 - each hook renders its own escaped template
            for hook in registry.admin_record_section_hooks()
            if (html := hook(request=self.request, supporter=supporter))
        ]
        return context
