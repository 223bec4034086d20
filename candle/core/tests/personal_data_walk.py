"""The walk over every admin URL of personal data, shared by the tests that walk it.

``test_personal_data_admin_access.py`` walks it as staff without permission and with all of it;
``candle/access/tests/test_roles_matrix.py`` walks it as every role of the matrix. Discovery,
the rows about one fictional person, filling a URL's parameters and the refusal and leak checks
live here once, so both walks see the same URLs and judge them the same way.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from decimal import Decimal

from django.apps import apps
from django.db.models import ForeignKey, OneToOneField
from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import RoutePattern
from django.utils import timezone
from wagtail.log_actions import log

from candle.access.policy import PERSONAL_DATA_APP_LABELS
from candle.advocacy.newsletters.factories import newsletter_rows_create
from candle.casework.tests.testimony_rows import (
    walk_path_values as casework_testimony_walk_path_values,
)
from candle.casework.tests.testimony_rows import walk_rows as casework_testimony_walk_rows
from candle.casework.tests.walk import (
    casework_path_values,
    casework_walk_rows,
    rescue_rows_create,
)
from candle.giving.models import (
    Donation,
    Payment,
    Pledge,
    Receipt,
    StatementLine,
    TaxIdSubmission,
    WebhookEvent,
)
from candle.giving.taxid import tax_id_encrypt
from candle.supporters.models import (
    Consent,
    Membership,
    MembershipType,
    Supporter,
    SupporterMerge,
)

NAME = "홍시험누설"
EMAIL = "hong.leaktest@supporters.example"
PHONE = "010-9876-5432"
SECRETS = (NAME, EMAIL, PHONE)
_PARAM = re.compile(r"<(?:(?P<converter>[^>:]+):)?(?P<name>[^>]+)>")


# --- discovery ------------------------------------------------------------------------------


def _personal_data_models() -> set[type]:
    """Supporter and every model that points at it, directly or through other such models."""
    found = {Supporter}
    grew = True
    while grew:
        grew = False
        for model in apps.get_models():
            if model in found:
                continue
            for field in model._meta.get_fields():
                if (
                    isinstance(field, ForeignKey | OneToOneField)
                    and not field.auto_created
                    and field.related_model in found
                ):
                    found.add(model)
                    grew = True
                    break
    return found


def personal_data_apps() -> set[str]:
    """Apps with a model pointing at a supporter, and the installed apps the access policy
    names as holding personal data without one (the audit log names who read whose record)."""
    named = {label for label in PERSONAL_DATA_APP_LABELS if apps.is_installed(f"candle.{label}")}
    return {model._meta.app_label for model in _personal_data_models()} | named


def _model_of(callback) -> type | None:
    model = getattr(callback, "view_initkwargs", {}).get("model")
    if isinstance(model, str):
        model = apps.get_model(model)
    return model


def _app_of(callback) -> str | None:
    model = _model_of(callback)
    if model is not None:
        return model._meta.app_label
    module = getattr(callback, "__module__", "") or ""
    if module.startswith("candle."):
        return apps.get_containing_app_config(module).label
    return None


def _walk(patterns, prefix="", namespace=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}:{pattern.namespace}" if pattern.namespace else namespace
            yield from _walk(pattern.url_patterns, prefix + str(pattern.pattern), inner)
        elif isinstance(pattern, URLPattern):
            name = f"{namespace}:{pattern.name}".lstrip(":") if pattern.name else None
            yield prefix + str(pattern.pattern), name, pattern


def discovered_admin_urls() -> list[tuple[str, str | None, URLPattern]]:
    """Every admin URL pattern whose view belongs to an app holding personal data."""
    wanted = personal_data_apps()
    return [
        (route, name, pattern)
        for route, name, pattern in _walk(get_resolver().url_patterns)
        if route.startswith("admin/") and _app_of(pattern.callback) in wanted
    ]


# --- data -----------------------------------------------------------------------------------


def personal_data_rows_create() -> dict:
    """One row of every model with an admin screen, all about one fictional person."""
    supporter = Supporter.objects.create(
        name=NAME, email=EMAIL, phone=PHONE, notes=f"{NAME} {EMAIL}"
    )
    membership_type = MembershipType.objects.create(name_ko="정회원", name_en="Regular member")
    pledge = Pledge.objects.create(
        supporter=supporter,
        amount=Decimal("20000"),
        reference="CDP-LEAKTEST-1",
        status=Pledge.Status.ACTIVE,
    )
    payment = Payment.objects.create(
        provider="test",
        provider_payment_id="pay-leaktest-1",
        supporter=supporter,
        frequency="one_off",
        amount=Decimal("50000"),
        currency="KRW",
    )
    donation = Donation.objects.create(
        supporter=supporter,
        payment=payment,
        amount=Decimal("50000"),
        method="card",
        received_at=timezone.now(),
        source_ref="test:leaktest-1",
    )
    objects = {
        Supporter: supporter,
        Consent: Consent.objects.create(
            supporter=supporter, purpose="newsletter", text="소식지 동의", method="web_form"
        ),
        MembershipType: membership_type,
        Membership: Membership.objects.create(
            supporter=supporter, membership_type=membership_type, status="active"
        ),
        SupporterMerge: SupporterMerge.objects.create(
            kept=supporter,
            merged_supporter_id=supporter.pk + 1000,
            snapshot={"name": NAME, "email": EMAIL, "phone": PHONE},
        ),
        Pledge: pledge,
        Payment: payment,
        Donation: donation,
        Receipt: Receipt.objects.create(
            supporter=supporter,
            year=timezone.localdate().year,
            serial=1,
            number="2099-000001",
            donor_name=NAME,
            total=Decimal("50000"),
            issued_at=timezone.now(),
        ),
        WebhookEvent: WebhookEvent.objects.create(
            provider="test",
            event_id="evt-leaktest-1",
            event_type="payment.paid",
            payload={"customer": {"name": NAME, "email": EMAIL}},
            outcome="applied",
            payment=payment,
        ),
        StatementLine: StatementLine.objects.create(
            source="bank",
            source_ref="bank:leaktest-1",
            occurred_on=timezone.localdate(),
            amount=Decimal("30000"),
            payer_name=NAME,
            payer_email=EMAIL,
        ),
    }
    objects[TaxIdSubmission] = TaxIdSubmission.objects.create(
        supporter=supporter,
        payment=payment,
        encrypted=tax_id_encrypt("900101-1234567"),
        masked="900101-1******",
        status=TaxIdSubmission.Status.PENDING,
    )
    objects.update(casework_testimony_walk_rows(name=NAME))  # a testimony naming the same person
    objects.update(
        casework_walk_rows(testimony=False, rescue=False)
    )  # casework's URLs too (its own rows)
    objects.update(_programmes_rows(supporter))
    objects.update(_advocacy_rows(supporter))
    objects.update(newsletter_rows_create(supporter=supporter))  # advocacy: newsletters
    supporter.tags.add(f"{NAME} 소개")  # staff's labels for people can name people
    log(instance=supporter, action="wagtail.edit")  # the site history holds the name as label
    objects.update(_rescue_rows_create())
    return objects


def _rescue_rows_create() -> dict:
    """A rescue case with a stage, relief and a cost charged to a campaign (casework)."""
    from django.contrib.auth import get_user_model

    from candle.casework.models import Case

    opener = get_user_model().objects.create_user("casework-opener-leaktest", is_superuser=True)
    case = Case.objects.create(
        case_number="R-2099-0001",
        kind="rescue",
        pseudonym="Example Leaktest",
        country="CN",
        summary=f"{NAME} {PHONE}",
        opened_on=timezone.localdate(),
        created_by=opener,
    )
    rows = rescue_rows_create(case, opener, secret=NAME, on=timezone.localdate(), slug="leaktest")
    return {Case: case, **rows}


def _programmes_rows(supporter) -> dict:
    """An event (under the root page: no site tree needed) with the person's registration."""
    from wagtail.models import Page

    from candle.programmes.models import EventPage, Registration

    start = timezone.now() + dt.timedelta(days=7)
    event = EventPage(
        title="Leak-test event",
        slug="leaktest-event",
        starts_at=start,
        ends_at=start + dt.timedelta(hours=2),
        venue="Hall",
        capacity=10,
    )
    Page.get_first_root_node().add_child(instance=event)
    registration = Registration.objects.create(
        event=event,
        supporter=supporter,
        name=NAME,
        email=EMAIL,
        phone=PHONE,
        status="confirmed",
        answers=[{"id": "q", "label": "Q", "answer": NAME}],
    )
    return {
        Registration: registration,  # the event is a public page, not personal data
        **_lecture_rows(),
        **_youth_rows(),
    }


