"""Turning the text of a return's cells into Python values, shared by the 903 and Annex A readers, the checks and
the importer (so that what the checks accepted is exactly what the importer gets)."""
import re
from datetime import date, datetime

_DAY_FIRST = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")
_ISO = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:[T ]00:00:00)?$")


class BadValue(ValueError):
    """A cell that is not what its column holds; the message completes "DEC is 31/02/2026, which ..."."""


def parse_date(value: str | date | datetime | None, *, iso: bool = True) -> date | None:
    """dd/mm/yyyy (the CSV form and Annex A) or, unless iso=False, yyyy-mm-dd (the XML form and some spreadsheet
    exports); blank is None. Raises BadValue for text in neither form or a day that does not exist."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = (value or "").strip()
    if not text:
        return None
    if match := _DAY_FIRST.match(text):
        day, month, year = (int(part) for part in match.groups())
    elif iso and (match := _ISO.match(text)):
        year, month, day = (int(part) for part in match.groups())
    else:
        raise BadValue("which is not a date written as dd/mm/yyyy")
    try:
        return date(year, month, day)
    except ValueError:
        raise BadValue("which is not a real date") from None


def parse_int(value: str | None) -> int | None:
    """A whole number such as an SDQ score; blank is None."""
    text = (value or "").strip()
    if not text:
        return None
    if not re.fullmatch(r"-?\d+", text):
        raise BadValue("which is not a whole number")
    return int(text)


def parse_flag(value: str | None) -> bool | None:
    """The return's 0/1 answers; blank is None."""
    text = (value or "").strip()
    if not text:
        return None
    if text not in ("0", "1"):
        raise BadValue("which should be 0 (no) or 1 (yes)")
    return text == "1"


def text_or_none(value: str | None) -> str | None:
    text = (value or "").strip()
    return text or None


def format_date(value: date | None) -> str:
    """The return's way of writing a date: dd/mm/yyyy, blank for none."""
    return value.strftime("%d/%m/%Y") if value else ""
