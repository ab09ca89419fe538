"""Writes the audit log (casework.audit): a row for each young person a member of staff saw on a page.

A page is about one young person when its address is /young-people/<id>/... (the `pk` there is always a young
person), or when its view says so with `casework.audit.models.audit_young_person(request, young_person)` (a worry, an
answer about a promise: their ids are not the young person's). A list, a dashboard's drill-down, a download or an admin
page that shows several young people says so with `audit_young_people(request, ids)`: every name a member of staff
sees is a look the young person can see on their "who has looked" page (which groups a list's repeats by person
and day, so a caseload opened twenty times a day does not bury the look at a care plan). Only answers that succeeded
(2xx, 3xx) are logged: a 404 means the worker could not see the record. A POST answered with a redirect changed
something; a POST answered with the form again (an error) only looked. Every member of staff is logged: a worker,
and a login trusted with the admin (is_staff or superuser) that has no Worker record, as a Pledge Portal
administrator (casework.audit.models.ADMINISTRATOR); they can see every council's young people in the admin, so theirs
are the looks a young person most needs to see. Young people looking at their own pages are never logged (the scoping
rule shows them nobody else's record, and a young person's account is never staff: YoungPerson.clean).

Costs one INSERT for all the page's rows (plus one SELECT when a view handed over a queryset of ids rather than the
ids themselves), whatever the size of the list; who is asking is already loaded with the user
(casework.accounts.backends).
"""
import ipaddress

from allauth.account.adapter import get_adapter as get_account_adapter
from django.core.exceptions import PermissionDenied

from casework.people.scoping import worker_for, young_person_for

from .models import AuditEvent, audit_events_record

YOUNG_PERSON_ROUTE = "young-people/<int:pk>/"


def client_ip(request) -> str | None:
    """Where the request came from, by the rule allauth's sign-in rate limits use: REMOTE_ADDR, or behind the
    council's own proxy (settings.BEHIND_TRUSTED_PROXY) the last address in X-Forwarded-For, the one that proxy
    added: earlier ones are whatever the browser sent, so could be forged."""
    try:
        return str(ipaddress.ip_address(get_account_adapter().get_client_ip(request)))
    except (PermissionDenied, ValueError):
        return None


class AuditMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if 200 <= response.status_code < 400:
            self.record(request, response)
        return response

    def record(self, request, response):
        match = getattr(request, "resolver_match", None)
        if match is None or not is_audited(request.user):
            return
        young_person_ids = set()
        for ids in getattr(request, "audited_young_people", []):
            young_person_ids.update(ids)  # a lazy values_list() of ids runs here: one SELECT
        if match.route.startswith(YOUNG_PERSON_ROUTE) and "pk" in match.kwargs:
            young_person_ids.add(match.kwargs["pk"])
        young_person_ids.discard(None)
        if not young_person_ids:
            return
        action = getattr(request, "audited_action", None)
        if action is None:
            changed = request.method not in ("GET", "HEAD") and 300 <= response.status_code < 400
            action = AuditEvent.Action.CHANGE if changed else AuditEvent.Action.VIEW
        audit_events_record(
            user=request.user, worker=worker_for(request.user), young_person_ids=young_person_ids, action=action,
            method=request.method, url_name=match.url_name or "", path=request.path, ip_address=client_ip(request),
        )


def is_audited(user) -> bool:
    """A member of staff: a worker, or a login trusted with the admin; never a young person, nor someone signed out.
    Costs no query: the user is loaded with their worker and young person (casework.accounts.backends)."""
    if not user.is_authenticated or young_person_for(user) is not None:
        return False
    return worker_for(user) is not None or user.is_staff or user.is_superuser
