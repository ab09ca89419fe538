"""Writing tables as the return's files: write_csv gives one CSV a table (DfE column names, DfE file names,
dd/mm/yyyy dates as the rows give them), write_xml (xml_form.py) the XML form. Tables are given as
{table name: [ {column: text}, ... ]}. collection_year picks a year's rows out of a longer history."""
import csv
import io
from datetime import date

from returns.ssda903.tables import TABLES
from returns.values import parse_date


OLD_SEX_CODES = {"M": "1", "F": "2"}


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
    episodes open at any time in it (as at 31 March: an end after it left blank) and reviews held in it, of the children looked after in the year or with an
    OC3 row, with their Header (MOTHER blank for care leavers not looked after in the year), UASC (if still UASC
    when the year began), PrevPerm (if care began in the year), AD1 and PlacedAdoption rows; SEX as 1/2 up to
    2023-24. OC2 and OC3 carry no date: they are taken as they are (a history writes them only for its last
    year)."""
    start, end = date(year_ending - 1, 4, 1), date(year_ending, 3, 31)

    def overlaps(row, start_column, end_column):
        began, ended = parse_date(row[start_column]), parse_date(row[end_column])
        return began <= end and (ended is None or ended >= start)

    def as_at_year_end(rows, start_column, end_column, *ending):
        """Those open in the year, as the year's return gave them: one that ended after 31 March was still open
        (a later-known end in a past year's return is an error to the DfE: rules 385, 388, SW07)."""
        return [row if not row[end_column] or parse_date(row[end_column]) <= end
                else {**row, end_column: "", **dict.fromkeys(ending, "")}
                for row in rows if overlaps(row, start_column, end_column)]

    year = {
        "Episodes": as_at_year_end(tables.get("Episodes", []), "DECOM", "DEC", "REC", "REASON_PLACE_CHANGE"),
        "Missing": as_at_year_end(tables.get("Missing", []), "MIS_START", "MIS_END"),
        "SWEpisodes": as_at_year_end(tables.get("SWEpisodes", []), "SW_DECOM", "SW_DEC"),
        "Reviews": [row for row in tables.get("Reviews", []) if start <= parse_date(row["REVIEW"]) <= end],
        "OC2": list(tables.get("OC2", [])),
        "OC3": list(tables.get("OC3", [])),
    }
    looked_after = {row["CHILD"] for row in year["Episodes"]}
    started = {row["CHILD"] for row in year["Episodes"] if row["RNE"] == "S" and parse_date(row["DECOM"]) >= start}
    in_year = looked_after | {row["CHILD"] for row in year["OC3"]}
    for name in ("Header", "UASC", "PrevPerm", "AD1", "PlacedAdoption"):
        year[name] = list(tables.get(name, []))
    # UASC rows are for children who were UASC during the year; MOTHER only for children looked after in it.
    year["UASC"] = [row for row in year["UASC"] if not row["DUC"] or parse_date(row["DUC"]) >= start]
    year["PrevPerm"] = [row for row in year["PrevPerm"] if row["CHILD"] in started]  # asked when care starts
    year["Header"] = [row if row["CHILD"] in looked_after else {**row, "MOTHER": ""} for row in year["Header"]]
    if year_ending <= 2024:  # SEX was 1 (male) or 2 (female) until 2023-24
        for name in ("Header", "UASC"):
            year[name] = [{**row, "SEX": OLD_SEX_CODES.get(row["SEX"], row["SEX"])} for row in year[name]]
    return {name: [row for row in year[name] if row["CHILD"] in in_year] for name in TABLES if name in year}
