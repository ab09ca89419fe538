"""Reading Ofsted's Annex A lists 8 and 9, as CSV or XLSX: recognised by their headings, dates checked."""
import io
from datetime import date, datetime

import pytest
from openpyxl import Workbook

from returns.annex_a.checking import annex_a_records, check_annex_a
from returns.annex_a.reading import read_annex_a
from returns.annex_a.synthetic import write_annex_a

pytestmark = []

END = date(2026, 3, 31)
LIST_8_HEADINGS = ("Child Unique ID,Date of Birth,Date of Latest Statutory Review,Date of Last Social Work Visit,"
                   "Date of Last IRO Visit / Contact to the Child,Date of Last Health Assessment,"
                   "Date of Last Dental Check,Allocated Team,Allocated Worker")


def read(files):
    lists = read_annex_a(list(files.items()))
    return lists, [problem for annex in lists for problem in annex.problems] + check_annex_a(lists)


@pytest.mark.parametrize("form", ["csv", "xlsx"])
def test_synthetic_lists_read_with_no_problems_and_the_same_records(form):
    lists, problems = read(write_annex_a(children=150, years=5, seed=4, end=END, form=form))
    assert problems == []
    assert sorted(annex.number for annex in lists) == [8, 9]
    records = annex_a_records(lists)
    list_8 = [record for record in records if record.list_number == 8]
    assert list_8 and all(record.last_social_work_visit and record.allocated_worker for record in list_8)
    list_9 = [record for record in records if record.list_number == 9]
    assert list_9 and all(record.latest_pathway_plan and record.latest_contact for record in list_9)


def test_csv_and_xlsx_give_the_same_records():
    def key(record):
        return record.list_number, record.child_id, record.last_social_work_visit, record.latest_contact

    from_csv, _ = read(write_annex_a(children=80, years=5, seed=2, end=END, form="csv"))
    from_xlsx, _ = read(write_annex_a(children=80, years=5, seed=2, end=END, form="xlsx"))
    assert sorted(map(key, annex_a_records(from_csv))) == sorted(map(key, annex_a_records(from_xlsx)))


def test_headings_in_another_case_and_spacing_and_a_bom_are_read():
    headings = LIST_8_HEADINGS.upper().replace(" / ", "/").replace("VISIT,", "VISIT ,")
    content = f"\ufeff{headings}\r\n0012,01/02/2012,03/01/2026,04/03/2026,05/01/2026,06/06/2025,07/07/2025,A,B\r\n"
    lists, problems = read({"list.csv": content.encode()})
    assert problems == []
    [record] = annex_a_records(lists)
    assert record.child_id == "0012" and record.last_social_work_visit == date(2026, 3, 4)
    assert record.last_iro_contact == date(2026, 1, 5) and record.allocated_team == "A"


def test_a_bad_date_names_file_line_column_and_value():
    content = f"{LIST_8_HEADINGS}\n0012,01/02/2012,31/02/2026,,,,,A,B\n".encode()
    _, [problem] = read({"list8.csv": content})
    assert (problem.file, problem.line, problem.column, problem.value) == \
        ("list8.csv", 2, "Date of Latest Statutory Review", "31/02/2026")
    assert problem.message == "Line 2 of list8.csv: Date of Latest Statutory Review is 31/02/2026, which is not a " \
                              "real date."


def test_a_missing_column_and_an_unknown_file_are_errors():
    _, [problem] = read({"list8.csv": LIST_8_HEADINGS.replace(",Date of Last Dental Check", "").encode() + b"\n"})
    assert problem.column == "Date of Last Dental Check" and "is missing from list 8" in problem.message
    _, [problem] = read({"staff.csv": b"Name,Team\nA,B\n"})
    assert problem.file == "staff.csv" and "not Annex A list 8" in problem.message


def test_the_same_child_twice_is_an_error():
    row = "0012,01/02/2012,,,,,,A,B\n"
    _, [problem] = read({"list8.csv": f"{LIST_8_HEADINGS}\n{row}{row}".encode()})
    assert problem.line == 3 and "twice" in problem.message


def test_xlsx_date_cells_and_a_title_row_are_read():
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "List 9"
    sheet.append(["Annex A: care leavers"])
    sheet.append(["Child Unique ID", "Allocated Team", "Allocated Worker", "Eligibility Category",
                  "LA in Touch", "Latest Pathway Plan", "Date of Latest Contact"])
    sheet.append(["0345", "Leaving Care", "PA 1", "Relevant", "YES", datetime(2026, 2, 1), "03/03/2026"])
    out = io.BytesIO()
    workbook.save(out)
    lists, problems = read({"annex.xlsx": out.getvalue()})
    assert problems == []
    [record] = annex_a_records(lists)
    assert (record.child_id, record.latest_pathway_plan, record.latest_contact, record.line) == \
        ("0345", date(2026, 2, 1), date(2026, 3, 3), 3)
    assert record.file == "annex.xlsx (sheet List 9)"
