"""Checking a read 903 return before anything is saved: check_903(ret) -> list[Problem].

Each problem names the file, line, column and value and says what is wrong in a data officer's words. Errors
stop an import; warnings are shown but do not. The checks:
- every cell: a required column left blank; a date that is not dd/mm/yyyy (the XML form may also write
  yyyy-mm-dd) or not a real day;
  a code its column does not take; an SDQ score that is not 0-40;
- Header: the same child twice;
- every other table: a child not in Header (for Reviews: "a review for a child not in Header"); a DOB that is
  not the one in Header;
- Episodes, per child: DEC before DECOM; a DEC without a REC or a REC without a DEC; two episodes that overlap;
  an episode ending X1 that no episode follows on the same day; the first episode after the child left care not
  RNE S (an error: a return to care is a new period and must say so); the first episode held for a child not
  RNE S (a warning only: a single year's return starts with whatever episode was open on 1 April, so the
  portal then counts the period from that episode's DECOM);
- Missing: MIS_END before MIS_START. SWEpisodes: SW_DEC before SW_DECOM.
Reading problems (columns, layout) are in ret.problems, not repeated here.
"""
from collections import defaultdict

from returns.problems import WARNING, Problem, problem
from returns.ssda903.rows import Return903, Row
from returns.ssda903.tables import TABLES
from returns.values import BadValue, parse_date, parse_int


def check_903(ret: Return903) -> list[Problem]:
    problems: list[Problem] = []
    xml_files = {name for name, table in ret.files.items() if table == "XML"}
    for rows in ret.tables.values():
        for row in rows:
            problems += cell_problems(row, xml_form=row.file in xml_files)
    headers = header_by_child(ret, problems)
    for table, rows in ret.tables.items():
        if table != "Header":
            problems += belongs_to_a_header(rows, headers)
    episodes = defaultdict(list)
    for row in ret.tables["Episodes"]:
        episodes[row.child].append(row)
    for rows in episodes.values():
        problems += episode_problems(rows)
    problems += end_before_start(ret.tables["Missing"], "MIS_START", "MIS_END", "went missing")
    problems += end_before_start(ret.tables["SWEpisodes"], "SW_DECOM", "SW_DEC", "social worker episode began")
    return problems


def say(row: Row, column: str | None, says: str, severity="error") -> Problem:
    value = row.values.get(column) if column else None
    return problem(row.file, row.line, column, value, says, severity)


def cell_problems(row: Row, xml_form: bool) -> list[Problem]:
    table = TABLES[row.table]
    found = []
    for column, value in row.values.items():
        if not value:
            if column in table.required:
                found.append(say(row, column, f"{column} is blank, but every {table.name} row needs it."))
            continue
        if column in table.dates:
            try:
                # The CSV form writes dates dd/mm/yyyy only (an export must give back what was read).
                parse_date(value, iso=xml_form)
            except BadValue as error:
                found.append(say(row, column, f"{column} is {value}, {error}."))
        elif column in table.codes and value not in table.codes[column]:
            found.append(say(row, column, f"{column} is {value}, which is not a {column} code. It takes "
                                          f"{', '.join(table.codes[column])}."))
    if row.table == "OC2" and row.values["SDQ_SCORE"]:
        try:
            score = parse_int(row.values["SDQ_SCORE"])
            if not 0 <= score <= 40:
                raise BadValue("which is not between 0 and 40")
        except BadValue as error:
            found.append(say(row, "SDQ_SCORE", f"SDQ_SCORE is {row.values['SDQ_SCORE']}, {error}."))
    return found


def date_or_none(row: Row, column: str):
    """The date in a cell, or None when blank or unreadable (cell_problems has said so already)."""
    try:
        return parse_date(row.values[column])
    except BadValue:
        return None


def header_by_child(ret: Return903, problems: list[Problem]) -> dict[str, Row]:
    headers: dict[str, Row] = {}
    for row in ret.tables["Header"]:
        if row.child in headers:
            first = headers[row.child]
            problems.append(say(row, "CHILD", f"CHILD {row.child} is in Header twice (also on line {first.line} "
                                              f"of {first.file}); each child must be in Header once."))
        else:
            headers[row.child] = row
    return headers


def belongs_to_a_header(rows: list[Row], headers: dict[str, Row]) -> list[Problem]:
    found = []
    for row in rows:
        header = headers.get(row.child)
        if header is None:
            what = "a review" if row.table == "Reviews" else f"a {row.table} row"
            found.append(say(row, "CHILD", f"this is {what} for CHILD {row.child}, who is not in Header. Add the "
                                           f"child to Header or correct the CHILD id."))
        elif "DOB" in row.values and row["DOB"] and header["DOB"] and row["DOB"] != header["DOB"]:
            if date_or_none(row, "DOB") != date_or_none(header, "DOB"):
                found.append(say(row, "DOB", f"DOB is {row['DOB']}, but Header gives CHILD {row.child}'s date "
                                             f"of birth as {header['DOB']} (line {header.line} of {header.file})."))
    return found


def episode_problems(rows: list[Row]) -> list[Problem]:
    found = []
    dated = [(date_or_none(row, "DECOM"), date_or_none(row, "DEC"), row) for row in rows]
    dated = sorted((item for item in dated if item[0]), key=lambda item: item[0])
    starts = {start for start, _, _ in dated}
    previous = None
    for start, end, row in dated:
        if end and end < start:
            found.append(say(row, "DEC", f"DEC is {row['DEC']}, before DECOM {row['DECOM']}: an episode cannot "
                                         f"end before it starts."))
        if row["DEC"] and not row["REC"]:
            found.append(say(row, "REC", "REC is blank, but the episode has ended (DEC is "
                                         f"{row['DEC']}): say why it ended."))
        if row["REC"] and not row["DEC"]:
            found.append(say(row, "DEC", f"DEC is blank, but REC is {row['REC']}: give the date it ended."))
        if row["REC"] == "X1" and end and end not in starts:
            found.append(say(row, "REC", f"REC is X1, which means a new episode starts the same day, but no "
                                         f"episode for CHILD {row.child} starts on {row['DEC']}."))
        if previous is None:
            if row["RNE"] != "S":
                found.append(say(row, "RNE", f"RNE is {row['RNE']}: this is the first episode we have for CHILD "
                                             f"{row.child} and it does not start a period of care (S). The portal "
                                             f"will count the period from DECOM {row['DECOM']}.", WARNING))
        else:
            previous_start, previous_end, previous_row = previous
            if previous_end is None or previous_end > start:
                found.append(say(row, "DECOM", f"DECOM is {row['DECOM']}, but CHILD {row.child}'s episode on line "
                                               f"{previous_row.line} (from {previous_row['DECOM']} to "
                                               f"{previous_row['DEC'] or 'now'}) has not ended: episodes overlap."))
            elif previous_row["REC"] not in ("X1", "") and row["RNE"] != "S":
                found.append(say(row, "RNE", f"RNE is {row['RNE']}, but CHILD {row.child} left care on "
                                             f"{previous_row['DEC']} (line {previous_row.line}): an episode that "
                                             f"starts a new period of care must have RNE S."))
        previous = (start, end, row)
    return found


def end_before_start(rows: list[Row], start_column: str, end_column: str, began: str) -> list[Problem]:
    found = []
    for row in rows:
        start, end = date_or_none(row, start_column), date_or_none(row, end_column)
        if start and end and end < start:
            found.append(say(row, end_column, f"{end_column} is {row[end_column]}, before {start_column} "
                                              f"{row[start_column]}: it cannot end before it {began}."))
    return found
