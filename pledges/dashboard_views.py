"""Are we keeping our promises? The managers' compliance dashboard, its drill-downs and CSV exports, and the
In Care Council's anonymised view.

Managers only (another member of staff gets 403; a young person 404), and only for their own council:
every ledger row counted comes from the young people casework.people.scoping lets this manager see.
"""
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from casework.audit.models import AuditEvent, audit_young_people
from casework.models import Allocation, Role, YoungPerson
from casework.people.scoping import get_worker_or_404, visible_young_people, young_person_for

from . import dashboard, dashboard_html
from . import dashboard_summary as summary
from .csv_export import csv_response, with_current_worker
from .dashboard_filters import DashboardFilterForm, Period
from .ledger.runs import ledger_run_of
from .ledger.snapshots import ledger_rows_for, with_ledger_snapshot
from .models import LedgerEntry, Measure, Promise, PromiseFeedback

ROWS_PER_PAGE = 50


def manager_or_403(user):
    """The manager behind a login. Other staff: 403 (they know the page exists); young people: 404."""
    worker = get_worker_or_404(user)
    if worker.role != Role.MANAGER:
        raise PermissionDenied("Only managers see the council's dashboard")
    return worker


def _scoped(request, worker, today, *, measure=None):
    """The filter form, and the ledger rows and young people it selects, through the one scoping rule. The rows are
    read where `measure` (any of the council's, read through with_ledger_snapshot) says: while the ledger is rebuilt,
    its copy from before the change for the measures being rebuilt."""
    form = DashboardFilterForm(request.GET, council=worker.council, today=today)
    young_people = visible_young_people(request.user).filter(form.young_person_q())
    return form, young_people, ledger_rows_for(measure).of(young_people)


def compliance_dashboard(request):
    worker = manager_or_403(request.user)
    today = timezone.localdate()
    measures = dashboard.council_measures(worker.council)
    form, young_people, entries = _scoped(request, worker, today, measure=measures[0] if measures else None)
    period = form.period()
    # Unfiltered, the figures come from the ledger's summary (constant cost); filtered, from the rows.
    whole, group = form.whole_council(), form.summary_group()
    figures, months = summary.council_figures_and_months(entries, measures=measures, period=period, today=today,
                                                         whole_council=whole, group=group)
    said = summary.council_said(young_people, council=worker.council, period=period, whole_council=whole, group=group)
    series = dashboard.overall_series(months, period)
    total = dashboard.Figures(**{name: sum(getattr(f, name) for f in figures.values()) for name in dashboard.SHOW_CHOICES})
    unmeasured, unanswered = dashboard.unmeasured_lines(
        dashboard.unmeasured_promises(worker.council, measures=measures, today=today), said)
    filters = form.query_string()
    return render(request, "pledges/dashboard.html", {
        "worker": worker, "form": form, "period": period, "today": today,
        "groups": dashboard_html.with_rows_drawn(dashboard.promise_groups(measures, figures, said=said, period=period),
                                                 filters=filters),
        "series": series, "chart": dashboard_html.trend_chart(series), "total": total,
        "filters": filters,
        "ledger_run": ledger_run_of(measures),
        "unmeasured": unmeasured, "unanswered": unanswered,
    })


