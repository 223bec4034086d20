"""Issue 20, items 4, 5, 10 and 12: nothing is attached to a person, and no e-mail address
changes, until a link mailed to the address is followed; the public forms answer and work the
same for every address; and they are rate limited."""

import re
from types import SimpleNamespace

import pytest
from django.core import mail
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from candle.supporters import tasks
from candle.supporters.access import access_link_create
from candle.supporters.factories import MembershipFactory, SupporterFactory
from candle.supporters.models import (
    Consent,
    Membership,
    PendingEmailChange,
    PendingJoin,
    Supporter,
)

pytestmark = pytest.mark.django_db

JOIN = "/{lang}/supporters/join/"
ACCOUNT = "/ko/supporters/me/account/"


def _join_data(membership_type, **overrides):
    data = {
        "kind": "person",
        "name": "김가명",
        "email": "join@candle.example",
        "phone": "",
        "membership_type": membership_type.pk,
        "consent_membership": "on",
        "consent_newsletter": "on",
        "website": "",
    }
    data.update(overrides)
    return data


def _link_from(message) -> str:
    return re.search(r"http://testserver(/\S+)", message.body).group(1)


def _open(client, supporter):
    token = access_link_create(supporter=supporter)
    assert client.post(f"/ko/supporters/me/open/{token}/").status_code == 302


def _details(supporter, **overrides):
    data = {
        "name": supporter.name,
        "email": supporter.email,
        "phone": "",
        "postal_code": "",
        "address": "",
        "preferred_language": "ko",
    }
    data.update(overrides)
    return data


class EnqueueRecorder:
    """Stands in for a task's ``enqueue`` to see what the request itself does."""

    def __init__(self):
        self.calls = []

    def __call__(self, **kwargs):
        self.calls.append(kwargs)


# --- Item 5: the join form reveals nothing and attaches nothing -------------------------------


def test_joining_with_a_members_address_answers_exactly_like_a_strangers(
    client, paid_type, django_capture_on_commit_callbacks
):
    member = SupporterFactory(name="이가명", email="member@candle.example")
    membership = MembershipFactory(
        supporter=member, membership_type=paid_type, status="pending", dues_reference="CDM0000AAAA"
    )
    consents_before = Consent.objects.count()
    answers = []
    for email in ("member@candle.example", "stranger@candle.example"):
        with django_capture_on_commit_callbacks(execute=True):
            response = Client().post(
                JOIN.format(lang="ko"), _join_data(paid_type, email=email, name="김가명")
            )
        answers.append((response.status_code, response["Location"]))
        page = Client().get(response["Location"]).content.decode()
        assert "CDM0000AAAA" not in page and "give/dues" not in page
    assert answers[0] == answers[1] == (302, "/ko/supporters/join/sent/")
    # Nothing was attached to the member, and nobody was created.
    member.refresh_from_db()
    assert member.name == "이가명" and Supporter.objects.count() == 1
    assert Consent.objects.count() == consents_before and Membership.objects.count() == 1
    # The mails say the same, save the link.
    bodies = [re.sub(r"http://\S+", "URL", m.body) for m in mail.outbox]
    assert len(bodies) == 2 and bodies[0] == bodies[1]
    assert [m.subject for m in mail.outbox] == [mail.outbox[0].subject] * 2
    # Only the address's owner, following the link, reaches the member's dues page.
    confirmed = Client().post(_link_from(mail.outbox[0]))
    assert confirmed.status_code == 302 and "/ko/give/dues/" in confirmed["Location"]
    membership.refresh_from_db()
    assert membership.status == "pending" and Membership.objects.count() == 1