def _lecture_rows() -> dict:
    """A lecture request by the same person (what they typed; no supporter link)."""
    from candle.programmes.models import LectureRequest

    lecture = LectureRequest.objects.create(
        institution_type="school",
        institution_name=f"{NAME} 학교",
        region="seoul",
        contact_name=NAME,
        phone=PHONE,
        email=EMAIL,
        age_group="teens",
        audience_size=30,
        preferred_date_1=timezone.localdate() + dt.timedelta(days=20),
        topic="human_rights",
    )
    return {LectureRequest: lecture}


def _youth_rows() -> dict:
    """A youth programme reviewed by the role's group, with one application by the person and
    its file (candle/programmes/youth/). Staff must hold the permission and be in the group."""
    from django.contrib.auth.models import Group
    from wagtail.models import Page

    from candle.programmes.youth.factories import application_with_file_make

    group = Group.objects.get_or_create(name="Youth programme reviewers")[0]
    application, stored = application_with_file_make(
        parent=Page.get_first_root_node(), group=group, name=NAME, email=EMAIL, phone=PHONE
    )
    return {application.__class__: application, stored.__class__: stored}


def _advocacy_rows(supporter) -> dict:
    """Advocacy's rows: an appeal, the person's signature, an organisation's, a built pack."""
    from wagtail.models import Page

    from candle.advocacy.delivery import delivery_pack_build
    from candle.advocacy.models import AppealPage, DeliveryPack, OrganisationSignature, Signature

    appeal = AppealPage(title="누설 시험 호소", slug="leaktest-appeal", target_name="시험 대사관")
    Page.get_first_root_node().add_child(instance=appeal)
    common = {"appeal": appeal, "appeal_key": appeal.translation_key, "country": "KR"}
    signature = Signature.objects.create(
        **common,
        supporter=supporter,
        name=NAME,
        email=EMAIL,
        email_normalised=EMAIL,
        consent_text="동의",
        counted=True,
    )
    organisation = OrganisationSignature.objects.create(
        **common,
        name_ko=f"{NAME} 단체",
        contact_name=NAME,
        email=EMAIL,
        email_normalised=EMAIL,
        consent_text="동의",
    )
    pack = DeliveryPack.objects.create(appeal=appeal)
    delivery_pack_build(pack_id=pack.pk)
    return {Signature: signature, OrganisationSignature: organisation, DeliveryPack: pack}


