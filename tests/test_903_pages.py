"""Every page still reads well for a child imported from the council's SSDA903 return: no name (they are "Child" and
the council's id), and records from the council's own files with no worker or IRO ("From the council's records").

The access matrix's walk (tests/test_access_matrix.py) is run again over the demo cast with Jade made such a child:
every page gives every person the same answer as before, so none fails on a missing name, worker or IRO.
"""
import pytest
from django.test import Client
from django.urls import reverse

from casework.models import Contact, HealthCheck, Placement, YoungPerson
from reviews.models import Review

from tests.test_access_matrix import actual_matrix, expected, login
from tests.test_access_matrix import world  # noqa: F401

pytestmark = pytest.mark.django_db
CHILD_ID = "0566910"


@pytest.fixture(scope="module")
def imported(world, django_db_blocker):  # noqa: F811
    """The demo cast with Jade as an imported child: no name, her records from the council's files."""
    with django_db_blocker.unblock():
        jade = world.subject["in_care"]
        YoungPerson.objects.filter(pk=jade.pk).update(first_name="", last_name="", preferred_name="",
                                                      child_id=CHILD_ID, sex="F", ethnicity="WBRI")
        Placement.objects.filter(young_person=jade).update(recorded_by=None, carer_or_home="", rne="P")
        Review.objects.filter(young_person=jade).update(iro=None)
        HealthCheck.objects.filter(young_person=jade).update(recorded_by=None)
        Contact.objects.filter(young_person=jade).update(worker=None)
        jade.refresh_from_db()
    return world


def test_every_page_gives_everyone_the_same_answer_for_a_child_with_no_name_and_no_workers_on_record(imported):
    actual = actual_matrix(imported)
    wrong = {cell: (status, expected(*cell)) for cell, status in actual.items() if status != expected(*cell)}
    assert wrong == {}, "cell: (actual, expected)"


@pytest.mark.parametrize(("page", "words"), [
    ("young_person_pledge", [f"Child {CHILD_ID}"]),
    ("placement_list", [f"Child {CHILD_ID}", "From the council's records"]),
    ("review_list", [f"Child {CHILD_ID}", "From the council's records"]),
    ("health_checks", [f"Child {CHILD_ID}"]),
])
def test_staff_see_the_child_by_the_councils_id_and_records_as_the_councils(imported, page, words):
    client: Client = login("priya")
    html = client.get(reverse(page, kwargs={"pk": imported.subject["in_care"].pk})).content.decode().replace("&#x27;", "'")
    missing = [word for word in words if word not in html]
    assert missing == []
    assert "None" not in html.replace("govuk-!-display-none", "")
