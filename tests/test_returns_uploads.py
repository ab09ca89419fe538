"""A manager's import in the portal (returns.uploads): upload, the dry run's preview, confirm, the import itself, its
result; bad files get the GOV.UK error summary naming file, line, column and value, and write nothing. The Celery
tasks run here, in the test (their .delay runs eagerly once the request's transaction "commits")."""
from datetime import date, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from casework.models import Placement, YoungPerson
from returns.models import ImportFile, ImportJob
from returns.ssda903.spoiling import set_cell
from returns.ssda903.synthetic import write_903
from returns.uploads.jobs import import_check_run, import_files_clear_old, import_run_run, progress_saver

from .import_helpers import after_the_year_ended  # noqa: F401  (a fixture)
from .test_pledge_version_pages import login

pytestmark = pytest.mark.django_db

END = date(2026, 3, 31)


@pytest.fixture
def eager(tasks_run_in_the_test, django_capture_on_commit_callbacks):
    """Run the on_commit callbacks of each request (and so the tasks they enqueue) at once."""
    def post(client, url, data):
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(url, data)
        return client.get(response["Location"]) if response.status_code == 302 else response
    return post


def uploads(files: dict[str, bytes]) -> list[SimpleUploadedFile]:
    return [SimpleUploadedFile(name, content, content_type="text/csv") for name, content in files.items()]


def good_files():
    return write_903(children=4, years=2, seed=11, end=END)


def imported_people(council):
    return YoungPerson.objects.filter(council=council).exclude(child_id="")


def test_a_manager_uploads_sees_the_preview_confirms_and_the_records_are_written(client, people, eager):
    manager = login(client, people.manager)
    response = eager(manager, reverse("returns_imports"), {"kind": "903", "files": uploads(good_files())})
    job = ImportJob.objects.get()
    assert response.wsgi_request.path == reverse("returns_import", args=[job.pk])
    html = response.content.decode()
    assert job.status == ImportJob.Status.CHECKED
    assert "Check what your files would change" in html
    from returns.importing.service import ImportSummary
    headline = ImportSummary.from_dict(job.preview).headline()
    assert headline in html and "Confirm and import" in html and "govuk-error-summary" not in html
    assert not imported_people(people.council).exists(), "the dry run writes nothing"

    response = eager(manager, reverse("returns_import_confirm", args=[job.pk]), {})
    job.refresh_from_db()
    assert job.status == ImportJob.Status.DONE, job.failure
    html = response.content.decode()
    assert "Your files are imported" in html and ImportSummary.from_dict(job.result).headline() in html
    assert imported_people(people.council).count() == 4
    assert Placement.objects.filter(young_person__council=people.council).exists()
    assert not ImportFile.objects.exists() and job.files_cleared_at, "the children's records are not kept"
    assert "We have deleted the files you uploaded" in html

    # Listed among the past imports; confirming again does nothing more.
    assert "Imported" in manager.get(reverse("returns_imports")).content.decode()
    eager(manager, reverse("returns_import_confirm", args=[job.pk]), {})
    import_run_run(job.pk)
    assert imported_people(people.council).count() == 4


def test_bad_files_get_the_error_summary_with_file_line_column_and_value_and_nothing_is_written(
        client, people, eager):
    files = set_cell(good_files(), "episodes.csv", 2, "DECOM", "31/02/2026")
    response = eager(login(client, people.manager), reverse("returns_imports"),
                     {"kind": "903", "files": uploads(files)})
    html = response.content.decode()
    job = ImportJob.objects.get()
    assert job.status == ImportJob.Status.CHECKED
    assert "govuk-error-summary" in html and "There is a problem with your files" in html
    assert "<title>Error:" in html
    for part in ("episodes.csv", "Line 2", "DECOM", "31/02/2026"):
        assert part in html
    assert "Confirm and import" not in html and "Upload corrected files" in html
    assert not imported_people(people.council).exists()
    assert not ImportFile.objects.exists(), "files that cannot be imported are not kept"
    # Confirming anyway (a hand-made POST) imports nothing.
    eager(login(client, people.manager), reverse("returns_import_confirm", args=[job.pk]), {})
    job.refresh_from_db()
    assert job.status == ImportJob.Status.CHECKED and not imported_people(people.council).exists()


def test_the_upload_form_says_what_is_missing(client, people):
    response = login(client, people.manager).post(reverse("returns_imports"), {})
    html = response.content.decode()
    assert response.status_code == 200 and "govuk-error-summary" in html
    assert "Choose what you are importing" in html and "Choose the files to import" in html
    assert not ImportJob.objects.exists()


def test_files_over_the_limit_are_refused_with_a_clear_error(client, people, settings, monkeypatch):
    monkeypatch.setattr("returns.uploads.forms.IMPORT_MAX_BYTES", 100)
    response = login(client, people.manager).post(
        reverse("returns_imports"), {"kind": "903", "files": uploads(good_files())})
    assert "The files must be smaller than" in response.content.decode()
    assert not ImportJob.objects.exists()


def test_the_page_shows_progress_while_importing_and_reloads_itself(client, people):
    job = ImportJob.objects.create(council=people.council, created_by=people.manager, kind="903",
                                   file_names=["header.csv"], status=ImportJob.Status.IMPORTING,
                                   stage="Writing young people", done=1200, total=5000)
    html = login(client, people.manager).get(reverse("returns_import", args=[job.pk])).content.decode()
    assert "Importing: Writing young people 1,200 of 5,000" in html
    assert 'data-reload-after-seconds="2"' in html and "See how far it has got" in html


