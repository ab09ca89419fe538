"""The filters every manager's page shares: a period, a team, a worker, legal status and an age band.

The form reads the query string (GET), so a filtered page can be bookmarked and every drill-down link can
carry the same filters. Unknown ids and impossible dates are form errors shown in a GOV.UK error summary,
never a 500: the page then shows the unfiltered default and says why.
"""
from dataclasses import dataclass
from datetime import date, timedelta
from functools import reduce
from operator import or_

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Fieldset, Layout, Size, Submit
from django import forms
from django.db.models import Q
from django.forms.models import ModelChoiceIterator
from django.http import QueryDict

from casework.form_parts import GovDateField
from casework.models import Allocation, LegalStatus, Role, Team, Worker
from casework.working_days import add_months

from .dashboard_filter_html import filter_form_html, select_html

# Age bands as managers report them (the national SSDA903 return uses under 1, 1-4, 5-9, 10-15, 16+;
# care leavers are reported 16-17, 18-21 and 22-25).
AGE_BANDS = {
    "0-4": (0, 4),
    "5-9": (5, 9),
    "10-15": (10, 15),
    "16-17": (16, 17),
    "18-21": (18, 21),
    "22-25": (22, 25),
}
CASEWORK_ROLES = [Role.SOCIAL_WORKER, Role.PERSONAL_ADVISER, Role.IRO]
# No young person the portal holds (in care or a care leaver, so 25 at most) has a record from before 2000. An earlier
# date would chart every month since (a period from year 1 drew 24,000 bars), and an end in year 1 put the default
# start, 12 months before it, in year 0 (a 500).
EARLIEST = date(2000, 1, 1)


@dataclass(frozen=True)
class Period:
    start: date
    end: date

    @classmethod
    def last_twelve_months(cls, today: date) -> "Period":
        return cls(start=add_months(today, -12) + timedelta(days=1), end=today)

    def months(self) -> list[date]:
        """The first day of each calendar month the period touches, oldest first."""
        month, months = self.start.replace(day=1), []
        while month <= self.end:
            months.append(month)
            month = add_months(month, 1)
        return months


