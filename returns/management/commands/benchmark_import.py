"""`manage.py benchmark_import [--children 5000] [--years 5]`: time an SSDA903 import of a synthetic council.

It writes the council's files (returns.ssda903.synthetic.write_903: the history up to the last 31 March), creates
"Importbench" (its own slug, with the usual measures, so the ledger has rows to build), imports the files and prints
the time to read and check them, to write the records, to build every ledger row, and the total; then removes the
council again (unless --keep). Numbers, not pass/fail: with DATABASE_URL set it measures PostgreSQL. The target
(issue 14) is 5,000 children with 5 years of history in under 60 s on PostgreSQL.
"""
import time
from datetime import date

from django.core.management.base import BaseCommand
from django.db import connection, transaction
from django.utils import timezone

from casework.models import Council, Placement, Worker, YoungPerson
from pledges.models import LedgerEntry, Measure
from returns.importing.service import CHECKING, UPDATING, returns_import_903
from returns.ssda903.synthetic import write_903

SLUG = "importbench"
# The usual measures, one for each kind of record a 903 import brings that moves a clock.
MEASURES = [
    dict(key="statutory-visit", rule="every", applies_to="in_care",
         params={"weeks": 6, "steps": [{"days": 7}], "restarts": "placement", "counts": "visit",
                 "starts": "came_into_care"}),
    dict(key="social-worker-contact", rule="every", applies_to="in_care",
         params={"weeks": 6, "counts": "contact", "starts": "came_into_care"}),
    dict(key="statutory-review", rule="every", applies_to="in_care",
         params={"months": 6, "steps": [{"working_days": 20}, {"months": 3}], "counts": "review",
                 "starts": "came_into_care"}),
    dict(key="health-assessment", rule="every", applies_to="in_care",
         params={"months": 12, "counts": "health_assessment", "starts": "came_into_care"}),
    dict(key="keep-in-touch", rule="every", applies_to="care_leaver",
         params={"months": 3, "counts": "keep_in_touch", "starts": "came_into_care"}),
    dict(key="move-review", rule="within", applies_to="in_care", params={"working_days": 20, "counts": "move_review"}),
]


class Command(BaseCommand):
    help = "Time an SSDA903 import of a synthetic council (read and check, write, build the ledger); then clean up."

    def add_arguments(self, parser):
        parser.add_argument("--children", type=int, default=5000)
        parser.add_argument("--years", type=int, default=5)
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--keep", action="store_true", help="leave the council in the database")

    def handle(self, *args, children, years, seed, keep, **options):
        today = timezone.localdate()
        end = date(today.year if (today.month, today.day) > (3, 31) else today.year - 1, 3, 31)
        started = time.perf_counter()
        files = write_903(children=children, years=years, seed=seed, end=end)
        self.stdout.write(f"Wrote {children} children's files, {years} years to {end:%-d %B %Y}, "
                          f"{sum(len(content) for content in files.values()) / 1e6:.1f} MB, "
                          f"in {time.perf_counter() - started:.1f}s")
        delete_council()
        council = make_council()
        marks: dict[str, float] = {}

        def progress(stage, done, total):
            marks.setdefault(stage, time.perf_counter())
            if stage == CHECKING and done == total:
                marks["checked"] = time.perf_counter()

        started = time.perf_counter()
        summary = returns_import_903(council=council, files=sorted(files.items()), dry_run=False, progress=progress)
        finished = time.perf_counter()
        if summary.has_errors:
            self.stderr.write("\n".join(str(item) for item in summary.errors[:20]))
            return
        ledger_started = marks.get(UPDATING, finished)
        self.stdout.write(summary.headline())
        self.stdout.write(f"Read and check: {marks['checked'] - started:.1f}s")
        self.stdout.write(f"Write the records: {ledger_started - marks['checked']:.1f}s")
        self.stdout.write(f"Build every ledger row: {finished - ledger_started:.1f}s "
                          f"({LedgerEntry.objects.filter(young_person__council=council).count()} rows)")
        self.stdout.write(f"Total: {finished - started:.1f}s ({connection.vendor})")
        started = time.perf_counter()
        again = returns_import_903(council=council, files=sorted(files.items()), dry_run=False)
        self.stdout.write(f"The same files again: {time.perf_counter() - started:.1f}s ({again.headline()})")
        self.stdout.write(f"Held: {YoungPerson.objects.filter(council=council).count()} young people, "
                          f"{Placement.objects.filter(young_person__council=council).count()} placements")
        if not keep:
            delete_council()


def make_council() -> Council:
    council = Council.objects.create(slug=SLUG, name="Importbench Council", short_name="Importbench")
    # bulk_create: saving a measure queues a background rebuild of the council's ledger, which is what we time.
    Measure.objects.bulk_create([Measure(council=council, name=measure["key"], basis="statutory", **measure)
                                 for measure in MEASURES])
    return council


@transaction.atomic
def delete_council() -> None:
    """Remove the benchmark's council and everything in it; its ledger rows in one DELETE (Django's own delete
    would load every row first)."""
    council = Council.objects.filter(slug=SLUG).first()
    if council is None:
        return
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {LedgerEntry._meta.db_table} WHERE young_person_id IN "
                       f"(SELECT id FROM {YoungPerson._meta.db_table} WHERE council_id = %s)", [council.pk])
    YoungPerson.objects.filter(council=council).delete()
    Worker.objects.filter(council=council).delete()
    Measure.objects.filter(council=council).delete()
    council.delete()
