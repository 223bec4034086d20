from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "candle.core"
    label = "core"
    verbose_name = "Candle core"
