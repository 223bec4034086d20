"""The site the hostile-input tests post to (``hostile_world.CASES``): both home pages, an event
with questions, a youth programme, an appeal, a campaign and a membership type, each in Korean
and English where the form needs it. Built once per module, rolled back at the end."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import transaction
from django.utils import timezone

from .hostile_world import CHOICE_QUESTION, QUESTION


@pytest.fixture(scope="module", name="hostile_world")
def hostile_world_build(django_db_setup, django_db_blocker):
    """Both home pages, an event with questions, a youth programme, an appeal, a campaign and
    a membership type, each in Korean and English; built once, rolled back at the end."""
    from django.contrib.auth.models import Group
    from wagtail.models import Locale, Page, Site

    from candle.advocacy.models import AppealPage
    from candle.giving.models import CampaignPage
    from candle.pages.models import HomePage
    from candle.programmes.models import EventIndexPage, EventPage
    from candle.programmes.youth.factories import programme_make
    from candle.programmes.youth.models import YouthProgrammeIndexPage
    from candle.supporters.factories import MembershipTypeFactory

    def translate(page, title, **changes):
        en = Locale.objects.get_or_create(language_code="en")[0]
        copy = page.copy_for_translation(en, copy_parents=False, alias=False)
        copy.title = title
        for name, value in changes.items():
            setattr(copy, name, value)
        copy.save_revision().publish()
        return copy

    def publish(parent, page):
        parent.add_child(instance=page)
        page.save_revision().publish()
        return page

    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            ko = Locale.objects.get_or_create(language_code="ko")[0]
            home = publish(
                Page.get_first_root_node(),
                HomePage(title="북한인권시민연합", slug="home-ko", locale=ko, mission="시험"),
            )
            site = Site.objects.get(is_default_site=True)
            site.root_page = home
            site.save()
            translate(home, "Candle")
            index = publish(home, EventIndexPage(title="행사", slug="events"))
            translate(index, "Events")
            start = timezone.now() + dt.timedelta(days=10)
            questions = [
                {
                    "type": "question",
                    "value": {"label": "소속", "kind": "text", "choices": "", "required": True},
                    "id": QUESTION[2:],
                },
                {
                    "type": "question",
                    "value": {
                        "label": "식사",
                        "kind": "choice",
                        "choices": "일반\n채식",
                        "required": False,
                    },
                    "id": CHOICE_QUESTION[2:],
                },
            ]
            event = publish(
                index,
                EventPage(
                    title="상영회",
                    slug="screening",
                    starts_at=start,
                    ends_at=start + dt.timedelta(hours=2),
                    venue="예시 강당",
                    capacity=50,
                    questions=questions,
                ),
            )
            questions_en = [dict(q, value=dict(q["value"])) for q in questions]
            questions_en[1]["value"]["choices"] = "Regular\nVegetarian"
            event_en = translate(event, "Screening", questions=questions_en)
            youth = publish(home, YouthProgrammeIndexPage(title="청소년", slug="youth"))
            translate(youth, "Youth")
            group = Group.objects.create(name="hostile-youth-reviewers")
            programme = programme_make(
                parent=youth,
                group=group,
                slug="winter",
            )
            programme_en = translate(programme, "Winter school")
            appeal = publish(
                home,
                AppealPage(
                    title="긴급 호소",
                    slug="appeal",
                    target_name="예시 대사관",
                    signature_goal=1000,
                    deadline=timezone.now() + dt.timedelta(days=7),
                ),
            )
            appeal_en = translate(appeal, "Urgent appeal")
            campaign = publish(
                home,
                CampaignPage(
                    title="한 생명 살리기",
                    slug="save-one-life",
                    goal=Decimal("1000000"),
                    currency="KRW",
                    amount_presets="10000,30000,50000",
                ),
            )
            membership_type = MembershipTypeFactory(name_ko="정회원", name_en="Regular", dues=0)
            yield {
                "home": home,
                "event": event,
                "event_en": event_en,
                "programme": programme,
                "programme_en": programme_en,
                "appeal": appeal,
                "appeal_en": appeal_en,
                "campaign": campaign,
                "membership_type": membership_type,
            }
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)
