"""Bulk writes for hot paths: thousands of rows in a handful of statements.

Django's bulk_update builds a CASE WHEN expression per row and field, and its IN lookups and array parameters
are quoted into the SQL text in Python; at a thousand rows per request that costs more than the database's own
work. On PostgreSQL, rows travel by COPY (the fastest way in) into a temporary staging table, and one set-based
statement applies them. Other databases (SQLite) take prepared multi-row statements, which are fast in-process.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from typing import Any

from django.db import connections, router, transaction
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import Field, Model

_NATIVE = (str, int, datetime, date)
_stage_names = itertools.count()


def _concrete_fields(model: type[Model], names: Sequence[str]) -> list[Field[Any, Any]]:
    fields = [model._meta.get_field(name) for name in names]
    for field in fields:
        if not isinstance(field, Field) or not field.concrete:
            raise ValueError(f"{model.__name__}.{field.name} is not a column")
    return fields  # type: ignore[return-value]


def _connection(model: type[Model]) -> BaseDatabaseWrapper:
    return connections[router.db_for_write(model)]


def _column(field: Field[Any, Any], connection: BaseDatabaseWrapper) -> str:
    return str(connection.ops.quote_name(str(field.column)))


def _native_or_prepared(field: Field[Any, Any], value: object, connection: BaseDatabaseWrapper) -> object:
    """psycopg adapts these types itself; Django's per-value preparation (about 5 µs each) adds nothing for them.

    Naive datetimes, decimals and JSON still go through Django, which normalises them.
    """
    if value is None or (isinstance(value, _NATIVE) and not _is_naive(value)):
        return value
    return field.get_db_prep_save(value, connection)


def _is_naive(value: object) -> bool:
    return isinstance(value, datetime) and value.tzinfo is None


# -- updates -------------------------------------------------------------------------------------------------


def bulk_update_rows(rows: Sequence[Model], fields: Sequence[str]) -> int:
    """Write `fields` of every row (by primary key) in one go."""
    if not rows:
        return 0
    model = type(rows[0])
    connection = _connection(model)
    columns = _concrete_fields(model, fields)
    keys = [row.pk for row in rows]
    if connection.vendor == "postgresql":
        values = [
            [_native_or_prepared(f, getattr(row, f.attname), connection) for f in columns] for row in rows
        ]
        _update_through_stage(model, columns, values, keys)
    else:
        values = [[f.get_db_prep_save(getattr(row, f.attname), connection) for f in columns] for row in rows]
        _update_each(model, columns, values, keys)
    return len(rows)


def _update_each(
    model: type[Model], columns: list[Field[Any, Any]], values: list[list[object]], keys: list[object]
) -> None:
    connection = _connection(model)
    quote = connection.ops.quote_name
    pk = model._meta.pk
    assert pk is not None
    assignments = ", ".join(f"{_column(field, connection)} = %s" for field in columns)
    sql = f"UPDATE {quote(model._meta.db_table)} SET {assignments} WHERE {_column(pk, connection)} = %s"
    with connection.cursor() as cursor:
        cursor.executemany(sql, [[*row, key] for row, key in zip(values, keys, strict=True)])  # type: ignore[misc,list-item]


def _update_through_stage(
    model: type[Model], columns: list[Field[Any, Any]], values: list[list[object]], keys: list[object]
) -> None:
    connection = _connection(model)
    pk = model._meta.pk
    assert pk is not None
    table = connection.ops.quote_name(model._meta.db_table)
    key = _column(pk, connection)
    assignments = ", ".join(f"{_column(f, connection)} = s.{_column(f, connection)}" for f in columns)
    with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
        stage = _stage(cursor, model, [pk, *columns])
        _copy(
            cursor,
            stage,
            [pk, *columns],
            ([k, *row] for k, row in zip(keys, values, strict=True)),
            connection,
        )
        cursor.execute(f"UPDATE {table} AS t SET {assignments} FROM {stage} AS s WHERE t.{key} = s.{key}")
        cursor.execute(f"DROP TABLE {stage}")


# -- inserts -------------------------------------------------------------------------------------------------


def insert_statement(
    model: type[Model],
    fields: Sequence[str],
    rows: int,
    *,
    ignore_conflicts: bool = False,
    returning: str = "",
) -> tuple[str, list[Field[Any, Any]]]:
    """One multi-row INSERT for `rows` rows: a statement per batch instead of a round trip per row."""
    connection = _connection(model)
    columns = _concrete_fields(model, fields)
    names = ", ".join(_column(field, connection) for field in columns)
    one_row = "(" + ", ".join(["%s"] * len(columns)) + ")"
    tail = " ON CONFLICT DO NOTHING" if ignore_conflicts else ""
    if returning:
        tail += f" RETURNING {returning}"
    table = connection.ops.quote_name(model._meta.db_table)
    return f"INSERT INTO {table} ({names}) VALUES {', '.join([one_row] * rows)}{tail}", columns


def bulk_insert_rows(rows: Sequence[Model], fields: Sequence[str], *, ignore_conflicts: bool = False) -> int:
    """Insert model instances in bulk. Instances get no primary key back: use it for rows nobody reads again."""
    if not rows:
        return 0
    columns = _concrete_fields(type(rows[0]), fields)
    # pre_save fills auto_now_add and similar defaults exactly as Model.save() would.
    values = [[field.pre_save(row, True) for field in columns] for row in rows]
    return insert_values(type(rows[0]), fields, values, ignore_conflicts=ignore_conflicts)


def insert_rows_returning_pks(
    rows: Sequence[Model], fields: Sequence[str], *, key: str, scope: dict[str, object]
) -> None:
    """Insert new model instances in bulk and give each its primary key back.

    What `bulk_create` does, for a fraction of its CPU. `key` is a field unique within `scope` (for
    example an idempotency key within a store); the rows must all be in that scope and new. On PostgreSQL
    the rows are COPYed and their keys read back by `key` (client-side quoting of a many-row INSERT costs
    more than the COPY itself); elsewhere multi-row INSERTs return them, in the order of the VALUES, which
    is what `bulk_create` relies on as well. A row that breaks a unique constraint raises IntegrityError.
    """
    if not rows:
        return
    model = type(rows[0])
    connection = _connection(model)
    columns = _concrete_fields(model, fields)
    values = [[field.pre_save(row, True) for field in columns] for row in rows]
    if connection.vendor == "postgresql":
        with connection.wrap_database_errors:
            copy_rows(model, fields, values)
        key_field = model._meta.get_field(key)
        wanted = [getattr(row, key_field.attname) for row in rows]  # type: ignore[union-attr]
        found = dict(model._default_manager.filter(**scope, **{f"{key}__in": wanted}).values_list(key, "pk"))
        for row, natural in zip(rows, wanted, strict=True):
            _mark_saved(row, found[natural], connection.alias)
        return
    pk_column = _column(model._meta.pk, connection)  # type: ignore[arg-type]
    done = 0
    with connection.cursor() as cursor:
        for part in _chunks(values, len(columns)):
            sql, _ = insert_statement(model, fields, len(part), returning=pk_column)
            cursor.execute(sql, _flat_params(part, columns, connection))
            for row, (pk,) in zip(rows[done : done + len(part)], cursor.fetchall(), strict=True):
                _mark_saved(row, pk, connection.alias)
            done += len(part)


def _mark_saved(row: Model, pk: object, alias: str) -> None:
    row.pk = pk
    row._state.adding = False
    row._state.db = alias


def insert_values(
    model: type[Model],
    fields: Sequence[str],
    values: Sequence[Sequence[object]],
    *,
    ignore_conflicts: bool = False,
) -> int:
    """Insert rows given as plain values in `fields` order: COPY on PostgreSQL, multi-row INSERTs elsewhere."""
    if not values:
        return 0
    connection = _connection(model)
    if connection.vendor == "postgresql" and not ignore_conflicts:
        return copy_rows(model, fields, values)
    columns = _concrete_fields(model, fields)
    with connection.cursor() as cursor:
        for part in _chunks(values, len(columns)):
            sql, _ = insert_statement(model, fields, len(part), ignore_conflicts=ignore_conflicts)
            cursor.execute(sql, _flat_params(part, columns, connection))
    return len(values)


def insert_new_rows(
    model: type[Model],
    fields: Sequence[str],
    values: Sequence[Sequence[object]],
    *,
    key_fields: Sequence[str],
) -> set[tuple[object, ...]]:
    """Insert the rows that do not break a unique constraint and say which went in, by their `key_fields`."""
    if not values:
        return set()
    connection = _connection(model)
    keys = _concrete_fields(model, key_fields)
    returning = ", ".join(_column(field, connection) for field in keys)
    if connection.vendor == "postgresql":
        return _insert_new_through_stage(model, fields, values, returning)
    columns = _concrete_fields(model, fields)
    inserted: set[tuple[object, ...]] = set()
    with connection.cursor() as cursor:
        for part in _chunks(values, len(columns)):
            sql, _ = insert_statement(model, fields, len(part), ignore_conflicts=True, returning=returning)
            cursor.execute(sql, _flat_params(part, columns, connection))
            inserted.update(tuple(row) for row in cursor.fetchall())
    return inserted


def _insert_new_through_stage(
    model: type[Model], fields: Sequence[str], values: Sequence[Sequence[object]], returning: str
) -> set[tuple[object, ...]]:
    connection = _connection(model)
    columns = _concrete_fields(model, fields)
    names = ", ".join(_column(field, connection) for field in columns)
    table = connection.ops.quote_name(model._meta.db_table)
    with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
        stage = _stage(cursor, model, columns)
        _copy(cursor, stage, columns, values, connection)
        cursor.execute(
            f"INSERT INTO {table} ({names}) SELECT {names} FROM {stage} ON CONFLICT DO NOTHING RETURNING {returning}"
        )
        inserted = {tuple(row) for row in cursor.fetchall()}
        cursor.execute(f"DROP TABLE {stage}")
    return inserted


def copy_rows(model: type[Model], fields: Sequence[str], values: Iterable[Sequence[object]]) -> int:
    """PostgreSQL's COPY straight into the table. It cannot skip conflicting rows: callers know the rows are new."""
    connection = _connection(model)
    columns = _concrete_fields(model, fields)
    with connection.cursor() as cursor:
        return _copy(cursor, connection.ops.quote_name(model._meta.db_table), columns, values, connection)


