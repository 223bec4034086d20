"""``manage.py check --deploy``: the field keys are given, valid and not made up beside the data.

The production settings refuse to start on the same problems (``keys.field_key_problems``);
this names them for any other settings module run with ``--deploy``.
"""

from django.conf import settings
from django.core.checks import Error, register

from .keys import field_key_problems


@register("core", deploy=True)
def field_keys_deploy_check(app_configs, **kwargs):
    problems = field_key_problems(
        keys=getattr(settings, "CANDLE_FIELD_KEYS", ""),
        key_file=getattr(settings, "CANDLE_FIELD_KEY_FILE", ""),
        autocreate=getattr(settings, "CANDLE_FIELD_KEY_AUTOCREATE", False),
    )
    return [
        Error(
            problem,
            hint="docs/subsystems/access-encryption.md: where the keys live and how to make one.",
            id="core.E001",
        )
        for problem in problems
    ]
