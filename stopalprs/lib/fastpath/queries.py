"""Statements on the signing path, compiled by the ORM once per process instead of per call.

Fenced: see the package's docstring, and ops/tests/test_fastpath.py.

Building a query costs Django far more than running it: a ZIP code look-up took 260 µs
through ``QuerySet.first()`` and 24 µs as the same SQL on a cursor, and compiling the INSERT
of a signature was a third of storing it (docs/performance.md). The SQL is still the ORM's
own, compiled from an ordinary queryset or model instance the first time it is needed; only
the parameter values change from call to call. Use it where a profile says so, nowhere else.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import Field, Model, QuerySet
from django.db.models.query import ModelIterable
from django.db.models.signals import post_save, pre_save
from django.db.models.sql import InsertQuery


class PreparedQuery[M: Model]:
    """A queryset compiled once, run again with new parameter values in the same order.

    ``make`` builds the queryset with example values; those values are what each call
    replaces, so build it with exactly one filter value per parameter. Called without
    values, it runs with the ones it was built with. For ``exists()`` alone, a
    ``values_list("pk")`` queryset keeps the statement to what that needs.
    """

    def __init__(self, make: Callable[[], QuerySet[M, Any]], *, using: str = DEFAULT_DB_ALIAS):
        self._make = make
        self._using = using
        self._compiled: tuple[str, tuple[Any, ...], type[M], list[str] | None] | None = None

    def _compile(self) -> tuple[str, tuple[Any, ...], type[M], list[str] | None]:
        if self._compiled is None:
            queryset = self._make()
            sql, params = queryset.query.sql_with_params()
            model = queryset.model
            # A plain queryset selects every concrete field, in the model's own order; any
            # other (values, values_list) selects what it names, and gives no instances.
            plain = queryset._iterable_class is ModelIterable  # type: ignore[attr-defined]
            columns = [f.attname for f in model._meta.concrete_fields] if plain else None
            self._compiled = (sql, tuple(params), model, columns)
        return self._compiled

    def _row(self, params: Sequence[Any]) -> tuple[Any, ...] | None:
        sql, built_with, _, _ = self._compile()
        if not params:
            params = built_with
        elif len(params) != len(built_with):
            raise TypeError(f"this query takes {len(built_with)} parameters, not {len(params)}")
        with connections[self._using].cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchone()

    def exists(self, *params: Any) -> bool:
        return self._row(params) is not None

    def first(self, *params: Any) -> M | None:
        """The first row as a model instance, as ``queryset.first()`` would give it."""
        _, _, model, columns = self._compile()
        if columns is None:
            raise TypeError("first() needs a queryset of model instances")
        row = self._row(params)
        if row is None:
            return None
        return model.from_db(self._using, columns, row)


_INSERTS: dict[tuple[type[Model], str], tuple[str, list[Field[Any, Any]]]] = {}


def prepare_insert(obj: Model, *, using: str = DEFAULT_DB_ALIAS) -> Callable[[], None]:
    """The INSERT of a new model instance, as ``obj.save()`` would run it, compiled once per
    model; call the result to run it. Its values are taken (encrypted, converted) now, so a
    caller can do that before its transaction and hold SQLite's write lock for less time.

    For plain models: one with signal receivers or a ``save()`` of its own is saved the
    ordinary way instead, so neither is ever skipped.
    """
    model = type(obj)
    if not _plain(model):
        return lambda: obj.save(force_insert=True, using=using)
    connection = connections[using]
    meta = obj._meta
    key = (model, using)
    if key not in _INSERTS:
        fields = [
            f for f in meta.local_concrete_fields if not f.generated and f is not meta.auto_field
        ]
        query = InsertQuery(model)
        query.insert_values(fields, [obj])
        compiler = query.get_compiler(using=using)
        compiler.returning_fields = [meta.pk]
        [(sql, _)] = compiler.as_sql()
        _INSERTS[key] = (sql, fields)
    sql, fields = _INSERTS[key]
    params = [f.get_db_prep_save(f.pre_save(obj, True), connection) for f in fields]

    def run() -> None:
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            row = cursor.fetchone()
        obj.pk = row[0]
        obj._state.adding = False
        obj._state.db = using

    return run


_UPSERTS: dict[tuple[Any, ...], tuple[str, list[Field[Any, Any]]]] = {}

# What an upsert does to the row that was there, column by column.
ON_CONFLICT = {
    "true": "{column} = TRUE",
    "increment": "{column} = {table}.{column} + 1",
    "keep": "{column} = {table}.{column}",
}


def prepare_upsert(
    obj: Model,
    *,
    unique: Sequence[str],
    on_conflict: dict[str, str],
    returning: Sequence[str],
    using: str = DEFAULT_DB_ALIAS,
) -> Callable[[], tuple[Any, ...]]:
    """One statement that inserts ``obj`` or, where a row with the same ``unique`` fields is
    there already, changes that row as ``on_conflict`` says (field name: "true", "increment"
    or "keep", see ON_CONFLICT); calling the result runs it and gives the ``returning``
    fields of the row inserted or changed, as stored. SQLite (3.35+) and PostgreSQL spell it
    the same way: ``INSERT … ON CONFLICT (…) DO UPDATE SET … RETURNING …``.

    Where a new row and an existing one must cost the same (a reply that must not tell
    whether an address signed before), this is the whole of the difference: one statement
    either way, against the insert that fails and the look-up and update after it.
    ``unique`` must name a unique constraint exactly. Values are taken now, as for
    prepare_insert. There is no ordinary way to fall back to: a model with signal receivers
    or a ``save()`` of its own is refused (TypeError) rather than have either skipped.
    """
    model = type(obj)
    if not _plain(model):
        raise TypeError(f"{model.__name__} has a save() or signal receivers: use the ORM")
    connection = connections[using]
    meta = obj._meta
    key = (model, using, tuple(unique), tuple(sorted(on_conflict.items())), tuple(returning))
    if key not in _UPSERTS:
        fields = [
            f for f in meta.local_concrete_fields if not f.generated and f is not meta.auto_field
        ]
        query = InsertQuery(model)
        query.insert_values(fields, [obj])
        [(insert, _)] = query.get_compiler(using=using).as_sql()
        quote = connection.ops.quote_name

        def column(name: str) -> str:
            return quote(str(_concrete(meta, name).column))

        table = quote(meta.db_table)
        sets = ", ".join(
            ON_CONFLICT[how].format(column=column(name), table=table)
            for name, how in on_conflict.items()
        )
        sql = (
            f"{insert} ON CONFLICT ({', '.join(column(n) for n in unique)}) DO UPDATE SET {sets}"
            f" RETURNING {', '.join(column(n) for n in returning)}"
        )
        _UPSERTS[key] = (sql, fields)
    sql, fields = _UPSERTS[key]
    params = [f.get_db_prep_save(f.pre_save(obj, True), connection) for f in fields]
    # The backend's converters (SQLite's 0/1 to a bool) and then the field's own, as the ORM
    # applies them to a value it reads.
    converters = []
    for name in returning:
        field = _concrete(meta, name)
        col = field.get_col(meta.db_table)
        converters.append(
            [(convert, col) for convert in connection.ops.get_db_converters(col)]
            + [(convert, col) for convert in field.get_db_converters(connection)]
        )

    def run() -> tuple[Any, ...]:
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            row = cursor.fetchone()
        values = []
        for value, field_converters in zip(row, converters, strict=True):
            for convert, col in field_converters:
                value = convert(value, col, connection)
            values.append(value)
        return tuple(values)

    return run


def _plain(model: type[Model]) -> bool:
    """No ``save()`` override and no save signal receivers: nothing a compiled INSERT skips."""
    listened = pre_save.has_listeners(model) or post_save.has_listeners(model)
    return model.save is Model.save and not listened


def _concrete(meta: Any, name: str) -> Field[Any, Any]:
    field = meta.pk if name == "pk" else meta.get_field(name)
    if not isinstance(field, Field) or not field.concrete:
        raise TypeError(f"{name} is not a column of {meta.label}")
    return field
