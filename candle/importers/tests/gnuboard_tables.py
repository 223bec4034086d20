"""Helpers for tests that build a small hostile GnuBoard source row by row, on the tables of
``candle.importers.gnuboard_schema``."""

from candle.importers.gnuboard_schema import SCHEMA, write_table

__all__ = ["SCHEMA", "file_insert", "post_insert", "tables_create", "write_table"]


def tables_create(connection, boards=(("bulk", "소식"),), *, case_sensitive_names=False) -> None:
    """The shared tables and one write table per (bo_table, bo_subject).

    ``case_sensitive_names``: ``g5_board.bo_table`` compares letter case (a binary collation),
    so it can hold boards whose names differ only in case, as their write tables can on a
    case-sensitive file system; ``g5_board_file`` keeps GnuBoard's case-blind collation."""
    with connection.cursor() as cursor:
        for statement in SCHEMA:
            cursor.execute(statement)
        if case_sensitive_names:
            cursor.execute(
                "ALTER TABLE g5_board MODIFY bo_table varchar(20) COLLATE utf8mb3_bin NOT NULL"
            )
        for bo_table, subject in boards:
            cursor.execute(write_table(bo_table))
            cursor.execute(
                "INSERT INTO g5_board (bo_table, bo_subject, bo_category_list, bo_notice) VALUES (%s, %s, '', '')",
                (bo_table, subject),
            )


def post_insert(connection, bo_table: str = "bulk", **columns) -> int:
    """One post (or, with wr_is_comment=1, a comment); returns its wr_id."""
    row = {
        "wr_subject": "제목",
        "wr_content": "본문",
        "wr_name": "김가명",
        "wr_datetime": "2020-01-01 10:00:00",
        "wr_option": "",
    } | columns
    names = ", ".join(row)
    marks = ", ".join(["%s"] * len(row))
    with connection.cursor() as cursor:
        sql = f"INSERT INTO g5_write_{bo_table} ({names}) VALUES ({marks})"  # noqa: S608
        cursor.execute(sql, list(row.values()))
        wr_id = cursor.lastrowid
        if "wr_num" not in columns:
            cursor.execute(
                f"UPDATE g5_write_{bo_table} SET wr_num = %s, wr_parent = IF(wr_is_comment, wr_parent, wr_id) WHERE wr_id = %s",  # noqa: S608
                (-wr_id, wr_id),
            )
    return wr_id


def file_insert(
    connection,
    *,
    wr_id: int,
    bf_no: int,
    source: str,
    stored: str,
    bo_table="bulk",
    bf_type=0,
    content="",
) -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO g5_board_file (bo_table, wr_id, bf_no, bf_source, bf_file, bf_content, bf_type, bf_datetime)"
            " VALUES (%s, %s, %s, %s, %s, %s, %s, '2020-01-01 00:00:00')",
            (bo_table, wr_id, bf_no, source, stored, content, bf_type),
        )
