"""A young person's visits to their own My pledge page: is this their first, and since when are replies new?

Decided once per signed-in session (kept in the session), so the welcome and the "new" marks stay put while they
look around and go at their next sign-in: signing in starts a new session (Django's login cycles it; sign out
flushes it).
"""
from dataclasses import dataclass
from datetime import datetime

from .models import PledgePageVisit

SESSION_KEY = "pledge_page_visit"


@dataclass(frozen=True)
class Visit:
    first: bool  # their first time: a welcome leads the page
    seen_before: datetime | None  # when their previous session began: replies after it are new


def pledge_page_visit_record(*, young_person, session, now: datetime) -> Visit:
    """Read (and, at the first page of a session, record) the young person's visit."""
    remembered = session.get(SESSION_KEY)
    if remembered is None or remembered.get("young_person") != young_person.pk:
        visit = PledgePageVisit.objects.filter(young_person=young_person).first()
        if visit is None:
            visit = PledgePageVisit(young_person=young_person, first_at=now, last_at=now)
            visit.full_clean()
            visit.save()
            remembered = {"young_person": young_person.pk, "first": True, "seen_before": None}
        else:
            remembered = {"young_person": young_person.pk, "first": False,
                          "seen_before": visit.last_at.isoformat()}
            visit.last_at = now
            visit.full_clean()
            visit.save(update_fields=["last_at"])
        session[SESSION_KEY] = remembered
    seen_before = remembered["seen_before"]
    return Visit(first=remembered["first"], seen_before=datetime.fromisoformat(seen_before) if seen_before else None)
