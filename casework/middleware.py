"""Writes the audit log (casework.audit): one row for each page a member of staff opens about one young person.

A page is about one young person when its address is /young-people/<id>/... (the `pk` there is always a young
person), or when its view says so with `casework.audit.audit_young_person(request, young_person)` (a worry, an answer about a
promise: their ids are not the young person's). Only answers that succeeded (2xx, 3xx) are logged: a 404 means
the worker could not see the record. A POST answered with a redirect changed something; a POST answered with
the form again (an error) only looked. Young people looking at their own pages are not logged.

Lists (the caseload, reviews, dashboards) are not logged per young person: they show names and what is due,
not the record, and a row for every name on every list would bury the looks that matter on the young person's
"who has looked" page and cost a write per name.

Costs one INSERT; who is asking is already loaded with the user (casework.backends).
"""
import ipaddress

from django.conf import settings

from .audit import AuditEvent, audit_event_record
from .scoping import worker_for

YOUNG_PERSON_ROUTE = "young-people/<int:pk>/"


def client_ip(request) -> str | None:
    """REMOTE_ADDR; behind the council's own proxy (AUDIT_BEHIND_TRUSTED_PROXY) the last address in
    X-Forwarded-For, the one that proxy added: earlier ones are whatever the browser sent, so could be forged."""
    address = request.META.get("REMOTE_ADDR", "")
    if settings.AUDIT_BEHIND_TRUSTED_PROXY:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")[-1].strip()
        address = forwarded or address
    try:
        return str(ipaddress.ip_address(address))
    except ValueError:
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
        worker = worker_for(request.user) if match else None
        if worker is None:
            return
        young_person_id = getattr(request, "audited_young_person_id", None)
        if young_person_id is None and match.route.startswith(YOUNG_PERSON_ROUTE):
            young_person_id = match.kwargs.get("pk")
        if young_person_id is None:
            return
        action = getattr(request, "audited_action", None)
        if action is None:
            changed = request.method not in ("GET", "HEAD") and 300 <= response.status_code < 400
            action = AuditEvent.Action.CHANGE if changed else AuditEvent.Action.VIEW
        audit_event_record(
            user=request.user, worker=worker, young_person_id=young_person_id, action=action,
            method=request.method, url_name=match.url_name or "", path=request.path, ip_address=client_ip(request),
        )
