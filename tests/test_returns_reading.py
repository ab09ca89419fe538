"""Reading the SSDA903 return: CSV (recognised by its heading row) and XML give the same tables."""
from datetime import date

import pytest

from returns.ssda903 import spoiling
from returns.ssda903.checking import check_903
from returns.ssda903.reading import read_903
from returns.ssda903.synthetic import write_903
from returns.ssda903.tables import TABLES

pytestmark = []

END = date(2026, 3, 31)


@pytest.fixture(scope="module")
def csv_files():
    return write_903(children=120, years=5, seed=7, end=END, form="csv")


def problems_of(files):
    ret = read_903(list(files.items()))
    return ret, ret.problems + check_903(ret)


def test_a_synthetic_council_reads_and_checks_with_no_problems(csv_files):
    ret, problems = problems_of(csv_files)
    assert problems == []
    assert set(ret.files.values()) >= {"Header", "Episodes", "Reviews", "OC2", "OC3", "Missing", "SWEpisodes",
                                       "UASC", "PrevPerm"}
    assert len(ret.tables["Header"]) == 120
    assert all(ret.tables[name] for name in ("Episodes", "Reviews", "OC2", "OC3", "Missing", "SWEpisodes", "UASC"))


def test_the_xml_form_gives_the_same_tables_as_the_csv_form(csv_files):
    xml_files = write_903(children=120, years=5, seed=7, end=END, form="xml")
    from_xml, problems = problems_of(xml_files)
    from_csv = read_903(list(csv_files.items()))
    assert problems == []
    for name in TABLES:
        key = lambda values: tuple(values.items())  # noqa: E731 - order within a child differs by form
        assert sorted(map(key, (row.values for row in from_xml.tables[name]))) == \
            sorted(map(key, (row.values for row in from_csv.tables[name]))), name


def test_an_xml_row_knows_its_line():
    xml = write_903(children=3, years=2, seed=1, end=END, form="xml")["ssda903.xml"]
    ret = read_903([("return.xml", xml)])
    lines = xml.decode().splitlines()
    for row in ret.tables["Episodes"] + ret.tables["Reviews"]:
        assert f"<{TABLES[row.table].xml_element}>" in lines[row.line - 1]


def test_xml_with_iso_dates_and_wrappers_is_read():
    xml = (b"<?xml version='1.0'?>\n<EXPSSDA903>\n<CHILD><HEADER><CHILDID>0012345</CHILDID><SEX>F</SEX>"
           b"<DOB>2012-05-01</DOB><ETHNIC>WBRI</ETHNIC><UASC /></HEADER>\n<EPISODES>\n<EPISODE><DECOM>2024-01-02"
           b"</DECOM><RNE>S</RNE><LS>C2</LS><CIN>N1</CIN><PL>U4</PL><PLACE_PROVIDER>PR1</PLACE_PROVIDER>"
           b"</EPISODE></EPISODES></CHILD>\n</EXPSSDA903>")
    ret, problems = problems_of({"return.xml": xml})
    assert problems == []
    [child] = ret.children()
    assert child.child_id == "0012345" and child.date_of_birth == date(2012, 5, 1)
    assert child.episodes[0].placement == "U4" and child.episodes[0].source.line == 5


def test_xml_with_care_leaver_fields_straight_in_header_is_read():
    xml = (b"<EXPSSDA903><CHILD><HEADER><CHILDID>77</CHILDID><SEX>M</SEX><DOB>01/05/2005</DOB><ETHNIC>WBRI</ETHNIC>"
           b"<IN_TOUCH>YES</IN_TOUCH><ACTIV>F2</ACTIV><ACCOM>U1</ACCOM></HEADER></CHILD></EXPSSDA903>")
    ret, problems = problems_of({"upload_3.dat": xml})  # recognised by its content, not its name
    assert problems == []
    [child] = ret.children()
    assert (child.care_leaver[0].in_touch, child.care_leaver[0].accommodation) == ("YES", "U1")


