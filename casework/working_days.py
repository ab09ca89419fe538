"""Working days and calendar arithmetic for England and Wales.

The promise ledger makes promises with deadlines: "we will return your call within two
working days", "visit at least every 6 weeks", "review within 3 months". This module works
those deadlines out. It is pure: no Django models, no database, no clock, no locale.

Rules
-----
* A **working day** is any day other than a Saturday, a Sunday or a bank holiday in England
  and Wales. Christmas Day and Good Friday count as bank holidays.
* Bank holidays come from the maintained table in the ``holidays`` package
  (``holidays.country_holidays("GB", subdiv="ENG")``), cached per year. No dates are
  hard-coded here. When a holiday falls on a weekend the table also lists the weekday
  substitute (for example Boxing Day 2026 is a Saturday, so Monday 28 December is the bank
  holiday). The weekend date itself is not a bank holiday in the published list, and it is a
  non-working day anyway, so :func:`bank_holidays` leaves it out.
* **Counting starts the day after the trigger.** The day a request arrives never counts,
  whatever day it is, so a request on a Saturday is first counted on Monday.
* **Calendar months clamp at month end**: 30 November + 3 months is 28 February (29 in a leap
  year); 31 August + 6 months is 28 or 29 February.

Every function takes and returns :class:`datetime.date`. A :class:`datetime.datetime` is
refused with ``TypeError``: comparing it with the holiday table would silently never match,
and which calendar day it means depends on a time zone this module knows nothing about.
Convert it to a local date first.
"""

import datetime
import functools

import holidays

__all__ = [
    "add_days",
    "add_months",
    "add_weeks",
    "add_working_days",
    "bank_holidays",
    "explain_working_days",
    "format_day",
    "is_working_day",
    "non_working_days_between",
    "working_days_between",
]

date = datetime.date
_ONE_DAY = datetime.timedelta(days=1)

# English names, so output does not depend on the process locale (strftime's %A/%B do).
_DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_MONTH_NAMES = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)


def _check_date(value: object, name: str = "day") -> None:
    if isinstance(value, datetime.datetime) or not isinstance(value, datetime.date):
        raise TypeError(f"{name} must be a datetime.date (not a datetime), got {value!r}")


def _check_int(value: object, name: str) -> None:
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"{name} must be an int, got {value!r}")


@functools.lru_cache(maxsize=128)
def _bank_holidays_for_year(year: int) -> dict[date, str]:
    """Weekday bank holidays for one year, in date order. Cached and shared: never mutate it."""
    table = holidays.country_holidays("GB", subdiv="ENG", years=year)
    return dict(sorted((day, name) for day, name in table.items() if day.year == year and day.weekday() < 5))


def bank_holidays(year: int) -> dict[date, str]:
    """Bank holidays in England and Wales for ``year``, in date order, as ``{date: name}``.

    Only days that close offices are listed: when a holiday falls on a weekend, the weekday
    substitute is listed (the package calls it "(observed)") and the weekend date is not.
    The result is a fresh dict each call; the underlying table is cached per year.

    >>> for day, name in bank_holidays(2026).items():
    ...     print(day, name)
    2026-01-01 New Year's Day
    2026-04-03 Good Friday
    2026-04-06 Easter Monday
    2026-05-04 May Day
    2026-05-25 Spring Bank Holiday
    2026-08-31 Late Summer Bank Holiday
    2026-12-25 Christmas Day
    2026-12-28 Boxing Day (observed)
    """
    _check_int(year, "year")
    return dict(_bank_holidays_for_year(year))


def is_working_day(day: date) -> bool:
    """True unless ``day`` is a Saturday, a Sunday or a bank holiday in England and Wales.

    >>> is_working_day(date(2026, 12, 24))   # Thursday, Christmas Eve is an ordinary day
    True
    >>> is_working_day(date(2026, 12, 25))   # Christmas Day
    False
    >>> is_working_day(date(2026, 12, 26))   # Saturday
    False
    """
    _check_date(day)
    if day.weekday() >= 5:
        return False
    return day not in _bank_holidays_for_year(day.year)


def add_working_days(start: date, n: int) -> date:
    """The ``n``-th working day after ``start``.

    Counting starts the day after ``start``; ``start`` itself never counts, whatever day it
    is. ``n == 0`` returns ``start`` unchanged. A negative ``n`` raises ``ValueError``.

    >>> add_working_days(date(2026, 12, 24), 2)   # Thu; Fri 25 and Mon 28 are bank holidays
    datetime.date(2026, 12, 30)
    >>> add_working_days(date(2026, 11, 7), 2)    # a Saturday: counting starts on Monday
    datetime.date(2026, 11, 10)
    >>> add_working_days(date(2026, 11, 7), 0)
    datetime.date(2026, 11, 7)
    """
    _check_date(start, "start")
    _check_int(n, "n")
    if n < 0:
        raise ValueError(f"n must be 0 or more, got {n}")
    day = start
    remaining = n
    while remaining:
        day += _ONE_DAY
        if is_working_day(day):
            remaining -= 1
    return day


def working_days_between(start: date, end: date) -> int:
    """How many working days fall after ``start``, up to and including ``end``.

    Returns 0 when ``end`` is on or before ``start``. It is the inverse of
    :func:`add_working_days`: ``working_days_between(s, add_working_days(s, n)) == n``.

    >>> working_days_between(date(2026, 12, 24), date(2026, 12, 30))
    2
    >>> working_days_between(date(2026, 12, 24), date(2026, 12, 24))
    0
    """
    _check_date(start, "start")
    _check_date(end, "end")
    count = 0
    day = start + _ONE_DAY if end > start else end + _ONE_DAY
    while day <= end:
        if is_working_day(day):
            count += 1
        day += _ONE_DAY
    return count


