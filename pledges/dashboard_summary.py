"""The managers' dashboard's figures from the ledger's summary (pledges.ledger_counts.LedgerDayCount): the same
numbers pledges.dashboard counts from the rows (its module docstring says what each means), summed over a few
thousand (measure, day) counts, so the page costs the same for 2,000 young people or 20,000.

Young people's answers likewise, from their summary (pledges.feedback_counts.FeedbackDayCount).

For a council's whole ledger, or one team's or one worker's (pledges.group_counts.GroupDayCount, the same counts for
the young people the team or worker holds): a page filtered by legal status or age band, or by a team and a worker
outside it, counts the rows (pledges.dashboard), as do the measures a rebuild is going on for (their snapshot's
copies: pledges.ledger.snapshots).
"""
from collections import Counter, defaultdict
from datetime import date, datetime, timedelta

from django.db import connection
from django.db.models import F, Q, Sum, Value
from django.db.models.functions import Coalesce, TruncMonth

from . import dashboard
from .built_sql import BuiltSql
from .dashboard import Figures
from .dashboard_filters import Period
from .ledger.snapshots import LedgerRows
from .feedback_counts import FeedbackDayCount
from .group_counts import GroupDayCount
from .ledger_counts import LedgerDayCount
from .models import PromiseFeedback

ANSWERS = PromiseFeedback.Answer.values  # the summary's columns are named after the answers


def _sum(column: str, condition: Q):
    return Coalesce(Sum(column, filter=condition), Value(0))


def _day_counts(measure_ids, group: tuple[str, int] | None):
    """The summary's days for these measures: the council's (group None), or one team's or worker's (kind, id)."""
    if group is None:
        return LedgerDayCount.objects.filter(measure_id__in=measure_ids)
    kind, group_id = group
    return GroupDayCount.objects.filter(kind=kind, group_id=group_id, measure_id__in=measure_ids)


# The summary's SQL, by what it depends on: a council's dashboard asks the same few questions all day, and building
# and compiling each query (Q objects, annotations) cost about 4 ms of the page's CPU for 0.1 to 0.2 ms in the
# database. The rows are read each time: nothing here is a cached figure.
_built_sql = BuiltSql(limit=2000)


def _rows_of(key: tuple, query) -> list[dict]:
    """The rows of `query()` (a values() queryset) as dicts, its SQL built the first time `key` is asked for."""
    with connection.cursor() as cursor:
        cursor.execute(*_built_sql.get(key, lambda: query().query.sql_with_params()))
        columns = [column[0] for column in cursor.description]
        return [dict(zip(columns, row)) for row in cursor.fetchall()]


def figures_and_months(measures, *, period: Period, today: date, group: tuple[str, int] | None = None
                       ) -> tuple[dict[int, Figures], dict[int, dict[date, tuple[int, int]]]]:
    """One query: each measure's figures (as pledges.dashboard.figures_by_measure) and, for each calendar month of the
    period, (due, kept on time) with months with nothing due left out (as pledges.dashboard.months_by_measure), for the
    council's whole ledger or one team's or worker's. The counts are summed by measure and month in the database; a
    figure is its measure's months added up (every count is of rows, so the parts add up to the whole)."""
    sums, months = defaultdict(Counter), defaultdict(dict)
    if not measures:
        return {}, months
    windows = tuple((measure.pk, measure.warn_days_before) for measure in measures)
    for row in _rows_of(("by month", windows, period, today, group),
                        lambda: _by_month_query(windows, period=period, today=today, group=group)):
        measure_id, month = row.pop("measure_id"), _a_date(row.pop("month"))
        met = row.pop("met_in_period")
        due = met + row["missed"]
        sums[measure_id].update(row, due=due)
        if due:  # only a month of the period has anything due in it
            months[measure_id][month] = (due, row["kept"])
    # Added up as plain numbers, a Figures made once per measure: Figures + Figures for each month cost 1.5 ms.
    return {measure_id: Figures(**counts) for measure_id, counts in sums.items()}, months


def figures_by_measure(measures, *, period: Period, today: date,
                       group: tuple[str, int] | None = None) -> dict[int, Figures]:
    return figures_and_months(measures, period=period, today=today, group=group)[0]


def months_by_measure(measures, *, period: Period, today: date,
                      group: tuple[str, int] | None = None) -> dict[int, dict[date, tuple[int, int]]]:
    return figures_and_months(measures, period=period, today=today, group=group)[1]