# -- locking reads -------------------------------------------------------------------------------------------


def lock_rows_matching(
    model: type[Model], *, key: str, values: Iterable[object], scope: dict[str, object], fields: Sequence[str]
) -> list[Model]:
    """SELECT ... FOR UPDATE of the rows whose `key` is among `values` within `scope`, in primary-key order
    (so concurrent callers lock in the same order and cannot deadlock), loading only `fields`."""
    values = list(values)
    connection = _connection(model)
    if connection.vendor != "postgresql" or not values:
        filters = {**scope, f"{key}__in": values}
        query = model._default_manager.select_for_update().filter(**filters).only(*fields).order_by("pk")
        return list(query)
    pk = model._meta.pk
    assert pk is not None
    key_field = _concrete_fields(model, [key])[0]
    scope_fields = _concrete_fields(model, list(scope))
    names = ", ".join(f"t.{_column(f, connection)}" for f in [pk, *_concrete_fields(model, fields)])
    table = connection.ops.quote_name(model._meta.db_table)
    column = _column(key_field, connection)
    where = " AND ".join(f"t.{_column(f, connection)} = %s" for f in scope_fields) or "TRUE"
    with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
        stage = _stage(cursor, model, [key_field])
        _copy(cursor, stage, [key_field], ([v] for v in values), connection)
    sql = (
        f"SELECT {names} FROM {table} AS t JOIN {stage} AS s ON t.{column} = s.{column} "
        f"WHERE {where} ORDER BY t.{_column(pk, connection)} FOR UPDATE OF t"
    )
    rows = list(model._default_manager.raw(sql, [_scope_value(v) for v in scope.values()]))
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE {stage}")
    return rows


