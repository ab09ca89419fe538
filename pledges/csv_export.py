"""CSV downloads for every list a manager can see, safe to open in a spreadsheet.

A cell that starts with = + - @ (or a tab or carriage return) would run as a formula in Excel; such cells get
a leading apostrophe (OWASP's advice on CSV injection). Rows are streamed, so a long list never sits in memory. The
file starts with a byte order mark so Excel, which most councils open these in, reads accented names as UTF-8.
Every list about named young people carries the council's child id, the worker and the team (with_current_worker), so
a manager can sort and hand the rows on without looking each one up.
"""
import csv
from collections.abc import Iterable

from django.db.models import OuterRef, QuerySet, Subquery
from django.http import StreamingHttpResponse

from casework.models import Allocation, Role

DANGEROUS_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(DANGEROUS_STARTS) else text


class _Echo:
    def write(self, value):
        return value


def csv_response(filename: str, header: list[str], rows: Iterable[Iterable]) -> StreamingHttpResponse:
    writer = csv.writer(_Echo())

    def lines():
        yield "\ufeff" + writer.writerow(header)
        for row in rows:
            yield writer.writerow([safe_cell(cell) for cell in row])

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def with_current_worker(rows: QuerySet, *, young_person: str = "young_person") -> QuerySet:
    """Rows (ledger rows, answers) annotated with their young person's current social worker or personal adviser
    (`worker_name`) and that worker's team (`team_name`), both read in the rows' own query as subqueries, so a CSV
    of any length costs the same queries. `young_person` is the path from a row to its young person."""
    allocations = Allocation.objects.filter(
        young_person_id=OuterRef(f"{young_person}_id"), ended_on__isnull=True,
        role__in=[Role.SOCIAL_WORKER, Role.PERSONAL_ADVISER],
    ).order_by("-started_on", "-pk")
    return rows.annotate(worker_name=Subquery(allocations.values("worker__name")[:1]),
                         team_name=Subquery(allocations.values("worker__team__name")[:1]))
