from django.core.management.base import BaseCommand

from pledges.group_counts import group_counts_repair
from pledges.summary_storage import summaries_repack


class Command(BaseCommand):
    help = ("Count every team's and worker's dashboard summary again from the allocations and the ledger, and mend "
            "any difference (beat does this nightly; pledges.group_counts says why). Prints how many rows were wrong. "
            "Then rewrites any summary holding far more pages than its rows need (pledges.summary_storage).")

    def handle(self, *args, **options):
        found = group_counts_repair()
        members, counts = (f"{n} {what} row{'' if n == 1 else 's'}" for what, n in (("member", found["members"]),
                                                                                       ("count", found["counts"])))
        self.stdout.write(f"Team and worker summary: {members} and {counts} wrong"
                          + (", now counted again." if any(found.values()) else "."))
        for table in summaries_repack():
            self.stdout.write(f"{table} held far more pages than its rows need: rewritten.")
