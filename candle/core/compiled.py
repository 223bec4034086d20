"""A model instance by primary key, with its SQL compiled once per database connection.

``Model.objects.get(pk=…)`` builds and compiles the same query on every call. For the page a
request serves (``candle.pages.routing``) that compiling cost more than the query itself: a
specific page type's query joins its parent tables and lists every column. Here the query is
compiled once, by Django, for each model on each connection, and kept on the connection
(connections are per thread, so nothing is shared between threads); later calls only
execute it and turn the row into the instance exactly as the ORM does (its value converters,
``Model.from_db``; for a class whose own ``__init__`` methods are known to do nothing for a
row, Wagtail's pages among them, ``Model.__init__`` alone: ``_plain_init``). A model whose
query does not have the plain shape (one parameter, the primary key; no related rows) is
left to ``get()``. ``candle/core/tests/test_compiled.py``
compares both.

``rows_compiled`` does the same for a list of rows by a filter of a few numbers (a post's
comments), and ``values_compiled`` for a ``values_list()`` read of rows by a list of keys (the
search results' narrow text, ``candle/search/texts.py``).

``insert_parts`` is the other way round: what the ORM would insert for an instance, as a
table, columns and prepared values, for an insert written by hand (``advocacy/sign_store.py``
writes three rows in two statements).
"""

from typing import NamedTuple

from django.db import DEFAULT_DB_ALIAS, connections, models
from django.db.models.query import ValuesListIterable

# The primary key the query is compiled with; it must come back as the only parameter
_PLACEHOLDER = -2_147_480_001


def _compiled(model, using: str):
    connection = connections[using]
    kept = connection.__dict__.setdefault("_candle_by_pk", {})
    if model not in kept:
        queryset = model._default_manager.db_manager(using).filter(pk=_PLACEHOLDER).order_by()
        compiler = queryset.query.get_compiler(using)
        sql, params = compiler.as_sql()
        klass_info = compiler.klass_info or {}
        plain = (
            list(params) == [_PLACEHOLDER]
            and not compiler.annotation_col_map
            and not klass_info.get("related_klass_infos")
            and list(klass_info.get("select_fields", ())) == list(range(len(compiler.select)))
        )
        if plain:
            expressions = [column for column, _sql, _alias in compiler.select]
            attnames = [column.target.attname for column in expressions]
            kept[model] = (sql, attnames, compiler.get_converters(expressions), compiler)
        else:
            kept[model] = None
    return kept[model]


def get_by_pk(model, pk, using: str = DEFAULT_DB_ALIAS):
    """``model._default_manager.get(pk=pk)``: the instance, or ``model.DoesNotExist``."""
    compiled = _compiled(model, using)
    if compiled is None:
        return model._default_manager.db_manager(using).get(pk=pk)
    sql, attnames, converters, compiler = compiled
    with connections[using].cursor() as cursor:
        cursor.execute(sql, [pk])
        row = cursor.fetchone()
    if row is None:
        raise model.DoesNotExist(f"{model._meta.object_name} matching query does not exist.")
    if converters:
        row = next(compiler.apply_converters([row], converters))
    return _from_db(model, using, attnames, row)


def _inits_doing_nothing_for_a_row() -> frozenset:
    """``__init__`` methods that do nothing more than ``Model.__init__`` for a row read from the
    database (positional values, a primary key): Wagtail's page classes (their own work is for a
    new page, ``if not self.id``) and modelcluster's (its work is for child rows passed as
    keyword arguments). A page type is built through four ``__init__`` methods, and
    modelcluster's lists the model's relations from ``_meta.get_fields()`` each time."""
    from django.db.models import Model
    from modelcluster.models import ClusterableModel
    from wagtail.models.pages import AbstractPage, ShowInMenusMixin

    return frozenset(
        klass.__dict__["__init__"]
        for klass in (AbstractPage, ClusterableModel, ShowInMenusMixin, Model, object)
    )


