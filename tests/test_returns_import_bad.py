"""An SSDA903 import with any error writes nothing, and says where each error is (file, line, column, value); the
import_903 command prints the headline and every problem and exits non-zero on an error."""
from datetime import date
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from returns.importing.service import returns_import_903
from returns.ssda903 import spoiling
from returns.ssda903.synthetic import write_903

from .import_helpers import after_the_year_ended  # noqa: F401 (pytestmark uses it)
from .import_helpers import END, NOW, as_files, council_with_measures, fingerprint, row_counts

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("after_the_year_ended")]


@pytest.fixture(scope="module")
def files():
    return write_903(children=30, years=3, seed=12, end=END)


@pytest.fixture
def council():
    return council_with_measures(slug="badshire", name="Badshire Council", short_name="Badshire")


def first_episode_line(files, test) -> int:
    """The line of the first episode (line 2 on) for which test(row) holds, with its row."""
    rows = spoiling._table(files["episodes.csv"])
    heading = rows[0]
    for number, cells in enumerate(rows[1:], start=2):
        row = dict(zip(heading, cells))
        if test(row):
            return number
    raise AssertionError("no such episode")


def overlapping(files):
    """The second episode of a child made to start a day before the first one ends."""
    line = first_episode_line(files, lambda row: row["REC"] == "X1")
    child = spoiling.cell(files, "episodes.csv", line, "CHILD")
    ended = spoiling.cell(files, "episodes.csv", line, "DEC")
    following = first_episode_line(files, lambda row: row["CHILD"] == child and row["DECOM"] == ended)
    day = date(*reversed([int(part) for part in ended.split("/")]))
    earlier = day.replace(day=day.day - 1) if day.day > 1 else day.replace(month=day.month - 1 or 12, day=28)
    return spoiling.set_cell(files, "episodes.csv", following, "DECOM", earlier.strftime("%d/%m/%Y")), following


def bad_inputs(files):
    """Each bad input issue 14 names: (files, file, line, column, value) of the error it must give."""
    child_in_header = spoiling.cell(files, "header.csv", 3, "CHILD")
    closed = first_episode_line(files, lambda row: row["DEC"] != "")
    overlap, overlap_line = overlapping(files)
    return {
        "a missing column": (spoiling.drop_column(files, "episodes.csv", "LS"), "episodes.csv", 1, "LS", None),
        "an unknown column": (spoiling.rename_column(files, "reviews.csv", "REVIEW_CODE", "CODE"), "reviews.csv", 1,
                              "CODE", "CODE"),
        "an impossible date": (spoiling.set_cell(files, "episodes.csv", 2, "DECOM", "31/02/2026"), "episodes.csv", 2,
                               "DECOM", "31/02/2026"),
        "an unknown code": (spoiling.set_cell(files, "episodes.csv", 3, "PLACE", "Q9"), "episodes.csv", 3, "PLACE",
                            "Q9"),
        "a review for a child not in Header": (
            spoiling.add_row(files, "reviews.csv", CHILD="0999999", DOB="", REVIEW="01/03/2026", REVIEW_CODE="PN1"),
            "reviews.csv", len(spoiling._table(files["reviews.csv"])) + 1, "CHILD", "0999999"),
        "overlapping episodes": (overlap, "episodes.csv", overlap_line, "DECOM",
                                 spoiling.cell(overlap, "episodes.csv", overlap_line, "DECOM")),
        "DEC before DECOM": (spoiling.set_cell(files, "episodes.csv", closed, "DEC", "01/01/2000"), "episodes.csv",
                             closed, "DEC", "01/01/2000"),
        "the same child twice in Header": (spoiling.copy_row(files, "header.csv", 3), "header.csv",
                                           len(spoiling._table(files["header.csv"])) + 1, "CHILD", child_in_header),
    }


BAD = ["a missing column", "an unknown column", "an impossible date", "an unknown code",
       "a review for a child not in Header", "overlapping episodes", "DEC before DECOM",
       "the same child twice in Header"]


