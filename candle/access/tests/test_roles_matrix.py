"""The roles matrix against what each group can really open.

For every role of ``ROLES`` (set up by ``roles_setup``, as ``manage.py setup_roles`` does) and
every admin URL of personal data (found by the walk of ``candle/core/tests/personal_data_walk``,
so a new screen is covered without being listed): when the matrix gives the group what the URL
needs, the URL opens; otherwise it is refused (403, 404, 405 or Wagtail's redirect to the
dashboard) and its body holds none of the seeded person's data.

What a URL needs is stated here, independently of the code that enforces it: a model screen
needs the personal-data guard (view or change) plus what Wagtail's view asks (add to add, change
to edit…); giving's read-only lists need ``giving.view_donation``; the staff views without a
model are listed in ``_STAFF_VIEWS``. A discovered URL this file cannot judge fails the test.
"""

from __future__ import annotations

import pytest

from candle.access.roles import ROLES, roles_setup
from candle.casework.tests.testimony_rows import TESTIMONY_STAFF_VIEWS
from candle.casework.tests.walk import casework_roles_needs
from candle.core.tests.personal_data_walk import (
    _chooser_query,
    _fill,
    _leaks,
    _model_of,
    _refused,
    discovered_admin_urls,
    personal_data_rows_create,
)

from .staff import role_member, staff_client

pytestmark = pytest.mark.django_db

_NEWSLETTER_READ = {"advocacy.view_newsletterissue", "advocacy.change_newsletterissue"}
# Staff views that do not name a model: what each needs (every set: at least one of it).
_STAFF_VIEWS: dict[str, list[set[str]]] = {
    "giving_dashboard": [{"giving.view_donation"}],
    "giving_export": [{"giving.view_donation"}],
    "giving_receipts": [{"giving.add_receipt"}],
    "giving_nts": [{"giving.add_receipt"}],
    "giving_import": [{"giving.add_statementline"}],
    "giving_review": [{"giving.change_statementline"}],
    "giving_review_resolve": [{"giving.change_statementline"}],
    "giving_pledges:cancel": [{"giving.view_donation"}, {"giving.change_pledge"}],
    "giving_tax_id_changes": [{"giving.change_donortaxid"}],
    "giving_tax_id_change_decide": [{"giving.change_donortaxid"}],
    "supporters_admin:duplicates": [{"supporters.merge_supporter"}],
    "supporters_admin:forget": [{"supporters.anonymise_supporter"}],
    "audit_log:index": [{"audit.view_auditentry"}],
    "audit_log:index_results": [{"audit.view_auditentry"}],
    # rescue (casework): the list and the CSV open to caseworkers (their own cases only); the
    # walk's case is granted to no one, so its screens open to supervisors alone
    "casework_rescue:index": [{"casework.view_case"}],
    "casework_rescue:campaign_costs_csv": [{"casework.view_case"}],
    **{
        f"casework_rescue:{view}": [{"casework.change_caseaccessgrant"}]
        for view in ("case", "stage", "relief_add", "relief_edit", "cost_add", "cost_edit")
    },
    "casework_figures:index": [{"casework.change_caseaccessgrant"}],
    "rescue_spending:index": [{"casework.view_campaign_spending"}],
    "rescue_spending:campaign": [{"casework.view_campaign_spending"}],
    "advocacy_appeals": [{"advocacy.view_signature"}],
    "advocacy_delivery": [{"advocacy.view_signature"}],
    "advocacy_delivery_download": [{"advocacy.export_signature"}],
    "advocacy_signatures:index": [{"advocacy.view_signature"}],
    "advocacy_signatures:index_results": [{"advocacy.view_signature"}],
    "advocacy_signatures:inspect": [{"advocacy.view_signature"}],
    "advocacy_delivery_packs:index": [{"advocacy.view_deliverypack"}],
    "advocacy_delivery_packs:index_results": [{"advocacy.view_deliverypack"}],
    "newsletter_issues:preview": [_NEWSLETTER_READ],
    "newsletter_issues:test": [_NEWSLETTER_READ, {"advocacy.change_newsletterissue"}],
    "newsletter_issues:send": [_NEWSLETTER_READ, {"advocacy.send_newsletterissue"}],
}
_STAFF_VIEWS.update(TESTIMONY_STAFF_VIEWS)  # casework's testimony screens
# Casework's URLs: a role alone opens its list; one case needs a grant or supervision.
_STAFF_VIEWS.update(casework_roles_needs())
_STAFF_VIEWS.update(
    {
        "programmes_events": [{"programmes.view_registration"}],
        "programmes_event_registrants": [{"programmes.view_registration"}],
        "programmes_event_export": [{"programmes.view_registration"}],
        "programmes_attendance": [{"programmes.change_registration"}],
        "programmes_event_export_xlsx": [{"programmes.view_registration"}],
        "programmes_event_checkin_pdf": [{"programmes.view_registration"}],
        "programmes_refund_record": [{"programmes.change_registration"}],
        # lecture booking (candle/programmes/lectures/)
        "programmes_lectures": [{"programmes.view_lecturerequest"}],
        "programmes_lecture": [{"programmes.view_lecturerequest"}],
        "programmes_lecture_report": [{"programmes.view_lecturerequest"}],
        "programmes_lecture_report_export": [{"programmes.view_lecturerequest"}],
        "programmes_lecture_schedule": [{"programmes.change_lecturerequest"}],
        "programmes_lecture_given": [{"programmes.change_lecturerequest"}],
        "programmes_lecture_close": [{"programmes.change_lecturerequest"}],
        # youth applications: the permission, and membership of the programme's group (the
        # walk's programme is reviewed by the role's own group)
        "youth_programmes": [{"programmes.view_application"}],
        "youth_applications": [{"programmes.view_application"}],
        "youth_application": [{"programmes.view_application"}],
        "youth_application_file": [{"programmes.view_application"}],
        "programmes_registrations:index": [{"programmes.view_registration"}],
        "programmes_registrations:index_results": [{"programmes.view_registration"}],
        "programmes_registrations:inspect": [{"programmes.view_registration"}],
    }
)
# Giving's lists: one read-only permission for all five (candle/giving/admin_viewsets.py).
_GIVING_LISTS = ("giving_donations", "giving_pledges", "giving_payments", "giving_receipts_list")
_GIVING_LISTS += ("giving_webhooks",)
# Wagtail's own requirement per snippet action (at least one of them), before the guard's.
_SNIPPET_ACTIONS = {
    "list": {"add", "change", "delete", "view"},
    "list_results": {"add", "change", "delete", "view"},
    "index": {"add", "change", "delete", "view"},  # a ModelViewSet's listing
    "index_results": {"add", "change", "delete", "view"},
    "inspect": {"add", "change", "delete", "view"},
    "add": {"add"},
    "edit": {"change"},
    "delete": {"delete"},
    "usage": {"change"},
    "history": {"add", "change", "delete"},
    "history_results": {"add", "change", "delete"},
    "choose": set(),
    "choose_results": set(),
    "chosen": set(),
    "chosen_multiple": set(),
    "create": {"add"},
}
# Allowed answers other than 200: views that take POST only, and one that asks for a year first.
_POST_ONLY = {
    "giving_receipts",
    "giving_import",
    "giving_review_resolve",
    "giving_pledges:cancel",
    "giving_tax_id_change_decide",
    "programmes_attendance",
    "programmes_refund_record",
    "programmes_lecture_schedule",
    "programmes_lecture_given",
    "programmes_lecture_close",
    "newsletter_issues:test",
}
_REDIRECTS = {"giving_nts"}


