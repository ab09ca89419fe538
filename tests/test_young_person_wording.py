"""What a young person reads about their own people (issue 15): one number per team, and no IRO for care leavers."""
import re
from datetime import date

import pytest
from django.urls import reverse

from casework.models import LegalStatus, Role

from .factories import AllocationFactory, ContactPointFactory, TeamFactory, WorkerFactory, YoungPersonFactory
from .test_care_plans import write


@pytest.fixture
def leaver(people):
    """A care leaver whose personal adviser and advocate are both in the Learn 2 Live Team, which the council's
    published pledge also lists as its leaving care team, with the switchboard's number."""
    council = people.council
    team = TeamFactory(council=council, name="Learn 2 Live Team", duty_phone="020 7946 0000")
    adviser = WorkerFactory(council=council, team=team, name="Femi Adviser", role=Role.PERSONAL_ADVISER,
                            phone="020 7946 0001", mobile="")
    advocate = WorkerFactory(council=council, team=team, name="Ada Advocate", role=Role.ADVOCATE,
                             phone="020 7946 0003", mobile="")
    young_person = YoungPersonFactory(council=council, first_name="Amir", last_name="Hassan",
                                      date_of_birth=date(2006, 9, 9), legal_status=LegalStatus.CARE_LEAVER)
    AllocationFactory(young_person=young_person, worker=adviser)
    AllocationFactory(young_person=young_person, worker=advocate)
    ContactPointFactory(council=council, kind="leaving_care_team", name="Learn 2 Live Team", phone="0208 227 5496")
    return young_person


def test_my_people_gives_a_team_once_with_one_number(client, leaver):
    client.force_login(leaver.user)
    page = client.get(reverse("my_people")).content.decode()
    assert "020 7946 0000" in page  # the team's duty line, under "When Femi Adviser is away"
    assert "0208 227 5496" not in page  # not the same team again with another number
    # Wherever the team is named (the duty line, how to complain), it is with its one number.
    assert page.count("Learn 2 Live Team") == page.count("the Learn 2 Live Team on") >= 1
    assert "Femi Adviser" in page and "Ada Advocate" in page


def test_my_people_still_lists_a_different_leaving_care_team(client, leaver):
    ContactPointFactory(council=leaver.council, kind="leaving_care_team", name="Next Steps Service",
                        phone="01632 960999")
    client.force_login(leaver.user)
    page = client.get(reverse("my_people")).content.decode()
    assert "Next Steps Service" in page and "01632 960999" in page


def readable(html: str) -> str:
    """What a person reads: the page without its tags, so without a form's random CSRF token (once "...IROD98...")."""
    return re.sub(r"<[^>]*>", " ", html)


def _no_iro(page: str):
    page = readable(page)
    assert "IRO" not in page
    assert "Independent Reviewing Officer" not in page


@pytest.mark.parametrize("url_name", ["my_people", "my_pledge", "my_audit", "concern_new", "my_concerns"])
def test_a_care_leaver_reads_nothing_about_an_iro(client, leaver, small_pledge, url_name):
    # Even a stale IRO allocation left from their time in care does not bring the IRO card back.
    AllocationFactory(young_person=leaver, worker=WorkerFactory(council=leaver.council, role=Role.IRO))
    client.force_login(leaver.user)
    response = client.get(reverse(url_name))
    assert response.status_code == 200
    _no_iro(response.content.decode())


def test_the_care_leaver_in_the_shared_fixture_reads_nothing_about_an_iro(client, people):
    client.force_login(people.elsewhere_young_person.user)
    for url_name in ["my_people", "my_audit", "concern_new"]:
        _no_iro(client.get(reverse(url_name)).content.decode())


def test_a_child_in_care_still_reads_about_their_iro(client, people, small_pledge):
    client.force_login(people.young_person.user)
    assert "Independent Reviewing Officer" in client.get(reverse("my_people")).content.decode()
    assert "your IRO" in client.get(reverse("my_audit")).content.decode()
    assert "Independent Reviewing Officer" in client.get(reverse("concern_new")).content.decode()


def test_a_care_leavers_care_plan_speaks_to_them_and_names_no_iro(client, people):
    """Their care plan from their time in care is still theirs: in the second person, and with no IRO (care leavers
    have none) and no social worker to tell, but their personal adviser (issue 15)."""
    write(people, agreed_on=date(2025, 3, 1))
    people.young_person.legal_status = LegalStatus.CARE_LEAVER
    people.young_person.save()
    client.force_login(people.young_person.user)
    for url_name in ("my_care_plan", "my_care_plan_print"):
        page = readable(client.get(reverse(url_name)).content.decode())
        assert "What you need" in page and "Everything about you that your plan thinks about" in page
        assert "What they need" not in page and "What the plan considers" not in page
        assert "IRO" not in page and "social worker" not in page
    assert "tell your personal adviser." in client.get(reverse("my_care_plan")).content.decode()
    client.force_login(people.elsewhere_young_person.user)  # a care leaver with no care plan
    page = readable(client.get(reverse("my_care_plan")).content.decode())
    assert "your pathway plan" in page and "social worker" not in page and "IRO" not in page
