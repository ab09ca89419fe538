"""When beat's deadline sweep last finished, for /readyz (pledge_portal.health): a stale time means beat (or every
worker) has stopped, and no reminder is being sent.

Kept in the cache (the portal's database table by default, Redis with CACHE_URL), which beat's workers and the web
share: one small write per sweep, one read per readiness check, no model and nothing personal (a time only).
"""
import logging
from datetime import UTC, datetime

from django.core.cache import cache

LAST_SWEEP_KEY = "portal:sweep:last-finished"
# The first time a readiness check found no sweep at all: a fresh install waits one stale window from then.
FIRST_ASKED_KEY = "portal:sweep:first-asked"

logger = logging.getLogger(__name__)


def sweep_clock_record(*, now: datetime) -> None:
    """Called at the end of each sweep. A cache that is down must not fail the sweep (its work is committed)."""
    try:
        cache.set(LAST_SWEEP_KEY, now.timestamp(), timeout=None)
    except Exception:  # noqa: BLE001  (any cache backend's error: the sweep itself succeeded)
        logger.exception("Could not record the time of the sweep")


def sweep_clock_last() -> datetime | None:
    stamp = cache.get(LAST_SWEEP_KEY)
    return None if stamp is None else datetime.fromtimestamp(stamp, tz=UTC)


def sweep_clock_first_asked(*, now: datetime) -> datetime:
    """When a readiness check first found that no sweep had ever run (set once, then kept)."""
    cache.add(FIRST_ASKED_KEY, now.timestamp(), timeout=None)
    return datetime.fromtimestamp(cache.get(FIRST_ASKED_KEY, now.timestamp()), tz=UTC)
