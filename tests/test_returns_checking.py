"""Checking the SSDA903 return: each bad input is a problem naming the file, line, column and value, in words a
data officer understands; a good return becomes typed records per child."""
from datetime import date

import pytest

from returns.problems import WARNING
from returns.ssda903 import spoiling
from returns.ssda903.checking import check_903
from returns.ssda903.reading import read_903
from returns.ssda903.synthetic import write_903
from returns.values import BadValue, parse_date

pytestmark = []

END = date(2026, 3, 31)


@pytest.fixture(scope="module")
def files():
    return write_903(children=60, years=5, seed=3, end=END)


def problems_of(files):
    ret = read_903(list(files.items()))
    return ret.problems + check_903(ret)


def only_problem(files):
    [problem] = problems_of(files)
    return problem


def first_line(files, name, column, value):
    return spoiling.lines_of(files, name, column, value)[0]


def test_an_impossible_date_names_file_line_column_and_value(files):
    problem = only_problem(spoiling.set_cell(files, "missing.csv", 2, "MIS_END", "31/02/2026"))
    assert (problem.file, problem.line, problem.column, problem.value) == ("missing.csv", 2, "MIS_END", "31/02/2026")
    assert problem.message == "Line 2 of missing.csv: MIS_END is 31/02/2026, which is not a real date."


@pytest.mark.parametrize("written", ["2026/01/05", "5 Jan 2026", "05-01-2026", "2026-01-05"])
def test_a_date_in_the_wrong_form_is_an_error(files, written):
    problem = only_problem(spoiling.set_cell(files, "reviews.csv", 3, "REVIEW", written))
    assert problem.column == "REVIEW" and "not a date written as dd/mm/yyyy" in problem.message


def test_an_unknown_code_is_an_error_saying_which_codes_the_column_takes(files):
    problem = only_problem(spoiling.set_cell(files, "episodes.csv", 2, "PLACE", "Q9"))
    assert (problem.line, problem.column, problem.value) == (2, "PLACE", "Q9")
    assert "PLACE is Q9, which is not a PLACE code" in problem.message and "Z14" in problem.message


def test_a_required_column_left_blank_is_an_error(files):
    problem = only_problem(spoiling.set_cell(files, "header.csv", 4, "ETHNIC", ""))
    assert (problem.line, problem.column) == (4, "ETHNIC") and "ETHNIC is blank" in problem.message


def test_a_review_for_a_child_not_in_header_is_an_error(files):
    changed = spoiling.add_row(files, "reviews.csv", CHILD="0999999", DOB="", REVIEW="01/03/2026", REVIEW_CODE="PN1")
    problem = only_problem(changed)
    assert (problem.file, problem.column, problem.value) == ("reviews.csv", "CHILD", "0999999")
    assert "a review for CHILD 0999999, who is not in Header" in problem.message


def test_a_missing_row_for_a_child_not_in_header_is_an_error(files):
    changed = spoiling.add_row(files, "missing.csv", CHILD="0999999", MISSING="M", MIS_START="01/03/2026")
    assert "a Missing row for CHILD 0999999, who is not in Header" in only_problem(changed).message


def test_the_same_child_twice_in_header_is_an_error(files):
    problem = only_problem(spoiling.copy_row(files, "header.csv", 5))
    child = spoiling.cell(files, "header.csv", 5, "CHILD")
    assert (problem.file, problem.line, problem.column, problem.value) == ("header.csv", 62, "CHILD", child)
    assert "is in Header twice (also on line 5 of header.csv)" in problem.message


def test_a_dob_that_differs_from_headers_is_an_error(files):
    problem = only_problem(spoiling.set_cell(files, "reviews.csv", 2, "DOB", "01/01/2001"))
    assert problem.column == "DOB" and "but Header gives CHILD" in problem.message


