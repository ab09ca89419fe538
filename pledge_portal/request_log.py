"""One log line per request (JSON in production: settings.LOGGING), for finding a slow or failing page and
following one request through the logs, without a person's name in them.

The line holds: the request id (the X-Request-ID the proxy sent, when it is a plain token; else a new one; sent back
in the response's X-Request-ID), the user's id and role (a worker's role, young_person, administrator, anonymous, or
not_checked where nothing looked who was asking: a static file, a health check), the method, the path (never the query
string: a search box's words may be a child's name; and where the address holds a token, a key or a slug rather
than ids, the URL pattern instead, as an invitation link or a password reset key is a secret), the view's name, the
status and the time taken in milliseconds. Never a name, an email, a form's contents or a header other than the id.

First in MIDDLEWARE, so the status is the one the browser got (a view's crash is already a 500 here: Django turns
each middleware's exceptions into a response) and the time includes every middleware, the audit log's write too.
"""
import logging
import re
import time
import uuid

from django.utils.functional import empty

from casework.people.scoping import worker_for, young_person_for

logger = logging.getLogger("pledge_portal.requests")
REQUEST_ID_HEADER = "X-Request-ID"
# A proxy's id is kept only when it is this plain (no spaces, quotes or control characters to forge log lines).
SAFE_REQUEST_ID = re.compile(r"^[A-Za-z0-9._:-]{1,100}$")


def request_id_for(request) -> str:
    given = request.headers.get(REQUEST_ID_HEADER, "")
    return given if SAFE_REQUEST_ID.match(given) else uuid.uuid4().hex


def who_asked(request) -> tuple[int | None, str]:
    """The user's id and role. Only if the request already loaded them: the line never costs a query."""
    user = request.__dict__.get("user")
    if user is None or getattr(user, "_wrapped", None) is empty:
        return None, "not_checked"
    if not user.is_authenticated:
        return None, "anonymous"
    if young_person_for(user) is not None:
        return user.pk, "young_person"
    worker = worker_for(user)
    if worker is not None:
        return user.pk, worker.role
    return user.pk, "administrator" if user.is_staff or user.is_superuser else "signed_in"


def path_for_log(request) -> str:
    """The path, or the URL pattern where the address holds anything other than ids (a token, a key, a slug)."""
    match = getattr(request, "resolver_match", None)
    if match is not None and any(not isinstance(value, int) for value in match.kwargs.values()):
        return "/" + match.route
    return request.path


class RequestLogMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.perf_counter()
        request.request_id = request_id_for(request)
        status = 500  # if anything below raised after all
        try:
            response = self.get_response(request)
            status = response.status_code
            response[REQUEST_ID_HEADER] = request.request_id
            return response
        finally:
            self.log(request, status, started)

    @staticmethod
    def log(request, status: int, started: float) -> None:
        user_id, role = who_asked(request)
        match = getattr(request, "resolver_match", None)
        # A server error is an ERROR line, for alerting; the traceback is django.request's own (path only).
        logger.log(logging.ERROR if status >= 500 else logging.INFO, "request", extra={
            "request_id": request.request_id,
            "user_id": user_id,
            "role": role,
            "method": request.method,
            "path": path_for_log(request),
            "view": match.view_name if match is not None else None,
            "status": status,
            "duration_ms": round((time.perf_counter() - started) * 1000, 1),
        })