def _path_values(rows) -> dict[str, dict[str, object]]:
    """Values for the path parameters of staff views that do not say which model they show."""
    return {
        "supporters_admin:forget": {"pk": rows[Supporter].pk},
        "giving_pledges:cancel": {"pk": rows[Pledge].pk},
        "giving_review_resolve": {"line_id": rows[StatementLine].pk},
        "giving_export": {"what": "donations", "fmt": "csv"},
        "giving_tax_id_change_decide": {"submission_id": rows[TaxIdSubmission].pk},
        **casework_testimony_walk_path_values(rows),
        **casework_path_values(rows),
        **_rescue_path_values(rows),
    }


def _rescue_path_values(rows) -> dict[str, dict[str, object]]:
    from candle.casework.models import Case, ReliefGiven, RescueCost

    case = {"case_id": rows[Case].pk}
    campaign = {"campaign_id": rows[RescueCost].campaign_id}
    return {
        "casework_rescue:case": case,
        "casework_rescue:stage": case,
        "casework_rescue:relief_add": case,
        "casework_rescue:relief_edit": {**case, "pk": rows[ReliefGiven].pk},
        "casework_rescue:cost_add": case,
        "casework_rescue:cost_edit": {**case, "pk": rows[RescueCost].pk},
        "casework_rescue:campaign_costs_csv": campaign,
        "rescue_spending:campaign": campaign,
        **_programmes_path_values(rows),
    }


