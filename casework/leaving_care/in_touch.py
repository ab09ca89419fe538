"""The SSDA903 OC3 in-touch check around a care leaver's 17th to 21st birthdays: which birthday a check is for, and
the 31 March year it belongs to (one OC3 row a year: CareLeaverYearlyOutcome).

The DfE's SSDA903 guidance counts a council as in touch when it had contact with the young person from 3 months
before to 1 month after the birthday. So a check counts for a birthday from 3 months before it (WINDOW_MONTHS_BEFORE)
until 3 months before the next one, and the ledger's measure is due 1 month after the birthday (its params
{"months": 1}): a check later than that still answers it, late. Pure: no database.
"""
from datetime import date

from casework.working_days import add_months

IN_TOUCH_AGES = range(17, 22)  # the 17th to 21st birthdays
WINDOW_MONTHS_BEFORE = 3


def birthday_at(born: date, age: int) -> date:
    """The day someone turns `age` (29 February birthdays fall on 28 February in other years)."""
    return add_months(born, 12 * age)


def window_opens(born: date, age: int) -> date:
    """The first day a check counts for this birthday."""
    return add_months(birthday_at(born, age), -WINDOW_MONTHS_BEFORE)


def birthday_checked(born: date, checked_on: date) -> int | None:
    """The birthday (17 to 21) a check on this day is for: the latest whose window has opened, until the next one's
    opens. None before the 17th's window opens or once the 22nd's would have."""
    if checked_on >= window_opens(born, IN_TOUCH_AGES[-1] + 1):
        return None
    return next((age for age in reversed(IN_TOUCH_AGES) if window_opens(born, age) <= checked_on), None)


def year_ending(day: date) -> date:
    """The 31 March the SSDA903 year holding this day ends on."""
    return date(day.year + (day.month > 3), 3, 31)


def birthday_in_year(born: date, ending: date) -> date:
    """The birthday in the 903 year to `ending` (an OC3 row from the return is for it: the return gives no day)."""
    day = birthday_at(born, ending.year - born.year)
    return day if day <= ending else birthday_at(born, ending.year - born.year - 1)
