"""PostgreSQL: a first build of the search index writes its entries without the indexes that
searches read them by (modelsearch's three GIN indexes, RUM's) and builds those once at its end.

Kept entry by entry, those indexes were most of PostgreSQL's work in ``update_index``: at 10,000
entries RUM's index alone made writing an entry about 15 times dearer (8.8 s against 0.6 s for
the same 10,000 rows), and the rebuild's last step, every entry's title norm written again,
cost as much once more (10.9 s against 0.6 s), where building RUM's index over the 10,000 entries
at once takes 0.2 s. Used by ``update_index`` only for a run that starts on an empty index,
where there is nothing to search yet (docs/subsystems/search.md, "Indexing").
"""

from django.db import connections, router
from modelsearch.conf import get_app_config

from .rum import rum_extension_available, rum_index_drop_now, rum_index_ensure, rum_index_exists


def _entry_model():
    return get_app_config().get_model("IndexEntry")


def entries_connection():
    """The connection the index's entries are written on."""
    return connections[router.db_for_write(_entry_model())]


def _existing(connection) -> set[str]:
    table = _entry_model()._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexname FROM pg_indexes WHERE tablename = %s", [table])
        return {row[0] for row in cursor.fetchall()}


def search_indexes_complete(connection) -> bool:
    """Whether every index searches read the entries by is there (RUM's where the server has
    the extension)."""
    existing = _existing(connection)
    declared = {index.name for index in _entry_model()._meta.indexes}
    if not declared <= existing:
        return False
    return rum_index_exists(connection) or not rum_extension_available(connection)


def search_indexes_drop(connection) -> None:
    """Drop the model's declared indexes (GIN) and RUM's; the unique key on (content type,
    object id), which writing needs, stays."""
    existing = _existing(connection)
    model = _entry_model()
    with connection.schema_editor(atomic=False) as editor:
        for index in model._meta.indexes:
            if index.name in existing:
                editor.remove_index(model, index)
    rum_index_drop_now(connection)


def search_indexes_build(connection) -> None:
    """Build whichever of them is missing, from the model's own declaration and RUM's."""
    existing = _existing(connection)
    model = _entry_model()
    in_transaction = connection.in_atomic_block
    with connection.cursor() as cursor:
        if in_transaction:
            # inside a caller's transaction (tests), the rows' deferred foreign-key checks
            # would make PostgreSQL refuse to build an index on their table
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    with connection.schema_editor(atomic=False) as editor:
        for index in model._meta.indexes:
            if index.name not in existing:
                editor.add_index(model, index)
    rum_index_ensure(connection)
    if in_transaction:
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