_PLAIN_INIT: dict[type, bool] = {}


def _plain_init(model) -> bool:
    """Whether ``Model.__init__`` alone builds ``model`` from a row as ``model(*values)`` does:
    every ``__init__`` of its classes is one of ``_inits_doing_nothing_for_a_row``, and it has
    no ``from_db`` of its own."""
    if model not in _PLAIN_INIT:
        allowed = _inits_doing_nothing_for_a_row()
        inits = [
            klass.__dict__["__init__"] for klass in model.__mro__ if "__init__" in klass.__dict__
        ]
        _PLAIN_INIT[model] = (
            all(init in allowed for init in inits)
            and model.from_db.__func__ is models.Model.from_db.__func__
        )
    return _PLAIN_INIT[model]


def _from_db(model, using: str, attnames: list[str], row):
    """``model.from_db(using, attnames, row)`` for a row of every concrete field, in order."""
    if not _plain_init(model) or len(row) != len(model._meta.concrete_fields):
        return model.from_db(using, attnames, row)
    instance = model.__new__(model)
    models.Model.__init__(instance, *row)
    instance._state.adding = False
    instance._state.db = using
    return instance


# Stand-ins for the values of a query compiled by ``rows_compiled``: numbers no row holds,
# each found again among the compiled statement's parameters
_STAND_INS = tuple(-2_147_480_101 - n for n in range(8))


def _compiled_rows(name: str, build, count: int, using: str):
    connection = connections[using]
    kept = connection.__dict__.setdefault("_candle_rows", {})
    if name not in kept:
        queryset = build(*_STAND_INS[:count]).using(using)
        compiler = queryset.query.get_compiler(using)
        sql, params = compiler.as_sql()
        klass_info = compiler.klass_info or {}
        plain = (
            all(param in _STAND_INS[:count] for param in params)
            and queryset._iterable_class is models.query.ModelIterable
            and not queryset._prefetch_related_lookups
            and not compiler.annotation_col_map
            and not klass_info.get("related_klass_infos")
            and list(klass_info.get("select_fields", ())) == list(range(len(compiler.select)))
        )
        if plain:
            expressions = [column for column, _sql, _alias in compiler.select]
            attnames = [column.target.attname for column in expressions]
            positions = [_STAND_INS.index(param) for param in params]
            converters = compiler.get_converters(expressions)
            kept[name] = (queryset.model, sql, positions, attnames, converters, compiler)
        else:
            kept[name] = None
    return kept[name]


def rows_compiled(name: str, build, *values, using: str = DEFAULT_DB_ALIAS) -> list:
    """``list(build(*values))``, with the queryset built and compiled once per database
    connection under ``name``: ``build`` is called once with stand-in numbers for ``values``
    (at most eight, each an integer used only as a filter's value), and later calls only put
    the values in their places and execute. The rows become instances exactly as the ORM
    makes them (its converters, ``Model.from_db``). A queryset of another shape (related
    rows, annotations, ``values()``, prefetches) is evaluated by the ORM each time."""
    compiled = _compiled_rows(name, build, len(values), using)
    if compiled is None:
        return list(build(*values).using(using))
    model, sql, positions, attnames, converters, compiler = compiled
    with connections[using].cursor() as cursor:
        cursor.execute(sql, [values[position] for position in positions])
        rows = cursor.fetchall()
    if converters:
        rows = compiler.apply_converters(rows, converters)
    return [_from_db(model, using, attnames, row) for row in rows]


# Stand-ins for the keys of a read compiled by ``values_compiled``: numbers no row holds
_KEY_STAND_INS = tuple(-2_147_470_001 - n for n in range(64))


