"""How well a council keeps each promise: the numbers behind the managers' dashboard and the In Care Council's.

Every figure is counted in the database (conditional aggregation grouped by measure), so a page costs the
same few queries for 200 young people or 20,000. The words used everywhere:

- due in the period: a ledger row whose due date falls in the period and has been decided, i.e. it was met,
  or its due date has passed (a row due later this week is not yet a promise kept or broken);
- kept on time: met on or before its due date; kept late: met after it; missed: still open after its due date;
- overdue now: open, due date before today (whenever it was due);
- due soon now: open, due between today and the measure's warning window (its warn_days_before).

So the figures add up, and the pages say how: due in the period = kept on time + kept late + missed; a row due today
and still open is "due today, not counted yet" (still time to keep it); overdue now = missed in the period + overdue
rows due before the period starts (or before the council's measuring-from date moved their due date) + those due
after the period ends (when it ends before today).
"""
from collections import defaultdict
from dataclasses import dataclass, field, fields
from datetime import date, datetime, time, timedelta

from django.db.models import Count, F, Q, Subquery
from django.db.models.functions import TruncMonth
from django.utils import timezone

from .built_sql import BuiltSql
from .dashboard_filters import Period
from .ledger.runs import with_ledger_progress
from .ledger.snapshots import LedgerRows, with_ledger_snapshot
from .models import Basis, LedgerEntry, Measure, Pledge, Promise, PromiseFeedback

# What a drill-down list can show, and the rows it means (see the module docstring).
SHOW_CHOICES = {
    "due": "Due in the period",
    "kept": "Kept on time",
    "late": "Kept late",
    "missed": "Missed",
    "overdue": "Overdue now",
    "due_soon": "Due soon",
    # The parts that say why the figures above do not simply add up (see the module docstring).
    "not_yet_due": "Due today, not counted yet",
    "overdue_before": "Overdue now, due before the period",
    "overdue_after": "Overdue now, due after the period",
}


def show_q(show: str, *, period: Period, today: date, warn_days: set[int]) -> Q:
    """The rows behind one kind of figure."""
    decided = Q(due_on__gte=period.start, due_on__lte=period.end) & (
        Q(status=LedgerEntry.Status.MET) | Q(due_on__lt=today)
    )
    met = Q(status=LedgerEntry.Status.MET)
    if show == "due":
        return decided
    if show == "kept":
        return decided & met & Q(met_on__lte=F("due_on"))
    if show == "late":
        return decided & met & Q(met_on__gt=F("due_on"))
    if show == "missed":
        return decided & Q(status=LedgerEntry.Status.OPEN)
    if show == "overdue":
        return Q(status=LedgerEntry.Status.OPEN, due_on__lt=today)
    if show == "not_yet_due":
        return Q(status=LedgerEntry.Status.OPEN, due_on__gte=max(period.start, today), due_on__lte=period.end)
    if show == "overdue_before":
        return Q(status=LedgerEntry.Status.OPEN, due_on__lt=min(period.start, today))
    if show == "overdue_after":
        return Q(status=LedgerEntry.Status.OPEN, due_on__gt=period.end, due_on__lt=today)
    if show == "due_soon":
        # One window per distinct warning length (there are a handful), so it stays a single SQL condition.
        soon = Q(pk__in=[])
        for days in warn_days:
            soon |= Q(measure__warn_days_before=days, due_on__lte=today + timedelta(days=days))
        return Q(status=LedgerEntry.Status.OPEN, due_on__gte=today) & soon
    raise ValueError(f"Unknown figure {show!r}")


@dataclass
class Figures:
    due: int = 0
    kept: int = 0
    late: int = 0
    missed: int = 0
    overdue: int = 0
    due_soon: int = 0
    not_yet_due: int = 0
    overdue_before: int = 0
    overdue_after: int = 0

    def __add__(self, other: "Figures") -> "Figures":
        return Figures(**{part.name: getattr(self, part.name) + getattr(other, part.name) for part in fields(self)})

    @property
    def kept_share(self) -> int | None:
        """Kept on time as a whole percentage of those due (None when nothing was due)."""
        return round(100 * self.kept / self.due) if self.due else None


@dataclass
class MeasureLine:
    measure: Measure
    figures: Figures
    months: list = field(default_factory=list)  # [(month, due, kept, share)]