@pytest.mark.parametrize("bad", BAD)
def test_each_bad_input_is_an_error_naming_where_it_is_and_nothing_is_written(council, files, bad):
    changed, file, line, column, value = bad_inputs(files)[bad]
    counts, before = row_counts(), fingerprint()
    summary = returns_import_903(council=council, files=as_files(changed), dry_run=False)
    assert summary.has_errors and not summary.written
    assert (file, line, column, value) in [(item.file, item.line, item.column, item.value) for item in summary.errors]
    assert row_counts() == counts and fingerprint() == before
    council.refresh_from_db()
    assert council.measuring_from is None
    assert summary.headline().startswith(f"{len(summary.errors)} error")


def test_errors_in_an_import_over_held_records_change_nothing_held(council, files):
    returns_import_903(council=council, files=as_files(files), dry_run=False)
    counts, before = row_counts(), fingerprint()
    spoiled = spoiling.set_cell(files, "episodes.csv", 2, "DECOM", "31/02/2026")
    assert returns_import_903(council=council, files=as_files(spoiled), dry_run=False).has_errors
    assert row_counts() == counts and fingerprint() == before


def write(tmp_path, files) -> list[str]:
    paths = []
    for name, content in files.items():
        (tmp_path / name).write_bytes(content)
        paths.append(str(tmp_path / name))
    return paths


def test_the_command_prints_the_headline_and_imports(council, files, tmp_path):
    out = StringIO()
    call_command("import_903", "--council", council.slug, *write(tmp_path, files), stdout=out)
    assert out.getvalue().startswith("30 young people new, 0 changed; ")
    assert council.young_people.count() == 30


def test_the_command_dry_run_writes_nothing(council, files, tmp_path):
    out = StringIO()
    call_command("import_903", "--council", council.slug, "--dry-run", *write(tmp_path, files), stdout=out)
    assert out.getvalue().startswith("Dry run (nothing written): 30 young people new")
    assert council.young_people.count() == 0


def test_the_command_prints_every_error_and_exits_non_zero(council, files, tmp_path):
    spoiled = spoiling.set_cell(files, "episodes.csv", 3, "PLACE", "Q9")
    out = StringIO()
    with pytest.raises(CommandError, match="nothing was written"):
        call_command("import_903", "--council", council.slug, *write(tmp_path, spoiled), stdout=out)
    assert "ERROR (episodes.csv, line 3, column PLACE, value 'Q9'): Line 3 of episodes.csv: PLACE is Q9" \
        in out.getvalue()
    assert council.young_people.count() == 0


def test_the_command_exits_non_zero_from_the_shell(council, files, tmp_path):
    """What a data officer's script sees: the exit code (CommandError exits 1 when run as manage.py)."""
    spoiled = spoiling.set_cell(files, "episodes.csv", 3, "PLACE", "Q9")
    with pytest.raises(SystemExit) as exited:
        _run_as_shell(council.slug, write(tmp_path, spoiled))
    assert exited.value.code == 1


def _run_as_shell(slug, paths):
    from django.core.management import ManagementUtility

    ManagementUtility(["manage.py", "import_903", "--council", slug, *paths]).execute()


def test_an_unknown_council_is_an_error(files, tmp_path, db):
    with pytest.raises(CommandError, match="no council with the slug nowhere"):
        call_command("import_903", "--council", "nowhere", *write(tmp_path, files), stdout=StringIO())


def test_the_benchmark_imports_a_synthetic_council_prints_its_times_and_removes_it(db):
    from casework.models import Council

    out = StringIO()
    call_command("benchmark_import", "--children", "15", "--years", "1", stdout=out)
    printed = out.getvalue()
    for line in ("15 young people new, 0 changed", "Read and check: ", "Write the records: ",
                 "Build every ledger row: ", "Total: ", "The same files again: "):
        assert line in printed
    assert not Council.objects.filter(slug="importbench").exists()
