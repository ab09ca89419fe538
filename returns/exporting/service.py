"""Exporting a council's SSDA903 return and Annex A lists: the services the commands and download pages call.

    files = returns_export_903(council=council, year=2026)   # {"header.csv": b"...", "episodes.csv": ...}
    files = returns_export_annex_a(council=council, today=date.today(), form="xlsx")
    ids = returns_export_young_person_ids(council=council, year=2026)   # whose data the 903 export holds
    ids = returns_export_annex_a_young_person_ids(council=council, today=date.today())   # who is on lists 8 and 9

Each 903 table is a file named after the table in lower case (header.csv ... swepisodes.csv), written even when
empty, with the DfE column names and dd/mm/yyyy dates. year is the collection year by its 31 March (2026 is
2025-26), cut as the DfE validator expects (returns.ssda903.writing.collection_year); None is everything held.
"""
from datetime import date

from casework.models import Council
from returns.exporting.annex_a import annex_a_files, annex_a_rows
from returns.exporting.ssda903 import tables_903
from returns.ssda903.tables import TABLES
from returns.ssda903.writing import write_csv


def file_name_903(table: str) -> str:
    return f"{table.lower()}.csv"


def returns_export_903(*, council: Council, year: int | None) -> dict[str, bytes]:
    tables, _ = tables_903(council=council, year=year)
    written = write_csv(tables)
    return {file_name_903(name): written[TABLES[name].file_name] for name in TABLES}


def returns_export_young_person_ids(*, council: Council, year: int | None) -> list[int]:
    """The young people whose rows the 903 export of that year holds (for the audit trail)."""
    _, young_people = tables_903(council=council, year=year)
    return sorted(young_people.values())


def returns_export_annex_a(*, council: Council, today: date, form: str = "csv") -> dict[str, bytes]:
    """Lists 8 (children in care) and 9 (care leavers) as they stand on `today`: annex_a_list_8.csv and
    annex_a_list_9.csv, or .xlsx (one workbook each) when form is "xlsx"."""
    if form not in ("csv", "xlsx"):
        raise ValueError(f"form must be csv or xlsx, not {form!r}")
    return annex_a_files(council=council, today=today, form=form)


def returns_export_annex_a_young_person_ids(*, council: Council, today: date) -> list[int]:
    """The young people on lists 8 and 9 as they stand on `today` (for the audit trail)."""
    return sorted(annex_a_rows(council=council, today=today)[2])
