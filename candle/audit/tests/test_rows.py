"""Writes that skip the model signals (queryset ``update()``, ``bulk_create``, ``bulk_update``,
raw SQL) cannot reach personal records unnoticed: the code is scanned for them, and each one
on a personal model (or on a model the scan cannot name) must be listed below with its
reason; "logged" places must really call the audit log in the same function. The helpers
in ``candle.audit.rows`` write the entries."""

from __future__ import annotations

import ast
import functools
from pathlib import Path

import pytest
from django.apps import apps
from django.contrib.auth.models import Group
from django.db.models import F, Value
from django.db.models.functions import Concat

from candle.audit.models import AuditEntry
from candle.audit.receivers import personal_record_models
from candle.audit.rows import batch_record, rows_record, rows_update

ROOT = Path(__file__).resolve().parents[2]  # candle/
WRITES = {"update", "bulk_create", "bulk_update"}
MANAGERS = {"objects", "_base_manager", "_default_manager"}
QUERYSET_METHODS = {"filter", "exclude", "all", "select_for_update", "order_by", "using"}
LOGGING_CALLS = {"record", "rows_record", "batch_record", "rows_update"}

LOGGED = "logged: the function writes the audit entries itself, in the same transaction"
CLAIM = "not personal data: a claim or mark of our own processing (when we mailed, a token)"
PACK = "not personal data: a delivery pack's build status and progress"
DEMO = "demo data: obviously fake people, made by load_demo_data, never production"

# (file under candle/, function, model as named in the code) -> why no signal is needed.
ALLOWED: dict[tuple[str, str, str], str] = {
    ("audit/rows.py", "rows_update", "queryset"): "the helper itself: it logs every row",
    ("supporters/confirmations.py", "_token_claim", "model"): CLAIM,
    ("supporters/membership.py", "membership_reminders_send", "Membership"): CLAIM,
    ("supporters/demo.py", "demo_load", "Membership"): DEMO,
    ("casework/dossiers.py", "reminder_done", "DossierReminder"): (
        "not personal data: staff's own to-do item ticked off"
    ),
    ("advocacy/signatures.py", "signature_link_send", "Signature"): CLAIM,
    ("advocacy/signatures.py", "signatures_forget", "Signature"): LOGGED,
    ("advocacy/demo.py", "_signatures", "Signature"): DEMO,
    ("advocacy/delivery.py", "progress", "DeliveryPack"): PACK,
    ("advocacy/delivery.py", "delivery_pack_build", "DeliveryPack"): PACK,
    ("advocacy/newsletters/services.py", "newsletter_send_start", "NewsletterDelivery"): LOGGED,
    ("advocacy/newsletters/services.py", "_claim", "NewsletterDelivery"): CLAIM,
    ("advocacy/newsletters/services.py", "newsletter_interrupted_mark", "NewsletterDelivery"): (
        CLAIM
    ),
    ("advocacy/newsletters/services.py", "newsletter_deliver", "NewsletterDelivery"): CLAIM,
    ("advocacy/newsletters/services.py", "newsletter_unsubscribe", "NewsletterDelivery"): (
        "not personal data: our mailing's status; the person's choice is the consent ledger's "
        "withdrawal, logged by consent_withdraw_purpose"
    ),
    ("advocacy/newsletters/services.py", "address_suppress", "NewsletterDelivery"): (
        "not personal data: our mailing's status; the consent withdrawal is logged"
    ),
    ("advocacy/demo_newsletters.py", "demo_load", "NewsletterIssue"): DEMO,
    ("advocacy/newsletters/services.py", "newsletter_finish_if_done", "NewsletterIssue"): (
        "not personal data: the issue (our text), marked sent"
    ),
    ("giving/emails.py", "donation_thank", "Donation"): CLAIM,
    ("giving/demo.py", "demo_load", "Pledge"): DEMO,
    ("programmes/services.py", "event_reminders_send", "Registration"): CLAIM,
    ("programmes/lectures/services.py", "lecture_surveys_send", "LectureRequest"): CLAIM,
    ("programmes/lectures/tasks.py", "lecture_confirmation_send", "LectureRequest"): CLAIM,
    ("programmes/youth/services.py", "guardian_reminders_send", "Application"): CLAIM,
    ("access/services.py", "recovery_codes_replace", "StaticToken"): (
        "not personal data: one-time codes; enrolment is logged as otp.enrol"
    ),
    ("core/encryption/rotation.py", "_column_rotate", "model"): (
        "the stored values do not change, only the key they are encrypted with"
    ),
    ("importers/services/files.py", "_document_collection_set", "type"): (
        "documents, not personal data"
    ),
}