def measure_detail(request, pk):
    """One measure: its monthly trend, its figures, and the ledger rows behind the figure chosen."""
    worker = manager_or_403(request.user)
    measure = get_object_or_404(with_ledger_snapshot(Measure.objects.select_related("promise")), pk=pk,
                                council=worker.council)
    today = timezone.localdate()
    form, young_people, entries = _scoped(request, worker, today, measure=measure)
    period = form.period()
    show = request.GET.get("show", "due")
    if show not in dashboard.SHOW_CHOICES:
        messages.error(request, "That list does not exist, so this page shows the rows due in the period.")
        show = "due"
    rows = (
        entries.for_measure(measure).filter(dashboard.show_q(show, period=period, today=today, warn_days={measure.warn_days_before}),
                       measure=measure)
        .select_related("young_person", "measure")  # state_on() reads the measure's warning window
        .order_by("due_on", "young_person__last_name", "pk")
    )
    if request.GET.get("format") == "csv":
        # Every young person in the file is logged as exported (one query) before a row is sent.
        audit_young_people(request, rows.values_list("young_person_id", flat=True), action=AuditEvent.Action.EXPORT)
        return _rows_csv(measure, show, with_current_worker(rows), today)
    whole, group = form.whole_council(), form.summary_group()
    figures, months = summary.council_figures_and_months(entries, measures=[measure], period=period, today=today,
                                                         whole_council=whole, group=group)
    series = dashboard.month_series(months.get(measure.pk, {}), period)
    shown = figures.get(measure.pk, dashboard.Figures())
    # The list holds exactly the rows its figure counted (tests/test_dashboard_adds_up.py), so the figure is the
    # paginator's count: no COUNT(*) over the council's rows (24 ms at 20,000 young people).
    paginator = Paginator(rows, ROWS_PER_PAGE)
    paginator.count = getattr(shown, show)
    page = paginator.get_page(request.GET.get("page"))
    _attach_workers(page.object_list)
    audit_young_people(request, [entry.young_person_id for entry in page.object_list])
    for entry in page.object_list:
        entry.state_label = LedgerEntry.State(entry.state_on(today)).label
    return render(request, "pledges/dashboard_measure.html", {
        "worker": worker, "form": form, "measure": measure, "period": period, "today": today,
        "show": show, "show_label": dashboard.SHOW_CHOICES[show],
        "figures": shown, "series": series,
        "chart": dashboard_html.trend_chart(series), "page": page, "filters": form.query_string(),
        "measuring_from": worker.council.measuring_from,
        "period_start_words": f"{period.start:%-d %B %Y}", "period_end_words": f"{period.end:%-d %B %Y}",
        "list_query": "&".join(part for part in (f"show={show}", form.query_string()) if part),
    })


def _attach_workers(entries):
    """Each row's young person's current social worker or personal adviser: one query for the page."""
    people = {entry.young_person_id for entry in entries}
    allocations = Allocation.objects.filter(
        young_person_id__in=people, ended_on__isnull=True, role__in=[Role.SOCIAL_WORKER, Role.PERSONAL_ADVISER],
    ).select_related("worker")
    worker_of = {allocation.young_person_id: allocation.worker for allocation in allocations}
    for entry in entries:
        entry.worker = worker_of.get(entry.young_person_id)


def _rows_csv(measure, show, rows, today):
    def lines():
        for entry in rows.iterator(chunk_size=2000):
            yield [entry.young_person.child_id, entry.young_person.full_name,
                   entry.young_person.date_of_birth.isoformat(), entry.young_person.get_legal_status_display(),
                   entry.worker_name or "Not allocated", entry.team_name or "", measure.name, measure.get_basis_display(),
                   entry.cycle_start.isoformat(), entry.due_on.isoformat(),
                   entry.met_on.isoformat() if entry.met_on else "", LedgerEntry.State(entry.state_on(today)).label,
                   entry.explanation]
    header = ["Child id", "Young person", "Date of birth", "Legal status", "Worker", "Team", "Measure", "Basis",
              "Clock started", "Due",
              "Met", "State", "Explanation"]
    return csv_response(f"{measure.key}-{show}-{today.isoformat()}.csv", header, lines())