def values_compiled(name, build, keys: list[int], using: str = DEFAULT_DB_ALIAS) -> list:
    """``list(build(keys))`` for a ``values_list()`` queryset whose only parameters are
    ``keys``, in order (``filter(pk__in=keys)``): built and compiled once per database
    connection for ``name`` and the number of keys, with stand-ins for the keys; later calls
    only execute it with the keys. The rows are the ORM's (tuples, its converters applied).
    Another shape, or more keys than there are stand-ins, is evaluated by the ORM each time."""
    connection = connections[using]
    kept = connection.__dict__.setdefault("_candle_values", {})
    key = (name, len(keys))
    if key not in kept:
        kept[key] = None
        if len(keys) <= len(_KEY_STAND_INS):
            stand_ins = list(_KEY_STAND_INS[: len(keys)])
            queryset = build(stand_ins).using(using)
            compiler = queryset.query.get_compiler(using)
            sql, params = compiler.as_sql()
            if list(params) == stand_ins and queryset._iterable_class is ValuesListIterable:
                converters = compiler.get_converters(
                    [column for column, _sql, _alias in compiler.select]
                )
                kept[key] = (sql, converters, compiler)
    compiled = kept[key]
    if compiled is None:
        return list(build(keys).using(using))
    sql, converters, compiler = compiled
    with connection.cursor() as cursor:
        cursor.execute(sql, keys)  # Django's compiled query; the keys are its parameters
        rows = cursor.fetchall()
    return list(map(tuple, compiler.apply_converters(rows, converters))) if converters else rows


class InsertParts(NamedTuple):
    """A row to insert by hand: the quoted table, the fields' names, the quoted column names
    and their values (in the same order)."""

    table: str
    names: list[str]
    columns: list[str]
    params: list

    def values_sql(self) -> str:
        """``"table" ("a", "b") VALUES (%s, %s)``"""
        holders = ", ".join(["%s"] * len(self.params))
        return f"{self.table} ({', '.join(self.columns)}) VALUES ({holders})"


def insert_parts(instance, using: str = DEFAULT_DB_ALIAS) -> InsertParts:
    """What ``instance.save(force_insert=True)`` would insert, for a statement written by hand
    (several rows of different tables in one statement, one round trip): each concrete field's
    value prepared as Django's own insert prepares it (``pre_save``: ``auto_now_add``;
    ``get_db_prep_save``: JSON, times), the automatic primary key left out when unset (the
    database numbers the row). No signals are sent: a caller writing a personal record this
    way writes its audit entry itself. ``candle/advocacy/tests/test_sign_store.py`` compares
    the rows with the ORM's, and the values with Django's preparation."""
    connection = connections[using]
    table, fields = _insert_fields(type(instance), connection)
    names, columns, params = [], [], []
    for field, column, plain in fields:
        if plain is not None:  # Django's preparation returns such a value as it is
            value = getattr(instance, field.attname)
            if value is None or type(value) is plain:
                names.append(field.name)
                columns.append(column)
                params.append(value)
                continue
        elif field.primary_key and getattr(instance, field.attname) is None:
            continue
        names.append(field.name)
        columns.append(column)
        params.append(field.get_db_prep_save(field.pre_save(instance, True), connection=connection))
    return InsertParts(table, names, columns, params)


# Field classes (exactly these, not subclasses) whose prepared value is the value itself when
# it is None or of this type, with no ``pre_save`` of their own. (Not integers: on PostgreSQL
# Django wraps them in the column's own type.)
_PLAIN = {
    models.CharField: str,
    models.EmailField: str,
    models.TextField: str,
    models.BooleanField: bool,
}


def _insert_fields(model, connection):
    kept = connection.__dict__.setdefault("_candle_insert_fields", {})
    if model not in kept:
        quote = connection.ops.quote_name
        fields = [
            (field, quote(field.column), None if field.primary_key else _PLAIN.get(type(field)))
            for field in model._meta.local_concrete_fields
            if not getattr(field, "generated", False)
        ]
        kept[model] = (quote(model._meta.db_table), fields)
    return kept[model]
