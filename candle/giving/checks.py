"""``manage.py check --deploy`` warnings for giving's production settings. (The field keys
that encrypt resident numbers are checked by ``candle.core.encryption.checks``.)"""

from django.conf import settings
from django.core.checks import Warning, register


@register("giving", deploy=True)
def giving_deploy_checks(app_configs, **kwargs):
    problems = []
    if getattr(settings, "CANDLE_TEST_PROVIDER_ENABLED", False):
        problems.append(
            Warning(
                "The test payment provider is on: anyone can 'pay' without paying.",
                hint="Set CANDLE_TEST_PROVIDER_ENABLED=0 in production.",
                id="giving.W001",
            )
        )
    return problems