# Files that run SQL of their own -> what it does (none writes a personal record).
RAW_SQL: dict[str, str] = {
    "audit/chain.py": "the audit log's own advisory lock; a WAL flush (no row)",
    "supporters/services.py": "an advisory lock, no rows",
    "backups/database.py": "backup and restore of the whole database, itself logged",
    "core/compiled.py": "one row by key, read only",
    "core/health.py": "SELECT 1",
    "pages/listing_cards.py": "reads of public pages (a listing's cards)",
    "search/backends/bulk_indexes.py": "the index table's own indexes listed (DDL), no rows",
    "pages/post_detail.py": "reads of public pages (a post's parts)",
    "pages/selectors.py": "reads of public pages",
    "pages/services.py": "statistics of the page tables",
    "search/backends/postgres.py": "the search index (public pages)",
    "search/backends/sqlite.py": "the search index (public pages)",
    "search/backends/sqlite_window.py": "the search index (public pages)",
    "search/backends/rum.py": "the search index's extension",
    "search/backends/rum_statements.py": "the search index (public pages)",
    "search/backends/indexing.py": "reads of public pages (a results page's ten, by key)",
    "search/texts.py": "reads of public pages' text and their attachments' text",
    "importers/gnuboard_source.py": "reads the old site's database",
    "advocacy/sign_store.py": "a signature, its audit entry (chain.entry_insert_sql) and its task "
    "row in two statements: logged in the same transaction (then a WAL flush, no row)",
}


def _source_files():
    for path in sorted(ROOT.rglob("*.py")):
        parts = path.relative_to(ROOT).parts
        if "tests" in parts or "migrations" in parts:
            continue
        yield path


def _related_accessors() -> dict[str, str]:
    """``supporter.consents`` -> ``Consent``: the related managers that reach guarded models
    (a name several models use, ``consents``, names them all: ``Consent/FamilyConsent``)."""
    accessors: dict[str, set[str]] = {}
    for model in apps.get_models():
        for relation in model._meta.related_objects:
            if relation.related_model.__name__ in _guarded_models():
                name = relation.get_accessor_name()
                accessors.setdefault(name, set()).add(relation.related_model.__name__)
        for field in model._meta.many_to_many:
            through = field.remote_field.through
            if through.__name__ in _guarded_models():
                accessors.setdefault(field.name, set()).add(through.__name__)
    return {name: "/".join(sorted(models)) for name, models in accessors.items()}


def _root(expr, assigned, related, seen_queryset=False):
    """(the name at the bottom of a method chain, whether the chain is a queryset's); a chain
    through a related manager of a guarded model names that model."""
    while True:
        if isinstance(expr, ast.Call):
            func = expr.func
            if isinstance(func, ast.Attribute) and func.attr in QUERYSET_METHODS:
                seen_queryset = True
            expr = func
        elif isinstance(expr, ast.Attribute):
            if expr.attr in related:
                return related[expr.attr], True
            seen_queryset = seen_queryset or expr.attr in MANAGERS
            expr = expr.value
        elif isinstance(expr, ast.Subscript):
            expr = expr.value
        elif isinstance(expr, ast.Name) and expr.id in assigned:
            expr = assigned.pop(expr.id)  # popped: a name assigned from itself ends here
        else:
            name = expr.id if isinstance(expr, ast.Name) else type(expr).__name__
            return name, seen_queryset


def _writes_in(function, related):
    assigned = {}
    for node in ast.walk(function):
        if isinstance(node, ast.Assign) and len(node.targets) == 1:
            target = node.targets[0]
            if isinstance(target, ast.Name):
                assigned[target.id] = node.value
    for node in ast.walk(function):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr in WRITES
        ):
            name, queryset = _root(node.func.value, dict(assigned), related)
            if queryset or node.func.attr != "update":
                yield name


def _functions(tree):
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            yield node


