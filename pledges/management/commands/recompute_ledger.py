from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from casework.models import Council
from pledges.ledger.registry import COUNTS
from pledges.ledger.runs import ledger_recompute_start
from pledges.recompute_runs import LedgerRecomputeRun


class Command(BaseCommand):
    help = ("Rebuild the promise ledger of every council (or one) in the background, for every measure or only those "
            "counting the given records: after an upgrade changes a rule (e.g. `--counts feedback` once "
            "'not really' with a reason gained a reply clock). Progress shows on the dashboard as any rebuild's does.")

    def add_arguments(self, parser):
        parser.add_argument("--council", help="the council's slug (default: every council)")
        parser.add_argument("--counts", nargs="+", help="only measures counting these records (default: all)")

    def handle(self, *args, council=None, counts=None, **options):
        if unknown := sorted(set(counts or ()) - set(COUNTS)):
            raise CommandError(f"No measure counts {', '.join(unknown)}. Choose from: {', '.join(sorted(COUNTS))}.")
        councils = Council.objects.order_by("pk")
        if council:
            councils = councils.filter(slug=council)
            if not councils.exists():
                raise CommandError(f"No council has the slug {council!r}.")
        for each in councils:
            with transaction.atomic():
                run = ledger_recompute_start(council_id=each.pk, reason=LedgerRecomputeRun.Reason.UPGRADE,
                                             counts=set(counts) if counts else None)
            self.stdout.write(f"{each.name}: " + ("rebuilt." if run is None else
                                                  f"rebuilding {run.total} young people in the background."))
