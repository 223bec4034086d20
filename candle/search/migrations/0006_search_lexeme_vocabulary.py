"""PostgreSQL: the index's vocabulary (``candle_search_lexeme``), every word of every index
entry's title and body, kept by triggers on the index table, so that a query's prefix
(``'봉사':*``) can be asked of RUM as the words it covers (``'봉사' | '봉사자'``): the same
matches and scores, a third less of the ranking's time (docs/subsystems/search.md, "Prefixes").
Fills it with the words already indexed. Nothing on SQLite.
"""

from django.db import migrations

from candle.search.backends.rum import lexemes_create, lexemes_drop


class Migration(migrations.Migration):
    dependencies = [
        ("candle_search", "0005_searchbench_index_checkpoint"),
    ]

    operations = [
        migrations.RunPython(lexemes_create, lexemes_drop, elidable=False),
    ]
