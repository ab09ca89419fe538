"""Education: PEPs, work experience and EET statuses recorded by staff, refused when impossible, and shown to
the young person on "Your education"."""
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from casework.models import EducationStatus, PersonalEducationPlan, Role, WorkExperienceOffer

from .factories import AllocationFactory, WorkerFactory

pytestmark = pytest.mark.django_db
TODAY = datetime(2026, 11, 23, 10, tzinfo=ZoneInfo("Europe/London"))


def pep_form(day="2", month="11", year="2026", **extra):
    return {"reviewed_on_0": day, "reviewed_on_1": month, "reviewed_on_2": year, "school": "Hill Park Academy",
            "young_person_involved": "yes", "targets": "Read one book a month.\nGet to school on time.", **extra}


def offer_form(day="2", month="11", year="2026", **extra):
    return {"offered_on_0": day, "offered_on_1": month, "offered_on_2": year,
            "description": "A week at Ash Garage", "taken_up": "not_yet", **extra}


def status_form(day="2", month="11", year="2026", **extra):
    return {"recorded_on_0": day, "recorded_on_1": month, "recorded_on_2": year, "status": "apprenticeship",
            "where": "Testshire Motors", **extra}


@pytest.fixture
def sixteen(people):
    """Robin, aged 17."""
    people.young_person.date_of_birth = date(2009, 5, 1)
    people.young_person.save()
    return people.young_person


def _url(name, people):
    return reverse(name, args=[people.young_person.pk])


@time_machine.travel(TODAY, tick=False)
def test_a_worker_records_a_pep_and_sees_it_on_the_education_page(client, people):
    client.force_login(people.social_worker.user)
    form_html = client.get(_url("pep_new", people)).content.decode()
    assert "Record a PEP meeting" in form_html and "Was the young person involved?" in form_html
    assert _url("education", people) in form_html  # the back link
    response = client.post(_url("pep_new", people), pep_form())
    assert response.status_code == 302 and response["Location"] == _url("education", people)
    pep = PersonalEducationPlan.objects.get()
    assert (pep.young_person, pep.recorded_by, pep.reviewed_on, pep.young_person_involved) == \
        (people.young_person, people.social_worker, date(2026, 11, 2), True)
    html = client.get(_url("education", people)).content.decode()
    assert "PEP meeting on 2 November 2026" in html and "Hill Park Academy" in html
    assert "Read one book a month.<br>Get to school on time." in html


@time_machine.travel(TODAY, tick=False)
def test_peps_are_listed_latest_first(client, people):
    for day, school in [(3, "Older School"), (20, "Newest School"), (10, "Middle School")]:
        PersonalEducationPlan.objects.create(young_person=people.young_person, recorded_by=people.social_worker,
                                             reviewed_on=date(2026, 1, day), school=school,
                                             young_person_involved=False, targets="T")
    client.force_login(people.social_worker.user)
    html = client.get(_url("education", people)).content.decode()
    assert html.index("Newest School") < html.index("Middle School") < html.index("Older School")


@pytest.mark.parametrize(("taken_up", "saved", "shown"), [("yes", True, "Taken up: yes"), ("no", False, "Taken up: no"),
                                                          ("not_yet", None, "Taken up: not yet")])
@time_machine.travel(TODAY, tick=False)
def test_a_worker_records_a_work_experience_offer(client, people, taken_up, saved, shown):
    client.force_login(people.social_worker.user)
    response = client.post(_url("work_experience_new", people), offer_form(taken_up=taken_up))
    assert response.status_code == 302
    offer = WorkExperienceOffer.objects.get()
    assert (offer.offered_on, offer.description, offer.taken_up) == (date(2026, 11, 2), "A week at Ash Garage", saved)
    html = client.get(_url("education", people)).content.decode()
    assert "A week at Ash Garage" in html and shown in html


@time_machine.travel(TODAY, tick=False)
def test_a_worker_records_what_a_17_year_old_is_doing(client, people, sixteen):
    client.force_login(people.social_worker.user)
    assert client.post(_url("education_status_new", people), status_form()).status_code == 302
    status = EducationStatus.objects.get()
    assert (status.young_person, status.status, status.where) == (sixteen, "apprenticeship", "Testshire Motors")
    html = client.get(_url("education", people)).content.decode()
    assert "Apprenticeship or traineeship: Testshire Motors" in html
    assert reverse("education_status_new", args=[sixteen.pk]) in html


