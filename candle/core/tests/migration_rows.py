"""Rows the migrations made, put back after a transactional test's flush emptied them."""


def migration_rows_restore() -> None:
    """Wagtail's root page, default site and collection, the locales, work areas, categories and topics (as
    tests/e2e/conftest.py does for browser tests)."""
    import importlib

    from django.apps import apps
    from django.contrib.contenttypes.models import ContentType
    from wagtail.models import Collection, Locale, Page, Site

    ContentType.objects.clear_cache()  # the flush gave the content types new ids
    importlib.import_module("candle.pages.migrations.0002_base_data").forwards(apps, None)
    root = Page.objects.filter(depth=1).first()
    if root is None:
        root = Page.add_root(
            instance=Page(title="Root", slug="root", locale=Locale.objects.get(language_code="ko"))
        )
    if not Site.objects.filter(is_default_site=True).exists():
        Site.objects.create(hostname="localhost", root_page=root, is_default_site=True)
    if not Collection.objects.exists():
        Collection.add_root(name="Root")
