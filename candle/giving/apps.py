from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GivingConfig(AppConfig):
    name = "candle.giving"
    label = "giving"
    verbose_name = _("Giving")

    def ready(self):
        from candle.core.encryption.registry import encrypted_tokens_register
        from candle.supporters import registry

        from . import admin_taxid, checks  # noqa: F401 - registers checks and admin URLs
        from .taxid import TAX_ID_COLUMNS

        for column in TAX_ID_COLUMNS:  # rotated by manage.py rotate_field_keys
            encrypted_tokens_register(*column.rsplit(".", 1))
        from .supporter_hooks import (
            giving_account_section,
            giving_activity,
            giving_admin_record_section,
            giving_books,
            giving_dues_checkout,
            giving_forget,
            giving_merge,
            giving_sweep,
        )

        registry.merge_hook(giving_merge)
        registry.forget_hook(giving_forget)
        registry.activity_hook(giving_activity)
        registry.books_hook(giving_books)
        registry.account_section_hook(giving_account_section)
        registry.dues_checkout_hook(giving_dues_checkout)
        registry.sweep_hook(giving_sweep)
        registry.admin_record_section_hook(giving_admin_record_section)
