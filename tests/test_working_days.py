"""Golden cases for England and Wales working days and calendar arithmetic (no database).

Holiday dates below were checked against the `holidays` package's GB/ENG table, which the
module uses; they also match the published bank holidays for England and Wales.
"""
import datetime
import doctest
from datetime import date

import pytest

import casework.working_days
from casework.working_days import (
    add_days,
    add_months,
    add_weeks,
    add_working_days,
    bank_holidays,
    explain_working_days,
    format_day,
    is_working_day,
    non_working_days_between,
    working_days_between,
)


def test_docstring_examples_still_hold():
    results = doctest.testmod(casework.working_days)
    assert results.attempted > 0
    assert results.failed == 0


# --- the holiday table --------------------------------------------------------------------


def test_bank_holidays_2026_are_the_published_dates():
    assert list(bank_holidays(2026)) == [
        date(2026, 1, 1),
        date(2026, 4, 3),   # Good Friday
        date(2026, 4, 6),   # Easter Monday
        date(2026, 5, 4),
        date(2026, 5, 25),  # late May (spring) bank holiday
        date(2026, 8, 31),
        date(2026, 12, 25),
        date(2026, 12, 28),  # Boxing Day falls on Saturday 26th; Monday is the substitute
    ]


def test_christmas_2027_substitutes_are_monday_and_tuesday():
    table = bank_holidays(2027)
    assert date(2027, 12, 27) in table and date(2027, 12, 28) in table


def test_holidays_falling_on_a_weekend_are_not_listed_as_bank_holidays():
    assert date(2026, 12, 26) not in bank_holidays(2026)  # Saturday Boxing Day
    assert date(2027, 12, 25) not in bank_holidays(2027)  # Saturday Christmas Day
    assert date(2028, 1, 1) not in bank_holidays(2028)    # Saturday New Year's Day
    assert date(2028, 1, 3) in bank_holidays(2028)


def test_bank_holidays_returns_a_fresh_dict_so_callers_cannot_corrupt_the_cache():
    bank_holidays(2026).clear()
    assert len(bank_holidays(2026)) == 8
    assert not is_working_day(date(2026, 12, 25))


# --- is_working_day ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        pytest.param(date(2026, 11, 2), True, id="ordinary-monday"),
        pytest.param(date(2026, 11, 6), True, id="ordinary-friday"),
        pytest.param(date(2026, 12, 24), True, id="christmas-eve-is-ordinary"),
        pytest.param(date(2026, 12, 31), True, id="new-years-eve-is-ordinary"),
        pytest.param(date(2026, 11, 7), False, id="saturday"),
        pytest.param(date(2026, 11, 8), False, id="sunday"),
        pytest.param(date(2026, 12, 25), False, id="christmas-day"),
        pytest.param(date(2026, 12, 26), False, id="boxing-day-on-a-saturday"),
        pytest.param(date(2026, 12, 28), False, id="boxing-day-substitute-monday"),
        pytest.param(date(2026, 4, 3), False, id="good-friday"),
        pytest.param(date(2026, 4, 6), False, id="easter-monday"),
        pytest.param(date(2026, 5, 25), False, id="late-may-bank-holiday"),
        pytest.param(date(2027, 1, 1), False, id="new-years-day"),
    ],
)
def test_is_working_day(day, expected):
    assert is_working_day(day) is expected


