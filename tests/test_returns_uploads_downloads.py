"""The manager's downloads of the SSDA903 return and Annex A lists 8 and 9 (returns.downloads): "Prepare" saves an
ExportJob and does no export work; the Celery task (run here, in the test) builds the zip; the download gives it
and writes a trace in the audit log of every young person in it; the zips are deleted after a day."""
import csv
import io
import zipfile
from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from casework.models import YoungPerson
from casework.audit.models import AuditEvent
from returns.downloads.jobs import export_build_run, export_catch_up, export_files_clear_old
from returns.exporting.service import returns_export_young_person_ids
from returns.exporting.ssda903 import child_id_for
from returns.importing.service import returns_import_903
from returns.models import ExportJob
from returns.ssda903.synthetic import write_903
from returns.uploads.jobs import import_files_clear_old_task

from .test_pledge_version_pages import login

pytestmark = pytest.mark.django_db


@pytest.fixture
def imported(people):
    summary = returns_import_903(council=people.council, files=list(
        write_903(children=3, years=1, seed=5, end=date(2026, 3, 31)).items()), dry_run=False)
    assert summary.written and not summary.has_errors
    return summary


def zipped(response) -> dict[str, bytes]:
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    return {name: archive.read(name) for name in archive.namelist()}


def exported(user):
    return set(AuditEvent.objects.filter(user=user, action=AuditEvent.Action.EXPORT)
               .values_list("young_person_id", flat=True))


def prepare(client, name, data, django_capture_on_commit_callbacks):
    """POST "Prepare the download": the request only saves the job; its task runs once the request has answered."""
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client.post(reverse(name), data)
    job = ExportJob.objects.latest("pk")
    assert response.status_code == 302 and response["Location"] == reverse("returns_export", args=[job.pk])
    assert job.status == ExportJob.Status.BUILDING and job.content is None and not job.young_person_ids, \
        "the request that prepares does no export work"
    assert len(callbacks) == 1
    html = client.get(response["Location"]).content.decode()
    assert "Preparing your download" in html and "data-reload-after-seconds" in html
    export_build_run(job.pk)  # the Celery task, as the worker runs it
    job.refresh_from_db()
    return job


