"""Staff roles: which group may do what, as data, and the service that makes the database agree.

``ROLES`` is the permission matrix. ``roles_setup()`` (``manage.py setup_roles``, and the demo)
sets every group in it to exactly what it lists: it adds what is missing and removes what is
no longer listed, for model permissions, page permissions on every home page and collection
permissions on the root collection. A group not in ``ROLES`` is left alone.

Rules the matrix follows (``docs/subsystems/access-roles.md`` is generated from it and checked
by a test; ``test_roles_matrix.py`` checks it against what each group can really open):

- Least access. Writers, editors and translators see no personal data. Supporter staff see
  supporters, not gifts; giving staff see gifts and the donors behind them (and decide on
  resident-number changes, which only ever show masked); nobody but Auditors (and superusers)
  reads the audit log, and nobody at all may add, change or delete its entries.
- Permissions are named ``"app_label.codename"``. A permission whose app is not installed yet
  (``casework``, ``audit``'s model on a branch without it) is skipped with a note,
  so the command works before and after those apps land; run it again once they have.
- A change to a group's model permissions is written to the audit log
  (``permissions.change``), naming what was added and removed.
- Group names are stable English identifiers (wagtail-localize's own migration and the workflow
  task find ``Editors`` by name); ``label`` is what people read, translated.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.apps import apps
from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.utils.translation import pgettext_lazy
from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission

from candle.audit.log import record
from candle.pages.models import HomePage

WRITERS = "Writers"
EDITORS = "Editors"
TRANSLATORS = "Translators"
SUPPORTER_STAFF = "Supporter staff"
GIVING_STAFF = "Giving staff"
PROGRAMME_STAFF = "Programme staff"
CASEWORKERS = "Caseworkers"
CASE_SUPERVISORS = "Case supervisors"
AUDITORS = "Auditors"
SYSTEM_ADMINISTRATORS = "System administrators"
YOUTH_REVIEWERS = "Youth programme reviewers"

ADMIN = "wagtailadmin.access_admin"

# Images and documents live in collections; choosing is what putting one on a page needs.
_MEDIA_EDIT = (
    "add_image",
    "change_image",
    "choose_image",
    "add_document",
    "change_document",
    "choose_document",
)
_MEDIA_CHOOSE = ("choose_image", "choose_document")

_CASEWORK = (
    "casework.view_case",
    "casework.add_case",
    "casework.change_case",
    "casework.view_casenote",
    "casework.add_casenote",
    "casework.change_casenote",
    "casework.view_casedocument",
    "casework.add_casedocument",
    "casework.view_dossier",
    "casework.add_dossier",
    "casework.change_dossier",
    "casework.view_dossierevent",
    "casework.add_dossierevent",
    "casework.view_dossierreminder",
    "casework.add_dossierreminder",
    "casework.change_dossierreminder",
    "casework.view_familyconsent",
    "casework.add_familyconsent",
    "casework.change_familyconsent",
)


@dataclass(frozen=True)
class Role:
    """One group: its readable name, what it is for, and its permissions."""

    label: str
    purpose: str
    permissions: tuple[str, ...] = ()
    # codenames of Wagtail page permissions, given on every home page (both languages)
    page_permissions: tuple[str, ...] = ()
    # codenames of collection permissions, given on the root collection
    collection_permissions: tuple[str, ...] = ()


ROLES: dict[str, Role] = {
    WRITERS: Role(
        label=pgettext_lazy("role", "Writers"),
        purpose=pgettext_lazy("role", "Write pages and submit them for review; cannot publish."),
        permissions=(ADMIN,),
        page_permissions=("add_page", "change_page"),
        collection_permissions=_MEDIA_EDIT,
    ),
    EDITORS: Role(
        label=pgettext_lazy("role", "Editors"),
        purpose=pgettext_lazy(
            "role", "Approve and publish pages; ask for translations of what they publish."
        ),
        permissions=(ADMIN, "wagtail_localize.submit_translation"),
        page_permissions=("add_page", "change_page", "publish_page", "lock_page", "unlock_page"),
        collection_permissions=_MEDIA_EDIT,
    ),
    TRANSLATORS: Role(
        # wagtail-localize: submit_translation starts or updates a translation; editing it is
        # editing the translated page (change_page), and publishing it needs publish_page, which
        # translators lack: their work goes through the same review workflow as a writer's.
        label=pgettext_lazy("role", "Translators"),
        purpose=pgettext_lazy(
            "role", "Translate pages and submit them for review; cannot publish."
        ),
        permissions=(ADMIN, "wagtail_localize.submit_translation"),
        page_permissions=("change_page",),
        collection_permissions=_MEDIA_CHOOSE,
    ),
    SUPPORTER_STAFF: Role(
        label=pgettext_lazy("role", "Supporter staff"),
        purpose=pgettext_lazy(
            "role",
            "Keep supporters' records, consents and memberships; merge and forget supporters. "
            "No gifts.",
        ),
        permissions=(
            ADMIN,
            "supporters.view_supporter",
            "supporters.add_supporter",
            "supporters.change_supporter",
            "supporters.merge_supporter",
            "supporters.anonymise_supporter",
            "supporters.view_supportermerge",
            "supporters.view_consent",
            "supporters.add_consent",
            "supporters.view_membership",
            "supporters.add_membership",
            "supporters.change_membership",
            "supporters.view_membershiptype",
            "supporters.add_membershiptype",
            "supporters.change_membershiptype",
            "advocacy.view_signature",
            "advocacy.export_signature",
            "advocacy.view_deliverypack",
            "advocacy.view_organisationsignature",
            "advocacy.change_organisationsignature",
            "advocacy.view_newsletterissue",  # newsletters: compose, preview, test, send
            "advocacy.add_newsletterissue",
            "advocacy.change_newsletterissue",
            "advocacy.send_newsletterissue",
            "advocacy.view_newsletterdelivery",  # who received an issue
            "advocacy.view_newslettersuppression",  # addresses the provider bounced
            "advocacy.delete_newslettersuppression",  # lift one once the address works again
        ),
    ),
    GIVING_STAFF: Role(
        label=pgettext_lazy("role", "Giving staff"),
        purpose=pgettext_lazy(
            "role",
            "See gifts, pledges and the donors behind them; import statements, issue receipts, "
            "decide resident-number changes (shown masked).",
        ),
        permissions=(
            ADMIN,
            "supporters.view_supporter",  # the donor behind a gift
            "giving.view_donation",  # every giving list: gifts, pledges, payments, events, lines
            "giving.change_pledge",  # cancel a pledge
            "giving.add_receipt",  # issue receipts, the NTS export
            "giving.add_statementline",  # import a bank or provider statement
            "giving.change_statementline",  # resolve the review queue
            "giving.change_donortaxid",  # accept or reject a resident number given with a gift
            "casework.view_campaign_spending",  # a campaign's rescue spending: totals, no case
        ),
    ),
    PROGRAMME_STAFF: Role(
        label=pgettext_lazy("role", "Programme staff"),
        purpose=pgettext_lazy(
            "role", "Run events and programmes and see who registered. No supporter list."
        ),
        permissions=(
            ADMIN,
            "programmes.view_registration",
            "programmes.change_registration",
            "programmes.view_lecturerequest",  # awareness lectures: calendar, requests, report
            "programmes.change_lecturerequest",  # schedule, record as given, decline, cancel
        ),
        page_permissions=(),
        collection_permissions=_MEDIA_CHOOSE,
    ),
    CASEWORKERS: Role(
        label=pgettext_lazy("role", "Caseworkers"),
        purpose=pgettext_lazy(
            "role", "Work on the cases they are granted: notes and documents. Nothing else."
        ),
        permissions=(ADMIN, *_CASEWORK),
    ),
    CASE_SUPERVISORS: Role(
        label=pgettext_lazy("role", "Case supervisors"),
        purpose=pgettext_lazy(
            "role", "Everything caseworkers do, and grant or withdraw caseworkers' access to cases."
        ),
        permissions=(
            ADMIN,
            *_CASEWORK,
            "casework.view_caseaccessgrant",
            "casework.add_caseaccessgrant",
            "casework.change_caseaccessgrant",
            "casework.delete_caseaccessgrant",
            # testimonies' vocabularies (violation types, perpetrator units, detention places)
            "casework.view_violationtype",
            "casework.add_violationtype",
            "casework.change_violationtype",
            "casework.view_perpetratorunit",
            "casework.add_perpetratorunit",
            "casework.change_perpetratorunit",
            "casework.view_detentionplace",
            "casework.add_detentionplace",
            "casework.change_detentionplace",
            "casework.view_campaign_spending",  # a campaign's rescue spending: totals, no case
        ),
    ),
    AUDITORS: Role(
        label=pgettext_lazy("role", "Auditors"),
        purpose=pgettext_lazy(
            "role", "Read and export the audit log. No add, change or delete on it for anyone."
        ),
        permissions=(ADMIN, "audit.view_auditentry"),
    ),
    SYSTEM_ADMINISTRATORS: Role(
        label=pgettext_lazy("role", "System administrators"),
        purpose=pgettext_lazy(
            "role",
            "See the background jobs that failed and run them again (Settings → Failed jobs). "
            "No page, person, gift or case.",
        ),
        permissions=(ADMIN, "operations.manage_jobs"),
    ),
    YOUTH_REVIEWERS: Role(
        label=pgettext_lazy("role", "Youth programme reviewers"),
        purpose=pgettext_lazy(
            "role",
            "Review applications to youth programmes: only those of programmes whose reviewing "
            "group they are also in. No supporter list, no events.",
        ),
        permissions=(ADMIN, "programmes.view_application", "programmes.change_application"),
    ),
}


def role_label(group_name: str) -> str:
    """The translated name of a role's group (the group's own name when it is not a role)."""
    role = ROLES.get(group_name)
    return str(role.label) if role else group_name


def roles_matrix_markdown() -> str:
    """The matrix as a Markdown table (``docs/subsystems/access-roles.md`` holds it; a test
    checks the two agree). One row per role; model permissions grouped by model."""
    lines = [
        "| Role | Pages (every home page) | Images and documents | Model permissions |",
        "|---|---|---|---|",
    ]
    for name, role in ROLES.items():
        by_model: dict[str, list[str]] = {}
        for permission in role.permissions:
            if permission == ADMIN:
                continue
            app_label, codename = permission.split(".", 1)
            verb, _sep, model = codename.partition("_")
            by_model.setdefault(f"{app_label}.{model}", []).append(verb)
        models = "; ".join(f"`{model}`: {', '.join(verbs)}" for model, verbs in by_model.items())
        pages = ", ".join(c.removesuffix("_page") for c in role.page_permissions) or "—"
        media = ", ".join(role.collection_permissions) or "—"
        lines.append(f"| {name} | {pages} | {media} | {models or '—'} |")
    return "\n".join(lines) + "\n"


def _permission_lookup() -> dict[str, int]:
    """Every permission in the database by ``"app_label.codename"``."""
    return {
        f"{app_label}.{codename}": pk
        for pk, app_label, codename in Permission.objects.values_list(
            "pk", "content_type__app_label", "codename"
        )
    }


def _codename_lookup(app_label: str) -> dict[str, int]:
    return dict(
        Permission.objects.filter(content_type__app_label=app_label).values_list("codename", "pk")
    )


def roles_setup() -> list[str]:
    """Create every group of ``ROLES`` and set its permissions to exactly what it lists, then the
    review workflow (``pages.workflow.workflow_setup``). Idempotent. Returns notes for the
    operator: one per permission skipped because its app is not installed (or not migrated)."""
    from candle.pages.workflow import workflow_setup  # it reads the matrix: import when run

    notes: list[str] = []
    with transaction.atomic():
        workflow_setup()  # the Editors' approval task and the workflow on every home page
        by_name = _permission_lookup()
        page_codes = _codename_lookup("wagtailcore")
        homes = list(HomePage.objects.all())
        root_collection = Collection.get_first_root_node()
        media = {**_codename_lookup("wagtailimages"), **_codename_lookup("wagtaildocs")}
        for name, role in ROLES.items():
            group, _created = Group.objects.get_or_create(name=name)
            wanted = []
            for permission in role.permissions:
                if permission in by_name:
                    wanted.append(by_name[permission])
                    continue
                app_label = permission.split(".", 1)[0]
                why = "not migrated" if app_label in apps.app_configs else "not installed"
                notes.append(f"{name}: skipped {permission} ({app_label} {why} yet)")
            held = set(group.permissions.values_list("pk", flat=True))
            group.permissions.set(wanted)
            if held != set(wanted):
                by_pk = {pk: label for label, pk in by_name.items()}
                added = sorted(by_pk[pk] for pk in set(wanted) - held)
                removed = sorted(by_pk[pk] for pk in held - set(wanted))
                record(
                    "permissions.change",
                    target=group,
                    detail=f"setup_roles: added {added}, removed {removed}",
                )

            GroupPagePermission.objects.filter(group=group).exclude(
                page__in=homes, permission_id__in=[page_codes[c] for c in role.page_permissions]
            ).delete()
            for home in homes:
                for codename in role.page_permissions:
                    GroupPagePermission.objects.get_or_create(
                        group=group, page=home, permission_id=page_codes[codename]
                    )

            media_ids = [media[c] for c in role.collection_permissions]
            GroupCollectionPermission.objects.filter(group=group).exclude(
                collection=root_collection, permission_id__in=media_ids
            ).delete()
            for permission_id in media_ids:
                GroupCollectionPermission.objects.get_or_create(
                    group=group, collection=root_collection, permission_id=permission_id
                )
    return notes
