"""RUM on PostgreSQL: the extension and the index the ranking reads (``postgres.py``)."""

from .rum_statements import RUM_INDEX, RUM_VECTOR, rum_forget

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


def rum_index_exists(connection) -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT to_regclass(%s) IS NOT NULL", [RUM_INDEX])
        return bool(cursor.fetchone()[0])


def rum_index_drop_now(connection) -> None:
    with connection.cursor() as cursor:
        cursor.execute(f"DROP INDEX IF EXISTS {RUM_INDEX}")
    rum_forget()


def rum_index_create(apps, schema_editor) -> None:
    rum_index_ensure(schema_editor.connection)


def rum_index_drop(apps, schema_editor) -> None:
    if schema_editor.connection.vendor == "postgresql":
        with schema_editor.connection.cursor() as cursor:
            cursor.execute(f"DROP INDEX IF EXISTS {RUM_INDEX}")
        rum_forget()


# --- The index's vocabulary: a prefix spelt out as the words it covers -------------------------
#
# RUM answers a prefix (``'봉사':*``) by collecting and sorting every item of every word the
# prefix covers before it can rank them; the same words asked as one OR (``'봉사' | '봉사자'``)
# are read as the index stores them, in order: a third less of the ranking's time at the bench,
# with the same matches and the same scores (RUM scores a prefix as the OR of the words it
# covers). ``candle_search_lexeme`` holds every word of every index entry's title and body,
# kept by triggers on the index table itself in the transaction that writes the entry, so no
# way of writing the index (update_index, a save, an import, raw SQL) can leave a word out; a
# word whose entries are all gone stays (an OR of a word nothing has matches nothing more).
_LEXEMES_SQL = (
    'CREATE TABLE IF NOT EXISTS candle_search_lexeme (lexeme text COLLATE "C" PRIMARY KEY)',
    # new entries: every word of their title and body
    """CREATE OR REPLACE FUNCTION candle_search_lexemes_inserted() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
        INSERT INTO candle_search_lexeme (lexeme)
        SELECT DISTINCT w FROM candle_new_entries e,
            unnest(tsvector_to_array(e.title) || tsvector_to_array(e.body)) w
        ORDER BY 1 ON CONFLICT DO NOTHING;
        RETURN NULL;
    END $$""",
    # changed entries: the words of those whose title or body changed (the title norms'
    # refresh updates every entry's norm only)
    """CREATE OR REPLACE FUNCTION candle_search_lexemes_updated() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
        INSERT INTO candle_search_lexeme (lexeme)
        SELECT DISTINCT w FROM candle_new_entries e JOIN candle_old_entries o ON o.id = e.id,
            unnest(tsvector_to_array(e.title) || tsvector_to_array(e.body)) w
        WHERE e.title IS DISTINCT FROM o.title OR e.body IS DISTINCT FROM o.body
        ORDER BY 1 ON CONFLICT DO NOTHING;
        RETURN NULL;
    END $$""",
    "DROP TRIGGER IF EXISTS candle_search_lexemes_insert ON wagtailsearch_indexentry",
    "CREATE TRIGGER candle_search_lexemes_insert AFTER INSERT ON wagtailsearch_indexentry "
    "REFERENCING NEW TABLE AS candle_new_entries FOR EACH STATEMENT "
    "EXECUTE FUNCTION candle_search_lexemes_inserted()",
    "DROP TRIGGER IF EXISTS candle_search_lexemes_update ON wagtailsearch_indexentry",
    "CREATE TRIGGER candle_search_lexemes_update AFTER UPDATE ON wagtailsearch_indexentry "
    "REFERENCING OLD TABLE AS candle_old_entries NEW TABLE AS candle_new_entries "
    "FOR EACH STATEMENT EXECUTE FUNCTION candle_search_lexemes_updated()",
    # the words already indexed
    "INSERT INTO candle_search_lexeme (lexeme) SELECT DISTINCT w FROM wagtailsearch_indexentry e, "
    "unnest(tsvector_to_array(e.title) || tsvector_to_array(e.body)) w ON CONFLICT DO NOTHING",
)


def lexemes_create(apps, schema_editor) -> None:
    """The vocabulary table, its triggers and the words already indexed (PostgreSQL only)."""
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        for statement in _LEXEMES_SQL:
            cursor.execute(statement)
    rum_forget()


def lexemes_drop(apps, schema_editor) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(
            "DROP TRIGGER IF EXISTS candle_search_lexemes_insert ON wagtailsearch_indexentry"
        )
        cursor.execute(
            "DROP TRIGGER IF EXISTS candle_search_lexemes_update ON wagtailsearch_indexentry"
        )
        cursor.execute("DROP FUNCTION IF EXISTS candle_search_lexemes_inserted()")
        cursor.execute("DROP FUNCTION IF EXISTS candle_search_lexemes_updated()")
        cursor.execute("DROP TABLE IF EXISTS candle_search_lexeme")
    rum_forget()