def test_the_903_is_prepared_by_the_task_then_downloaded_and_each_young_person_in_it_is_audited(
        client, people, imported, django_capture_on_commit_callbacks):
    manager = login(client, people.manager)
    job = prepare(manager, "returns_export_903", {"year": ""}, django_capture_on_commit_callbacks)
    assert job.status == ExportJob.Status.READY and job.content
    assert not exported(people.manager.user), "nobody is audited until the zip is downloaded"
    html = manager.get(reverse("returns_export", args=[job.pk])).content.decode()
    assert "Your download is ready" in html and "24 hours" in html
    assert reverse("returns_export_download", args=[job.pk]) in html

    response = manager.get(reverse("returns_export_download", args=[job.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/zip"
    assert response["Content-Disposition"].startswith('attachment; filename="ssda903-everything-')
    files = zipped(response)
    assert "header.csv" in files and files["header.csv"].decode("utf-8-sig").startswith("CHILD,")
    ids = set(returns_export_young_person_ids(council=people.council, year=None))
    assert ids and set(job.young_person_ids) == ids
    assert exported(people.manager.user) == ids
    assert "SSDA903 return, everything" in manager.get(reverse("returns_exports")).content.decode()


def test_a_years_903_and_a_year_that_is_not_one(client, people, imported, django_capture_on_commit_callbacks):
    manager = login(client, people.manager)
    job = prepare(manager, "returns_export_903", {"year": "2026"}, django_capture_on_commit_callbacks)
    assert job.year == 2026 and job.file_name.startswith("ssda903-2026-")
    assert "header.csv" in zipped(manager.get(reverse("returns_export_download", args=[job.pk])))
    assert manager.post(reverse("returns_export_903"), {"year": "soon"}).status_code == 404


@pytest.mark.parametrize("form", ["csv", "xlsx"])
def test_annex_a_in_either_format_is_prepared_downloaded_and_audited(
        client, people, imported, form, django_capture_on_commit_callbacks):
    manager = login(client, people.manager)
    job = prepare(manager, "returns_export_annex_a", {"form": form}, django_capture_on_commit_callbacks)
    response = manager.get(reverse("returns_export_download", args=[job.pk]))
    files = zipped(response)
    assert files and all(name.endswith(f".{form}") for name in files)
    assert exported(people.manager.user) == set(job.young_person_ids) != set()
    if form == "csv":
        # Exactly the young people on the lists are told their record was downloaded: nobody more, nobody less.
        on_lists = {row["Child Unique ID"] for content in files.values()
                    for row in csv.DictReader(io.StringIO(content.decode("utf-8-sig")))}
        audited = {child_id_for(pk, child_id) for pk, child_id in
                   YoungPerson.objects.filter(pk__in=job.young_person_ids).values_list("pk", "child_id")}
        assert audited == on_lists
    assert manager.post(reverse("returns_export_annex_a"), {"form": "pdf"}).status_code == 404


def test_another_council_prepares_only_its_own_and_cannot_open_this_ones(
        client, people, imported, django_capture_on_commit_callbacks):
    job = prepare(login(client, people.manager), "returns_export_903", {}, django_capture_on_commit_callbacks)
    other = login(client, people.elsewhere_manager)
    for name in ("returns_export", "returns_export_download"):
        assert other.get(reverse(name, args=[job.pk])).status_code == 404
    theirs = prepare(other, "returns_export_903", {}, django_capture_on_commit_callbacks)
    header = zipped(other.get(reverse("returns_export_download", args=[theirs.pk]))).get("header.csv", b"")
    assert header.decode("utf-8-sig").count("\n") <= 1, "no child of the other council"
    assert not AuditEvent.objects.filter(user=people.elsewhere_manager.user, young_person__council=people.council)


def test_staff_who_are_not_managers_and_young_people_are_refused(client, people):
    job = ExportJob.objects.create(council=people.council, created_by=people.manager, kind="903",
                                   status=ExportJob.Status.READY, content=b"PK", file_name="x.zip")
    for person, status in ((people.social_worker, 403), (people.iro, 403), (people.young_person, 404)):
        user = login(client, person)
        assert user.get(reverse("returns_exports")).status_code == status
        assert user.post(reverse("returns_export_903")).status_code == status
        assert user.post(reverse("returns_export_annex_a"), {"form": "csv"}).status_code == status
        assert user.get(reverse("returns_export", args=[job.pk])).status_code == status
        assert user.get(reverse("returns_export_download", args=[job.pk])).status_code == status
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.EXPORT).exists()
    assert ExportJob.objects.count() == 1


def test_the_task_builds_once_and_a_lost_one_is_sent_again(people, imported, monkeypatch):
    from returns.downloads import jobs

    job = ExportJob.objects.create(council=people.council, created_by=people.manager, kind="903")
    export_build_run(job.pk)
    job.refresh_from_db()
    finished, content = job.finished_at, bytes(job.content)
    export_build_run(job.pk)  # delivered twice (acks_late): a ready job does nothing
    job.refresh_from_db()
    assert job.finished_at == finished and bytes(job.content) == content

    sent = []
    monkeypatch.setattr(jobs.export_build, "delay", lambda job_id: sent.append(job_id))
    building = ExportJob.objects.create(council=people.council, created_by=people.manager, kind="903")
    assert export_catch_up(now=timezone.now()) == 0
    assert export_catch_up(now=timezone.now() + timedelta(minutes=31)) == 1 and sent == [building.pk]


def test_the_zips_are_deleted_after_a_day_by_the_import_files_clearing_task(client, people):
    job = ExportJob.objects.create(council=people.council, created_by=people.manager, kind="903",
                                   status=ExportJob.Status.READY, content=b"PK", file_name="x.zip",
                                   finished_at=timezone.now() - timedelta(hours=2), young_person_ids=[1])
    assert export_files_clear_old(now=timezone.now()) == 0
    ExportJob.objects.filter(pk=job.pk).update(finished_at=timezone.now() - timedelta(hours=25))
    assert import_files_clear_old_task() == 1
    job.refresh_from_db()
    assert job.content is None and job.content_cleared_at and job.young_person_ids == [1]
    manager = login(client, people.manager)
    assert manager.get(reverse("returns_export_download", args=[job.pk])).status_code == 404
    assert "This download has been deleted" in manager.get(reverse("returns_export", args=[job.pk])).content.decode()


def test_a_build_that_breaks_fails_the_job_and_says_so(client, people, monkeypatch):
    import returns.exporting.service as service

    def broken(**_kwargs):
        raise RuntimeError("the export broke")
    monkeypatch.setattr(service, "returns_export_903", broken)
    job = ExportJob.objects.create(council=people.council, created_by=people.manager, kind="903")
    export_build_run(job.pk)
    job.refresh_from_db()
    assert job.status == ExportJob.Status.FAILED and job.content is None and job.finished_at
    html = login(client, people.manager).get(reverse("returns_export", args=[job.pk])).content.decode()
    assert "Your download was not prepared" in html and "Something went wrong" in html
