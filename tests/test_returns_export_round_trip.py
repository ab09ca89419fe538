"""A council can trust its return to the portal (issue 14): valid 903 files imported, then exported, give back the
same rows column for column, everything held and a collection year; and the DfE's own validator finds no issue in
a year's export. `make test` installs the validator's virtualenv (var/dfe-validator); its test fails, never skips,
without it."""
import subprocess
from datetime import date
from pathlib import Path

import pytest

from returns.exporting.service import returns_export_903, returns_export_young_person_ids
from returns.importing.service import returns_import_903
from returns.ssda903.reading import read_903
from returns.ssda903.synthetic import council_903
from returns.ssda903.tables import TABLES
from returns.ssda903.writing import collection_year, write_csv
from returns.ssda903.xml_form import write_xml
from returns.values import parse_date

from .factories import CouncilFactory

ROOT = Path(__file__).resolve().parent.parent
VALIDATOR_PYTHON = ROOT / "var" / "dfe-validator" / "bin" / "python"
RUNNER = ROOT / "returns" / "ssda903" / "dfe_validator.py"
END = date(2026, 3, 31)


def imported_council(tables: dict[str, list[dict[str, str]]]):
    council = CouncilFactory()
    summary = returns_import_903(council=council, files=list(write_csv(tables).items()), dry_run=False)
    assert not summary.has_errors, [str(problem) for problem in summary.problems[:5]]
    assert summary.written
    return council


def rows_of(files: dict[str, bytes]) -> dict[str, list[tuple[str, ...]]]:
    """Each table's rows as read back by the portal's own reader, sorted, every column in the DfE's order."""
    read = read_903(list(files.items()))
    assert read.problems == []
    return {name: sorted(tuple(row.values[column] for column in TABLES[name].columns) for row in rows)
            for name, rows in read.tables.items()}


def expected_rows(tables: dict[str, list[dict[str, str]]]) -> dict[str, list[tuple[str, ...]]]:
    return {name: sorted(tuple(row.get(column, "") for column in TABLES[name].columns)
                         for row in tables.get(name, [])) for name in TABLES}


@pytest.fixture(scope="module")
def synthetic():
    return council_903(children=120, years=5, seed=11, end=END)


@pytest.mark.django_db
def test_everything_held_comes_back_column_for_column(synthetic):
    council = imported_council(synthetic)
    exported = rows_of(returns_export_903(council=council, year=None))
    expected = expected_rows(synthetic)
    for name in TABLES:
        assert exported[name] == expected[name], name
    assert len(returns_export_young_person_ids(council=council, year=None)) == len(synthetic["Header"])


@pytest.mark.django_db
@pytest.mark.parametrize("year", [2026, 2024])
def test_a_collection_year_comes_back_as_its_cut(synthetic, year):
    council = imported_council(synthetic)
    exported = rows_of(returns_export_903(council=council, year=year))
    # OC2 and OC3 are the last year's (2025-26): imported under 31 March 2026, they are in no other year's cut
    held = synthetic if year == 2026 else {**synthetic, "OC2": [], "OC3": []}
    expected = expected_rows(collection_year(held, year))
    for name in TABLES:
        assert exported[name] == expected[name], name


@pytest.mark.django_db
def test_importing_the_export_again_changes_nothing(synthetic):
    council = imported_council(synthetic)
    files = returns_export_903(council=council, year=None)
    again = returns_import_903(council=council, files=list(files.items()), dry_run=True)
    assert not again.has_errors
    assert {name: count for name, count in again.counts.items()
            if count and name != "young_people_unchanged"} == {}


def dfe_validator(directory: Path, files: dict[str, bytes], year: int) -> list[str]:
    """The DfE validator's issues (one line each: rule, table, row, CHILD, message) over these files."""
    assert VALIDATOR_PYTHON.exists(), "The DfE validator is not installed: run `make test` (it makes var/dfe-validator)."
    for name, content in files.items():
        (directory / name).write_bytes(content)
    result = subprocess.run([VALIDATOR_PYTHON, RUNNER, "--year", str(year), directory], capture_output=True,
                            text=True, timeout=300)
    assert result.stdout.splitlines()[-1].endswith(" issues"), result.stdout[-3000:] + result.stderr[-3000:]
    return [line for line in result.stdout.splitlines() if "\t" in line]


@pytest.mark.django_db
@pytest.mark.parametrize("year", [2026, 2024])
def test_the_dfe_validator_finds_no_issues_in_a_years_export(tmp_path, year):
    council = imported_council(council_903(children=300, years=5, seed=year, end=date(year, 3, 31)))
    assert dfe_validator(tmp_path, returns_export_903(council=council, year=year), year) == []


@pytest.mark.django_db
def test_a_past_years_export_is_that_year_as_it_stood_at_its_31_march(tmp_path):
    """2024-25 exported from a history known to 2026: what ended later is open in it, so the DfE finds nothing wrong
    but the OC2 rows the council's 2024-25 return would have had (the synthetic history holds OC2 for 2025-26
    only): rule 191, children looked after for 12 months with no OC2."""
    council = imported_council(council_903(children=300, years=5, seed=2026, end=END))
    issues = dfe_validator(tmp_path, returns_export_903(council=council, year=2025), 2025)
    assert {issue.split("\t")[0] for issue in issues} == {"191"}


def as_known_on(tables: dict[str, list[dict[str, str]]], day: date) -> dict[str, list[dict[str, str]]]:
    """The history as a council's records stood on `day`: nothing that began after it, and what ended after it
    still open."""
    def known(row, start, end, *ending):
        if parse_date(row[start]) > day:
            return None
        return {**row, end: "", **dict.fromkeys(ending, "")} if (parse_date(row[end]) or date.min) > day else row

    spans = {"Episodes": ("DECOM", "DEC", "REC", "REASON_PLACE_CHANGE"), "Missing": ("MIS_START", "MIS_END"),
             "SWEpisodes": ("SW_DECOM", "SW_DEC")}
    held = {name: [kept for row in tables.get(name, []) if (kept := known(row, *spans[name]))] for name in spans}
    reviews = [row for row in tables.get("Reviews", []) if parse_date(row["REVIEW"]) <= day]
    return {**tables, **held, "Reviews": reviews}


@pytest.mark.django_db
def test_a_later_years_import_then_that_years_export(synthetic):
    """A council imports 2024-25's return as it stood at 31 March 2025, then 2025-26's (episodes ended, workers
    changed since): the 2025-26 export is that year's return again."""
    council = imported_council({**collection_year(as_known_on(synthetic, date(2025, 3, 31)), 2025), "OC2": [],
                                "OC3": []})
    summary = returns_import_903(council=council, files=list(write_csv(collection_year(synthetic, 2026)).items()),
                                 dry_run=False)
    assert not summary.has_errors
    exported = rows_of(returns_export_903(council=council, year=2026))
    expected = expected_rows(collection_year(synthetic, 2026))
    for name in TABLES:
        assert exported[name] == expected[name], name


@pytest.mark.django_db
def test_the_xml_form_imported_comes_back_as_csv(synthetic):
    council = CouncilFactory()
    summary = returns_import_903(council=council, files=[("ssda903.xml", write_xml(synthetic))], dry_run=False)
    assert not summary.has_errors, [str(problem) for problem in summary.problems[:5]]
    exported = rows_of(returns_export_903(council=council, year=None))
    expected = expected_rows(synthetic)
    for name in TABLES:
        assert exported[name] == expected[name], name