def test_bom_and_crlf_and_lf_are_all_read(csv_files):
    header = csv_files["header.csv"]
    assert header.startswith(b"CHILD,") and b"\r\n" in header
    for variant in (b"\xef\xbb\xbf" + header, header.replace(b"\r\n", b"\n")):
        ret, problems = problems_of({**csv_files, "header.csv": variant})
        assert problems == []
        assert [row.values for row in ret.tables["Header"]] == \
            [row.values for row in read_903(list(csv_files.items())).tables["Header"]]


def test_leading_zeros_survive(csv_files):
    files = spoiling.add_row(csv_files, "header.csv", CHILD="0000042", SEX="M", DOB="01/02/2010", ETHNIC="WBRI")
    ret, problems = problems_of(files)
    assert problems == []
    assert "0000042" in {child.child_id for child in ret.children()}


def test_files_are_recognised_by_their_heading_not_their_name(csv_files):
    renamed = {f"export_{number}.txt": content for number, content in enumerate(csv_files.values())}
    ret, problems = problems_of(renamed)
    assert problems == []
    assert sorted(ret.files.values()) == sorted(TABLES[name].name for name in ret.files.values())


def test_columns_in_another_order_are_read(csv_files):
    files = spoiling.reverse_columns(csv_files, "episodes.csv")
    ret, problems = problems_of(files)
    assert problems == []
    assert ret.tables["Episodes"][0].values == read_903(list(csv_files.items())).tables["Episodes"][0].values


def test_lower_case_headings_and_a_trailing_comma_are_read(csv_files):
    lines = csv_files["header.csv"].split(b"\r\n")
    lines = [lines[0].lower()] + lines[1:]
    changed = b"\r\n".join(line + b"," if line else line for line in lines)
    ret, problems = problems_of({**csv_files, "header.csv": changed})
    assert problems == []
    assert len(ret.tables["Header"]) == 120


def test_a_missing_column_is_an_error_naming_file_and_column(csv_files):
    ret, _ = problems_of(spoiling.drop_column(csv_files, "episodes.csv", "REC"))
    [problem] = ret.problems
    assert (problem.file, problem.line, problem.column) == ("episodes.csv", 1, "REC")
    assert "the column REC is missing" in problem.message and problem.message.startswith("Line 1 of episodes.csv")
    assert ret.tables["Episodes"] == []


def test_an_unknown_column_is_an_error_naming_file_and_column(csv_files):
    ret, _ = problems_of(spoiling.rename_column(csv_files, "reviews.csv", "REVIEW_CODE", "PARTICIPATION"))
    columns = {(problem.file, problem.column) for problem in ret.problems}
    assert columns == {("reviews.csv", "REVIEW_CODE"), ("reviews.csv", "PARTICIPATION")}
    assert any("PARTICIPATION is not a column of the Reviews table" in problem.message for problem in ret.problems)


def test_a_file_that_is_no_903_table_is_an_error_naming_it(csv_files):
    ret, _ = problems_of({**csv_files, "staff.csv": b"NAME,TEAM,EMAIL\r\nA,B,C\r\n"})
    [problem] = ret.problems
    assert problem.file == "staff.csv" and "not one of the 903 tables" in problem.message
    assert ret.files["staff.csv"] is None


def test_a_file_that_is_not_utf8_is_an_error(csv_files):
    ret, _ = problems_of({**csv_files, "header.csv": "CHILD,SEX\n1,\u00e9".encode("utf-16")})
    assert ret.problems[0].file == "header.csv" and "not UTF-8" in ret.problems[0].message


def test_unreadable_xml_is_an_error_with_its_line():
    ret, _ = problems_of({"return.xml": b"<EXPSSDA903>\n<CHILD>\n</EXPSSDA903>"})
    assert ret.problems[0].file == "return.xml" and ret.problems[0].line == 3
