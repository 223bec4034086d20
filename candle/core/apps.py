from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "candle.core"
    label = "core"
    verbose_name = "Candle core"

    def ready(self) -> None:
        from django.db.backends.signals import connection_created

        from .encryption import checks  # noqa: F401 - registers the field keys' deploy check
        from .pg_loaders import timestamptz_loader_native
        from .private_files import sqlite_files_private

        connection_created.connect(sqlite_files_private, dispatch_uid="candle_sqlite_private")
        connection_created.connect(
            timestamptz_loader_native, dispatch_uid="candle_timestamptz_loader_native"
        )

        from django.core.signals import request_started

        from .faults import health_check_skipped_for_reads

        # after Django's close_old_connections (connected when django.db was imported), which
        # asks for the health check this skips for reads
        request_started.connect(
            health_check_skipped_for_reads, dispatch_uid="candle_health_check_reads"
        )
