"""Losing the database connection in the middle of a request, for the fault tests.

On PostgreSQL the connection's server process is really killed (``pg_terminate_backend`` from
another connection); on SQLite, where there is no server, the query raises the
``OperationalError`` a lost connection raises."""

from __future__ import annotations

from contextlib import contextmanager

from django.db import OperationalError, connection


def backend_kill(target=connection) -> None:
    """Terminate ``target``'s PostgreSQL server process from a second connection."""
    from candle.backups.database import DatabaseTarget

    pid = target.connection.info.backend_pid
    killer = DatabaseTarget(dict(target.settings_dict)).pg_connect()
    try:
        killer.autocommit = True
        killer.execute("SELECT pg_terminate_backend(%s)", [pid])
    finally:
        killer.close()


@contextmanager
def connection_lost(*, at_query: int = 1, times: int = 1, when=None):
    """Lose the connection before the ``at_query``-th query, ``times`` times (each loss
    counts queries afresh on the new connection); ``when(sql)`` narrows which queries count.
    Yields a list of the statements that met the loss."""
    met: list[str] = []
    state = {"seen": 0}

    def wrapper(execute, sql, params, many, context):
        if len(met) < times and (when is None or when(sql)):
            state["seen"] += 1
            if state["seen"] >= at_query:
                state["seen"] = 0
                met.append(sql)
                if connection.vendor == "postgresql":
                    backend_kill(context["connection"])
                else:
                    raise OperationalError("the connection to the server was lost")
        return execute(sql, params, many, context)

    with connection.execute_wrapper(wrapper):
        yield met