def _scope_value(value: object) -> object:
    return value.pk if isinstance(value, Model) else value


# -- PostgreSQL plumbing -------------------------------------------------------------------------------------


def _stage(cursor: Any, model: type[Model], columns: list[Field[Any, Any]]) -> str:
    """An empty temporary table with the columns' types, gone at the end of the transaction at the latest."""
    connection = _connection(model)
    name = f"wasl_stage_{next(_stage_names)}"
    names = ", ".join(_column(field, connection) for field in columns)
    table = connection.ops.quote_name(model._meta.db_table)
    cursor.execute(
        f"CREATE TEMPORARY TABLE {name} ON COMMIT DROP AS SELECT {names} FROM {table} WITH NO DATA"
    )
    return name


def _copy(
    cursor: Any,
    table: str,
    columns: list[Field[Any, Any]],
    values: Iterable[Sequence[object]],
    connection: BaseDatabaseWrapper,
) -> int:
    names = ", ".join(_column(field, connection) for field in columns)
    count = 0
    with cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
        for row in values:
            copy.write_row([_native_or_prepared(f, v, connection) for f, v in zip(columns, row, strict=True)])
            count += 1
    return count


# -- shared --------------------------------------------------------------------------------------------------


def _chunks(values: Sequence[Sequence[object]], width: int) -> Iterable[Sequence[Sequence[object]]]:
    # SQLite allows 32,766 parameters per statement; stay well below for wide tables.
    size = max(1, min(1000, 30000 // max(1, width)))
    for start in range(0, len(values), size):
        yield values[start : start + size]


def _flat_params(
    rows: Sequence[Sequence[object]], columns: list[Field[Any, Any]], connection: BaseDatabaseWrapper
) -> list[Any]:
    return [
        field.get_db_prep_save(value, connection)
        for row in rows
        for field, value in zip(columns, row, strict=True)
    ]
