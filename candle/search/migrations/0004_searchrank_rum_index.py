"""PostgreSQL: the RUM index that ranks matches from the index (docs/subsystems/search.md).

``CREATE EXTENSION IF NOT EXISTS rum`` when the server has it (Debian ``postgresql-15-rum``,
installed by ``scripts/system-deps.sh`` from ``make test``, ``make bench`` and ``make serve``),
then a RUM index on each index entry's title and body as one tsvector, the expression the
backend ranks by. On a server without RUM, or on SQLite, it does nothing: the backend then
ranks with the GIN statement (the same scores) and ``manage.py check`` says so once.
"""

from django.db import migrations

from candle.search.backends.rum import rum_index_create, rum_index_drop


class Migration(migrations.Migration):
    dependencies = [
        ("candle_search", "0003_seed_organisation_name_word"),
        ("wagtailsearch", "0010_add_text_fields"),
    ]

    operations = [
        migrations.RunPython(rum_index_create, rum_index_drop, elidable=False),
    ]
