"""A problem found in a file a council gave us, said so that a data officer can find it and fix it."""
from dataclasses import dataclass

ERROR = "error"
WARNING = "warning"


@dataclass(frozen=True)
class Problem:
    """Where (file, line, column), what (the value as written) and why (message, a whole sentence that starts
    with the place: "Line 14 of episodes.csv: DEC is 31/02/2026, which is not a real date."). An error stops an
    import; a warning is shown but does not."""

    file: str
    line: int | None
    column: str | None
    value: str | None
    message: str
    severity: str = ERROR

    @property
    def is_error(self) -> bool:
        return self.severity == ERROR

    def __str__(self) -> str:
        return self.message


def place(file: str, line: int | None) -> str:
    """ "Line 14 of episodes.csv" or just "episodes.csv" when the problem is with the whole file."""
    return f"Line {line} of {file}" if line else file


def problem(file: str, line: int | None, column: str | None, value: str | None, says: str,
            severity: str = ERROR) -> Problem:
    """A Problem whose message is the place followed by what it says."""
    return Problem(file, line, column, value, f"{place(file, line)}: {says}", severity)
