"""Factories for tests and the demo: visibly fictional people only."""

import factory

from .models import Membership, MembershipType, Supporter


class SupporterFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Supporter

    name = factory.Sequence(lambda n: f"김가명{n}")
    email = factory.Sequence(lambda n: f"supporter{n}@candle.example")
    preferred_language = "ko"


class MembershipTypeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MembershipType

    name_ko = "정회원"
    name_en = "Regular member"
    dues = 30000
    period = MembershipType.Period.YEARLY


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    supporter = factory.SubFactory(SupporterFactory)
    membership_type = factory.SubFactory(MembershipTypeFactory)
    status = Membership.Status.ACTIVE
