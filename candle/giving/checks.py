"""``manage.py check --deploy`` warnings for giving's production settings."""

from django.conf import settings
from django.core.checks import Error, Warning, register


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
    if not getattr(settings, "CANDLE_FIELD_KEYS", "") and getattr(
        settings, "CANDLE_FIELD_KEY_AUTOCREATE", False
    ):
        problems.append(
            Error(
                "Field encryption keys would be created next to the data they protect.",
                hint="Set CANDLE_FIELD_KEYS (or CANDLE_FIELD_KEY_FILE on another volume) and "
                "CANDLE_FIELD_KEY_AUTOCREATE=0.",
                id="giving.E001",
            )
        )
    return problems
