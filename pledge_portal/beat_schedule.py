"""The beat schedule: every periodic job the portal runs, in this one place. Exactly one beat runs it
(Procfile.production); any number of workers run the jobs. Times are London time (CELERY_TIMEZONE)."""
from celery.schedules import crontab


def beat_schedule(*, sweep_every_minutes: int) -> dict:
    return {
        # Due-soon, overdue and escalation notifications from the promise ledger (notifications.sweep).
        "sweep-the-promise-ledger": {"task": "notifications.sweep_ledger", "schedule": sweep_every_minutes * 60},
        # Each working morning at 07:00 London time (CELERY_TIMEZONE), one email for each person on the daily digest.
        "morning-digest": {"task": "notifications.send_daily_digests", "schedule": crontab(hour=7, minute=0)},
        # Just after midnight: recompute young people whose birthday it is (promises start at 14, 16 and 18 and
        # keeping in touch ends at 25), before the first sweep of the day.
        "birthdays-on-the-promise-ledger": {"task": "notifications.ledger_birthdays", "schedule": crontab(hour=0, minute=5)},
        # In the quiet of the night: anonymise records whose council's retention period has ended
        # (casework.audit.retention).
        "apply-retention": {"task": "notifications.apply_retention", "schedule": crontab(hour=2, minute=30)},
        # Sessions that have ended (idle, or signed out) are deleted, not kept (Django's clearsessions).
        "clear-expired-sessions": {"task": "notifications.clear_expired_sessions", "schedule": crontab(hour=3, minute=0)},
        # Files uploaded for an import are children's records: deleted once the import is done, failed or left
        # unconfirmed for a week (returns.uploads.jobs); so are the zips of downloads, 24 hours after they were
        # prepared (returns.downloads.jobs). Hourly, so a zip is not kept much past its day.
        "clear-old-import-files": {"task": "returns.import_files_clear_old", "schedule": crontab(minute=15)},
        # An import or download whose task was lost (the broker down when it was enqueued) is sent again.
        "imports-catch-up": {"task": "returns.import_catch_up", "schedule": 15 * 60},
        "exports-catch-up": {"task": "returns.export_catch_up", "schedule": 15 * 60},
        # Nightly, after retention: count every team's and worker's summary again and mend any difference
        # (pledges.group_counts says what could slip past its triggers).
        "repair-team-and-worker-counts": {"task": "notifications.repair_group_counts",
                                          "schedule": crontab(hour=2, minute=45)},
    }
