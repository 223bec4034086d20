import pytest

from candle.supporters.factories import MembershipTypeFactory, SupporterFactory


@pytest.fixture
def supporter(db):
    return SupporterFactory(name="김가명", email="gamyeong@candle.example", phone="010-1234-5678")


@pytest.fixture
def paid_type(db):
    return MembershipTypeFactory(name_ko="정회원", name_en="Regular member", dues=30000)


@pytest.fixture
def free_type(db):
    return MembershipTypeFactory(
        name_ko="온라인회원", name_en="Online member", dues=0, sort_order=1
    )


@pytest.fixture(autouse=True)
def _empty_rate_limits():
    """Rate-limit counts live in the cache; each test starts with none."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()
