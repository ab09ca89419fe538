"""Call-backs a young person can trust (issue 15): the number to ring confirmed on the form (offered from the one we
have, changeable, a UK number or a GOV.UK error), kept on the request for the worker who rings; and once asked, the
page shows the request, when we promised to call by and each attempt in plain words."""
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse

from casework.contacts.services import callback_attempt_record, callback_request_create
from casework.models import CallbackRequest
from casework.phone import uk_phone_normalise

from .factories import PromiseFactory, callback_measure

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")
TODAY = datetime(2026, 11, 23, 10, tzinfo=LONDON)  # a Monday


@pytest.fixture
def live(people, small_pledge):
    """The call-back promise measured for the first council."""
    worries = small_pledge.sections.get(order=3)
    promise = PromiseFactory(section=worries, order=2, text="We will return your call within two working days")
    with time_machine.travel(datetime(2026, 9, 1, 9, tzinfo=LONDON)):
        callback_measure(people.council, promise=promise)
    return people


@pytest.mark.parametrize("typed, kept", [
    ("07700900982", "07700 900982"),
    ("+44 7700 900982", "07700 900982"),
    ("0044 (0)7700-900-982", "07700 900982"),
    ("020 7946 0321", "020 7946 0321"),
    ("01179460123", "0117 946 0123"),
    ("01225477914", "01225 477914"),
])
def test_a_uk_number_is_kept_written_the_usual_way(typed, kept):
    assert uk_phone_normalise(typed) == kept


@pytest.mark.parametrize("typed", ["999", "07700 90098", "077009009821", "+33 1 23 45 67 89", "call me", "0000000000",
                                   "06700 900982"])
def test_anything_but_a_uk_number_is_refused(typed):
    with pytest.raises(ValidationError):
        uk_phone_normalise(typed)


@time_machine.travel(TODAY, tick=False)
def test_the_form_offers_the_stored_number_and_a_new_one_is_kept_on_the_request_and_for_next_time(client, live):
    live.young_person.phone = "07700 900111"
    live.young_person.save()
    client.force_login(live.young_person.user)
    html = client.get(reverse("callback_request_new")).content.decode()
    assert 'value="07700 900111"' in html and 'type="tel"' in html
    response = client.post(reverse("callback_request_new"),
                           {"phone": "+447700900222", "message": "About school", "best_time": "After 4"})
    assert response.status_code == 302
    callback = CallbackRequest.objects.get()
    assert callback.phone == "07700 900222"
    live.young_person.refresh_from_db()
    assert live.young_person.phone == "07700 900222"


def test_a_number_that_is_not_a_uk_one_gets_the_gov_uk_error_and_nothing_is_saved(client, live):
    client.force_login(live.young_person.user)
    html = client.post(reverse("callback_request_new"), {"phone": "12345", "message": "", "best_time": ""}) \
        .content.decode()
    assert "Error: Ask for a call back" in html
    assert 'href="#id_phone"' in html and 'id="id_phone"' in html
    assert "Enter a UK phone number, like 07700 900 982 or 01632 960 001" in html
    html = client.post(reverse("callback_request_new"), {"phone": "", "message": "", "best_time": ""}).content.decode()
    assert "Enter the phone number we should call you on" in html
    assert CallbackRequest.objects.count() == 0


def test_the_service_refuses_a_bad_number_on_the_phone_field_and_saves_nothing(live):
    with pytest.raises(ValidationError) as refused:
        callback_request_create(young_person=live.young_person, phone="12", message="", best_time="", now=TODAY)
    assert "UK phone number" in refused.value.message_dict["phone"][0]
    assert CallbackRequest.objects.count() == 0


