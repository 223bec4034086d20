"""Rows the migrations made, put back after a transactional test's flush emptied them."""


def migration_rows_restore() -> None:
    """Wagtail's root page and collection, the locales, work areas, categories and topics (as
    tests/e2e/conftest.py does for browser tests)."""
    import importlib

    from django.apps import apps
    from django.contrib.contenttypes.models import ContentType
    from wagtail.models import Collection, Locale, Page

    ContentType.objects.clear_cache()  # the flush gave the content types new ids
    importlib.import_module("candle.pages.migrations.0002_base_data").forwards(apps, None)
    if not Page.objects.filter(depth=1).exists():
        Page.add_root(
            instance=Page(title="Root", slug="root", locale=Locale.objects.get(language_code="ko"))
        )
    if not Collection.objects.exists():
        Collection.add_root(name="Root")
