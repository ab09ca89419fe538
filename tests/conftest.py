"""Shared fixtures. `people` is the cast every access test uses: who should and should not see what."""
import os
import shutil
from types import SimpleNamespace

import pytest
from celery.result import allow_join_result
from django.db import connections
from django.db.models.signals import post_migrate
from django.dispatch import receiver

from casework.models import LegalStatus, Role
from pledge_portal.celery import app as celery_app

from .factories import (
    AllocationFactory,
    CouncilFactory,
    PledgeFactory,
    PromiseFactory,
    SectionFactory,
    TeamFactory,
    WorkerFactory,
    YoungPersonFactory,
)

# Playwright's sync API runs an event loop in the test thread; Django's ORM refuses to run inside one
# unless told it is safe (it is: the test thread is the only one using this connection).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

PASSWORD = "correct-horse-battery"


@receiver(post_migrate)
def summaries_emptied_after_a_flush(sender, using="default", **kwargs):
    """A transactional test ends with Django's flush, which emits post_migrate. On SQLite the flush is a DELETE per
    table in no set order: a summary table emptied before the rows it counts is left with the triggers' -1s for
    those rows, and the next test would see them. (PostgreSQL's flush is one TRUNCATE, which fires no trigger; a
    council's own database is never flushed.) Once per flush, not per test."""
    if sender.label != "pledges" or connections[using].vendor != "sqlite":
        return
    with connections[using].cursor() as cursor:
        for table in ("pledges_groupmember", "pledges_groupdaycount", "pledges_ledgerdaycount",
                      "pledges_feedbackdaycount"):
            cursor.execute(f"DELETE FROM {table}")

# Every app's tasks module, as a worker imports them on start (autodiscovery is lazy): a test that looks a task up
# by name must not depend on another test module having imported it first.
celery_app.autodiscover_tasks(force=True)


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Real hashing is slow on purpose; tests create many users."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def ledger_recompute_at_once(settings):
    """A council's ledger is rebuilt by a Celery task in production (pledges.ledger.runs). The tests' database
    transaction never commits, so on_commit would never enqueue it: here it is rebuilt at once, in the same
    transaction, and a test that asserts rows right after publishing sees them. Tests of the task set it True."""
    settings.PLEDGE_LEDGER_RECOMPUTE_IN_BACKGROUND = False


@pytest.fixture
def people(db):
    """Two councils; in the first, a young person with a social worker, IRO and manager, and another
    young person on someone else's caseload; in the second, a young person and a manager."""
    council = CouncilFactory(name="Testshire Council", short_name="Testshire", phone="01632 960100")
    team = TeamFactory(council=council, name="Children in Care Team", duty_phone="01632 960200")
    social_worker = WorkerFactory(council=council, team=team, name="Sita Worker", role=Role.SOCIAL_WORKER,
                                  phone="01632 960301", mobile="07700 900301")
    other_worker = WorkerFactory(council=council, team=team, name="Olu Otherworker", role=Role.SOCIAL_WORKER)
    iro = WorkerFactory(council=council, team=None, name="Ines Reviewer", role=Role.IRO)
    manager = WorkerFactory(council=council, team=team, name="Mo Manager", role=Role.MANAGER)
    young_person = YoungPersonFactory(council=council, first_name="Robin", last_name="Ash", preferred_name="Rob")
    AllocationFactory(young_person=young_person, worker=social_worker)
    AllocationFactory(young_person=young_person, worker=iro)
    other_young_person = YoungPersonFactory(council=council, first_name="Sky", last_name="Birch")
    AllocationFactory(young_person=other_young_person, worker=other_worker)

    elsewhere = CouncilFactory(name="Otherborough Council", short_name="Otherborough")
    elsewhere_manager = WorkerFactory(council=elsewhere, role=Role.MANAGER, name="Eve Elsewhere")
    elsewhere_young_person = YoungPersonFactory(council=elsewhere, first_name="Jo", last_name="Cedar",
                                                legal_status=LegalStatus.CARE_LEAVER)
    return SimpleNamespace(
        council=council, team=team, social_worker=social_worker, other_worker=other_worker, iro=iro,
        manager=manager, young_person=young_person, other_young_person=other_young_person,
        elsewhere=elsewhere, elsewhere_manager=elsewhere_manager, elsewhere_young_person=elsewhere_young_person,
    )


@pytest.fixture
def manager_client(client, people):
    """The first council's manager in the admin: staff, with every casework permission."""
    from django.contrib.auth.models import Permission

    user = people.manager.user
    user.is_staff = True
    user.save()
    user.user_permissions.set(Permission.objects.filter(content_type__app_label="casework"))
    client.force_login(user)
    return client


@pytest.fixture
def small_pledge(people):
    """A pledge for the first council with care, leaving-care and shared promises."""
    pledge = PledgeFactory(council=people.council, title="Testshire's Pledge")
    care = SectionFactory(pledge=pledge, order=1, title="Your Social Worker", applies_to="in_care")
    PromiseFactory(section=care, order=1, text="Your social worker will be in touch at least every 6 weeks")
    leaving = SectionFactory(pledge=pledge, order=2, title="Leaving Care", applies_to="care_leaver")
    PromiseFactory(section=leaving, order=1, text="We will stay in touch with you until you are 25 years old")
    shared = SectionFactory(pledge=pledge, order=3, title="Worries", applies_to="both")
    PromiseFactory(section=shared, order=1, text="We will work hard to sort out any problems or worries")
    return pledge


@pytest.fixture
def tasks_run_in_the_test():
    """Notifications enqueue their emails with deliver_email.delay(); here they run at once, in this process."""
    before = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True
    # Eager calls flip a process-wide "joins would block" flag and set it back after; two threads doing it
    # at once (the concurrent sweeps) can leave it set, and later tests' result.get() would then refuse.
    # allow_join_result() puts it back as it was when the test began.
    with allow_join_result():
        yield
    celery_app.conf.task_always_eager = before


@pytest.fixture(scope="session")
def chromium_path():
    path = shutil.which("chromium")
    assert path, "Debian's chromium is needed for the browser tests: apt-get install chromium"
    return path


@pytest.fixture(scope="session")
def browser(chromium_path):
    from playwright.sync_api import sync_playwright

    from .browser import CHROMIUM_ARGS

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def phone_page(browser):
    from .browser import PHONE

    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    page = context.new_page()
    yield page
    context.close()


def pytest_terminal_summary(terminalreporter):
    """How many submissions the property-based form tests (tests/form_properties.py) sent in this run."""
    import sys

    properties = sys.modules.get("tests.form_properties")
    if properties is not None and properties.CASES["run"]:
        terminalreporter.write_line(f"hypothesis form cases: {properties.CASES['run']}")
