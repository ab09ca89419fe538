"""A manager imports the council's SSDA903 files in a browser: from the dashboard to Import records, the upload, the
preview with its headline, confirm, the result; and a bad file gets the GOV.UK error summary naming the file, line,
column and value, with no way to import. axe on every page. The Celery tasks run eagerly, in the live server."""
from datetime import date

import pytest

from casework.models import Role, YoungPerson
from returns.ssda903.spoiling import set_cell
from returns.ssda903.synthetic import write_903

from .browser import assert_accessible, sign_in
from .conftest import PASSWORD
from .factories import CouncilFactory, TeamFactory, UserFactory, WorkerFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def manager(transactional_db, tasks_run_in_the_test):
    council = CouncilFactory(name="Testshire Council", short_name="Testshire")
    team = TeamFactory(council=council, name="Children in Care Team")
    return WorkerFactory(council=council, team=team, role=Role.MANAGER, name="Mo Manager",
                         user=UserFactory(email="mo@example.test"))


def upload(page, base_url, files: dict[str, bytes]):
    page.goto(f"{base_url}/dashboard/")
    page.get_by_role("link", name="Import records").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", name="Import records").is_visible()
    assert_accessible(page)
    page.get_by_label("SSDA903 return").check()
    page.get_by_label("Upload the files").set_input_files(
        [{"name": name, "mimeType": "text/csv", "buffer": content} for name, content in files.items()])
    page.get_by_role("button", name="Check the files").click()
    page.wait_for_load_state()


def test_a_manager_uploads_the_903_sees_the_preview_confirms_and_reads_the_result(live_server, browser, manager):
    page = browser.new_context(viewport={"width": 1024, "height": 900}).new_page()
    sign_in(page, live_server.url, "mo@example.test", PASSWORD)
    upload(page, live_server.url, write_903(children=3, years=1, seed=21, end=date(2026, 3, 31)))
    assert page.get_by_role("heading", name="Check what your files would change").is_visible()
    assert page.get_by_text("3 young people new").is_visible()
    assert not YoungPerson.objects.filter(council=manager.council).exists()
    assert_accessible(page)

    page.get_by_role("button", name="Confirm and import").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", name="Your files are imported").is_visible()
    assert_accessible(page)
    assert YoungPerson.objects.filter(council=manager.council).count() == 3

    page.get_by_role("link", name="Back to Import records").click()
    page.wait_for_load_state()
    assert page.get_by_role("cell", name="Imported").is_visible()
    assert_accessible(page)


def test_a_bad_file_shows_the_error_summary_and_cannot_be_imported(live_server, browser, manager):
    files = set_cell(write_903(children=3, years=1, seed=21, end=date(2026, 3, 31)), "episodes.csv", 2, "DECOM",
                     "31/02/2026")
    page = browser.new_context(viewport={"width": 1024, "height": 900}).new_page()
    sign_in(page, live_server.url, "mo@example.test", PASSWORD)
    upload(page, live_server.url, files)
    summary = page.get_by_role("alert")
    assert summary.is_visible() and "There is a problem with your files" in summary.inner_text()
    for part in ("episodes.csv", "Line 2", "DECOM", "31/02/2026"):
        assert part in summary.inner_text()
    assert page.get_by_role("button", name="Confirm and import").count() == 0
    assert page.get_by_role("button", name="Upload corrected files").is_visible()
    assert_accessible(page)
    assert not YoungPerson.objects.filter(council=manager.council).exists()


def test_a_manager_opens_the_downloads_page(live_server, browser, manager):
    page = browser.new_context(viewport={"width": 1024, "height": 900}).new_page()
    sign_in(page, live_server.url, "mo@example.test", PASSWORD)
    page.goto(f"{live_server.url}/dashboard/")
    page.get_by_role("link", name="Download the SSDA903 return and Annex A").click()
    page.wait_for_load_state()
    assert page.get_by_label("Which year?").is_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Prepare the SSDA903 return").click()
    page.wait_for_load_state()
    # The task runs eagerly here, so the job page finds it ready (in production it says "Preparing your download"
    # and reloads itself until it is).
    assert page.get_by_role("heading", name="Your download is ready").is_visible()
    assert_accessible(page)
    with page.expect_download() as download:
        page.get_by_role("link", name="Download ssda903-everything-").click()
    assert download.value.suggested_filename.startswith("ssda903-everything-")
    page.get_by_role("link", name="Back to the downloads").click()
    page.wait_for_load_state()
    assert page.get_by_role("cell", name="Ready to download").is_visible()
    assert_accessible(page)
