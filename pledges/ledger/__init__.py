"""The promise ledger: turns a young person's events into stored rows with due dates, and keeps them true.

`ledger_recompute()` is called (by pledges.signals) in the same transaction as any event that can move a
clock: a contact logged, a call-back asked for or answered, a young person's answer about a promise or the
reply to it, a young person's record changed. What moves a clock is declared once, in registry.py; sources.py
reads it for a batch of young people; periods.py measures each cycle against the rules in force when it started;
recompute.py writes only the rows that changed; alerts.py says when each row's notifications fall due.
"""
from .alerts import STAGES, local_midnight, next_alert_at, stage_times
from .deferred import ledger_deferred, ledger_recompute_touched
from .recompute import ledger_recompute, ledger_recompute_all, ledger_recompute_birthdays, recompute_people
from .registry import COUNTS

__all__ = ["COUNTS", "STAGES", "ledger_deferred", "ledger_recompute", "ledger_recompute_all",
           "ledger_recompute_birthdays", "ledger_recompute_touched", "local_midnight", "next_alert_at",
           "recompute_people", "stage_times"]