# --- add_working_days ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "n", "due"),
    [
        pytest.param(date(2026, 12, 24), 2, date(2026, 12, 30), id="christmas-2026-thu-plus-2"),
        pytest.param(date(2027, 12, 23), 2, date(2027, 12, 29), id="christmas-2027-thu-plus-2"),
        pytest.param(date(2027, 12, 24), 1, date(2027, 12, 29), id="christmas-2027-fri-plus-1"),
        pytest.param(date(2026, 4, 2), 2, date(2026, 4, 8), id="easter-2026-thu-plus-2"),
        pytest.param(date(2026, 5, 22), 1, date(2026, 5, 26), id="late-may-2026-fri-plus-1"),
        pytest.param(date(2026, 11, 7), 2, date(2026, 11, 10), id="request-on-saturday-counts-from-monday"),
        pytest.param(date(2026, 11, 8), 2, date(2026, 11, 10), id="request-on-sunday-counts-from-monday"),
        pytest.param(date(2026, 11, 8), 1, date(2026, 11, 9), id="request-on-sunday-plus-1-is-monday"),
        pytest.param(date(2026, 5, 25), 1, date(2026, 5, 26), id="request-on-a-bank-holiday"),
        pytest.param(date(2026, 5, 23), 1, date(2026, 5, 26), id="request-on-saturday-before-bank-holiday"),
        pytest.param(date(2026, 12, 31), 1, date(2027, 1, 4), id="new-year-across-years"),
        pytest.param(date(2027, 12, 31), 1, date(2028, 1, 4), id="new-year-2028-substitute-monday"),
        pytest.param(date(2026, 11, 2), 1, date(2026, 11, 3), id="ordinary-monday-plus-1"),
        pytest.param(date(2026, 11, 6), 1, date(2026, 11, 9), id="ordinary-friday-plus-1"),
        pytest.param(date(2026, 11, 2), 10, date(2026, 11, 16), id="two-weeks-of-working-days"),
    ],
)
def test_add_working_days(start, n, due):
    assert add_working_days(start, n) == due


@pytest.mark.parametrize(
    "start",
    [date(2026, 11, 2), date(2026, 11, 7), date(2026, 11, 8), date(2026, 5, 25), date(2026, 12, 25)],
    ids=["weekday", "saturday", "sunday", "bank-holiday-monday", "christmas-day"],
)
def test_zero_working_days_returns_the_start_whatever_day_it_is(start):
    assert add_working_days(start, 0) == start


def test_negative_working_days_raise():
    with pytest.raises(ValueError):
        add_working_days(date(2026, 11, 2), -1)


def test_a_datetime_is_refused_rather_than_silently_missing_holidays():
    with pytest.raises(TypeError):
        add_working_days(datetime.datetime(2026, 12, 24, 9, 0), 2)
    with pytest.raises(TypeError):
        is_working_day(datetime.datetime(2026, 12, 25))


# --- working_days_between -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        pytest.param(date(2026, 11, 2), date(2026, 11, 1), 0, id="end-the-day-before"),
        pytest.param(date(2026, 11, 2), date(2026, 11, 2), 0, id="end-the-day-of"),
        pytest.param(date(2026, 11, 2), date(2026, 11, 3), 1, id="end-the-day-after"),
        pytest.param(date(2026, 11, 2), date(2026, 10, 1), 0, id="end-long-before"),
        pytest.param(date(2026, 11, 6), date(2026, 11, 9), 1, id="friday-to-monday"),
        pytest.param(date(2026, 11, 6), date(2026, 11, 8), 0, id="friday-to-sunday"),
        pytest.param(date(2026, 11, 7), date(2026, 11, 9), 1, id="saturday-to-monday"),
        pytest.param(date(2026, 12, 24), date(2026, 12, 23), 0, id="christmas-eve-day-before"),
        pytest.param(date(2026, 12, 24), date(2026, 12, 24), 0, id="christmas-eve-day-of"),
        pytest.param(date(2026, 12, 24), date(2026, 12, 25), 0, id="christmas-eve-to-christmas-day"),
        pytest.param(date(2026, 12, 24), date(2026, 12, 28), 0, id="christmas-eve-to-boxing-substitute"),
        pytest.param(date(2026, 12, 24), date(2026, 12, 29), 1, id="christmas-eve-to-29th"),
        pytest.param(date(2026, 12, 24), date(2026, 12, 30), 2, id="christmas-eve-to-30th"),
        pytest.param(date(2026, 12, 24), date(2027, 1, 4), 4, id="christmas-eve-to-new-year"),
    ],
)
def test_working_days_between(start, end, expected):
    assert working_days_between(start, end) == expected