@dataclass
class PromiseGroup:
    """A promise with its measures side by side (legal minimum first), and what young people said."""
    promise: object  # Promise, or None for what the portal measures without a promise in the pledge
    lines: list[MeasureLine]
    said: dict = field(default_factory=dict)  # answer -> count
    rows_html: str = ""  # its lines drawn, for the managers' dashboard (pledges.dashboard_html.with_rows_drawn)

    @property
    def said_total(self) -> int:
        return sum(self.said.values())


def council_measures(council) -> list[Measure]:
    """The council's active measures, each carrying the progress of a ledger rebuild going on (ledger.runs) and the
    snapshot to read meanwhile (ledger.snapshots.ledger_rows_for)."""
    # A fresh copy of the council's queryset (.all(), as a class-based view copies its `queryset`): every request
    # reads the measures and the run going on anew.
    return list(_measures_queryset(council.pk).all())


_measures_querysets = {}  # council id -> its measures' queryset, built once per process


def _measures_queryset(council_id: int):
    """Built once per council and process: its five subqueries (a rebuild's progress and snapshot) took a millisecond
    to build on every dashboard, a third of what reading the measures cost. Never evaluated itself, so it holds
    no rows."""
    if council_id not in _measures_querysets:
        if len(_measures_querysets) >= 1000:  # a bound on memory (a test run makes many councils): start again
            _measures_querysets.clear()
        _measures_querysets[council_id] = (
            with_ledger_snapshot(with_ledger_progress(Measure.objects.filter(council_id=council_id, active=True)))
            .select_related("promise__section")
            .order_by("promise__section__order", "promise__order", "basis", "name"))
    return _measures_querysets[council_id]


def figures_by_measure(entries: LedgerRows, *, measures, period: Period, today: date) -> dict[int, Figures]:
    """One query (two while a rebuild goes on): each measure's figures for the (already scoped) ledger rows."""
    warn_days = {m.warn_days_before for m in measures}
    aggregates = {name: Count("pk", filter=show_q(name, period=period, today=today, warn_days=warn_days))
                  for name in SHOW_CHOICES}
    # Every figure counts rows due in the period or still open, so years of met rows are never read.
    counted = Q(due_on__gte=period.start, due_on__lte=period.end) | Q(status=LedgerEntry.Status.OPEN)
    return {row.pop("measure_id"): Figures(**row)
            for rows, chosen in entries.split(measures)
            for row in rows.filter(counted, measure__in=chosen).values("measure_id").annotate(**aggregates).order_by()}


def months_by_measure(entries: LedgerRows, *, measures, period: Period,
                      today: date) -> dict[int, dict[date, tuple[int, int]]]:
    """One query (two while a rebuild goes on): for each measure and calendar month, (due, kept on time)."""
    decided = show_q("due", period=period, today=today, warn_days=set())
    kept = show_q("kept", period=period, today=today, warn_days=set())
    by_measure = defaultdict(dict)
    for rows, chosen in entries.split(measures):
        _add_months(by_measure, rows.filter(decided, measure__in=chosen).annotate(month=TruncMonth("due_on"))
                    .values("measure_id", "month").annotate(due=Count("pk"), kept=Count("pk", filter=kept)).order_by())
    return by_measure


def _add_months(by_measure, rows) -> None:
    for row in rows:
        month = row["month"].date() if hasattr(row["month"], "date") else row["month"]
        by_measure[row["measure_id"]][month] = (row["due"], row["kept"])


def feedback_by_ref(young_people, *, council, period: Period) -> dict[str, dict[str, int]]:
    """One query: what young people answered about each promise in the period, joined across pledge versions
    by the promise's ref."""
    return _said(_answers_in(period).filter(young_person__in=young_people, promise__section__pledge__council=council))


def feedback_by_ref_of(young_person_ids: list[int], *, period: Period) -> dict[str, dict[str, int]]:
    """feedback_by_ref for a few of one council's young people, by id (a team's or a worker's), read young person by
    young person. No join to the pledges: an answer is always about its young person's council's pledge
    (PromiseFeedback.clean). With that join PostgreSQL could start from the council's promises and read every answer
    of the period (at 20,000 young people 3.5 ms, and 53 ms when the team was a join to the allocations)."""
    return _said(_answers_in(period).filter(young_person_id__in=young_person_ids))


def _answers_in(period: Period):
    # A range of times (the period's days in the council's time zone, as given_at__date means), so the
    # (promise, given_at) and (young person, given_at) indexes find the period's answers.
    return PromiseFeedback.objects.filter(
        given_at__gte=timezone.make_aware(datetime.combine(period.start, time.min)),
        given_at__lt=timezone.make_aware(datetime.combine(period.end + timedelta(days=1), time.min)),
    )