def _needs(name: str, pattern) -> list[set[str]]:
    """What the URL needs, as sets of "app.codename" of which the user must hold one each."""
    if name in _STAFF_VIEWS:
        return _STAFF_VIEWS[name]
    namespace, _sep, action = name.partition(":")
    if namespace in _GIVING_LISTS:
        return [{"giving.view_donation"}]
    model = _model_of(pattern.callback)
    if model is None or action not in _SNIPPET_ACTIONS:
        raise AssertionError(f"{name}: say in this test what opens it")
    label, model_name = model._meta.app_label, model._meta.model_name
    needs = [{f"{label}.view_{model_name}", f"{label}.change_{model_name}"}]
    if wagtail := _SNIPPET_ACTIONS[action]:
        needs.append({f"{label}.{verb}_{model_name}" for verb in wagtail})
    return needs


def _granted(role_name: str, needs: list[set[str]]) -> bool:
    held = set(ROLES[role_name].permissions)
    return all(held & one_of for one_of in needs)


@pytest.fixture
def rows(db):
    roles_setup()
    return personal_data_rows_create()


@pytest.mark.parametrize("role_name", list(ROLES))
def test_each_role_opens_what_the_matrix_gives_and_nothing_else(rows, role_name):
    client = staff_client(role_member(role_name))
    problems, opened = [], 0
    for route, name, pattern in discovered_admin_urls():
        url = _fill(route, name, pattern, rows)
        assert url, f"{route}: see test_every_discovered_url_can_be_walked"
        name = name or ""
        query = _chooser_query(rows) if "snippetchoosers" in name else {}
        response = client.get(url, query)
        if _granted(role_name, _needs(name, pattern)):
            expected = 405 if name in _POST_ONLY else 302 if name in _REDIRECTS else 200
            if response.status_code != expected:
                problems.append(f"{url}: granted, answered {response.status_code}")
            opened += 1
        else:
            if not _refused(response):
                problems.append(f"{url}: not granted, answered {response.status_code}")
            if leaked := _leaks(response):
                problems.append(f"{url}: not granted, shows {leaked}")
    assert not problems, f"{role_name}:\n" + "\n".join(problems)
    # the walk is not vacuous: the roles that keep people's records open some of it
    held_apps = {permission.split(".")[0] for permission in ROLES[role_name].permissions}
    personal = {"supporters", "giving", "audit", "casework", "programmes"}
    assert (opened > 0) == bool(held_apps & personal), opened


def test_the_walk_can_tell_granted_from_refused(rows):
    """Needs are not all trivially met or unmet: supporter staff and giving staff differ."""
    urls = {name: pattern for _route, name, pattern in discovered_admin_urls()}
    supporter_list = urls["wagtailsnippets_supporters_supporter:list"]
    assert _granted(
        "Supporter staff", _needs("wagtailsnippets_supporters_supporter:list", supporter_list)
    )
    assert not _granted(
        "Writers", _needs("wagtailsnippets_supporters_supporter:list", supporter_list)
    )
    donations = urls["giving_donations:index"]
    assert _granted("Giving staff", _needs("giving_donations:index", donations))
    assert not _granted("Supporter staff", _needs("giving_donations:index", donations))
