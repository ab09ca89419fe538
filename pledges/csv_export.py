"""CSV downloads for every list a manager can see, safe to open in a spreadsheet.

A cell that starts with = + - @ (or a tab or carriage return) would run as a formula in Excel; such cells get
a leading apostrophe (OWASP's advice on CSV injection). Rows are streamed, so a long list never sits in memory. The
file starts with a byte order mark so Excel, which most councils open these in, reads accented names as UTF-8.
"""
import csv
from collections.abc import Iterable

from django.http import StreamingHttpResponse

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
