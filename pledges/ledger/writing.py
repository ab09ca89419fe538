"""Writing new ledger rows in bulk. On PostgreSQL with COPY: a council's first recompute writes millions of rows,
and building Django's multi-row INSERT costs more than the rules that computed them. Elsewhere (SQLite in
development and tests) with bulk_create. Either way one statement per batch."""
import csv
import io

from django.db import connection
from django.utils import timezone

from ..models import LedgerEntry


def insert(rows: list[dict]) -> None:
    """Insert new rows, each a dict of column (attname) to value; columns left out are NULL."""
    if not rows:
        return
    if connection.vendor != "postgresql":
        LedgerEntry.objects.bulk_create([LedgerEntry(**row) for row in rows])
        return
    # CSV, quoting every value but None: an unquoted empty field is NULL, a quoted one an empty string.
    now = timezone.now()
    columns = [*rows[0], "updated_at"]  # updated_at: what bulk_create would fill in (auto_now)
    lines = io.StringIO()
    csv.writer(lines, quoting=csv.QUOTE_NOTNULL).writerows([*row.values(), now] for row in rows)
    lines.seek(0)
    table = connection.ops.quote_name(LedgerEntry._meta.db_table)
    names = ", ".join(connection.ops.quote_name(column) for column in columns)
    with connection.cursor() as cursor:
        cursor.copy_expert(f"COPY {table} ({names}) FROM STDIN WITH (FORMAT csv)", lines)
