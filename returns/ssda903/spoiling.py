"""Making bad 903 files out of good ones, for tests (of this reader and of the importer): each helper takes the
{file name: bytes} that write_903 gives and returns a changed copy. Lines count as a data officer would, the
heading being line 1."""
import csv
import io


def _table(content: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"), newline="")))


def _bytes(rows: list[list[str]]) -> bytes:
    out = io.StringIO(newline="")
    csv.writer(out, lineterminator="\r\n").writerows(rows)
    return out.getvalue().encode("utf-8")


def cell(files: dict[str, bytes], name: str, line: int, column: str) -> str:
    rows = _table(files[name])
    return rows[line - 1][rows[0].index(column)]


def set_cell(files: dict[str, bytes], name: str, line: int, column: str, value: str) -> dict[str, bytes]:
    rows = _table(files[name])
    rows[line - 1][rows[0].index(column)] = value
    return {**files, name: _bytes(rows)}


def add_row(files: dict[str, bytes], name: str, **values: str) -> dict[str, bytes]:
    """A row at the end of the file (its line is the file's row count + 1 before)."""
    rows = _table(files[name])
    rows.append([values.get(column, "") for column in rows[0]])
    return {**files, name: _bytes(rows)}


def copy_row(files: dict[str, bytes], name: str, line: int) -> dict[str, bytes]:
    rows = _table(files[name])
    return {**files, name: _bytes(rows + [rows[line - 1]])}


def rename_column(files: dict[str, bytes], name: str, column: str, new_name: str) -> dict[str, bytes]:
    rows = _table(files[name])
    rows[0][rows[0].index(column)] = new_name
    return {**files, name: _bytes(rows)}


def drop_column(files: dict[str, bytes], name: str, column: str) -> dict[str, bytes]:
    rows = _table(files[name])
    position = rows[0].index(column)
    return {**files, name: _bytes([row[:position] + row[position + 1:] for row in rows])}


def reverse_columns(files: dict[str, bytes], name: str) -> dict[str, bytes]:
    return {**files, name: _bytes([list(reversed(row)) for row in _table(files[name])])}


def lines_of(files: dict[str, bytes], name: str, column: str, value: str) -> list[int]:
    """The lines whose column holds value."""
    rows = _table(files[name])
    position = rows[0].index(column)
    return [number for number, row in enumerate(rows[1:], start=2) if row[position] == value]