@time_machine.travel(TODAY, tick=False)
def test_the_education_page_offers_no_eet_status_under_16(client, people):
    client.force_login(people.social_worker.user)
    html = client.get(_url("education", people)).content.decode()
    assert "This is for young people aged 16 or over." in html
    assert _url("education_status_new", people) not in html
    assert _url("pep_new", people) in html and _url("work_experience_new", people) in html


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (pep_form("24", "11", "2026"), "The date of the PEP meeting must be today or in the past."),
        (pep_form("1", "1", "2010"), "must be after the young person&#x27;s date of birth."),
        (pep_form("31", "5", "2022"), "must be on or after the day they came into care (1 June 2022)."),
        (pep_form("30", "2", "2026"), "The date must be a real date"),
        (pep_form("", "", ""), "Enter the date of the PEP meeting"),
        (pep_form(school=""), "Enter the name of the school"),
        (pep_form(young_person_involved=""), "Select whether the young person was involved"),
        (pep_form(targets=""), "Enter the targets agreed at the meeting"),
    ],
)
@time_machine.travel(TODAY, tick=False)
def test_an_impossible_pep_gets_a_clear_error_and_nothing_is_saved(client, people, data, message):
    client.force_login(people.social_worker.user)
    response = client.post(_url("pep_new", people), data)
    html = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in html and message in html
    assert PersonalEducationPlan.objects.count() == 0


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (offer_form("24", "11", "2026"), "The date of the offer must be today or in the past."),
        (offer_form("1", "1", "2012"), "The date of the offer must be after the young person&#x27;s date of birth."),
        (offer_form(description=""), "Enter what was offered"),
        (offer_form(taken_up=""), "Select whether they took it up"),
        (offer_form(taken_up="maybe"), "Select a valid choice"),
    ],
)
@time_machine.travel(TODAY, tick=False)
def test_an_impossible_work_experience_offer_gets_a_clear_error_and_nothing_is_saved(client, people, data, message):
    client.force_login(people.social_worker.user)
    html = client.post(_url("work_experience_new", people), data).content.decode()
    assert "govuk-error-summary" in html and message in html
    assert WorkExperienceOffer.objects.count() == 0


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (status_form("24", "11", "2026"), "The date of the status must be today or in the past."),
        (status_form("1", "1", "2009"), "The date of the status must be after the young person&#x27;s date of birth."),
        (status_form("30", "4", "2025"), "This is for young people aged 16 or over"),  # the day before they were 16
        (status_form(status=""), "Select what they are doing"),
        (status_form("", "", ""), "Enter the date"),
    ],
)
@time_machine.travel(TODAY, tick=False)
def test_an_impossible_eet_status_gets_a_clear_error_and_nothing_is_saved(client, people, sixteen, data, message):
    client.force_login(people.social_worker.user)
    html = client.post(_url("education_status_new", people), data).content.decode()
    assert "govuk-error-summary" in html and message in html
    assert EducationStatus.objects.count() == 0


@time_machine.travel(TODAY, tick=False)
def test_an_eet_status_is_refused_for_a_13_year_old(client, people):
    client.force_login(people.social_worker.user)
    html = client.post(_url("education_status_new", people), status_form()).content.decode()
    assert "govuk-error-summary" in html and "This is for young people aged 16 or over" in html
    assert EducationStatus.objects.count() == 0


@time_machine.travel(TODAY, tick=False)
def test_an_eet_status_is_accepted_on_their_16th_birthday(client, people, sixteen):
    client.force_login(people.social_worker.user)
    assert client.post(_url("education_status_new", people), status_form("1", "5", "2025")).status_code == 302
    assert EducationStatus.objects.get().recorded_on == date(2025, 5, 1)


@pytest.mark.parametrize(("name", "data"), [("education", None), ("pep_new", pep_form()),
                                            ("work_experience_new", offer_form()),
                                            ("education_status_new", status_form())])
@time_machine.travel(TODAY, tick=False)
def test_staff_education_pages_are_404_for_someone_not_allowed(client, people, sixteen, name, data):
    client.force_login(people.other_worker.user)  # not allocated to Robin
    assert client.get(_url(name, people)).status_code == 404
    client.force_login(people.elsewhere_manager.user)  # another council
    assert client.get(_url(name, people)).status_code == 404
    client.force_login(people.young_person.user)  # the young person themself
    assert client.get(_url(name, people)).status_code == 404
    if data is not None:
        assert client.post(_url(name, people), data).status_code == 404
        client.force_login(people.other_worker.user)
        assert client.post(_url(name, people), data).status_code == 404
    assert PersonalEducationPlan.objects.count() + WorkExperienceOffer.objects.count() \
        + EducationStatus.objects.count() == 0


@time_machine.travel(TODAY, tick=False)
def test_a_manager_in_the_council_can_record_a_pep(client, people):
    client.force_login(people.manager.user)
    assert client.post(_url("pep_new", people), pep_form()).status_code == 302
    assert PersonalEducationPlan.objects.get().recorded_by == people.manager


def test_my_school_is_404_for_staff(client, people):
    client.force_login(people.social_worker.user)
    assert client.get(reverse("my_school")).status_code == 404


@pytest.fixture
def teacher(people):
    worker = WorkerFactory(council=people.council, team=None, role=Role.DESIGNATED_TEACHER, name="Dana Teacher",
                           organisation="Hill Park Academy", phone="01632 960999", email="dana@hillpark.test")
    AllocationFactory(young_person=people.young_person, worker=worker)
    return worker


