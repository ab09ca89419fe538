"""The manager's downloads of the SSDA903 return and Annex A lists 8 and 9 (returns.uploads.views): a zip of the
files the export services write, and a trace in the audit log of every young person in them."""
import io
import zipfile
from datetime import date

import pytest
from django.urls import reverse

from casework.audit.models import AuditEvent
from returns.importing.service import returns_import_903
from returns.ssda903.synthetic import write_903

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


def test_the_903_download_is_a_zip_of_the_returns_csv_files_and_each_young_person_in_it_is_audited(
        client, people, imported):
    from returns.exporting.service import returns_export_young_person_ids

    response = login(client, people.manager).get(reverse("returns_export_903"))
    assert response.status_code == 200 and response["Content-Type"] == "application/zip"
    assert response["Content-Disposition"].startswith('attachment; filename="ssda903-everything-')
    files = zipped(response)
    assert "header.csv" in files and files["header.csv"].decode("utf-8-sig").startswith("CHILD,")
    ids = set(returns_export_young_person_ids(council=people.council, year=None))
    assert ids
    logged = set(AuditEvent.objects.filter(user=people.manager.user, action=AuditEvent.Action.EXPORT)
                 .values_list("young_person_id", flat=True))
    assert logged == ids


def test_a_years_903_download_and_a_year_that_is_not_one(client, people, imported):
    manager = login(client, people.manager)
    response = manager.get(reverse("returns_export_903") + "?year=2026")
    assert response.status_code == 200 and "header.csv" in zipped(response)
    assert manager.get(reverse("returns_export_903") + "?year=soon").status_code == 404


@pytest.mark.parametrize("form", ["csv", "xlsx"])
def test_annex_a_downloads_in_either_format_and_is_audited(client, people, imported, form):
    response = login(client, people.manager).get(reverse("returns_export_annex_a") + f"?form={form}")
    assert response.status_code == 200
    names = list(zipped(response))
    assert names and all(name.endswith(f".{form}") for name in names)
    assert AuditEvent.objects.filter(user=people.manager.user, action=AuditEvent.Action.EXPORT).exists()


def test_another_council_downloads_only_its_own(client, people, imported):
    response = login(client, people.elsewhere_manager).get(reverse("returns_export_903"))
    assert response.status_code == 200
    header = zipped(response).get("header.csv", b"").decode("utf-8-sig")
    assert header.count("\n") <= 1, "no child of the other council"
    assert not AuditEvent.objects.filter(user=people.elsewhere_manager.user, young_person__council=people.council)
