"""Pledge Portal under load: young people, workers and managers of a council of 2,000 (manage.py loadtest_council).

    loadtest/run.sh     starts PostgreSQL's database, gunicorn, Celery and runs this, headless (see README)

Six in ten simulated people are young people (their pledge, the people in their life, asking for a call-back), three
in ten workers (their worktray, a young person's overview, logging a visit) and one in ten managers (the dashboard,
a team's view of it, the workers page). Each signs in once, through allauth's form (staff with a code from their
authenticator app), to an account of their own, then keeps using the portal with a pause between pages.
"""
import json
import os
import random
import time
from datetime import date
from urllib.parse import urlsplit

from locust import HttpUser, between, events, task

from loadtest.portal import BehindHttpsProxyJar, csrf_token, next_account, own_address, proxy_headers, sign_in

PASSWORD = os.environ.get("LOADTEST_PASSWORD", "")
SAMPLES_FILE = os.environ.get("LOADTEST_SAMPLES", "")  # every request, for loadtest/summary.py's exact percentiles
samples: list[tuple] = []
signed_in_at: list[float] = []


@events.request.add_listener
def keep_sample(request_type, name, response_time, response_length, exception=None, start_time=None, **kwargs):
    samples.append((start_time or time.time(), name, round(response_time, 1), exception is None,
                    "" if exception is None else str(exception)[:200]))


@events.quitting.add_listener
def write_samples(environment, **kwargs):
    if SAMPLES_FILE:
        with open(SAMPLES_FILE, "w", encoding="utf-8") as out:
            json.dump({"signed_in_at": signed_in_at, "samples": samples}, out)


class PortalUser(HttpUser):
    abstract = True
    wait_time = between(1, 5)  # reading the page, or typing, before the next
    kind = ""  # which accounts (loadtest.portal.next_account)

    def on_start(self):
        self.client.cookies = BehindHttpsProxyJar()
        self.client.headers.update(proxy_headers(urlsplit(self.host).netloc, own_address()))
        self.account = next_account(self.kind)
        if not sign_in(self.client, PASSWORD, self.account):
            self.stop()  # the failure is counted; carrying on would only fail every page
            return
        signed_in_at.append(time.time())

    def page(self, url: str, name: str):
        """Open a page; a failure unless it answers 200 without sending the person back to sign in."""
        with self.client.get(url, name=name, catch_response=True) as answer:
            if answer.status_code != 200 or "/accounts/login/" in answer.url:
                answer.failure(f"{answer.status_code} at {answer.url}")
            return answer


class YoungPersonUser(PortalUser):
    weight = 6
    kind = "young_people"

    @task(5)
    def my_pledge(self):
        self.page("/my-pledge/", "young person: my pledge")

    @task(3)
    def my_people(self):
        self.page("/my-people/", "young person: my people")

    @task(1)
    def ask_for_a_call_back(self):
        """One open request at a time: once asked, the page shows how it is going, and there is nothing to post."""
        page = self.page("/my-pledge/call-me/", "young person: call me back")
        if 'name="phone"' not in page.text:
            return  # already asked
        with self.client.post("/my-pledge/call-me/", name="young person: call me back (POST)", catch_response=True,
                              data={"csrfmiddlewaretoken": csrf_token(page.text) or "", "phone": "07700 900982",
                                    "message": "Can you ring me about college?", "best_time": "after 4pm"}) as answer:
            if answer.status_code != 200 or 'name="phone"' in answer.text:
                answer.failure(f"call-back not saved ({answer.status_code})")


class WorkerUser(PortalUser):
    weight = 3
    kind = "caseholders"

    @task(4)
    def worktray(self):
        self.page("/young-people/", "worker: worktray")

    @task(4)
    def overview(self):
        self.page(f"/young-people/{random.choice(self.account['caseload'])}/", "worker: young person's overview")

    @task(1)
    def log_a_visit(self):
        today = date.today()
        url = f"/young-people/{random.choice(self.account['caseload'])}/contacts/new/"
        form = self.page(url, "worker: log a visit")
        with self.client.post(url, name="worker: log a visit (POST)", catch_response=True, data={
            "csrfmiddlewaretoken": csrf_token(form.text) or "", "happened_on_0": today.day,
            "happened_on_1": today.month, "happened_on_2": today.year, "kind": "visit_home", "seen_alone": "yes",
            "note": "Load test visit"}) as answer:
            if answer.status_code != 200 or urlsplit(answer.url).path != "/young-people/":
                answer.failure(f"visit not saved ({answer.status_code} at {answer.url})")


class ManagerUser(PortalUser):
    weight = 1
    kind = "managers"

    @task(3)
    def dashboard(self):
        self.page("/dashboard/", "manager: dashboard")

    @task(2)
    def team_view(self):
        self.page(f"/dashboard/?team={self.account['team']}", "manager: a team's view")

    @task(2)
    def workers(self):
        self.page("/dashboard/workers/", "manager: workers")

