"""Checking read Annex A lists (check_annex_a) and turning them into records (annex_a_records).

Checks: a list not recognised or missing a column (from reading); a blank Child Unique ID; a date that is not
dd/mm/yyyy or not a real day; the same child twice in one list.
"""
from dataclasses import dataclass
from datetime import date

from returns.annex_a.columns import DATE_FIELDS, FIELDS
from returns.annex_a.reading import AnnexAList, AnnexARow
from returns.problems import Problem, problem
from returns.values import BadValue, parse_date, text_or_none


@dataclass
class AnnexARecord:
    """One child in one list. Dates are None when the list leaves them blank (or does not have the column)."""
    list_number: int
    child_id: str
    date_of_birth: date | None
    last_social_work_visit: date | None
    latest_review: date | None
    last_iro_contact: date | None
    last_health_assessment: date | None
    last_dental_check: date | None
    latest_pathway_plan: date | None
    latest_contact: date | None
    allocated_team: str | None
    allocated_worker: str | None
    personal_adviser: str | None
    file: str
    line: int


def shown(value) -> str:
    return value.strftime("%d/%m/%Y") if isinstance(value, date) else str(value)


def check_annex_a(lists: list[AnnexAList]) -> list[Problem]:
    problems = []
    for annex in lists:
        seen: dict[str, AnnexARow] = {}
        for row in annex.rows:
            child = text_or_none(row.cells.get("child_id") and str(row.cells["child_id"]))
            if child is None:
                problems.append(problem(row.file, row.line, FIELDS["child_id"][0], None,
                                        "Child Unique ID is blank: every child needs the id the council uses."))
            elif child in seen:
                problems.append(problem(row.file, row.line, FIELDS["child_id"][0], child,
                                        f"Child Unique ID {child} is in list {annex.number} twice (also on line "
                                        f"{seen[child].line})."))
            else:
                seen[child] = row
            for name in DATE_FIELDS & row.cells.keys():
                try:
                    parse_date(row.cells[name])
                except BadValue as error:
                    heading = FIELDS[name][0]
                    problems.append(problem(row.file, row.line, heading, shown(row.cells[name]),
                                            f"{heading} is {shown(row.cells[name])}, {error}."))
    return problems


def annex_a_records(lists: list[AnnexAList]) -> list[AnnexARecord]:
    """Records for every row; call only when check_annex_a found no errors."""
    records = []
    for annex in lists:
        for row in annex.rows:
            dates = {name: parse_date(row.cells.get(name)) for name in DATE_FIELDS}
            texts = {name: text_or_none(row.cells.get(name) and str(row.cells[name]))
                     for name in ("allocated_team", "allocated_worker", "personal_adviser")}
            records.append(AnnexARecord(annex.number, str(row.cells["child_id"]).strip(), **dates, **texts,
                                        file=row.file, line=row.line))
    return records
