"""Where a page's time goes, one request at a time (no load): total, time in SQL and queries, for each page the load
test opens, against the load test's council (run loadtest/run.sh first; its database is left in place).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/pledge_loadtest .venv/bin/python loadtest/page_costs.py
"""
import json
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pledge_portal.settings")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client, override_settings  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from casework.models import User  # noqa: E402

REQUESTS = 10


def timed(client, url):
    client.get(url, secure=True)  # warm up
    totals, sql, counts = [], [], set()
    for _ in range(REQUESTS):
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            response = client.get(url, secure=True)
            totals.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (url, response.status_code)
        sql.append(sum(float(q["time"]) for q in queries.captured_queries) * 1000)
        counts.add(len(queries))
    return statistics.median(totals), statistics.median(sql), "-".join(map(str, sorted(counts)))


def main():
    accounts = json.loads((ROOT / "var" / "loadtest" / "accounts.json").read_text())
    young = accounts["young_people"][0]
    worker = next(s for s in accounts["staff"] if s["role"] != "manager" and s["caseload"])
    manager = next(s for s in accounts["staff"] if s["role"] == "manager")
    pages = [
        (young, "young person: my pledge", "/my-pledge/"), (young, "young person: my people", "/my-people/"),
        (young, "young person: call me back", "/my-pledge/call-me/"),
        (worker, "worker: worktray", "/young-people/"),
        (worker, "worker: young person's overview", f"/young-people/{worker['caseload'][0]}/"),
        (worker, "worker: log a visit", f"/young-people/{worker['caseload'][0]}/contacts/new/"),
        (manager, "manager: dashboard", "/dashboard/"), (manager, "manager: a team's view", f"/dashboard/?team={manager['team']}"),
        (manager, "manager: workers", "/dashboard/workers/"),
    ]
    print(f"{'page':36} {'median ms':>9} {'SQL ms':>7} {'queries':>8}")
    with override_settings(REQUIRE_STAFF_MFA=False, ALLOWED_HOSTS=["testserver"], DEBUG=False):
        for account, name, url in pages:
            client = Client()
            client.force_login(User.objects.get(email=account["email"]))
            total, sql, count = timed(client, url)
            print(f"{name:36} {total:9.0f} {sql:7.0f} {count:>8}")


if __name__ == "__main__":
    main()