@pytest.mark.parametrize("n", [0, 1, 2, 5, 10, 20])
@pytest.mark.parametrize(
    "start",
    [date(2026, 12, 24), date(2026, 12, 26), date(2027, 12, 24), date(2026, 4, 2), date(2026, 5, 23)],
)
def test_working_days_between_undoes_add_working_days(start, n):
    assert working_days_between(start, add_working_days(start, n)) == n


# --- calendar arithmetic --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        pytest.param(date(2026, 11, 30), 3, date(2027, 2, 28), id="30-nov-plus-3-clamps-to-28-feb"),
        pytest.param(date(2026, 8, 31), 6, date(2027, 2, 28), id="31-aug-plus-6-clamps-to-28-feb"),
        pytest.param(date(2027, 8, 31), 6, date(2028, 2, 29), id="31-aug-plus-6-clamps-to-29-feb-leap"),
        pytest.param(date(2026, 1, 31), 1, date(2026, 2, 28), id="31-jan-plus-1"),
        pytest.param(date(2028, 1, 31), 1, date(2028, 2, 29), id="31-jan-plus-1-leap"),
        pytest.param(date(2026, 3, 31), 1, date(2026, 4, 30), id="31-mar-plus-1-is-30-apr"),
        pytest.param(date(2028, 2, 29), 12, date(2029, 2, 28), id="29-feb-plus-12"),
        pytest.param(date(2028, 2, 29), 48, date(2032, 2, 29), id="29-feb-plus-48-lands-on-leap-day"),
        pytest.param(date(2026, 11, 15), 3, date(2027, 2, 15), id="mid-month-across-year"),
        pytest.param(date(2026, 12, 31), 1, date(2027, 1, 31), id="31-dec-plus-1"),
        pytest.param(date(2026, 3, 31), -1, date(2026, 2, 28), id="negative-clamps-too"),
        pytest.param(date(2026, 1, 15), -1, date(2025, 12, 15), id="negative-across-year"),
        pytest.param(date(2026, 1, 31), 0, date(2026, 1, 31), id="zero-months"),
    ],
)
def test_add_months(day, months, expected):
    assert add_months(day, months) == expected


def test_repeated_months_should_be_counted_from_the_original_date():
    # Clamping is not undone later: step by step loses the 31st; from the start it does not.
    assert add_months(add_months(date(2026, 1, 31), 1), 1) == date(2026, 3, 28)
    assert add_months(date(2026, 1, 31), 2) == date(2026, 3, 31)


@pytest.mark.parametrize(
    ("day", "weeks", "expected"),
    [
        (date(2026, 11, 2), 6, date(2026, 12, 14)),
        (date(2026, 12, 21), 2, date(2027, 1, 4)),
        (date(2026, 12, 14), -6, date(2026, 11, 2)),
        (date(2026, 11, 2), 0, date(2026, 11, 2)),
    ],
)
def test_add_weeks_ignores_weekends_and_holidays(day, weeks, expected):
    assert add_weeks(day, weeks) == expected


@pytest.mark.parametrize(
    ("day", "days", "expected"),
    [
        (date(2026, 12, 24), 1, date(2026, 12, 25)),
        (date(2026, 12, 31), 1, date(2027, 1, 1)),
        (date(2028, 2, 28), 1, date(2028, 2, 29)),
        (date(2026, 3, 1), -1, date(2026, 2, 28)),
    ],
)
def test_add_days_ignores_weekends_and_holidays(day, days, expected):
    assert add_days(day, days) == expected


# --- non_working_days_between ---------------------------------------------------------------


def test_non_working_days_over_christmas_2026_list_holidays_not_weekends():
    assert non_working_days_between(date(2026, 12, 24), date(2027, 1, 4)) == [
        (date(2026, 12, 25), "Christmas Day"),
        (date(2026, 12, 28), "Boxing Day (observed)"),
        (date(2027, 1, 1), "New Year's Day"),
    ]


