"""What reading a 903 gives: every table's rows as the council wrote them, each remembering where it came from."""
from dataclasses import dataclass, field

from returns.problems import Problem
from returns.ssda903.tables import TABLES


@dataclass
class Row:
    """One row of one table. `values` holds every column of the table as the text written (blank is ""),
    stripped of surrounding spaces; `file` and `line` say where it was (for XML, the line of the row's element)."""

    table: str
    file: str
    line: int
    values: dict[str, str]

    def __getitem__(self, column: str) -> str:
        return self.values[column]

    @property
    def child(self) -> str:
        return self.values["CHILD"]


@dataclass
class Return903:
    """A read return. `tables` has a (maybe empty) list of rows for every table in TABLES; `files` maps each
    file name read to the table it held (None when it held none we know); `problems` are those found while
    reading (columns, layout). check_903 adds the rest; children() gives typed records once it finds no errors."""

    tables: dict[str, list[Row]] = field(default_factory=lambda: {name: [] for name in TABLES})
    files: dict[str, str | None] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    def children(self):
        """Each child in Header as a typed ChildRecord (see typed.py). Imported here because typed.py builds on
        this module."""
        from returns.ssda903.typed import child_records

        return child_records(self)
