"""RUM on PostgreSQL: the extension and the index the ranking reads (``postgres.py``)."""

from .postgres import RUM_INDEX, RUM_VECTOR, rum_forget

# the ranked expression without its table's name, as an index expression
_INDEXED = RUM_VECTOR.replace('"wagtailsearch_indexentry".', "")


def rum_extension_available(connection) -> bool:
    """Whether the server can ``CREATE EXTENSION rum`` (the package is installed)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_available_extensions WHERE name = 'rum'")
        return cursor.fetchone() is not None


def rum_index_ensure(connection) -> bool:
    """Create the extension (if the server has it) and the RUM index. True when it is there."""
    if connection.vendor != "postgresql" or not rum_extension_available(connection):
        return False
    with connection.cursor() as cursor:
        cursor.execute("CREATE EXTENSION IF NOT EXISTS rum")
        cursor.execute(
            f"CREATE INDEX IF NOT EXISTS {RUM_INDEX} ON wagtailsearch_indexentry "  # noqa: S608 - constants
            f"USING rum ({_INDEXED} rum_tsvector_ops)"
        )
    rum_forget()
    return True


def rum_index_create(apps, schema_editor) -> None:
    rum_index_ensure(schema_editor.connection)


def rum_index_drop(apps, schema_editor) -> None:
    if schema_editor.connection.vendor == "postgresql":
        with schema_editor.connection.cursor() as cursor:
            cursor.execute(f"DROP INDEX IF EXISTS {RUM_INDEX}")
        rum_forget()