def years_before(day: date, years: int) -> date:
    """The same day `years` earlier (28 February for 29 February in a year that has none)."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


class QuickSelect(forms.Select):
    """Django's Select drawn in Python, the same HTML its templates write. A council of 20,000 young people has over
    a thousand workers to choose from: through the option template, drawing them took half a second of every
    dashboard (more than counting the ledger)."""

    def render(self, name, value, attrs=None, renderer=None):
        return select_html(self, name, value, attrs)


class _LabelIterator(ModelChoiceIterator):
    """The choices from (pk, label) pairs the field reads with values_list: no model instance per option, and the id
    itself as the value (a ModelChoiceIteratorValue carries an instance for widgets that need one; a select draws
    str(value) either way, and making one per option was a third of drawing a council's 130 teams). The list offers
    the field's `listed` rows where it has them (WorkerChoiceField), else every valid choice."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield "", self.field.empty_label
        listed = getattr(self.field, "listed", None)
        yield from self.field.labels(self.queryset if listed is None else listed)


class TeamChoiceField(forms.ModelChoiceField):
    iterator = _LabelIterator

    @staticmethod
    def labels(queryset):
        return queryset.values_list("pk", "name")  # as Team.__str__


class WorkerChoiceField(forms.ModelChoiceField):
    """Any caseworker of the council is a valid choice (a bookmark, a link from the workers page), but the list offers
    only those of one team (DashboardFilterForm.list_workers_of): a council of 20,000 young people has some 1,400
    workers, too many to read through and, drawn on every dashboard, its slowest part."""
    iterator = _LabelIterator
    listed = None  # the workers the list offers (a queryset)

    @staticmethod
    def labels(queryset):
        roles = dict(Role.choices)
        return ((pk, f"{name} ({roles.get(role, role)})")  # as Worker.__str__
                for pk, name, role in queryset.values_list("pk", "name", "role"))


class DashboardFilterForm(forms.Form):
    """Filters for a council's dashboard. Pass the manager's council; choices never reach another council."""

    period_from = GovDateField(label="From", required=False, help_text="For example, 1 4 2026")
    period_to = GovDateField(label="To", required=False, help_text="For example, 31 3 2027")
    team = TeamChoiceField(queryset=Team.objects.none(), required=False, empty_label="All teams", widget=QuickSelect,
                                  error_messages={"invalid_choice": "Choose a team from the list"})
    worker = WorkerChoiceField(queryset=Worker.objects.none(), required=False, empty_label="All workers", widget=QuickSelect,
                               help_text="The workers of the team chosen. For another team’s worker, choose the team "
                                         "and apply the filters first.",
                               error_messages={"invalid_choice": "Choose a worker from the list"})
    legal_status = forms.ChoiceField(
        label="In care or care leaver", required=False,
        choices=[("", "Both")] + list(LegalStatus.choices),
        error_messages={"invalid_choice": "Choose in care, care leaver or both"},
    )
    age_band = forms.ChoiceField(
        label="Age", required=False, choices=[("", "All ages")] + [(band, band) for band in AGE_BANDS],
        error_messages={"invalid_choice": "Choose an age band from the list"},
    )

    def __init__(self, data: QueryDict, *, council, today: date):
        # Only the filter fields count: a query string with other keys (a page number, "format") is still "unbound"
        # when it carries no filter, so the defaults apply without errors.
        bound = any(key.split("_")[0] in {"period", "team", "worker", "legal", "age"} for key in data)
        super().__init__(data if bound else None)
        self.today = today
        # What was due before the council's start date is history, never counted (pledges.start_date): every period
        # starts there at the earliest, so no figure or month bar goes back before it.
        self.measuring_from = council.measuring_from
        if self.measuring_from:
            self.fields["period_from"].help_text = (f"We measure promises from {self.measuring_from:%-d %B %Y}: an "
                                                    "earlier start counts from then. For example, 1 4 2026")
        self.fields["team"].queryset = Team.objects.filter(council=council).order_by("name")
        self.fields["worker"].queryset = Worker.objects.filter(council=council, role__in=CASEWORK_ROLES).order_by("name")
        self.list_workers_of(self.data.get("team"))
        self.helper = FormHelper()
        self.helper.form_method = "get"
        self.helper.form_id = "filters"
        self.helper.attrs = {"novalidate": ""}
        self.helper.layout = Layout(
            Fieldset(Field("period_from"), Field("period_to"), legend="Period", legend_size=Size.SMALL),
            Field.select("team"),
            Field.select("worker"),
            Field.select("legal_status"),
            Field.select("age_band"),
            Submit("apply", "Apply filters"),
        )

    def html(self):
        """The form in GOV.UK markup, as {% crispy form %} draws it from self.helper, in about 1 ms where crispy took 7
        (pledges.dashboard_filter_html; tests/test_dashboard_filter_html.py holds the two to the same HTML)."""
        return filter_form_html(self)

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("period_from"), cleaned.get("period_to")
        if start and end and start > end:
            self.add_error("period_to", "The end of the period must be on or after its start")
        if end and end > self.today:
            self.add_error("period_to", "The end of the period must be today or in the past")
        if end and self.measuring_from and end < self.measuring_from:
            self.add_error("period_to", f"The end of the period must be on or after {self.measuring_from:%-d %B %Y}, "
                                        "when we started measuring promises")
        for name, which in (("period_from", "start"), ("period_to", "end")):
            if cleaned.get(name) and cleaned[name] < EARLIEST:
                self.add_error(name, f"The {which} of the period must be on or after {EARLIEST:%-d %B %Y}")
        return cleaned

    def list_workers_of(self, team) -> None:
        """The worker list offers the workers of this team (a Team or its pk, as the query string gives it), and the
        worker chosen wherever they work, so a choice is always shown. No team: only the worker chosen, if any, and
        the hint says to choose a team first. Never a query for a team that is not a number."""
        offered = [Q(**{name: int(value)}) for name, value in (("team_id", getattr(team, "pk", team)),
                                                                ("pk", self.data.get("worker")))
                   if _an_id(value)]
        field = self.fields["worker"]
        field.listed = field.queryset.filter(reduce(or_, offered)) if offered else field.queryset.none()

    # --- What the filters mean (read only after is_valid(); an invalid form means no filter) ---

    def filters(self) -> dict:
        return self.cleaned_data if self.is_bound and self.is_valid() else {}

    def period(self) -> Period:
        chosen = self.filters()
        default = Period.last_twelve_months(self.today)
        end = chosen.get("period_to") or default.end
        start = chosen.get("period_from") or add_months(end, -12) + timedelta(days=1)
        if self.measuring_from and start < self.measuring_from <= end:
            start = self.measuring_from
        return Period(start=start, end=end)

    def young_person_q(self, prefix: str = "") -> Q:
        """A Q on young people (through `prefix`, e.g. "young_person__") for the team, worker, status and age."""
        chosen, q = self.filters(), Q()
        allocations = Allocation.objects.filter(ended_on__isnull=True)
        if chosen.get("team"):
            q &= Q(**{f"{prefix}pk__in": allocations.filter(worker__team=chosen["team"]).values("young_person_id")})
        if chosen.get("worker"):
            q &= Q(**{f"{prefix}pk__in": allocations.filter(worker=chosen["worker"]).values("young_person_id")})
        if chosen.get("legal_status"):
            q &= Q(**{f"{prefix}legal_status": chosen["legal_status"]})
        if chosen.get("age_band"):
            youngest, oldest = AGE_BANDS[chosen["age_band"]]
            q &= Q(**{f"{prefix}date_of_birth__lte": years_before(self.today, youngest),
                      f"{prefix}date_of_birth__gt": years_before(self.today, oldest + 1)})
        return q

    def whole_council(self) -> bool:
        """True when no filter narrows the young people (the period may be chosen): the dashboard's figures then come
        from the ledger's summary (pledges.dashboard_summary) rather than from the rows."""
        chosen = self.filters()
        return not any(chosen.get(name) for name in ("team", "worker", "legal_status", "age_band"))

    def summary_group(self) -> tuple[str, int] | None:
        """The team or worker whose summary (pledges.group_counts) counts exactly the young people these filters choose:
        ("team", id) or ("worker", id) when the filters choose by team or worker alone, else None (the rows are counted).
        A worker within the team chosen is the worker's young people; a worker outside it leaves the two to intersect."""
        chosen = self.filters()
        team, worker = chosen.get("team"), chosen.get("worker")
        if chosen.get("legal_status") or chosen.get("age_band"):
            return None
        if worker and (team is None or worker.team_id == team.pk):
            return ("worker", worker.pk)
        if team and worker is None:
            return ("team", team.pk)
        return None

    def summary(self) -> dict:
        """What the figures are showing, in words, for the line above them: the period (always), and each filter
        chosen with the query string that removes it. No query: the team and worker were read by cleaning."""
        period, chosen = self.period(), self.filters()
        parts = []
        if chosen.get("team"):
            parts.append((f"Team {chosen['team'].name}", ("team",)))
        if chosen.get("worker"):
            parts.append((f"worker {chosen['worker'].name}", ("worker",)))
        if chosen.get("legal_status"):
            parts.append((LegalStatus(chosen["legal_status"]).label.lower(), ("legal_status",)))
        if chosen.get("age_band"):
            parts.append((f"aged {chosen['age_band'].replace('-', ' to ')}", ("age_band",)))
        period_words = f"{period.start:%-d %B %Y} to {period.end:%-d %B %Y}"
        if chosen.get("period_from") or chosen.get("period_to"):
            parts.append((period_words, ("period_from", "period_to")))
        return {
            "words": ", ".join([words for words, _ in parts if words != period_words] + [period_words]),
            "filters": [{"words": words, "remove": self._without(names)} for words, names in parts],
        }

    def _without(self, names) -> str:
        """This page's query string without these filters (nor a page number or a download)."""
        keep = QueryDict(mutable=True)
        for key, value in self.data.items():
            if value and key not in ("page", "format") and not key.startswith(tuple(names)):
                keep[key] = value
        return keep.urlencode()

    def query_string(self) -> str:
        """The chosen filters as a query string, for drill-down and CSV links ('' when none)."""
        if not self.filters():
            return ""
        keep = QueryDict(mutable=True)
        for key, value in self.data.items():
            if key.split("_")[0] in {"period", "team", "worker", "legal", "age"} and value:
                keep[key] = value
        return keep.urlencode()


def _an_id(value) -> bool:
    """Whether a query string's value can be a record's id: digits only, and few enough for the database's bigint
    (a hostile 5,000-digit value must neither crash int() nor reach a query)."""
    text = str(value or "")
    return text.isdecimal() and text.isascii() and len(text) <= 18
