"""Reading Annex A lists 8 and 9 from CSV or XLSX into AnnexAList objects (rows of raw cells with provenance).

    lists = read_annex_a([("list8.csv", b"..."), ("annex_a.xlsx", b"...")])
    problems = [p for annex in lists for p in annex.problems] + check_annex_a(lists)   # checking.py
    records = annex_a_records(lists)    # one AnnexARecord per child and list, dates as datetime.date

A list is recognised by its heading row (the first row, or in a workbook the first row of each sheet that has
one of the lists' headings within its first 10 rows), never by its name. CSV is UTF-8 with or without a BOM.
"""
import csv
import io
from dataclasses import dataclass, field
from datetime import date, datetime

from openpyxl import load_workbook

from returns.annex_a.columns import HEADING_TO_FIELD, NEEDED, FIELDS, fold, which_list
from returns.problems import Problem, problem


@dataclass
class AnnexARow:
    file: str
    line: int
    cells: dict[str, object]  # field name -> the cell (text from CSV; text, date or datetime from XLSX)


@dataclass
class AnnexAList:
    file: str               # file name, with " (sheet List 8)" for a workbook's sheet
    number: int | None      # 8 or 9, None when not recognised
    rows: list[AnnexARow] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def read_annex_a(files: list[tuple[str, bytes]]) -> list[AnnexAList]:
    lists = []
    for name, content in files:
        if name.lower().endswith((".xlsx", ".xlsm")):
            lists += read_workbook(name, content)
        else:
            lists.append(read_table(name, csv_rows(name, content)))
    return lists


def csv_rows(name: str, content: bytes):
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = content.decode("cp1252")  # Excel's "CSV" on Windows; Annex A comes from spreadsheets
    return csv.reader(io.StringIO(text, newline=""))


def read_workbook(name: str, content: bytes) -> list[AnnexAList]:
    workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    found = []
    for sheet in workbook.worksheets:
        rows = list(sheet.iter_rows(values_only=True))
        for skip, row in enumerate(rows[:10]):  # Ofsted's template has a title above the headings
            if which_list(list(row)):
                found.append(read_table(f"{name} (sheet {sheet.title})", rows[skip:], first_line=skip + 1))
                break
    if not found:
        annex = AnnexAList(name, None)
        annex.problems.append(problem(name, None, None, None, "no sheet of this workbook has the headings of "
                                      "Annex A list 8 (children in care) or list 9 (care leavers)."))
        found.append(annex)
    return found


def read_table(name: str, rows, first_line: int = 1) -> AnnexAList:
    rows = iter(rows)
    headings = list(next(rows, []) or [])
    annex = AnnexAList(name, which_list(headings))
    if annex.number is None:
        annex.problems.append(problem(name, first_line, None, None,
                                      "this is not Annex A list 8 (children in care) or list 9 (care leavers): "
                                      "its first line has neither list's headings."))
        return annex
    positions = {HEADING_TO_FIELD[fold(heading)]: index for index, heading in enumerate(headings)
                 if fold(heading) in HEADING_TO_FIELD}
    for needed in NEEDED[annex.number]:
        if needed not in positions:
            annex.problems.append(problem(name, first_line, FIELDS[needed][0], None,
                                          f"the column \"{FIELDS[needed][0]}\" is missing from list "
                                          f"{annex.number}."))
    if annex.problems:
        return annex
    for line, row in enumerate(rows, start=first_line + 1):
        cells = {name_: row[index] if index < len(row) else None for name_, index in positions.items()}
        if all(cell in (None, "") or (isinstance(cell, str) and not cell.strip()) for cell in row):
            continue
        annex.rows.append(AnnexARow(name, line, {key: tidy(value) for key, value in cells.items()}))
    return annex


def tidy(value):
    """Text stripped; dates as they are; a number Excel made of an id back to text without ".0"."""
    if isinstance(value, (date, datetime)) or value is None:
        return value
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()
