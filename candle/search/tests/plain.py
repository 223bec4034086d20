"""The search's rankings written plainly, to check the backends' statements against."""

from django.db import connection

from candle.search.selectors import search_base_queryset


def rum_ranking(match: str, ranked_by: str | None = None) -> list[tuple[int, float]]:
    """PostgreSQL with RUM: every match of the tsquery ``match`` (its title or its body, as
    the search matches) among the Korean search's allowed pages, with RUM's distance of
    ``title || body`` for ``ranked_by`` (``match`` itself by default), best first, ties by
    page id, highest first."""
    allowed = set(search_base_queryset(language_code="ko").values_list("pk", flat=True))
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT CAST(object_id AS integer), (title || body) <=> r"
            " FROM wagtailsearch_indexentry, to_tsquery('simple', %s) q,"
            " to_tsquery('simple', %s) r"
            " WHERE title @@ q OR body @@ q"
            " ORDER BY 2, 1 DESC",
            [match, ranked_by or match],
        )
        return [(pk, distance) for pk, distance in cursor.fetchall() if pk in allowed]