@time_machine.travel(TODAY, tick=False)
def test_my_school_shows_the_designated_teacher_last_pep_and_work_experience(client, people, teacher):
    PersonalEducationPlan.objects.create(young_person=people.young_person, recorded_by=people.social_worker,
                                         reviewed_on=date(2026, 3, 1), school="Hill Park Academy",
                                         young_person_involved=True, targets="Old target from March")
    PersonalEducationPlan.objects.create(young_person=people.young_person, recorded_by=people.social_worker,
                                         reviewed_on=date(2026, 10, 14), school="Hill Park Academy",
                                         young_person_involved=True, targets="Join the football team")
    WorkExperienceOffer.objects.create(young_person=people.young_person, offered_on=date(2026, 9, 1),
                                       description="A week at the vet's", taken_up=True)
    client.force_login(people.young_person.user)
    html = client.get(reverse("my_school")).content.decode()
    assert "Your education" in html
    assert "Dana Teacher" in html and "01632 960999" in html and "dana@hillpark.test" in html
    assert "Your last PEP meeting was on Wednesday 14 October 2026." in html
    assert "Join the football team" in html and "Old target from March" not in html
    assert "A week at the vet&#x27;s, offered on 1 September 2026. You took this up." in html
    assert "What you are doing now" not in html  # 13 years old


@time_machine.travel(TODAY, tick=False)
def test_my_school_says_who_to_ask_when_nothing_is_recorded(client, people):
    client.force_login(people.young_person.user)
    html = client.get(reverse("my_school")).content.decode()
    assert "Your designated teacher has not been named here yet. Ask your social worker." in html
    assert "You have not had a PEP meeting yet." in html
    assert "No work experience has been offered yet." in html


@time_machine.travel(TODAY, tick=False)
def test_my_school_ignores_a_designated_teacher_who_has_moved_on(client, people):
    old = WorkerFactory(council=people.council, team=None, role=Role.DESIGNATED_TEACHER, name="Former Teacher")
    AllocationFactory(young_person=people.young_person, worker=old, ended_on=date(2025, 7, 20))
    client.force_login(people.young_person.user)
    html = client.get(reverse("my_school")).content.decode()
    assert "Former Teacher" not in html and "has not been named here yet" in html


@time_machine.travel(TODAY, tick=False)
def test_my_school_shows_a_16_plus_young_person_their_current_status(client, people, sixteen):
    EducationStatus.objects.create(young_person=sixteen, recorded_on=date(2025, 9, 1), status="education",
                                   where="Testshire College")
    EducationStatus.objects.create(young_person=sixteen, recorded_on=date(2026, 6, 1), status="employment",
                                   where="Ash Garage")
    client.force_login(sixteen.user)
    html = client.get(reverse("my_school")).content.decode()
    assert "What you are doing now" in html
    assert "In work at Ash Garage (last updated 1 June 2026)." in html and "Testshire College" not in html


@pytest.mark.parametrize("history", [1, 8])
@time_machine.travel(TODAY, tick=False)
def test_the_education_page_takes_a_fixed_number_of_queries(client, people, sixteen, django_assert_num_queries,
                                                           history):
    for n in range(history):
        PersonalEducationPlan.objects.create(young_person=sixteen, recorded_by=people.social_worker,
                                             reviewed_on=date(2026, 1, 1 + n), school=f"School {n}",
                                             young_person_involved=True, targets="T")
        WorkExperienceOffer.objects.create(young_person=sixteen, offered_on=date(2026, 2, 1 + n), description="W")
        EducationStatus.objects.create(young_person=sixteen, recorded_on=date(2026, 3, 1 + n), status="education")
    client.force_login(people.social_worker.user)
    # Session, user, savepoint, the young person, PEPs (with who recorded them), offers, statuses, release, the
    # audit log's row.
    with django_assert_num_queries(10):  # +1: which actions the reader may take (casework.people.recording)
        html = client.get(_url("education", people)).content.decode()
    assert html.count("PEP meeting on") == history


@pytest.mark.parametrize("history", [1, 8])
@time_machine.travel(TODAY, tick=False)
def test_my_school_takes_a_fixed_number_of_queries(client, people, sixteen, teacher, django_assert_num_queries,
                                                   history):
    for n in range(history):
        PersonalEducationPlan.objects.create(young_person=sixteen, recorded_by=people.social_worker,
                                             reviewed_on=date(2026, 1, 1 + n), school="S",
                                             young_person_involved=True, targets=f"Target {n}")
        WorkExperienceOffer.objects.create(young_person=sixteen, offered_on=date(2026, 2, 1 + n),
                                           description=f"Offer {n}")
        EducationStatus.objects.create(young_person=sixteen, recorded_on=date(2026, 3, 1 + n), status="education")
    client.force_login(sixteen.user)
    # Session, user (with their young person), savepoint, their teacher, last PEP, current status, offers, release.
    with django_assert_num_queries(8):
        html = client.get(reverse("my_school")).content.decode()
    assert "Dana Teacher" in html and f"Target {history - 1}" in html and html.count("offered on") == history
