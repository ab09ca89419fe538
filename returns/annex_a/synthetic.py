"""Synthetic Annex A lists 8 and 9 for the same synthetic council as returns/ssda903/synthetic.py (same
arguments, same children): list 8 holds the children in care at `end`, list 9 the care leavers with an OC3 row.

    files = write_annex_a(children=300, years=5, seed=1, end=date(2026, 3, 31), form="csv")  # or "xlsx"
    # {"annex_a_list_8.csv": b"...", "annex_a_list_9.csv": b"..."} or {"annex_a.xlsx": b"..."}
"""
import csv
import io
import random
from datetime import date, timedelta

from openpyxl import Workbook

from returns.annex_a.columns import LIST_8_COLUMNS, LIST_9_COLUMNS
from returns.ssda903.synthetic import council_903
from returns.values import format_date, parse_date

TEAMS = [f"Children in Care Team {number}" for number in range(1, 6)]
LEAVING_CARE_TEAMS = ["Leaving Care Team North", "Leaving Care Team South"]


def annex_a_rows(*, children: int, years: int, seed: int, end: date) -> tuple[list[dict], list[dict]]:
    """Lists 8 and 9 as rows of {Ofsted heading: date or text}."""
    tables = council_903(children=children, years=years, seed=seed, end=end)
    rng = random.Random(seed + 1)
    latest_review = {}
    for row in tables.get("Reviews", []):
        latest_review[row["CHILD"]] = max(latest_review.get(row["CHILD"], date.min), parse_date(row["REVIEW"]))
    in_care = {row["CHILD"] for row in tables["Episodes"] if not row["DEC"]}
    list_8, list_9 = [], []
    for header in tables["Header"]:
        child = header["CHILD"]
        common = {"Child Unique ID": child, "Gender": header["SEX"], "Ethnicity": header["ETHNIC"],
                  "Date of Birth": parse_date(header["DOB"]), "Does the Child have a Disability": "N"}
        if child in in_care:
            review = latest_review.get(child)
            list_8.append({**common, "Date of Latest Statutory Review": review,
                           "Date of Last Social Work Visit": end - timedelta(days=rng.randint(1, 42)),
                           "Date of Last IRO Visit / Contact to the Child":
                               review and review + timedelta(days=rng.randint(0, 20)),
                           "Date of Last Health Assessment": end - timedelta(days=rng.randint(10, 360)),
                           "Date of Last Dental Check": end - timedelta(days=rng.randint(10, 360)),
                           "Allocated Team": rng.choice(TEAMS), "Allocated Worker": f"Worker {rng.randint(1, 80)}"})
    for row in tables.get("OC3", []):
        list_9.append({"Child Unique ID": row["CHILD"], "Date of Birth": parse_date(row["DOB"]),
                       "Allocated Team": rng.choice(LEAVING_CARE_TEAMS),
                       "Allocated Worker": f"Personal Adviser {rng.randint(1, 30)}",
                       "Eligibility Category": "Former relevant", "LA in Touch": row["IN_TOUCH"],
                       "Personal Adviser": f"Personal Adviser {rng.randint(1, 30)}",
                       "Latest Pathway Plan Date": end - timedelta(days=rng.randint(10, 180)),
                       "Latest Contact Date": end - timedelta(days=rng.randint(1, 60))})
    return list_8, list_9


def write_annex_a(*, children: int, years: int, seed: int, end: date, form: str = "csv") -> dict[str, bytes]:
    list_8, list_9 = annex_a_rows(children=children, years=years, seed=seed, end=end)
    if form == "xlsx":
        workbook = Workbook()
        workbook.remove(workbook.active)
        for title, columns, rows in (("List 8", LIST_8_COLUMNS, list_8), ("List 9", LIST_9_COLUMNS, list_9)):
            sheet = workbook.create_sheet(title)
            sheet.append([f"Annex A {title}"])  # Ofsted's template has a title above the headings
            sheet.append(columns)
            for row in rows:
                sheet.append([row.get(column) for column in columns])
        out = io.BytesIO()
        workbook.save(out)
        return {"annex_a.xlsx": out.getvalue()}
    return {"annex_a_list_8.csv": write_list(LIST_8_COLUMNS, list_8),
            "annex_a_list_9.csv": write_list(LIST_9_COLUMNS, list_9)}


def write_list(columns: list[str], rows: list[dict]) -> bytes:
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([format_date(value) if isinstance(value, date) else (value or "")
                         for value in (row.get(column) for column in columns)])
    return out.getvalue().encode("utf-8")