def promise_feedback_list(request, ref):
    """What young people said about one promise (by its ref, across versions), for the manager."""
    worker = manager_or_403(request.user)
    today = timezone.localdate()
    form, young_people, _ = _scoped(request, worker, today)
    period = form.period()
    answers = (
        PromiseFeedback.objects.filter(young_person__in=young_people, promise__ref=ref,
                                       promise__section__pledge__council=worker.council,
                                       given_at__date__gte=period.start, given_at__date__lte=period.end)
        .select_related("young_person", "promise", "replied_by")
    )
    if request.GET.get("format") == "csv":
        audit_young_people(request, answers.values_list("young_person_id", flat=True), action=AuditEvent.Action.EXPORT)
        return csv_response(f"promise-{ref}-answers-{today.isoformat()}.csv",
                            ["Child id", "Young person", "Worker", "Team", "Answer", "Comment", "Given", "Reply",
                             "Replied"],
                            ([a.young_person.child_id, a.young_person.full_name, a.worker_name or "Not allocated",
                              a.team_name or "", a.get_answer_display(), a.comment,
                              timezone.localtime(a.given_at).date().isoformat(), a.reply,
                              timezone.localtime(a.replied_at).date().isoformat() if a.replied_at else ""]
                             for a in with_current_worker(answers).iterator(chunk_size=2000)))
    promise = (Promise.objects.filter(ref=ref, section__pledge__council=worker.council,
                                      section__pledge__published_at__isnull=False)
               .order_by("-section__pledge__version").first())
    if promise is None:
        raise Http404("No such promise")
    page = Paginator(answers, ROWS_PER_PAGE).get_page(request.GET.get("page"))
    audit_young_people(request, [answer.young_person_id for answer in page.object_list])
    return render(request, "pledges/dashboard_feedback.html", {
        "worker": worker, "form": form, "period": period, "promise": promise, "page": page,
        "filters": form.query_string(), "ref": ref,
    })


def in_care_council(request):
    """The council's picture for the In Care Council: no names, no ids, no group of fewer than 5."""
    young_person = young_person_for(request.user)
    if young_person is not None:
        if not young_person.in_care_council_member:
            raise Http404("Only In Care Council members see this page")
        council = young_person.council
        # The one place a young person's login counts other young people: only into anonymised totals, with
        # every group under SMALL_GROUP hidden. No row, name or id of anyone else reaches the page.
        young_people = YoungPerson.objects.filter(council=council)
    else:
        worker = manager_or_403(request.user)
        council = worker.council
        young_people = visible_young_people(request.user)
    today = timezone.localdate()
    period = Period.last_twelve_months(today)
    measures = dashboard.council_measures(council)
    entries = ledger_rows_for(measures[0] if measures else None).of(young_people)
    said = dashboard.anonymous_said(young_people, council=council, period=period)
    lines = dashboard.anonymous_lines(entries, said=said, measures=measures, period=period, today=today)
    unmeasured, unanswered = dashboard.unmeasured_lines(
        dashboard.unmeasured_promises(council, measures=measures, today=today), said)
    if request.GET.get("format") == "csv":
        return csv_response(
            f"in-care-council-{today.isoformat()}.csv",
            ["Promise", "Young people it was due for", "Kept on time (%)", "Young people waiting now (overdue)",
             "Said yes", "Said not really", "Said no"],
            [*([line.promise.text, _count_words(line.young_people), "" if line.kept_share is None else line.kept_share,
                _count_words(line.overdue_young_people), *(_count_words(line.said[a]) for a in ANSWERS)]
               for line in lines),
             # Promises with no deadline to count: what young people said is their only measure.
             *([line.promise.text, "Not measured", "", "", *(_count_words(line.said[a]) for a in ANSWERS)]
               for line in unmeasured)],
        )
    return render(request, "pledges/in_care_council.html", {"lines": lines, "period": period, "council": council,
                                                             "small_group": dashboard.SMALL_GROUP,
                                                             "unmeasured": unmeasured, "unanswered": unanswered})


ANSWERS = PromiseFeedback.Answer.values  # yes, not really, no: the order every table and CSV uses


def _count_words(count):
    return f"fewer than {dashboard.SMALL_GROUP}" if count is None else count
