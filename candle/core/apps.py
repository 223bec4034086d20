from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "candle.core"
    label = "core"
    verbose_name = "Candle core"

    def ready(self) -> None:
        from django.db.backends.signals import connection_created

        from .encryption import checks  # noqa: F401 - registers the field keys' deploy check
        from .private_files import sqlite_files_private

        connection_created.connect(sqlite_files_private, dispatch_uid="candle_sqlite_private")