def test_dec_before_decom_is_an_error(files):
    line = first_line(files, "episodes.csv", "REC", "E13")
    decom = spoiling.cell(files, "episodes.csv", line, "DECOM")
    day = parse_date(decom)
    changed = spoiling.set_cell(files, "episodes.csv", line, "DEC", f"{day.day:02d}/{day.month:02d}/{day.year - 1}")
    problem = only_problem(changed)
    assert (problem.line, problem.column) == (line, "DEC") and f"before DECOM {decom}" in problem.message


def test_overlapping_episodes_are_an_error(files):
    line = first_line(files, "episodes.csv", "REC", "E13")
    child = spoiling.cell(files, "episodes.csv", line, "CHILD")
    decom = parse_date(spoiling.cell(files, "episodes.csv", line, "DECOM"))
    later = decom.replace(day=min(decom.day, 28)).strftime("%d/") + f"{decom.month:02d}/{decom.year}"
    overlap = spoiling.add_row(files, "episodes.csv", CHILD=child, DECOM=later, RNE="P", LS="C2", CIN="N1",
                               PLACE="U4", PLACE_PROVIDER="PR1")
    messages = [problem.message for problem in problems_of(overlap)]
    assert any("episodes overlap" in message for message in messages)


def test_an_x1_not_followed_by_an_episode_that_day_is_an_error_said_plainly(files):
    line = first_line(files, "episodes.csv", "REC", "X1")
    following = spoiling.lines_of(files, "episodes.csv", "DECOM", spoiling.cell(files, "episodes.csv", line, "DEC"))
    child = spoiling.cell(files, "episodes.csv", line, "CHILD")
    [next_line] = [number for number in following if spoiling.cell(files, "episodes.csv", number, "CHILD") == child]
    moved = spoiling.set_cell(files, "episodes.csv", next_line, "DECOM", "")
    messages = [problem.message for problem in problems_of(moved)]
    assert f"Line {line} of episodes.csv: REC is X1, which means a new episode starts the same day, but no " \
           f"episode for CHILD {child} starts on" in " ".join(messages)


def test_a_first_episode_not_starting_care_is_only_a_warning(files):
    line = first_line(files, "episodes.csv", "RNE", "S")
    problem = only_problem(spoiling.set_cell(files, "episodes.csv", line, "RNE", "P"))
    assert problem.severity == WARNING and not problem.is_error and problem.column == "RNE"


def test_ends_before_starts_in_missing_and_social_worker_episodes(files):
    missing = spoiling.set_cell(files, "missing.csv", 2, "MIS_END", "01/01/2000")
    assert only_problem(missing).column == "MIS_END"
    line = [number for number in range(2, 40) if spoiling.cell(files, "sw_episodes.csv", number, "SW_DEC")][0]
    workers = spoiling.set_cell(files, "sw_episodes.csv", line, "SW_DEC", "01/01/2000")
    assert only_problem(workers).column == "SW_DEC"


def test_a_checked_return_gives_typed_children():
    ret = read_903(list(write_903(children=40, years=5, seed=9, end=END, form="xml").items()))
    assert ret.problems + check_903(ret) == []
    children = list(ret.children())
    assert len(children) == 40
    for child in children:
        assert [episode.start for episode in child.episodes] == sorted(episode.start for episode in child.episodes)
        assert child.periods and child.periods[0].episodes[0].reason_new == "S"
        assert sum(len(period.episodes) for period in child.periods) == len(child.episodes)
        assert all(review.participation.startswith("PN") for review in child.reviews)
    assert any(child.uasc for child in children) or any(child.missing for child in children)


def test_the_benchmark_council_is_written_quickly():
    import time
    started = time.perf_counter()
    files = write_903(children=5000, years=5, seed=1, end=END)
    assert time.perf_counter() - started < 15  # about 2 s on an idle machine
    assert files["header.csv"].count(b"\r\n") == 5001


def test_parse_date():
    assert parse_date("01/02/2026") == date(2026, 2, 1) == parse_date("2026-02-01")
    assert parse_date("") is None
    with pytest.raises(BadValue):
        parse_date("29/02/2025")