def _programmes_path_values(rows) -> dict[str, dict[str, object]]:
    from candle.programmes.models import Registration

    event, registration = rows[Registration].event_id, rows[Registration].pk
    return {
        "programmes_event_registrants": {"event_id": event},
        "programmes_event_export": {"event_id": event},
        "programmes_event_export_xlsx": {"event_id": event},
        "programmes_event_checkin_pdf": {"event_id": event},
        "programmes_refund_record": {"event_id": event, "registration_id": registration},
        "programmes_attendance": {"event_id": event, "registration_id": registration},
        **_lecture_path_values(rows),
        **_youth_path_values(rows),
        "advocacy_delivery": {"appeal_id": _advocacy_appeal_id(rows)},
        "advocacy_delivery_download": {"pack_id": _advocacy_pack_id(rows), "kind": "csv"},
    }


def _lecture_path_values(rows) -> dict[str, dict[str, object]]:
    from candle.programmes.models import LectureRequest

    lecture = {"lecture_id": rows[LectureRequest].pk}
    return {
        "programmes_lecture": lecture,
        "programmes_lecture_schedule": lecture,
        "programmes_lecture_given": lecture,
        "programmes_lecture_close": {**lecture, "action": "decline"},
    }


def _advocacy_appeal_id(rows) -> int:
    from candle.advocacy.models import DeliveryPack

    return rows[DeliveryPack].appeal_id


def _advocacy_pack_id(rows) -> int:
    from candle.advocacy.models import DeliveryPack

    return rows[DeliveryPack].pk


def _fill(route: str, name: str | None, pattern: URLPattern, rows) -> str | None:
    """The URL with its parameters filled in with real rows' values, or None if unknown."""
    if not isinstance(pattern.pattern, RoutePattern) or "(" in route or "^" in route:
        return None
    model = _model_of(pattern.callback)
    given = _path_values(rows).get(name or "", {})

    def value(match):
        param = match.group("name")
        if param in given:
            return str(given[param])
        if param == "pk" and model in rows:
            return str(rows[model].pk)
        raise LookupError(param)

    try:
        return "/" + _PARAM.sub(value, route)
    except LookupError:
        return None


def _refused(response) -> bool:
    if response.status_code in (403, 404, 405):
        return True
    return response.status_code == 302 and response["Location"] == "/admin/"


def _leaks(response) -> list[str]:
    body = b"".join(response) if response.streaming else response.content
    text = body.decode("utf-8", "replace")
    return [
        secret
        for secret in SECRETS
        if secret in text or json.dumps(secret)[1:-1] in text  # as JSON writes it: \\ud64d…
    ]


_XHR = {"x-requested-with": "XMLHttpRequest"}  # how a chooser modal asks: refused with a 403


def _chooser_query(rows) -> dict[str, object]:
    return {"q": NAME[:2], "p": "1", "multiple": "1", "id": rows[Supporter].pk}


def _state(rows) -> tuple:
    supporter = Supporter.objects.get(pk=rows[Supporter].pk)
    return (
        supporter.name,
        supporter.email,
        supporter.anonymised_at,
        Supporter.objects.count(),
        Consent.objects.count(),
        Membership.objects.count(),
        Pledge.objects.get(pk=rows[Pledge].pk).status,
        StatementLine.objects.get(pk=rows[StatementLine].pk).status,
        Receipt.objects.count(),
        Donation.objects.count(),
        SupporterMerge.objects.count(),
        TaxIdSubmission.objects.get(pk=rows[TaxIdSubmission].pk).status,
    )


def _youth_path_values(rows) -> dict[str, dict[str, object]]:
    from candle.programmes.models import Application, ApplicationFile

    application = rows[Application]
    return {
        "youth_applications": {"programme_id": application.programme_id},
        "youth_application": {"application_id": application.pk},
        "youth_application_file": {
            "application_id": application.pk,
            "file_id": rows[ApplicationFile].pk,
        },
    }