@pytest.mark.parametrize(
    ("start", "end", "expected_days"),
    [
        pytest.param(date(2026, 12, 25), date(2026, 12, 28), [date(2026, 12, 28)], id="start-is-excluded"),
        pytest.param(date(2026, 12, 24), date(2026, 12, 25), [date(2026, 12, 25)], id="end-is-included"),
        pytest.param(date(2026, 12, 28), date(2026, 12, 24), [], id="end-before-start"),
        pytest.param(date(2026, 12, 25), date(2026, 12, 25), [], id="same-day"),
        pytest.param(date(2026, 11, 6), date(2026, 11, 9), [], id="weekend-only"),
        pytest.param(date(2027, 12, 24), date(2027, 12, 29), [date(2027, 12, 27), date(2027, 12, 28)],
                     id="christmas-2027-weekend-dates-not-listed"),
    ],
)
def test_non_working_days_between_edges(start, end, expected_days):
    assert [day for day, _name in non_working_days_between(start, end)] == expected_days


# --- explanations -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "n", "sentence"),
    [
        pytest.param(
            date(2026, 12, 24), 2,
            "2 working days after Thursday 24 December: 25 and 28 December are bank holidays, "
            "and the weekend does not count.",
            id="christmas-2026",
        ),
        pytest.param(
            date(2027, 12, 24), 1,
            "1 working day after Friday 24 December: 27 and 28 December are bank holidays, "
            "and the weekend does not count.",
            id="christmas-2027-singular-day",
        ),
        pytest.param(
            date(2026, 5, 22), 1,
            "1 working day after Friday 22 May: 25 May is a bank holiday, and the weekend does not count.",
            id="one-bank-holiday-singular",
        ),
        pytest.param(
            date(2026, 12, 31), 1,
            "1 working day after Thursday 31 December: 1 January is a bank holiday, "
            "and the weekend does not count.",
            id="new-year-no-year-in-sentence",
        ),
        pytest.param(
            date(2029, 3, 29), 1,
            "1 working day after Thursday 29 March: 30 March and 2 April are bank holidays, "
            "and the weekend does not count.",
            id="holidays-across-months",
        ),
        pytest.param(
            date(2026, 12, 24), 5,
            "5 working days after Thursday 24 December: 25 December, 28 December and 1 January "
            "are bank holidays, and weekends do not count.",
            id="three-holidays-two-weekends-across-years",
        ),
        pytest.param(
            date(2026, 11, 6), 2,
            "2 working days after Friday 6 November: the weekend does not count.",
            id="weekend-only",
        ),
        pytest.param(
            date(2026, 11, 7), 2,
            "2 working days after Saturday 7 November: the weekend does not count.",
            id="starting-on-a-saturday",
        ),
        pytest.param(date(2026, 11, 2), 2, "2 working days after Monday 2 November.", id="neither"),
        pytest.param(
            date(2026, 11, 2), 10,
            "10 working days after Monday 2 November: weekends do not count.",
            id="more-than-one-weekend",
        ),
        pytest.param(
            date(2026, 4, 2), 2,
            "2 working days after Thursday 2 April: 3 and 6 April are bank holidays, "
            "and the weekend does not count.",
            id="easter-2026",
        ),
    ],
)
def test_explain_working_days(start, n, sentence):
    assert explain_working_days(start, n) == sentence


def test_explain_rejects_negative_n():
    with pytest.raises(ValueError):
        explain_working_days(date(2026, 11, 2), -2)


@pytest.mark.parametrize(
    ("day", "with_year", "text"),
    [
        (date(2026, 12, 30), False, "Wednesday 30 December"),
        (date(2026, 12, 30), True, "Wednesday 30 December 2026"),
        (date(2027, 1, 4), False, "Monday 4 January"),
        (date(2028, 2, 29), True, "Tuesday 29 February 2028"),
    ],
)
def test_format_day(day, with_year, text):
    assert format_day(day, with_year=with_year) == text


def test_format_day_matches_strftime_in_english():
    day = date(2026, 11, 7)
    assert format_day(day) == day.strftime("%A %-d %B")
