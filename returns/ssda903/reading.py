"""Reading a council's SSDA903 return, in its CSV form (one file a table) or its XML form, into a Return903.

    ret = read_903([("episodes.csv", b"..."), ("header.csv", b"...")])
    problems = ret.problems + check_903(ret)          # reading problems, then the checks (checking.py)
    if not any(p.is_error for p in problems):
        for child in ret.children():                  # typed records, see typed.py
            ...

A CSV file is recognised by its header row, never by its name: UTF-8 with or without a byte order mark, CRLF or
LF line ends, columns in any order, but exactly one table's columns (a missing or an unknown column is an error
naming the file and the column). A file that starts with "<" is the XML form (xml_form.py). The CHILD id is
kept as text so leading zeros survive; every value stays text here: values.py converts.
"""
import csv
import io

from returns.problems import problem
from returns.ssda903.rows import Return903, Row
from returns.ssda903.tables import TABLES
from returns.ssda903.xml_form import read_xml

TABLE_BY_COLUMNS = {frozenset(table.columns): table for table in TABLES.values()}


def read_903(files: list[tuple[str, bytes]]) -> Return903:
    ret = Return903()
    for name, content in files:
        if content.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<"):  # XML, whatever the file is called
            read_xml(ret, name, content)
        else:
            read_csv(ret, name, content)
    return ret


def decode(ret: Return903, name: str, content: bytes) -> str | None:
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        ret.problems.append(problem(name, None, None, None,
                                    f"this file is not UTF-8 text (byte {error.start + 1} cannot be read). Save it "
                                    f"from the case management system or Excel as \"CSV UTF-8\"."))
        return None


def read_csv(ret: Return903, name: str, content: bytes) -> None:
    text = decode(ret, name, content)
    if text is None:
        return
    reader = csv.reader(io.StringIO(text, newline=""))
    heading = next(reader, None)
    # DfE names are upper case; Excel often leaves a trailing comma (an unnamed, empty last column).
    columns = [column.strip().upper() for column in heading or []]
    while columns and not columns[-1]:
        columns.pop()
    table = identify_table(ret, name, columns)
    ret.files[name] = table.name if table else None
    if table is None:
        return
    rows = ret.tables[table.name]
    for cells in reader:
        if not any(cell.strip() for cell in cells):
            continue  # a blank line (often the last) is not a row
        if len(cells) > len(columns) and not any(cell.strip() for cell in cells[len(columns):]):
            cells = cells[:len(columns)]
        if len(cells) != len(columns):
            ret.problems.append(problem(name, reader.line_num, None, ",".join(cells),
                                        f"this row has {len(cells)} values but the first line names "
                                        f"{len(columns)} columns."))
            continue
        rows.append(Row(table.name, name, reader.line_num,
                        {column: cell.strip() for column, cell in zip(columns, cells)}))


def identify_table(ret: Return903, name: str, columns: list[str]):
    """The table whose columns the header row names, or None after saying what is wrong with it."""
    if not columns:
        ret.problems.append(problem(name, None, None, None, "this file is empty: it has no header row."))
        return None
    found = frozenset(columns)
    if found in TABLE_BY_COLUMNS and len(found) == len(columns):
        return TABLE_BY_COLUMNS[found]
    repeated = sorted({column for column in columns if columns.count(column) > 1})
    closest = max(TABLES.values(), key=lambda table: len(found & set(table.columns)) / len(found | set(table.columns)))
    shared = found & set(closest.columns)
    if len(shared) <= 2:  # CHILD and DOB are in nearly every table: sharing only those says nothing
        ret.problems.append(problem(name, 1, None, ",".join(columns),
                                    "this is not one of the 903 tables: its first line names the columns "
                                    f"{', '.join(columns)}, which match no table's columns."))
        return None
    for column in repeated:
        ret.problems.append(problem(name, 1, column, column, f"the column {column} is named twice."))
    for column in closest.columns:
        if column not in found:
            ret.problems.append(problem(name, 1, column, None,
                                        f"the column {column} is missing: this looks like the {closest.name} table, "
                                        f"which needs {', '.join(closest.columns)}."))
    for column in columns:
        if column not in closest.columns:
            ret.problems.append(problem(name, 1, column, column,
                                        f"the column {column} is not a column of the {closest.name} table."))
    return None
