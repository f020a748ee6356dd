"""Many-row INSERTs for the pipeline's hot paths (intake, issuing, delivery records).

Why: `QuerySet.bulk_create` compiles SQL for every value of every row, which costs more than the
database's own work when thousands of rows are written per second. `insert_rows` prepares one
statement and hands all rows to the driver's `executemany`; values still go through each field's own
conversion (`get_db_prep_save`), so what is stored is what `bulk_create` would store. Like
`bulk_create`, it sends no signals and returns no primary keys; every NOT NULL column must be given.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from django.db import connections, router
from django.db.models import Model


def insert_rows(model: type[Model], columns: Sequence[str], rows: Iterable[Sequence]) -> int:
    """INSERT `rows` (values in the order of `columns`, field names) into `model`'s table; returns the count."""
    fields = [model._meta.get_field(name) for name in columns]
    connection = connections[router.db_for_write(model)]
    quote = connection.ops.quote_name
    # Only quoted identifiers from the model's metadata go into the text; values are parameters.
    sql = (f"INSERT INTO {quote(model._meta.db_table)} ({', '.join(quote(field.column) for field in fields)}) "  # noqa: S608
           f"VALUES ({', '.join(['%s'] * len(fields))})")
    converters = [field.get_db_prep_save for field in fields]
    params = [[convert(value, connection) for convert, value in zip(converters, row, strict=True)] for row in rows]
    if params:
        with connection.cursor() as cursor:
            cursor.executemany(sql, params)
    return len(params)