def _calls(function) -> set[str]:
    names = set()
    for node in ast.walk(function):
        if isinstance(node, ast.Call):
            func = node.func
            names.add(func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", ""))
    return names


@functools.cache
def _guarded_models() -> frozenset[str]:
    guarded = {model.__name__ for model in personal_record_models()}
    for label in ("access", "otp_static", "otp_totp"):
        guarded |= {model.__name__ for model in apps.get_app_config(label).get_models()}
    return frozenset(guarded)


def test_no_write_skips_the_audit_signals_unlisted():
    guarded = _guarded_models()
    related = _related_accessors()
    known = {model.__name__ for model in apps.get_models()}
    found: dict[tuple[str, str, str], set[str]] = {}
    for path in _source_files():
        tree = ast.parse(path.read_text(), filename=str(path))
        relative = path.relative_to(ROOT).as_posix()
        for function in _functions(tree):
            for name in _writes_in(function, related):
                if name in guarded or name not in known:
                    key = (relative, function.name, name)
                    found[key] = _calls(function)
    unlisted = sorted(key for key in found if key not in ALLOWED)
    assert not unlisted, (
        f"writes that skip the audit signals, neither logged nor listed: {unlisted}"
    )
    stale = sorted(key for key in ALLOWED if key not in found)
    assert not stale, f"listed places that no longer write: {stale}"
    silent = sorted(
        key
        for key, reason in ALLOWED.items()
        if reason == LOGGED and not found[key] & LOGGING_CALLS
    )
    assert not silent, f"said to be logged but call no audit function: {silent}"


def test_the_scan_sees_managers_related_managers_and_assigned_querysets():
    source = """
def f(supporter, form):
    supporter.consents.update(withdrawn_at=None)
    Registration.objects.filter(pk=1).update(name="")
    due = LectureRequest.objects.exclude(email="")
    due.update(email="")
    form.fields["x"].widget.attrs.update(autocomplete="name")
    JobRun.objects.filter(pk=1).update(status="done")
"""
    function = ast.parse(source).body[0]
    names = list(_writes_in(function, _related_accessors()))
    assert "Consent" in names[0].split("/")
    assert names[1:] == ["Registration", "LectureRequest", "JobRun"]


def test_raw_sql_only_where_listed():
    users = set()
    for path in _source_files():
        tree = ast.parse(path.read_text(), filename=str(path))
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr in {"execute", "executemany", "raw", "extra"}
            ):
                users.add(path.relative_to(ROOT).as_posix())
    assert users == set(RAW_SQL)


@pytest.mark.django_db
def test_rows_update_logs_each_row_changed_and_only_those():
    groups = [Group.objects.create(name=f"g{i}") for i in range(3)]
    before = AuditEntry.objects.count()
    count = rows_update(
        Group.objects.filter(name__in=["g0", "g2"]),
        {"name": Concat(F("name"), Value("-renamed"))},
        detail="test",
    )
    assert count == 2
    entries = list(AuditEntry.objects.order_by("seq")[before:])
    assert [(e.action, e.target_type, e.target_id, e.fields, e.detail) for e in entries] == [
        ("record.change", "auth.group", str(groups[0].pk), ["name"], "test"),
        ("record.change", "auth.group", str(groups[2].pk), ["name"], "test"),
    ]
    assert [e.target_label for e in entries] == [f"Group #{groups[0].pk}", f"Group #{groups[2].pk}"]
    names = set(Group.objects.filter(pk__in=[g.pk for g in groups]).values_list("name", flat=True))
    assert names == {"g0-renamed", "g1", "g2-renamed"}


@pytest.mark.django_db
def test_row_and_batch_entries_continue_the_chain():
    from candle.audit.chain import chain_verify

    rows_record("record.create", model=Group, ids=[7, 8], fields=["name"])
    batch_record("record.create", model=Group, count=40, detail="issue #5")
    batch_record("record.create", model=Group, count=0, detail="nothing: no entry")
    last = AuditEntry.objects.order_by("-seq")[:3]
    assert [(e.target_id, e.count, e.detail) for e in reversed(last)] == [
        ("7", None, ""),
        ("8", None, ""),
        ("", 40, "issue #5"),
    ]
    assert chain_verify().broken is None


@pytest.mark.django_db
def test_forget_me_logs_the_rows_it_erases_by_update():
    """``supporter_anonymise`` withdraws consents with a queryset update: each consent changed
    gets its own entry, naming the field and not the person."""
    from candle.supporters.factories import SupporterFactory
    from candle.supporters.models import Consent
    from candle.supporters.services import consent_record, supporter_anonymise

    supporter = SupporterFactory(name="Kim Forgotten", email="forgotten@example.org")
    consents = [
        consent_record(supporter=supporter, purpose=purpose, text="Yes", method="web_form")
        for purpose in (Consent.Purpose.NEWSLETTER, Consent.Purpose.MEMBERSHIP)
    ]
    supporter_anonymise(supporter=supporter)
    entries = AuditEntry.objects.filter(target_type="supporters.consent", action="record.change")
    assert sorted(entries.values_list("target_id", flat=True)) == sorted(
        str(c.pk) for c in consents
    )
    assert {tuple(e.fields) for e in entries} == {("withdrawn_at",)}
    assert not AuditEntry.objects.filter(detail__contains="Kim").exists()