def _by_month_query(windows: tuple[tuple[int, int], ...], *, period: Period, today: date, group):
    """`windows`: each measure's id and warning days."""
    in_period = Q(due_on__gte=period.start, due_on__lte=period.end)
    past = Q(due_on__lt=today)
    soon = Q(pk__in=[])
    for measure_id, warn_days in windows:
        soon |= Q(measure_id=measure_id, due_on__lte=today + timedelta(days=warn_days))
    aggregates = {
        "met_in_period": _sum("met", in_period),
        "kept": _sum("kept", in_period),
        "late": _sum("late", in_period),
        "missed": _sum("open", in_period & past),
        "overdue": _sum("open", past),
        "due_soon": _sum("open", Q(due_on__gte=today) & soon),
        "not_yet_due": _sum("open", Q(due_on__gte=max(period.start, today), due_on__lte=period.end)),
        "overdue_before": _sum("open", Q(due_on__lt=min(period.start, today))),
        "overdue_after": _sum("open", Q(due_on__gt=period.end) & past),
    }
    # The days in the period, and the days with open rows up to the furthest warning window: never years of met rows.
    furthest = today + timedelta(days=max(warn_days for _, warn_days in windows))
    # has_open, not open: the partial index of the days with open rows is on it (pledges migration 0023).
    counted = in_period | (Q(has_open=True) & Q(due_on__lte=furthest))
    return (_day_counts([measure_id for measure_id, _ in windows], group).filter(counted)
            .annotate(month=TruncMonth("due_on")).values("measure_id", "month").annotate(**aggregates).order_by())


def _a_date(value) -> date:
    """A month as the database answers it: a date or a datetime on PostgreSQL, text on SQLite."""
    if isinstance(value, datetime):
        return value.date()
    return value if isinstance(value, date) else date.fromisoformat(str(value)[:10])


def _split(entries: LedgerRows, measures) -> tuple[list, list]:
    """The measures the summary answers for (live rows), and those a rebuild is going on for (the snapshot's rows)."""
    return [m for m in measures if not entries.frozen(m)], [m for m in measures if entries.frozen(m)]


def council_figures_and_months(entries: LedgerRows, *, measures, period: Period, today: date, whole_council: bool,
                               group: tuple[str, int] | None = None):
    """pledges.dashboard's figures and months by measure, from the summary when the page counts the council's whole
    ledger or one team's or worker's (`group`, as DashboardFilterForm.summary_group gives it); else, and for the
    measures a rebuild is going on for, from the rows."""
    if not whole_council and group is None:
        return (dashboard.figures_by_measure(entries, measures=measures, period=period, today=today),
                dashboard.months_by_measure(entries, measures=measures, period=period, today=today))
    live, frozen = _split(entries, measures)
    figures, months = figures_and_months(live, period=period, today=today, group=group)
    if frozen:
        figures.update(dashboard.figures_by_measure(entries, measures=frozen, period=period, today=today))
        months.update(dashboard.months_by_measure(entries, measures=frozen, period=period, today=today))
    return figures, months


def feedback_by_ref(*, council, period: Period) -> dict[str, dict[str, int]]:
    """One query: dashboard.feedback_by_ref for every young person of the council, from the answers' summary (the
    answers given on the period's days, by promise ref across pledge versions; an answer nobody gave left out)."""
    said = defaultdict(dict)
    rows = _rows_of(("said", council.pk, period), lambda: (
        FeedbackDayCount.objects.filter(council_id=council.pk, promise__section__pledge__council=council,
                                        given_on__gte=period.start, given_on__lte=period.end)
        .values("promise__ref").annotate(**{answer: _sum(answer, Q()) for answer in ANSWERS}).order_by()))
    for row in rows:
        ref = row.pop("promise__ref")
        if any(row.values()):  # days whose answers were all deleted leave zeros
            said[ref] = {answer: count for answer, count in row.items() if count}
    return said


def council_said(young_people, *, council, period: Period, whole_council: bool,
                 group: tuple[str, int] | None = None) -> dict[str, dict[str, int]]:
    """dashboard.feedback_by_ref, from the summary when the page counts the whole council's young people. For one
    team's or worker's (`group`), their young people are listed first, a team's hundred or two, and their answers
    read by young person (dashboard.feedback_by_ref_of): asked in one query, PostgreSQL read every answer the
    council's young people gave in the period and checked each against the team (53 ms at 20,000 young people, a
    tenth of that at 2,000)."""
    if whole_council:
        return feedback_by_ref(council=council, period=period)
    if group is not None:
        return dashboard.feedback_by_ref_of(list(young_people.values_list("pk", flat=True)), period=period)
    return dashboard.feedback_by_ref(young_people, council=council, period=period)
