"""Reading the audit log (casework.audit): a manager's page for any young person in their council, and a young
person's own page, in plain words, of who on the staff has looked at their record. And the manager's copy of
everything kept about a young person (a subject access request, casework.audit.export), which is itself logged."""
import json
from collections import Counter
from dataclasses import dataclass
from datetime import datetime

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Count, Max, StringAgg, Value
from django.db.models.functions import Concat, TruncDate
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from casework.people.models import Role
from casework.people.scoping import get_visible_young_person, get_worker_or_404, young_person_for

from .export import young_person_export
from .models import AuditEvent, audit_young_person, look_words, who_looked

# Months of looks on one page; older ones are a page away, never dropped.
EVENTS_PER_PAGE = 50


def _page(request, young_person):
    events = young_person.audit_events.select_related("worker", "user").order_by("-at", "-pk")
    return Paginator(events, EVENTS_PER_PAGE).get_page(request.GET.get("page"))


def get_manager_or_403(user):
    """A manager; a young person (and anyone without a Worker) gets a 404, other staff a 403."""
    worker = get_worker_or_404(user)
    if worker.role != Role.MANAGER:
        raise PermissionDenied("Only managers see this page")
    return worker


@dataclass
class Look:
    """One line of a young person's "who has looked" page: one person on one day, however many times and pages."""

    at: datetime  # the last time that day
    who: str  # "Sita Worker", "A Pledge Portal administrator" (casework.audit.models.who_looked)
    who_detail: str  # in brackets after who: "Social worker", the administrator's email
    sentence: str  # what they did, when it was one thing: "looked at your health checks"
    times: int
    # When they did more than one thing that day: each, with how many times ("saw your name on ...", 3).
    parts: list[tuple[str, int]]


def _looks_page(request, young_person):
    """The young person's log grouped by person and day, latest first: a worker who opened their caseload twenty
    times and their care plan once that day is one line ("looked at your record 21 times that day"), with what they
    looked at beneath it. Counted in the database (one query a page): what each look was comes back as one string
    per line, counted here. Grouped by login, not Worker: an administrator has no Worker record, and a worker has
    one login."""
    looks = (
        young_person.audit_events.annotate(day=TruncDate("at"))
        .values("day", "user", "worker__name", "user__first_name", "user__last_name", "user__email", "role")
        .annotate(times=Count("pk"), last_at=Max("at"),
                  what=StringAgg(Concat("action", Value(" "), "url_name"), delimiter=Value(",")))
        .order_by("-last_at", "worker__name", "user__email")
    )
    page = Paginator(looks, EVENTS_PER_PAGE).get_page(request.GET.get("page"))
    lines = []
    for row in page.object_list:
        user_name = f"{row['user__first_name']} {row['user__last_name']}"
        who, who_detail = who_looked(row["role"], row["worker__name"] or "", user_name, row["user__email"])
        # Two pages may read the same ("care_plan" and "care_plan_version": "looked at your care plan").
        said = Counter(look_words(*what.partition(" ")[::2]) for what in row["what"].split(","))
        parts = sorted(said.items(), key=lambda part: (-part[1], part[0]))
        sentence = parts[0][0] if len(parts) == 1 else f"looked at your record {row['times']} times that day"
        lines.append(Look(at=row["last_at"], who=who, who_detail=who_detail, sentence=sentence, times=row["times"],
                          parts=parts if len(parts) > 1 else []))
    page.object_list = lines
    return page


@require_GET
def young_person_audit(request, pk):
    get_manager_or_403(request.user)
    young_person = get_visible_young_person(request.user, pk)  # another council's: 404
    return render(request, "casework/audit_young_person.html", {
        "young_person": young_person, "page": _page(request, young_person),
    })


@require_GET
def my_audit(request):
    young_person = young_person_for(request.user)
    if young_person is None:
        raise Http404("Only a young person has this page")
    return render(request, "casework/audit_mine.html", {
        "young_person": young_person, "page": _looks_page(request, young_person),
    })


@require_GET
def young_person_export_view(request, pk):
    """JSON to download; ?format=html the same, to read or print."""
    get_manager_or_403(request.user)
    young_person = get_visible_young_person(request.user, pk)
    audit_young_person(request, young_person, action=AuditEvent.Action.EXPORT)
    export = young_person_export(young_person=young_person)
    if request.GET.get("format") == "html":
        return render(request, "casework/export.html", {"young_person": young_person, "export": export})
    response = HttpResponse(json.dumps(export, cls=DjangoJSONEncoder, indent=2), content_type="application/json")
    response["Content-Disposition"] = f'attachment; filename="young-person-{young_person.pk}-records.json"'
    return response