def _days_in_month(year: int, month: int) -> int:
    first_of_next = date(year + 1, 1, 1) if month == 12 else date(year, month + 1, 1)
    return (first_of_next - _ONE_DAY).day


def add_months(day: date, months: int) -> date:
    """``day`` moved by ``months`` calendar months (may be negative), clamped at month end.

    If the target month is shorter than ``day``'s day of the month, the result is the last
    day of the target month.

    >>> add_months(date(2026, 11, 30), 3)
    datetime.date(2027, 2, 28)
    >>> add_months(date(2027, 8, 31), 6)   # 2028 is a leap year
    datetime.date(2028, 2, 29)
    >>> add_months(date(2026, 3, 31), 1)
    datetime.date(2026, 4, 30)
    """
    _check_date(day)
    _check_int(months, "months")
    index = day.year * 12 + (day.month - 1) + months
    year, month = divmod(index, 12)
    month += 1
    return date(year, month, min(day.day, _days_in_month(year, month)))


def add_weeks(day: date, weeks: int) -> date:
    """``day`` plus ``weeks`` whole weeks (may be negative); weekends and holidays are ignored.

    >>> add_weeks(date(2026, 11, 2), 6)
    datetime.date(2026, 12, 14)
    """
    _check_date(day)
    _check_int(weeks, "weeks")
    return day + datetime.timedelta(weeks=weeks)


def add_days(day: date, days: int) -> date:
    """``day`` plus ``days`` calendar days (may be negative); weekends and holidays are ignored.

    >>> add_days(date(2026, 12, 31), 1)
    datetime.date(2027, 1, 1)
    """
    _check_date(day)
    _check_int(days, "days")
    return day + datetime.timedelta(days=days)


def non_working_days_between(start: date, end: date) -> list[tuple[date, str]]:
    """Every bank holiday after ``start``, up to and including ``end``, with its name.

    Weekends are not listed (and nor are holidays that fall on a weekend; their weekday
    substitutes are). Empty when ``end`` is on or before ``start``.

    >>> non_working_days_between(date(2026, 12, 24), date(2027, 1, 4))
    [(datetime.date(2026, 12, 25), 'Christmas Day'), (datetime.date(2026, 12, 28), 'Boxing Day (observed)'), (datetime.date(2027, 1, 1), "New Year's Day")]
    """
    _check_date(start, "start")
    _check_date(end, "end")
    if end <= start:
        return []
    return [
        (day, name)
        for year in range(start.year, end.year + 1)
        for day, name in _bank_holidays_for_year(year).items()
        if start < day <= end
    ]


def format_day(day: date, with_year: bool = False) -> str:
    """A day in plain English: weekday, day of the month, month, and optionally the year.

    The same as ``strftime("%A %-d %B")`` in an English locale, but independent of the
    process locale and platform (``%-d`` is not portable).

    >>> format_day(date(2026, 12, 30))
    'Wednesday 30 December'
    >>> format_day(date(2026, 12, 30), with_year=True)
    'Wednesday 30 December 2026'
    """
    _check_date(day)
    text = f"{_DAY_NAMES[day.weekday()]} {day.day} {_MONTH_NAMES[day.month - 1]}"
    return f"{text} {day.year}" if with_year else text


def _join(items: list[str]) -> str:
    """'a', 'a and b', 'a, b and c'."""
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} and {items[-1]}"


def _list_dates(days: list[date]) -> str:
    """'25 December', '25 and 28 December', '31 December and 1 January'."""
    if len({(day.year, day.month) for day in days}) == 1:
        month = _MONTH_NAMES[days[0].month - 1]
        return f"{_join([str(day.day) for day in days])} {month}"
    # Over a long span the same date can recur in another year; only then is the year needed.
    with_year = len({(day.month, day.day) for day in days}) < len(days)
    return _join([
        f"{day.day} {_MONTH_NAMES[day.month - 1]}" + (f" {day.year}" if with_year else "")
        for day in days
    ])


def explain_working_days(start: date, n: int) -> str:
    """One plain-English sentence saying why ``n`` working days after ``start`` lands where it does.

    It names the bank holidays that were skipped and says whether a weekend was skipped.

    >>> explain_working_days(date(2026, 12, 24), 2)
    '2 working days after Thursday 24 December: 25 and 28 December are bank holidays, and the weekend does not count.'
    >>> explain_working_days(date(2026, 11, 6), 2)
    '2 working days after Friday 6 November: the weekend does not count.'
    >>> explain_working_days(date(2026, 11, 2), 2)
    '2 working days after Monday 2 November.'
    >>> explain_working_days(date(2026, 5, 22), 1)
    '1 working day after Friday 22 May: 25 May is a bank holiday, and the weekend does not count.'
    """
    due = add_working_days(start, n)  # validates start and n
    opening = f"{n} working {'day' if n == 1 else 'days'} after {format_day(start)}"
    holidays_skipped = [day for day, _name in non_working_days_between(start, due)]
    weekends = {
        day - datetime.timedelta(days=day.weekday() - 5)  # the Saturday of that weekend
        for day in (start + datetime.timedelta(days=i) for i in range(1, (due - start).days + 1))
        if day.weekday() >= 5
    }
    reasons = []
    if holidays_skipped:
        verb = "is a bank holiday" if len(holidays_skipped) == 1 else "are bank holidays"
        reasons.append(f"{_list_dates(holidays_skipped)} {verb}")
    if len(weekends) == 1:
        reasons.append("the weekend does not count")
    elif weekends:
        reasons.append("weekends do not count")
    if not reasons:
        return f"{opening}."
    return f"{opening}: {', and '.join(reasons)}."
