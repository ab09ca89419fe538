"""Writing tables as the return's files: write_csv gives one CSV a table (DfE column names, DfE file names,
dd/mm/yyyy dates as the rows give them), write_xml (xml_form.py) the XML form. Tables are given as
{table name: [ {column: text}, ... ]}. collection_year picks a year's rows out of a longer history."""
import csv
import io
from datetime import date

from returns.ssda903.tables import TABLES
from returns.values import parse_date


def write_csv(tables: dict[str, list[dict[str, str]]]) -> dict[str, bytes]:
    files = {}
    for name, rows in tables.items():
        table = TABLES[name]
        out = io.StringIO(newline="")
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow(table.columns)
        writer.writerows([row.get(column, "") for column in table.columns] for row in rows)
        files[table.file_name] = out.getvalue().encode("utf-8")
    return files


def collection_year(tables: dict[str, list[dict[str, str]]], year_ending: int) -> dict[str, list[dict[str, str]]]:
    """The rows of the collection year ending 31 March `year_ending`: episodes, missing and social worker
    episodes open at any time in it, reviews held in it, and Header, UASC, PrevPerm, AD1 and PlacedAdoption rows
    of the children those concern or who have an OC3 row. OC2 and OC3 carry no date: they are taken as they are
    (a history writes them only for its last year)."""
    start, end = date(year_ending - 1, 4, 1), date(year_ending, 3, 31)

    def overlaps(row, start_column, end_column):
        began, ended = parse_date(row[start_column]), parse_date(row[end_column])
        return began <= end and (ended is None or ended >= start)

    year = {
        "Episodes": [row for row in tables.get("Episodes", []) if overlaps(row, "DECOM", "DEC")],
        "Missing": [row for row in tables.get("Missing", []) if overlaps(row, "MIS_START", "MIS_END")],
        "SWEpisodes": [row for row in tables.get("SWEpisodes", []) if overlaps(row, "SW_DECOM", "SW_DEC")],
        "Reviews": [row for row in tables.get("Reviews", []) if start <= parse_date(row["REVIEW"]) <= end],
        "OC2": list(tables.get("OC2", [])),
        "OC3": list(tables.get("OC3", [])),
    }
    in_year = {row["CHILD"] for name in ("Episodes", "OC3") for row in year[name]}
    for name in ("Header", "UASC", "PrevPerm", "AD1", "PlacedAdoption"):
        year[name] = [row for row in tables.get(name, []) if row["CHILD"] in in_year]
    return {name: year[name] for name in TABLES if name in year}