def _said(answers) -> dict[str, dict[str, int]]:
    said = defaultdict(dict)
    for row in answers.values("promise__ref", "answer").annotate(count=Count("pk")).order_by():
        said[row["promise__ref"]][row["answer"]] = row["count"]
    return said


# --- Promises not measured: young people's answers are their only measure ------------------------------------


@dataclass
class UnmeasuredLine:
    promise: Promise
    said: dict  # answer -> count (None where the In Care Council's view hides a small group)

    @property
    def said_total(self) -> int:
        return sum(count or 0 for count in self.said.values())


def unmeasured_promises(council, *, measures, today: date) -> list[Promise]:
    """One query: the promises of the pledge in force today that no active measure counts (by ref, so a measure set
    on an earlier version's promise still counts), in pledge order. Each without its section (the pages show only
    the promise's words)."""
    measured = {measure.promise.ref for measure in measures if measure.promise_id}
    return [promise for promise in Promise.objects.raw(*_in_force_promises_sql(council.pk, today))
            if promise.ref not in measured]


_in_force_promises = BuiltSql(limit=1000)  # by (council id, day)


def _in_force_promises_sql(council_id: int, today: date) -> tuple[str, tuple]:
    """Every promise of the pledge in force on the day, in pledge order: the SQL is the same for a council all day,
    so it is built once (building and compiling it each time cost a millisecond of every dashboard). The promises
    measured are left out in Python: a pledge has a few dozen promises."""
    def build():
        in_force = (Pledge.objects.published().filter(council_id=council_id, in_force_from__lte=today)
                    .order_by("-in_force_from", "-version").values("pk")[:1])
        return Promise.objects.filter(section__pledge=Subquery(in_force)).order_by("section__order", "order") \
            .query.sql_with_params()

    return _in_force_promises.get((council_id, today), build)


def unmeasured_lines(promises, said: dict[str, dict]) -> tuple[list[UnmeasuredLine], int]:
    """The promises someone answered about (yes, not really, no, in that order), and how many had no answer."""
    lines = [UnmeasuredLine(promise, {answer: said.get(promise.ref, {}).get(answer, 0)
                                      for answer in PromiseFeedback.Answer.values}) for promise in promises]
    answered = [line for line in lines if line.said_total or any(c is None for c in line.said.values())]
    return answered, len(lines) - len(answered)


def month_series(months: dict[date, tuple[int, int]], period: Period) -> list[tuple[date, int, int, int | None]]:
    """Every month of the period in order, with (due, kept, share) and None where nothing was due."""
    series = []
    for month in period.months():
        due, kept = months.get(month, (0, 0))
        series.append((month, due, kept, round(100 * kept / due) if due else None))
    return series


def promise_groups(measures, figures, *, months=None, said=None, period: Period) -> list[PromiseGroup]:
    """Measures grouped under their promise in pledge order, legal minimum before our promise."""
    groups, by_promise = [], {}
    for measure in measures:
        key = measure.promise_id
        if key not in by_promise:
            by_promise[key] = PromiseGroup(promise=measure.promise, lines=[],
                                           said=(said or {}).get(measure.promise.ref, {}) if measure.promise else {})
            groups.append(by_promise[key])
        series = month_series(months.get(measure.pk, {}), period) if months is not None else []
        by_promise[key].lines.append(MeasureLine(measure, figures.get(measure.pk, Figures()), series))
    for group in groups:
        group.lines.sort(key=lambda line: line.measure.basis != Basis.STATUTORY)
    # Promises first in pledge order; what the portal measures without a pledge promise last.
    return sorted(groups, key=lambda g: (g.promise is None,
                                         (g.promise.section.order, g.promise.order) if g.promise else (0, 0)))


def overall_series(months_by: dict, period: Period) -> list[tuple[date, int, int, int | None]]:
    """Every measure together, month by month: the headline trend."""
    total = defaultdict(lambda: (0, 0))
    for months in months_by.values():
        for month, (due, kept) in months.items():
            before = total[month]
            total[month] = (before[0] + due, before[1] + kept)
    return month_series(dict(total), period)


# --- The trend chart --------------------------------------------------------------------------------
CHART_HEIGHT = 160  # the height of 100%, in SVG units
CHART_TOP = 22  # room above a full bar for its "100%"
BAR_WIDTH, BAR_GAP = 28, 10
ZERO_BAR = 3  # a month with 0% kept is a thin bar on the baseline, never nothing: "nothing due" is nothing


