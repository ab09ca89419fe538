"""The audit walk: every page and download of the project that shows a named young person to a member of staff
leaves a trace in that young person's audit log.

The walk covers every URL pattern (the admin's included) for every member of staff of the demo cast: each page
is opened, and each download (?format=csv, ?format=html) too; for every young person whose name (first and last,
or preferred name) is in the answer, an AuditEvent for that viewer and that young person must have been written by
that very request. A new page that shows a child's name without logging it fails here; nobody has to remember to
add it. The walkers are the demo cast's staff and its superuser "admin", who has no Worker record and sees every
council's young people in the admin: a Pledge Portal administrator is logged like anyone else. Young people reading
their own pages are not logged, so they are outside the walk.
"""
import io
import re
import zipfile

import pytest
from django.contrib import admin
from django.test import Client, RequestFactory
from django.urls import get_resolver, reverse

from casework.audit.models import AuditEvent
from casework.models import User, YoungPerson

from tests.test_access_matrix import PAGES, world  # noqa: F401
from tests.test_access_matrix import walk

pytestmark = pytest.mark.django_db

STAFF = ["priya", "mark", "dan", "tom", "ruth", "helen", "grace", "admin"]
DOWNLOADS = ["", "?format=csv", "?format=html"]
# Admin pages that show no young person's data and need arguments the walk cannot make up, with why.
ADMIN_SKIPPED = {
    "view_on_site": "redirects to the object's own page, which is walked itself",
    "autocomplete": "answers JSON only for a field with autocomplete, and no admin here has one",
    "logout": "would sign the viewer out mid-walk; it shows no young person",
    "password_change_done": "a fixed message",
}


def body(response) -> str:
    if response.streaming:
        return b"".join(response.streaming_content).decode()
    return unzipped(response.content) if response.content.startswith(b"PK") else response.content.decode()


def unzipped(content: bytes) -> str:
    """A zip download (the 903 return's CSV files, Annex A's XLSX, itself a zip): the text of every file in it."""
    archive = zipfile.ZipFile(io.BytesIO(content))
    parts = [archive.read(name) for name in archive.namelist()]
    return "\n".join(unzipped(part) if part.startswith(b"PK") else part.decode("utf-8", "replace") for part in parts)


def names_shown(html: str, young_people) -> set[int]:
    shown = set()
    for young_person in young_people:
        names = [young_person.full_name] + ([young_person.preferred_name] if young_person.preferred_name else [])
        if any(re.search(rf"\b{re.escape(name)}\b", html) for name in names):
            shown.add(young_person.pk)
    return shown


def admin_urls(user) -> list[str]:
    """Every page of the admin, walked from its URL patterns; an object's pages for the first object this user's
    admin lists (a model with none for them: its list and add pages only)."""
    request = RequestFactory().get("/")
    request.user = user
    urls = []
    registered = {f"{model._meta.app_label}_{model._meta.model_name}": model_admin
                  for model, model_admin in admin.site._registry.items()}
    for route, name in walk(get_resolver().url_patterns):
        if not route.startswith("admin/") or name is None or name in ADMIN_SKIPPED:
            continue
        if "<app_label>" in route:
            urls += [reverse(f"admin:{name}", kwargs={"app_label": label})
                     for label in {m._meta.app_label for m in admin.site._registry}]
            continue
        argument = re.search(r"<(?:path:)?(\w+)>", route)
        if argument is None:
            urls.append(reverse(f"admin:{name}"))
            continue
        _admin, app_label, model_name, *_rest = route.split("/")
        model_admin = registered.get(f"{app_label}_{model_name}")
        assert model_admin is not None, f"admin page {name}: which model is it about?"
        first = model_admin.get_queryset(request).order_by("pk").first()
        if first is not None:
            urls.append(reverse(f"admin:{name}", kwargs={argument.group(1): first.pk}))
    return urls


def project_urls(world):
    urls = []
    for name, (_kind, _subject, kwargs, _allowed) in PAGES.items():
        url = reverse(name, kwargs=kwargs(world) if kwargs else None)
        urls += [url + download for download in DOWNLOADS]
    return urls


def admin_history(user):
    """The admin's history of a change to every record it shows this user, as the admin writes it: the admin's
    front page ("Recent actions") and each record's history page list them."""
    request = RequestFactory().post("/admin/")
    request.user = user
    for model_admin in admin.site._registry.values():
        first = model_admin.get_queryset(request).order_by("pk").first()
        if first is not None:
            model_admin.log_change(request, first, [{"changed": {"fields": ["a field"]}}])


def test_every_page_and_download_that_shows_staff_a_young_persons_name_is_in_that_young_persons_audit_log(world):
    young_people = list(YoungPerson.objects.all())
    for person in STAFF:
        admin_history(User.objects.get(email=f"{person}@demo.pledgeportal.test"))
    missing = []
    looked = 0
    downloads_naming_someone = 0
    for person in STAFF:
        user = User.objects.get(email=f"{person}@demo.pledgeportal.test")
        client = Client()
        client.force_login(user)
        for url in project_urls(world) + admin_urls(user):
            before = AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
            response = client.get(url)
            if response.status_code != 200:
                continue
            looked += 1
            shown = names_shown(body(response), young_people)
            downloads_naming_someone += bool(shown and response.has_header("Content-Disposition"))
            logged = set(AuditEvent.objects.filter(pk__gt=before, user=user).values_list("young_person_id", flat=True))
            if shown - logged:
                names = sorted(yp.full_name for yp in young_people if yp.pk in shown - logged)
                missing.append(f"{person} {url}: {', '.join(names)}")
    print(f"\nAudit walk: {looked} pages and downloads answered 200 to staff, "
          f"{downloads_naming_someone} downloads named someone")
    assert downloads_naming_someone, "the walk reached no download with a name in it: is the demo world complete?"
    assert missing == [], "shown but not logged:\n" + "\n".join(missing)