def test_another_councils_manager_gets_a_404_and_staff_and_young_people_cannot_reach_the_pages(client, people):
    job = ImportJob.objects.create(council=people.council, created_by=people.manager, kind="903")
    assert login(client, people.elsewhere_manager).get(reverse("returns_import", args=[job.pk])).status_code == 404
    assert login(client, people.elsewhere_manager).post(
        reverse("returns_import_confirm", args=[job.pk])).status_code == 404
    for name in ("returns_imports", "returns_exports"):
        assert login(client, people.social_worker).get(reverse(name)).status_code == 403
        assert login(client, people.iro).get(reverse(name)).status_code == 403
    for name in ("returns_imports", "returns_exports"):
        assert login(client, people.young_person).get(reverse(name)).status_code == 404


def test_progress_is_saved_at_most_every_second_and_at_each_stages_start_and_end(monkeypatch):
    saved = []
    monkeypatch.setattr("returns.uploads.jobs._save_progress", lambda job_id, *args: saved.append(args))
    progress = progress_saver(1, every=3600)
    for done in range(0, 101):
        progress("Writing young people", done, 100)
    progress("Updating promises", 0, 10)
    assert saved == [("Writing young people", 0, 100), ("Writing young people", 100, 100), ("Updating promises", 0, 10)]


def test_the_tasks_do_nothing_twice(people):
    job = ImportJob.objects.create(council=people.council, created_by=people.manager, kind="903",
                                   status=ImportJob.Status.DONE)
    import_check_run(job.pk)
    import_run_run(job.pk)
    job.refresh_from_db()
    assert job.status == ImportJob.Status.DONE and job.preview is None and job.result is None


def test_a_job_whose_task_was_lost_is_sent_again(people, monkeypatch):
    from django.utils import timezone

    from returns.uploads import jobs

    sent = []
    monkeypatch.setattr(jobs.import_check, "delay", lambda job_id: sent.append(("check", job_id)))
    monkeypatch.setattr(jobs.import_run, "delay", lambda job_id: sent.append(("run", job_id)))
    checking = ImportJob.objects.create(council=people.council, created_by=people.manager, kind="903")
    importing = ImportJob.objects.create(council=people.council, created_by=people.manager, kind="903",
                                         status=ImportJob.Status.IMPORTING)
    ImportJob.objects.create(council=people.council, created_by=people.manager, kind="903",
                             status=ImportJob.Status.DONE)
    assert jobs.import_catch_up(now=timezone.now()) == 0
    assert jobs.import_catch_up(now=timezone.now() + timedelta(minutes=31)) == 2
    assert sorted(sent) == [("check", checking.pk), ("run", importing.pk)]


def test_old_unconfirmed_files_are_deleted(people):
    from django.utils import timezone

    job = ImportJob.objects.create(council=people.council, created_by=people.manager, kind="903",
                                   status=ImportJob.Status.CHECKED)
    ImportFile.objects.create(job=job, name="header.csv", content=b"CHILD")
    assert import_files_clear_old(now=timezone.now()) == 0
    assert import_files_clear_old(now=timezone.now() + timedelta(days=8)) == 1
    assert not ImportFile.objects.exists()


def test_a_manager_imports_annex_a_as_xlsx_after_the_903(client, people, eager, after_the_year_ended):
    from returns.annex_a.synthetic import write_annex_a
    from returns.importing.service import returns_import_903

    size = dict(children=5, years=2, seed=12, end=END)
    assert returns_import_903(council=people.council, files=list(write_903(**size).items()), dry_run=False).written
    manager = login(client, people.manager)
    files = write_annex_a(**size, form="xlsx")
    response = eager(manager, reverse("returns_imports"), {"kind": "annex_a", "files": [
        SimpleUploadedFile(name, content) for name, content in files.items()]})
    job = ImportJob.objects.get()
    assert job.kind == "annex_a" and job.status == ImportJob.Status.CHECKED
    assert "Annex A lists 8 and 9" in response.content.decode()
    assert "Confirm and import" in response.content.decode(), job.preview
    eager(manager, reverse("returns_import_confirm", args=[job.pk]), {})
    job.refresh_from_db()
    from returns.importing.service import ImportSummary
    assert job.status == ImportJob.Status.DONE and ImportSummary.from_dict(job.result).written


def test_beat_clears_old_files_and_catches_up_lost_tasks():
    import returns.tasks  # noqa: F401  (the worker loads it: registers the tasks)
    from pledge_portal.celery import app as celery_app

    for entry in ("clear-old-import-files", "imports-catch-up"):
        assert celery_app.conf.beat_schedule[entry]["task"] in celery_app.tasks


def test_a_problem_says_its_column_and_value_once_and_a_message_without_them_gets_them(client, people):
    from returns.importing.service import ImportSummary
    from returns.problems import Problem, problem

    summary = ImportSummary(problems=[
        problem("episodes.csv", 2, "DECOM", "31/02/2026", "DECOM is 31/02/2026, which is not a real date."),
        Problem("reviews.csv", 7, "REVIEW_CODE", "PN9", "Line 7 of reviews.csv: this is not a participation code.")])
    job = ImportJob.objects.create(council=people.council, created_by=people.manager, kind="903",
                                   status=ImportJob.Status.CHECKED, preview=summary.as_dict())
    html = login(client, people.manager).get(reverse("returns_import", args=[job.pk])).content.decode()
    assert html.count("31/02/2026") == 1
    assert "not a participation code. (column REVIEW_CODE, value “PN9”)" in html
