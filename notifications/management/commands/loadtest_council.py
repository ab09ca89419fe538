"""`manage.py loadtest_council`: the load test's synthetic council, with accounts (notifications.loadtest_council).

Builds Benchmarkshire (2,000 young people and 5 years of history by default) in a database whose name contains
"loadtest" (refuses any other: it deletes an earlier Benchmarkshire first), gives everyone an account with the
password in LOADTEST_PASSWORD (staff with an authenticator app), and writes the accounts to --accounts-file for
locust (loadtest/locustfile.py). loadtest/run.sh runs it.
"""
import os
import time
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from notifications.loadtest_council import build_loadtest_council, write_accounts


class Command(BaseCommand):
    help = "Build the load test's synthetic council (with accounts) in the pledge_loadtest database."

    def add_arguments(self, parser):
        parser.add_argument("--young-people", type=int, default=2000)
        parser.add_argument("--years", type=int, default=5)
        parser.add_argument("--accounts-file", type=Path,
                            default=settings.BASE_DIR / "var" / "loadtest" / "accounts.json")

    def handle(self, *args, young_people, years, accounts_file, **options):
        name = connection.settings_dict["NAME"]
        if "loadtest" not in Path(str(name)).name:  # the database's own name, not a folder it sits in
            raise CommandError(f"The load test's council goes only in its own database (a name with 'loadtest', like "
                               f"pledge_loadtest), not {name!r}. Set DATABASE_URL.")
        password = os.environ.get("LOADTEST_PASSWORD", "")
        if len(password) < 10:
            raise CommandError("Set LOADTEST_PASSWORD (10 characters or more): every load-test account gets it.")
        started = time.perf_counter()
        accounts = build_loadtest_council(size=young_people, years=years, password=password)
        write_accounts(accounts, accounts_file)
        self.stdout.write(f"Built {accounts['council']}: {len(accounts['young_people'])} young people and "
                          f"{len(accounts['staff'])} staff with accounts, in {time.perf_counter() - started:.1f}s. "
                          f"Accounts: {accounts_file}")
