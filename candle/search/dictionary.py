"""Keeps each process's Kiwi in step with the user dictionary in the database.

Every process checks the dictionary's stamp (count and last change) at most every
``REFRESH_SECONDS``, so a word an editor adds applies everywhere without a restart.
"""

import time

from django.db import DatabaseError, connection, transaction

from .analysis import user_words_apply

REFRESH_SECONDS = 10.0
_state = {"checked": 0.0, "stamp": None}


def user_dictionary_refresh(*, force: bool = False) -> bool:
    """Load the dictionary if it changed since the last check. True when Kiwi changed."""
    now = time.monotonic()
    if not force and now - _state["checked"] < REFRESH_SECONDS:
        return False
    _state["checked"] = now
    from django.db.models import Count, Max

    from .models import UserWord

    try:
        if not _state.get("table_exists"):  # e.g. another app's data migration indexing pages early
            if UserWord._meta.db_table not in connection.introspection.table_names():
                return False
            _state["table_exists"] = True
        with (
            transaction.atomic()
        ):  # a savepoint: a failure here must not spoil the caller's transaction
            stamp = UserWord.objects.aggregate(count=Count("id"), last=Max("updated_at"))
            if not force and stamp == _state["stamp"]:
                return False
            words = dict(UserWord.objects.values_list("word", "tag"))
    except DatabaseError:  # the database is unreachable: keep the words we have
        return False
    _state["stamp"] = stamp
    return user_words_apply(words)