def chart_bars(series) -> dict:
    """SVG geometry for a bar per month (the share kept on time), each with its share written above it, so the chart
    reads without colour. A month with 0% kept on time gets a thin red bar and "0%"; a month with nothing due gets
    no bar and the words "none due". The same numbers are always in a table beside the chart."""
    baseline = CHART_TOP + CHART_HEIGHT
    bars = []
    for index, (month, due, kept, share) in enumerate(series):
        if share is None:
            height = 0
        else:
            height = max(round(CHART_HEIGHT * share / 100), ZERO_BAR if share == 0 else 1)
        x = 40 + index * (BAR_WIDTH + BAR_GAP)
        bars.append({"x": x, "label_x": x + BAR_WIDTH // 2, "y": baseline - height, "height": height,
                     "text_y": baseline - height - 5, "month": month, "share": share, "zero": share == 0})
    return {"bars": bars, "width": 40 + len(series) * (BAR_WIDTH + BAR_GAP), "bar_width": BAR_WIDTH,
            "baseline": baseline, "half": CHART_TOP + CHART_HEIGHT // 2, "top": CHART_TOP,
            "height": baseline + 24, "none_y": baseline - 20}


# --- The In Care Council's anonymised picture ----------------------------------------------------------
SMALL_GROUP = 5  # any group of fewer young people than this is not shown, so nobody can be recognised


@dataclass
class AnonymousLine:
    promise: object
    measure: Measure
    young_people: int | None  # None: suppressed (fewer than SMALL_GROUP)
    kept_share: int | None
    overdue_young_people: int | None
    overdue_suppressed: bool
    said: dict  # answer -> count of young people, or None where suppressed


def suppress(count: int) -> int | None:
    """0 stays 0 (nobody); 1 to 4 becomes None ("fewer than 5"); 5 and more are shown."""
    return count if count == 0 or count >= SMALL_GROUP else None


def anonymous_said(young_people, *, council, period: Period) -> dict[str, dict]:
    """One query: for each promise (by ref), how many young people gave each answer in the period, small groups
    hidden (None)."""
    said = defaultdict(dict)
    for row in (
        PromiseFeedback.objects.filter(young_person__in=young_people, promise__section__pledge__council=council,
                                       given_at__date__gte=period.start, given_at__date__lte=period.end)
        .values("promise__ref", "answer").annotate(count=Count("young_person", distinct=True)).order_by()
    ):
        said[row["promise__ref"]][row["answer"]] = suppress(row["count"])
    return said


def anonymous_lines(entries: LedgerRows, *, said: dict, measures, period: Period, today: date) -> list[AnonymousLine]:
    """Per promise, the council's own promise where it has one (what young people see), else the legal
    minimum: two queries over rows, every count in young people, small groups hidden. `said` is anonymous_said()."""
    chosen = {}
    for measure in measures:
        if measure.promise_id is None:
            continue
        current = chosen.get(measure.promise_id)
        if current is None or (current.basis == Basis.STATUTORY and measure.basis == Basis.PLEDGE):
            chosen[measure.promise_id] = measure
    picked = list(chosen.values())
    figures = figures_by_measure(entries, measures=picked, period=period, today=today)
    decided = show_q("due", period=period, today=today, warn_days=set())
    overdue = show_q("overdue", period=period, today=today, warn_days=set())
    people = {
        row["measure_id"]: row
        for rows, chosen in entries.split(picked)
        for row in rows.filter(measure__in=chosen).values("measure_id").annotate(
            people=Count("young_person", distinct=True, filter=decided),
            overdue_people=Count("young_person", distinct=True, filter=overdue),
        ).order_by()
    }
    lines = []
    for measure in sorted(picked, key=lambda m: (m.promise.section.order, m.promise.order)):
        counted = people.get(measure.pk, {"people": 0, "overdue_people": 0})
        shown = counted["people"] >= SMALL_GROUP
        overdue_count = suppress(counted["overdue_people"])
        lines.append(AnonymousLine(
            promise=measure.promise, measure=measure,
            young_people=counted["people"] if shown else None,
            kept_share=figures.get(measure.pk, Figures()).kept_share if shown else None,
            overdue_young_people=overdue_count, overdue_suppressed=overdue_count is None,
            said={answer: said.get(measure.promise.ref, {}).get(answer, 0) for answer in PromiseFeedback.Answer.values},
        ))
    return lines