def test_a_current_member_confirming_again_is_told_so_and_nothing_is_doubled(
    client, free_type, django_capture_on_commit_callbacks
):
    member = SupporterFactory(email="member@candle.example")
    MembershipFactory(supporter=member, membership_type=free_type, status="active")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            JOIN.format(lang="en"),
            _join_data(free_type, email="member@candle.example", consent_newsletter=""),
        )
    response = client.post(_link_from(mail.outbox[0]), follow=True)
    assert response.status_code == 200
    assert "You were a member already" in response.content.decode()
    assert Membership.objects.count() == 1 and not Consent.objects.exists()


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_forged_expired_or_used_join_links_record_nothing(
    client, free_type, django_capture_on_commit_callbacks, lang
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(JOIN.format(lang=lang), _join_data(free_type))
    link = _link_from(mail.outbox[0])
    PendingJoin.objects.update(expires_at="2000-01-01T00:00Z")
    for bad in [link, f"/{lang}/supporters/join/confirm/forged/", link[:-1] + "x" * 300 + "/"]:
        response = client.post(bad)
        assert response.status_code == 400
        assert (
            "사용할 수 없는 링크" if lang == "ko" else "no longer works"
        ) in response.content.decode()
    assert not Supporter.objects.exists() and not Membership.objects.exists()


def test_a_type_withdrawn_before_confirmation_records_nothing_and_says_why(
    client, paid_type, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(JOIN.format(lang="ko"), _join_data(paid_type))
    paid_type.is_active = False
    paid_type.save()
    response = client.post(_link_from(mail.outbox[0]))
    assert response.status_code == 400 and "회원 유형" in response.content.decode()
    assert not Supporter.objects.exists() and not Consent.objects.exists()


# --- Item 4: a new e-mail address is confirmed by a link sent to it ----------------------------


def test_a_new_address_applies_only_when_the_link_sent_to_it_is_followed(
    client, supporter, django_capture_on_commit_callbacks
):
    _open(client, supporter)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            ACCOUNT, _details(supporter, email="moved@candle.example", name="김새이름")
        )
    assert response.status_code == 200
    assert "moved@candle.example" in response.content.decode()  # "we have sent a link to …"
    supporter.refresh_from_db()
    assert supporter.name == "김새이름"  # other details change at once
    assert supporter.email == "gamyeong@candle.example"  # the address does not, yet
    assert [m.to for m in mail.outbox] == [["moved@candle.example"]]
    link = _link_from(mail.outbox[0])
    assert link.startswith("/ko/supporters/me/email/")
    assert Client().get(link).status_code == 200  # a mail scanner's GET changes nothing
    supporter.refresh_from_db()
    assert supporter.email == "gamyeong@candle.example"
    other_browser = Client()
    with django_capture_on_commit_callbacks(execute=True):
        confirmed = other_browser.post(link)
    assert confirmed.status_code == 302 and confirmed["Location"] == ACCOUNT
    supporter.refresh_from_db()
    assert (supporter.email, supporter.email_normalised) == ("moved@candle.example",) * 2
    notice = mail.outbox[-1]  # the old address is told, in case it was not its owner's doing
    assert notice.to == ["gamyeong@candle.example"] and "moved@candle.example" in notice.body
    assert "이메일 주소가 바뀌었습니다" in notice.subject
    assert Client().post(link).status_code == 400  # once only


def test_another_supporters_address_is_refused_without_saying_whose_it_is(
    client, supporter, django_capture_on_commit_callbacks
):
    victim = SupporterFactory(name="박가명", email="victim@candle.example", preferred_language="en")
    _open(client, supporter)
    pages = {}
    for email in ("Victim@candle.example", "free@candle.example"):
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(ACCOUNT, _details(supporter, email=email))
        assert response.status_code == 200
        page = response.content.decode().replace(email, "ADDRESS")
        pages[email] = re.sub(r'name="csrfmiddlewaretoken" value="\w+"', "", page)
    assert pages["Victim@candle.example"] == pages["free@candle.example"]
    supporter.refresh_from_db()
    assert supporter.email == "gamyeong@candle.example"
    taken, sent = mail.outbox
    assert taken.to == ["Victim@candle.example"] and sent.to == ["free@candle.example"]
    # The holder is told, in their language, and gets no link that changes anything.
    assert "Someone asked" in taken.body and "박가명" not in taken.body
    assert "/email/" not in taken.body and "/supporters/me/" in taken.body
    assert PendingEmailChange.objects.get().email == "free@candle.example"
    victim.refresh_from_db()
    assert victim.email == "victim@candle.example"


def test_an_address_taken_before_confirmation_is_not_applied(
    client, supporter, django_capture_on_commit_callbacks
):
    _open(client, supporter)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(ACCOUNT, _details(supporter, email="moved@candle.example"))
    SupporterFactory(email="MOVED@candle.example")  # e.g. a gift from that address meanwhile
    response = Client().post(_link_from(mail.outbox[0]))
    assert response.status_code == 400 and "병합" in response.content.decode()
    supporter.refresh_from_db()
    assert supporter.email == "gamyeong@candle.example"


def test_staff_get_a_validation_error_naming_the_record_that_holds_the_address(supporter):
    from django.contrib.auth import get_user_model

    other = SupporterFactory(name="이가명", email="other@candle.example")
    admin = get_user_model().objects.create_superuser("admin", "admin@candle.example", "x-123")
    staff = Client()
    staff.force_login(admin)
    url = f"/admin/snippets/supporters/supporter/edit/{supporter.pk}/"
    data = {
        "kind": "person",
        "preferred_language": "ko",
        "name": supporter.name,
        "email": "OTHER@candle.example",
        "phone": "",
        "postal_code": "",
        "address": "",
        "tags": "",
        "notes": "",
    }
    response = staff.post(url, data)
    assert response.status_code == 200
    assert f"#{other.pk}" in response.content.decode() and "이가명" in response.content.decode()
    supporter.refresh_from_db()
    assert supporter.email == "gamyeong@candle.example"
    # A free address is changed directly by staff.
    response = staff.post(url, {**data, "email": "staff-set@candle.example"})
    assert response.status_code == 302
    supporter.refresh_from_db()
    assert supporter.email == "staff-set@candle.example"


# --- Item 10: the same answer and the same work for every address -----------------------------


def _same_work(client_for, post, addresses):
    """Post once per address (fresh client each), with the task's enqueue replaced; returns the
    responses, the enqueue calls and the query counts of the requests themselves."""
    results = []
    for address in addresses:
        client = client_for()
        with CaptureQueriesContext(connection) as queries:
            response = post(client, address)
        results.append((response.status_code, response.get("Location"), len(queries)))
    return results


def test_access_request_does_the_same_work_for_known_and_unknown_addresses(
    supporter, monkeypatch, django_capture_on_commit_callbacks
):
    recorder = EnqueueRecorder()
    monkeypatch.setattr(tasks, "access_link_send_task", SimpleNamespace(enqueue=recorder))

    def post(client, email):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post("/ko/supporters/me/", {"email": email})

    known, unknown = _same_work(Client, post, [supporter.email, "nobody@candle.example"])
    assert known == unknown and known[0] == 302
    assert recorder.calls == [{"email": supporter.email}, {"email": "nobody@candle.example"}]
    assert not mail.outbox  # the lookup and the mail are the task's work


def test_join_does_the_same_work_for_members_and_strangers(
    paid_type, monkeypatch, django_capture_on_commit_callbacks
):
    MembershipFactory(
        supporter=SupporterFactory(email="member@candle.example"), membership_type=paid_type
    )
    recorder = EnqueueRecorder()
    monkeypatch.setattr(tasks, "pending_join_send_task", SimpleNamespace(enqueue=recorder))

    def post(client, email):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(JOIN.format(lang="ko"), _join_data(paid_type, email=email))

    member, stranger = _same_work(
        Client, post, ["member@candle.example", "stranger@candle.example"]
    )
    assert member == stranger and member[0] == 302
    assert [set(call) for call in recorder.calls] == [{"pending_join_id"}] * 2
    assert not mail.outbox


def test_email_change_does_the_same_work_for_held_and_free_addresses(
    supporter, monkeypatch, django_capture_on_commit_callbacks
):
    SupporterFactory(email="held@candle.example")
    recorder = EnqueueRecorder()
    monkeypatch.setattr(tasks, "email_change_send_task", SimpleNamespace(enqueue=recorder))

    def opened():
        client = Client()
        _open(client, supporter)
        client.get(ACCOUNT)  # the site's settings row is made on the first page shown
        return client

    def post(client, email):
        with django_capture_on_commit_callbacks(execute=True):
            # Only the address differs from what is stored: a change of phone would be logged
            # (candle.audit) on the first post alone and make the two do different work.
            return client.post(ACCOUNT, _details(supporter, email=email, phone=supporter.phone))

    held, free = _same_work(opened, post, ["held@candle.example", "free@candle.example"])
    assert held == free and held[0] == 200
    assert [set(call) for call in recorder.calls] == [{"change_id"}] * 2
    assert not mail.outbox


# --- Item 12: rate limits ------------------------------------------------------------------------


def test_the_eleventh_join_from_one_client_is_refused_and_sends_nothing(
    paid_type, django_capture_on_commit_callbacks
):
    client = Client(REMOTE_ADDR="192.0.2.10")
    with django_capture_on_commit_callbacks(execute=True):
        for n in range(10):
            response = client.post(
                JOIN.format(lang="ko"), _join_data(paid_type, email=f"j{n}@candle.example")
            )
            assert response.status_code == 302
        refused = client.post(
            JOIN.format(lang="ko"), _join_data(paid_type, email="j10@candle.example")
        )
    assert refused.status_code == 429
    assert "너무 많이" in refused.content.decode()
    assert PendingJoin.objects.count() == 10 and len(mail.outbox) == 10
    with django_capture_on_commit_callbacks(execute=True):
        other = Client(REMOTE_ADDR="192.0.2.11").post(
            JOIN.format(lang="en"), _join_data(paid_type, email="j11@candle.example")
        )
    assert other.status_code == 302 and len(mail.outbox) == 11


def test_one_address_cannot_be_sent_joins_from_many_clients(
    paid_type, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        statuses = [
            Client(REMOTE_ADDR=f"192.0.2.{n}").post(JOIN.format(lang="en"), _join_data(paid_type))
            for n in range(6)
        ]
    assert [r.status_code for r in statuses] == [302] * 5 + [429]
    assert "Too many attempts" in statuses[-1].content.decode()
    assert len(mail.outbox) == 5


def test_access_requests_and_email_changes_are_rate_limited(
    supporter, django_capture_on_commit_callbacks
):
    client = Client(REMOTE_ADDR="192.0.2.20")
    with django_capture_on_commit_callbacks(execute=True):
        statuses = [
            client.post("/en/supporters/me/", {"email": f"n{n}@candle.example"}).status_code
            for n in range(11)
        ]
    assert statuses == [302] * 10 + [429]
    _open(client, supporter)
    with django_capture_on_commit_callbacks(execute=True):
        statuses = [
            client.post(ACCOUNT, _details(supporter, email=f"m{n}@candle.example")).status_code
            for n in range(11)
        ]
    assert statuses == [200] * 10 + [429]
    assert PendingEmailChange.objects.count() == 10 and len(mail.outbox) == 10