@time_machine.travel(TODAY, tick=False)
def test_the_open_request_shows_the_deadline_and_each_attempt_in_plain_words(client, live):
    callback = callback_request_create(young_person=live.young_person, phone="07700 900982", message="My school",
                                       best_time="After 4", now=TODAY)
    callback_attempt_record(request=callback, worker=live.social_worker, outcome="not_reached", note="",
                            now=datetime(2026, 11, 24, 16, 10, tzinfo=LONDON))
    with time_machine.travel(datetime(2026, 11, 24, 17, tzinfo=LONDON), tick=False):
        client.force_login(live.young_person.user)
        response = client.get(reverse("callback_request_new"))
    html = response.content.decode()
    assert response.status_code == 200 and "Your call back" in html
    assert "We will call you back by Wednesday 25 November." in html
    assert "You asked us to call you at 10:00am on Monday 23 November." in html
    assert "We tried to ring you at 4:10pm on Tuesday 24 November." in html
    assert "07700 900982" in html and "My school" in html
    # Reached: the request closes, the form is back, and the last call back says we spoke.
    callback_attempt_record(request=callback, worker=live.social_worker, outcome="reached", note="",
                            now=datetime(2026, 11, 25, 9, 5, tzinfo=LONDON))
    with time_machine.travel(datetime(2026, 11, 25, 10, tzinfo=LONDON), tick=False):
        client.force_login(live.young_person.user)
        html = client.get(reverse("callback_request_new")).content.decode()
    assert "Ask your social worker to call you" in html
    assert "We tried to ring you at 4:10pm on Tuesday 24 November." in html
    assert "We spoke to you at 9:05am on Wednesday 25 November." in html


@time_machine.travel(datetime(2026, 11, 27, 10, tzinfo=LONDON), tick=False)
def test_a_late_call_back_says_so_and_says_sorry(client, live):
    callback_request_create(young_person=live.young_person, phone="07700 900982", message="", best_time="", now=TODAY)
    client.force_login(live.young_person.user)
    html = client.get(reverse("callback_request_new")).content.decode()
    assert "We promised to call you back by Wednesday 25 November. We are late, and we are sorry." in html


@time_machine.travel(TODAY, tick=False)
def test_staff_see_the_number_to_ring_where_they_record_the_call_back(client, live):
    callback_request_create(young_person=live.young_person, phone="07700 900982", message="", best_time="", now=TODAY)
    client.force_login(live.social_worker.user)
    html = client.get(reverse("callback_attempt_new", args=[live.young_person.pk])).content.decode()
    assert "Number to ring:" in html and 'href="tel:07700900982"' in html


@time_machine.travel(TODAY, tick=False)
def test_another_young_persons_call_back_is_a_404_for_a_worker_who_does_not_hold_them(client, live):
    callback_request_create(young_person=live.young_person, phone="07700 900982", message="", best_time="", now=TODAY)
    client.force_login(live.other_worker.user)
    assert client.get(reverse("callback_attempt_new", args=[live.young_person.pk])).status_code == 404
    client.force_login(live.other_young_person.user)  # a young person's page reads only their own request
    html = client.get(reverse("callback_request_new")).content.decode()
    assert "07700 900982" not in html and "Ask your social worker to call you" in html


@pytest.mark.parametrize("attempts", [1, 8])
def test_the_call_back_page_costs_the_same_queries_however_many_attempts(client, live, attempts,
                                                                       django_assert_num_queries):
    callback = callback_request_create(young_person=live.young_person, phone="07700 900982", message="",
                                       best_time="", now=TODAY)
    for n in range(attempts):
        callback_attempt_record(request=callback, worker=live.social_worker, outcome="not_reached", note="",
                                now=TODAY + timedelta(hours=n + 1))
    client.force_login(live.young_person.user)
    # Session, user (with young person and council), SAVEPOINT, the latest request, its attempts, their worker (with
    # team and duty worker), the ledger row, RELEASE.
    with django_assert_num_queries(8):
        html = client.get(reverse("callback_request_new")).content.decode()
    assert html.count("We tried to ring you at") == attempts


def test_with_no_number_on_file_the_form_says_what_a_number_looks_like(client, live):
    client.force_login(live.young_person.user)
    html = client.get(reverse("callback_request_new")).content.decode()
    assert "A mobile or landline in the UK, like 07700 900 982" in html
    assert "We have put in the number we have for you" not in html
