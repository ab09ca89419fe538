"""The leaving care grant: a ledger of payments against the council's grant, with what is left, shown to the care
leaver and their worker. A payment over what is left needs a manager's approval with a reason; a manager sees a flag
where the council's grant is below the national recommended minimum (a setting)."""
import html
import threading
import time
from datetime import date, timedelta

import factory
import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.db import OperationalError, connection, connections, transaction
from django.urls import reverse
from django.utils import timezone

from casework.models import Council, GrantPayment, LegalStatus, Role
from casework.leaving_care.services import grant_balance, grant_payment_record
from casework.templatetags.money import pounds

from .factories import AllocationFactory, UserFactory, WorkerFactory, YoungPersonFactory

pytestmark = pytest.mark.django_db

GRANT = 200000  # £2,000.00, Barking and Dagenham's grant


class GrantPaymentFactory(factory.django.DjangoModelFactory):
    """A payment straight into the table (the service is tested on its own below)."""

    class Meta:
        model = GrantPayment

    paid_on = date(2025, 3, 1)
    amount_pence = 10000
    what_for = factory.Sequence(lambda n: f"Thing {n}")


def today():
    return timezone.localdate()


@pytest.fixture
def grant(people):
    """The first council's grant set to £2,000; a care leaver there with a personal adviser."""
    people.council.leaving_care_grant_pence = GRANT
    people.council.save()
    people.adviser = WorkerFactory(council=people.council, team=people.team, name="Femi Adviser",
                                   role=Role.PERSONAL_ADVISER, phone="01632 960401", mobile="07700 900401")
    people.leaver = YoungPersonFactory(council=people.council, first_name="Amara", last_name="Oak",
                                       legal_status=LegalStatus.CARE_LEAVER, date_of_birth=date(2006, 5, 1),
                                       became_looked_after_on=date(2015, 1, 1))
    AllocationFactory(young_person=people.leaver, worker=people.adviser)
    return people


def record(people, amount_pence, *, young_person=None, recorded_by=None, paid_on=None, what_for="Bed and bedding",
           **approval):
    return grant_payment_record(
        young_person=young_person or people.leaver, recorded_by=recorded_by or people.adviser,
        paid_on=paid_on or today(), amount_pence=amount_pence, what_for=what_for, **approval,
    )


def page_of(response) -> str:
    """The page's HTML with entities decoded (Testshire&#x27;s -> Testshire's)."""
    return html.unescape(response.content.decode())


def messages_of(error: ValidationError) -> list[str]:
    return [message for messages in error.message_dict.values() for message in messages] \
        if hasattr(error, "error_dict") else error.messages


# ---------------------------------------------------------------------------------------------------------------
# Money and the balance
# ---------------------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("pence, shown", [
    (200000, "£2,000.00"), (300000, "£3,000.00"), (14999, "£149.99"), (5, "£0.05"), (0, "£0.00"),
    (123456789, "£1,234,567.89"), (-5000, "-£50.00"), (None, ""),
])
def test_pounds_writes_pence_as_pounds_and_pence(pence, shown):
    assert pounds(pence) == shown


def test_the_balance_is_the_grant_less_every_payment_in_one_query(grant, django_assert_num_queries):
    with django_assert_num_queries(1):
        assert grant_balance(grant.leaver) == {"grant": GRANT, "paid": 0, "balance": GRANT}
    record(grant, 15000, what_for="Bed and bedding")
    record(grant, 4999, what_for="Pots and pans")
    record(grant, 1, what_for="A penny")
    # Another young person's payments are not theirs.
    GrantPaymentFactory(young_person=grant.elsewhere_young_person, recorded_by=grant.elsewhere_manager,
                        amount_pence=70000)
    with django_assert_num_queries(1):
        assert grant_balance(grant.leaver) == {"grant": GRANT, "paid": 20000, "balance": 180000}
    assert grant_balance(grant.young_person) == {"grant": GRANT, "paid": 0, "balance": GRANT}


def test_the_balance_follows_the_councils_grant_and_is_empty_while_it_is_not_set(grant):
    record(grant, 50000)
    grant.council.leaving_care_grant_pence = 300000
    grant.council.save()
    assert grant_balance(grant.leaver) == {"grant": 300000, "paid": 50000, "balance": 250000}
    grant.council.leaving_care_grant_pence = None
    grant.council.save()
    assert grant_balance(grant.leaver) == {"grant": None, "paid": 50000, "balance": None}


def test_a_payment_of_exactly_what_is_left_is_allowed_and_leaves_nothing(grant):
    record(grant, 150000)
    payment = record(grant, 50000, what_for="Washing machine")
    assert payment.over_balance_approved_by is None and payment.over_balance_reason == ""
    assert grant_balance(grant.leaver)["balance"] == 0


# ---------------------------------------------------------------------------------------------------------------
# Over the balance: refused unless a manager of the council approves it with a reason
# ---------------------------------------------------------------------------------------------------------------

def test_a_payment_over_what_is_left_is_refused_and_nothing_is_saved(grant):
    record(grant, 150000)
    with pytest.raises(ValidationError) as refused:
        record(grant, 50001, what_for="Sofa")
    assert refused.value.message_dict == {"amount_pence": [
        "This payment of £500.01 is more than what is left of the grant (£500.00). "
        "A manager must approve it and give a reason."]}
    assert list(GrantPayment.objects.values_list("amount_pence", flat=True)) == [150000]


def test_a_manager_of_the_council_may_approve_a_payment_over_the_balance_with_a_reason(grant):
    record(grant, 190000)
    payment = record(grant, 30000, what_for="Deposit for a flat", approved_by=grant.manager,
                     reason="  The flat needed a deposit; agreed at panel.  ")
    payment.refresh_from_db()
    assert payment.recorded_by == grant.adviser
    assert payment.over_balance_approved_by == grant.manager
    assert payment.over_balance_reason == "The flat needed a deposit; agreed at panel."
    assert grant_balance(grant.leaver) == {"grant": GRANT, "paid": 220000, "balance": -20000}
    # Once over, any further payment is over too and needs its own approval.
    with pytest.raises(ValidationError, match=r"more than what is left of the grant \(£0.00\)"):
        record(grant, 1)


@pytest.mark.parametrize("reason", ["", "   "])
def test_a_managers_approval_without_a_reason_is_refused(grant, reason):
    record(grant, 190000)
    with pytest.raises(ValidationError) as refused:
        record(grant, 30000, approved_by=grant.manager, reason=reason)
    assert refused.value.message_dict == {
        "over_balance_reason": ["Enter why you are approving a payment over what is left of the grant."]}
    assert GrantPayment.objects.count() == 1


@pytest.mark.parametrize("approver", ["social_worker", "adviser", "iro", "elsewhere_manager"])
def test_an_approval_by_anyone_but_a_manager_of_the_council_is_refused(grant, approver):
    record(grant, 190000)
    with pytest.raises(ValidationError) as refused:
        record(grant, 30000, approved_by=getattr(grant, approver), reason="Because")
    assert refused.value.message_dict == {"amount_pence": [
        "This payment of £300.00 is more than what is left of the grant (£100.00). "
        "Only a manager from Testshire can approve it."]}
    assert GrantPayment.objects.count() == 1


def test_a_managers_approval_of_a_payment_within_the_balance_is_not_needed_and_not_kept(grant):
    payment = record(grant, 30000, approved_by=grant.manager, reason="Just in case")
    assert payment.over_balance_approved_by is None and payment.over_balance_reason == ""


def test_the_model_refuses_an_approval_without_a_manager_or_a_reason(grant):
    payment = GrantPayment(young_person=grant.leaver, recorded_by=grant.adviser, paid_on=today(),
                           amount_pence=100, what_for="Kettle", over_balance_approved_by=grant.social_worker,
                           over_balance_reason="")
    with pytest.raises(ValidationError) as refused:
        payment.full_clean()
    assert set(refused.value.message_dict) == {"over_balance_approved_by", "over_balance_reason"}


# ---------------------------------------------------------------------------------------------------------------
# Bad input saves nothing
# ---------------------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("change, field, message", [
    ({"paid_on": "tomorrow"}, "paid_on", "The date paid must be today or in the past."),
    ({"paid_on": date(2006, 4, 30)}, "paid_on", "The date paid must be after their date of birth."),
    ({"amount_pence": 0}, "amount_pence", "The amount must be more than £0."),
    ({"amount_pence": -500}, "amount_pence", "The amount must be more than £0."),
    ({"what_for": ""}, "what_for", "This field cannot be blank."),
    ({"what_for": "   "}, "what_for", "Enter what the payment was for."),
    ({"what_for": "x" * 201}, "what_for", "Ensure this value has at most 200 characters (it has 201)."),
])
def test_the_service_refuses_bad_input_and_saves_nothing(grant, change, field, message):
    fields = {"young_person": grant.leaver, "recorded_by": grant.adviser, "paid_on": today(),
              "amount_pence": 1000, "what_for": "Kettle"}
    fields.update(change)
    if fields["paid_on"] == "tomorrow":
        fields["paid_on"] = today() + timedelta(days=1)
    if isinstance(fields["recorded_by"], str):
        fields["recorded_by"] = getattr(grant, fields["recorded_by"])
    with pytest.raises(ValidationError) as refused:
        grant_payment_record(**fields)
    assert message in refused.value.message_dict[field]
    assert GrantPayment.objects.count() == 0


def test_a_worker_from_another_council_cannot_record_a_payment(grant):
    with pytest.raises(PermissionDenied, match="Only the young person's social worker or personal adviser"):
        grant_payment_record(young_person=grant.leaver, recorded_by=grant.elsewhere_manager, paid_on=today(),
                             amount_pence=1000, what_for="Kettle")
    assert GrantPayment.objects.count() == 0


def test_a_payment_on_their_date_of_birth_and_one_today_are_allowed(grant):
    record(grant, 100, paid_on=date(2006, 5, 1))
    record(grant, 100, paid_on=today())
    assert GrantPayment.objects.count() == 2


def test_no_payment_is_recorded_while_the_councils_grant_is_not_set(grant):
    grant.council.leaving_care_grant_pence = None
    grant.council.save()
    with pytest.raises(ValidationError) as refused:
        record(grant, 1000, approved_by=grant.manager, reason="Anyway")
    assert refused.value.messages == ["The council's leaving care grant is not set. Ask a manager to set it."]
    assert GrantPayment.objects.count() == 0


def test_the_database_refuses_a_zero_payment_and_an_approval_without_a_reason(grant):
    """The check constraints hold even for a write that skips the service."""
    from django.db import IntegrityError

    with pytest.raises(IntegrityError), transaction.atomic():
        GrantPayment.objects.create(young_person=grant.leaver, recorded_by=grant.adviser, paid_on=today(),
                                    amount_pence=0, what_for="Nothing")
    with pytest.raises(IntegrityError), transaction.atomic():
        GrantPayment.objects.create(young_person=grant.leaver, recorded_by=grant.adviser, paid_on=today(),
                                    amount_pence=100, what_for="Kettle", over_balance_approved_by=grant.manager)
    assert GrantPayment.objects.count() == 0


# ---------------------------------------------------------------------------------------------------------------
# Two payments at once
# ---------------------------------------------------------------------------------------------------------------

def _waiting_on_a_lock() -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                       "AND wait_event_type = 'Lock'")
        return cursor.fetchone()[0] > 0


@pytest.mark.django_db(transaction=True)
def test_two_payments_at_once_that_together_exceed_the_balance_only_one_is_saved(grant):
    """The first payment is recorded and its transaction held open; the second is recorded meanwhile. On
    PostgreSQL the second waits on the young person's row lock and, once the first commits, is checked against the
    balance the first left, and refused. (Without the lock it would read the balance before the first payment and
    both would be saved.) SQLite locks the whole database instead: the second writer is refused there too."""
    first_saved, release = threading.Event(), threading.Event()
    outcomes: dict[str, object] = {}

    def first():
        try:
            with transaction.atomic():
                record(grant, 150000, what_for="Bed and sofa")
                first_saved.set()
                release.wait(timeout=30)
            outcomes["first"] = "saved"
        except Exception as error:  # reported below: a thread's exception would otherwise vanish
            outcomes["first"] = error
        finally:
            first_saved.set()
            connections.close_all()

    def second():
        first_saved.wait(timeout=30)
        try:
            record(grant, 100000, what_for="Washing machine")
            outcomes["second"] = "saved"
        except Exception as error:
            outcomes["second"] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for thread in threads:
        thread.start()
    assert first_saved.wait(timeout=30)
    if connection.vendor == "postgresql":
        deadline = time.monotonic() + 20
        while not _waiting_on_a_lock() and time.monotonic() < deadline:
            time.sleep(0.05)
        assert _waiting_on_a_lock(), "the second payment should be waiting on the young person's row lock"
    else:
        time.sleep(0.5)
    release.set()
    for thread in threads:
        thread.join(timeout=60)

    assert outcomes["first"] == "saved"
    refused = outcomes["second"]
    if connection.vendor == "postgresql":
        assert isinstance(refused, ValidationError), refused
        assert "This payment of £1,000.00 is more than what is left of the grant (£500.00)." in messages_of(refused)[0]
    else:
        assert isinstance(refused, (ValidationError, OperationalError)), refused
    assert list(GrantPayment.objects.values_list("what_for", flat=True)) == ["Bed and sofa"]
    assert grant_balance(grant.leaver)["balance"] == 50000


@pytest.mark.django_db(transaction=True)
def test_two_payments_started_together_that_exceed_the_balance_only_one_is_saved(grant):
    start = threading.Barrier(2)
    outcomes = []

    def pay(what_for):
        try:
            start.wait(timeout=30)
            record(grant, 120000, what_for=what_for)
            outcomes.append("saved")
        except Exception as error:
            outcomes.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=pay, args=(what,)) for what in ("Bed", "Sofa")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert outcomes.count("saved") == 1, outcomes
    refused = next(outcome for outcome in outcomes if outcome != "saved")
    expected = (ValidationError,) if connection.vendor == "postgresql" else (ValidationError, OperationalError)
    assert isinstance(refused, expected), refused
    assert GrantPayment.objects.count() == 1
    assert grant_balance(grant.leaver)["balance"] == 80000


# ---------------------------------------------------------------------------------------------------------------
# The staff pages
# ---------------------------------------------------------------------------------------------------------------

def payment_form(paid_on: date | None = None, amount="150", what_for="Bed and bedding", **extra) -> dict:
    paid_on = paid_on or today()
    return {"paid_on_0": paid_on.day, "paid_on_1": paid_on.month, "paid_on_2": paid_on.year,
            "amount": amount, "what_for": what_for, **extra}


def test_the_grant_page_shows_the_grant_what_has_been_paid_and_what_is_left(client, grant):
    record(grant, 15000, paid_on=date(2025, 3, 1), what_for="Bed and bedding")
    record(grant, 4999, paid_on=date(2025, 4, 2), what_for="Pots and pans")
    client.force_login(grant.adviser.user)
    page = page_of(client.get(reverse("grant", args=[grant.leaver.pk])))
    assert "Leaving care grant" in page
    assert "Testshire's grant" in page and "£2,000.00" in page
    assert "£199.99" in page  # paid
    assert "£1,800.01" in page  # left
    assert "1 Mar 2025" in page and "Bed and bedding" in page and "£150.00" in page
    assert "2 Apr 2025" in page and "Pots and pans" in page and "£49.99" in page
    assert page.index("Bed and bedding") < page.index("Pots and pans")
    assert "Recorded by Femi Adviser" in page
    assert reverse("grant_payment_new", args=[grant.leaver.pk]) in page
    assert "national recommended minimum" not in page  # not a manager


def test_the_grant_page_shows_a_managers_approval_and_what_was_paid_over(client, grant):
    record(grant, 190000)
    record(grant, 30000, what_for="Deposit", approved_by=grant.manager, reason="Agreed at panel")
    client.force_login(grant.adviser.user)
    page = page_of(client.get(reverse("grant", args=[grant.leaver.pk])))
    assert "Paid over the grant" in page and "£200.00, approved by a manager" in page
    assert "Over the balance, approved by Mo Manager: “Agreed at panel”" in page


def test_the_grant_page_says_plainly_when_the_councils_grant_is_not_set(client, grant):
    grant.council.leaving_care_grant_pence = None
    grant.council.save()
    client.force_login(grant.manager.user)
    page = page_of(client.get(reverse("grant", args=[grant.leaver.pk])))
    assert "The council's leaving care grant is not set, so no payments can be recorded yet." in page
    assert "Record a payment" not in page
    assert "national recommended minimum" not in page


BANNER = ("Testshire's grant (£2,000.00) is below the national recommended minimum of £3,000.00 "
          "(from 1 April 2023).")


def test_a_manager_sees_a_flag_when_the_councils_grant_is_below_the_national_minimum(client, grant):
    client.force_login(grant.manager.user)
    page = page_of(client.get(reverse("grant", args=[grant.leaver.pk])))
    assert BANNER in page


def test_the_flag_follows_the_national_minimum_setting(client, grant, settings):
    client.force_login(grant.manager.user)
    url = reverse("grant", args=[grant.leaver.pk])
    settings.NATIONAL_LEAVING_CARE_GRANT_MINIMUM_PENCE = 200000
    assert "national recommended minimum" not in page_of(client.get(url))
    settings.NATIONAL_LEAVING_CARE_GRANT_MINIMUM_PENCE = 200001
    assert "below the national recommended minimum of £2,000.01" in page_of(client.get(url))
    grant.council.leaving_care_grant_pence = 350000
    grant.council.save()
    settings.NATIONAL_LEAVING_CARE_GRANT_MINIMUM_PENCE = 300000
    assert "national recommended minimum" not in page_of(client.get(url))
    settings.NATIONAL_LEAVING_CARE_GRANT_MINIMUM_PENCE = 400000
    assert "grant (£3,500.00) is below the national recommended minimum of £4,000.00" in page_of(client.get(url))


@pytest.mark.parametrize("who", ["adviser", "social_worker"])
def test_only_a_manager_sees_the_flag(client, grant, who):
    worker = getattr(grant, who)
    if who == "social_worker":
        AllocationFactory(young_person=grant.leaver, worker=worker)
    client.force_login(worker.user)
    page = page_of(client.get(reverse("grant", args=[grant.leaver.pk])))
    assert "£2,000.00" in page
    assert "national recommended minimum" not in page


def test_a_worker_records_a_payment_in_pounds_and_it_is_saved_in_pence(client, grant):
    client.force_login(grant.adviser.user)
    response = client.post(reverse("grant_payment_new", args=[grant.leaver.pk]),
                           payment_form(paid_on=date(2025, 6, 3), amount="£1,200.50", what_for="  Cooker  "),
                           follow=True)
    assert response.redirect_chain == [(reverse("grant", args=[grant.leaver.pk]), 302)]
    page = page_of(response)
    assert "Payment of £1,200.50 for Amara Oak saved." in page
    assert "£799.50" in page
    payment = GrantPayment.objects.get()
    assert (payment.paid_on, payment.amount_pence, payment.what_for, payment.recorded_by) == (
        date(2025, 6, 3), 120050, "Cooker", grant.adviser)


@pytest.mark.parametrize("data, message", [
    (payment_form(amount=""), "Enter the amount in pounds"),
    (payment_form(amount="0"), "The amount must be more than £0"),
    (payment_form(amount="0.00"), "The amount must be more than £0"),
    (payment_form(amount="-5"), "The amount must be more than £0"),
    (payment_form(amount="abc"), "Enter an amount in pounds, like 150 or 149.99"),
    (payment_form(amount="12.345"), "Enter an amount in pounds, like 150 or 149.99"),
    (payment_form(amount="NaN"), "Enter an amount in pounds, like 150 or 149.99"),
    (payment_form(amount="100000"), "The amount must be less than £100,000"),
    (payment_form(what_for=""), "Enter what the payment was for"),
    (payment_form(what_for="x" * 201), "What it was for must be 200 characters or fewer"),
    ({**payment_form(), "paid_on_0": "", "paid_on_1": "", "paid_on_2": ""}, "Enter the date it was paid"),
    ({**payment_form(), "paid_on_0": "31", "paid_on_1": "2", "paid_on_2": "2025"},
     "The date must be a real date, for example 27 3 2026"),
    (payment_form(paid_on=date.today() + timedelta(days=2)), "The date paid must be today or in the past."),
    (payment_form(paid_on=date(2006, 4, 30)), "The date paid must be after their date of birth."),
])
def test_bad_input_on_the_payment_page_shows_a_gov_uk_error_and_saves_nothing(client, grant, data, message):
    client.force_login(grant.adviser.user)
    response = client.post(reverse("grant_payment_new", args=[grant.leaver.pk]), data)
    assert response.status_code == 200
    page = page_of(response)
    assert "govuk-error-summary" in page
    assert message in page
    assert "<title>Error: " in page
    assert GrantPayment.objects.count() == 0


def test_an_over_balance_payment_by_a_worker_is_refused_and_they_are_told_to_ask_a_manager(client, grant):
    record(grant, 190000)
    client.force_login(grant.adviser.user)
    response = client.post(reverse("grant_payment_new", args=[grant.leaver.pk]), payment_form(amount="150"))
    page = page_of(response)
    assert "govuk-error-summary" in page
    assert ("This payment of £150.00 is more than what is left of the grant (£100.00). Only a manager can approve "
            "a payment over what is left: ask a manager.") in page
    assert "Why are you approving" not in page
    # Sending a reason anyway does not make a worker into an approver.
    response = client.post(reverse("grant_payment_new", args=[grant.leaver.pk]),
                           payment_form(amount="150", over_balance_reason="Please"))
    assert "ask a manager" in page_of(response)
    assert GrantPayment.objects.count() == 1


def test_a_manager_is_asked_why_and_then_approves_a_payment_over_the_balance(client, grant):
    record(grant, 190000)
    client.force_login(grant.manager.user)
    url = reverse("grant_payment_new", args=[grant.leaver.pk])
    page = page_of(client.post(url, payment_form(amount="150", what_for="Deposit")))
    assert "To approve it, say why below and save again." in page
    assert 'name="over_balance_reason"' in page
    assert GrantPayment.objects.count() == 1

    page = page_of(client.post(url, payment_form(amount="150", what_for="Deposit", over_balance_reason="")))
    assert "Enter why you are approving a payment over what is left of the grant" in page
    assert GrantPayment.objects.count() == 1

    response = client.post(url, payment_form(amount="150", what_for="Deposit",
                                             over_balance_reason="Agreed at panel on 3 June"), follow=True)
    assert "Payment of £150.00 for Amara Oak saved (approved over the balance)." in page_of(response)
    payment = GrantPayment.objects.get(what_for="Deposit")
    assert (payment.recorded_by, payment.over_balance_approved_by, payment.over_balance_reason) == (
        grant.manager, grant.manager, "Agreed at panel on 3 June")


def test_the_payment_page_says_when_the_grant_is_not_set_and_saves_nothing(client, grant):
    grant.council.leaving_care_grant_pence = None
    grant.council.save()
    client.force_login(grant.manager.user)
    url = reverse("grant_payment_new", args=[grant.leaver.pk])
    assert "The council's leaving care grant is not set." in page_of(client.get(url))
    page = page_of(client.post(url, payment_form()))
    assert "govuk-error-summary" in page and "Ask a manager to set it." in page
    assert GrantPayment.objects.count() == 0


# ---------------------------------------------------------------------------------------------------------------
# Who may see what: another's id is a 404
# ---------------------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("who", ["social_worker", "other_worker", "iro", "elsewhere_manager"])
def test_a_worker_gets_a_404_for_a_young_person_not_theirs_and_saves_nothing(client, grant, who):
    client.force_login(getattr(grant, who).user)
    assert client.get(reverse("grant", args=[grant.leaver.pk])).status_code == 404
    assert client.get(reverse("grant_payment_new", args=[grant.leaver.pk])).status_code == 404
    assert client.post(reverse("grant_payment_new", args=[grant.leaver.pk]), payment_form()).status_code == 404
    assert GrantPayment.objects.count() == 0


def test_a_manager_sees_every_young_person_in_their_council_but_not_another_councils(client, grant):
    client.force_login(grant.manager.user)
    assert client.get(reverse("grant", args=[grant.leaver.pk])).status_code == 200
    assert client.get(reverse("grant", args=[grant.elsewhere_young_person.pk])).status_code == 404
    assert client.get(reverse("grant", args=[999999])).status_code == 404


@pytest.mark.parametrize("name", ["grant", "grant_payment_new"])
def test_a_young_person_gets_a_404_on_the_staff_pages_even_for_themselves(client, grant, name):
    client.force_login(grant.leaver.user)
    assert client.get(reverse(name, args=[grant.leaver.pk])).status_code == 404
    assert client.post(reverse("grant_payment_new", args=[grant.leaver.pk]), payment_form()).status_code == 404
    assert GrantPayment.objects.count() == 0


def test_the_pages_need_a_login(client, grant):
    for url in (reverse("my_grant"), reverse("grant", args=[grant.leaver.pk])):
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]


# ---------------------------------------------------------------------------------------------------------------
# The young person's page
# ---------------------------------------------------------------------------------------------------------------

def test_a_care_leaver_sees_their_grant_what_has_been_paid_what_is_left_and_who_to_ask(client, grant):
    record(grant, 15000, paid_on=date(2025, 3, 1), what_for="Bed and bedding")
    record(grant, 4999, paid_on=date(2025, 4, 2), what_for="Pots and pans")
    GrantPaymentFactory(young_person=grant.elsewhere_young_person, recorded_by=grant.elsewhere_manager,
                        what_for="Someone else's fridge")
    client.force_login(grant.leaver.user)
    page = page_of(client.get(reverse("my_grant")))
    assert "Your leaving care grant" in page
    assert "Your grant" in page and "£2,000.00" in page
    assert "Paid to you so far" in page and "£199.99" in page
    assert "Left for you" in page and "£1,800.01" in page
    assert "Bed and bedding" in page and "£150.00" in page and "1 Mar 2025" in page
    assert "Pots and pans" in page and "£49.99" in page
    assert "Someone else" not in page
    assert "Ask your personal adviser, Femi Adviser, about your grant" in page
    assert 'href="tel:07700900401"' in page
    assert "Recorded by" not in page  # the staff's view, not theirs


def test_a_care_leaver_with_no_payments_and_no_adviser_is_told_plainly(client, grant):
    grant.leaver.allocations.all().delete()
    client.force_login(grant.leaver.user)
    page = page_of(client.get(reverse("my_grant")))
    assert "Nothing has been paid from your grant yet." in page
    assert "You do not have a personal adviser yet. To ask about your grant, call Testshire Council on" in page


def test_a_care_leaver_whose_council_has_not_set_a_grant_gets_a_plain_message(client, grant):
    grant.council.leaving_care_grant_pence = None
    grant.council.save()
    client.force_login(grant.leaver.user)
    page = page_of(client.get(reverse("my_grant")))
    assert "We have not put the amount of your grant in here yet." in page
    assert "£" not in page.split("<main")[1]


def test_a_care_leaver_paid_over_the_grant_sees_nothing_left_not_a_negative_amount(client, grant):
    record(grant, 190000)
    record(grant, 30000, approved_by=grant.manager, reason="Agreed")
    client.force_login(grant.leaver.user)
    page = page_of(client.get(reverse("my_grant")))
    assert "£0.00" in page and "-£" not in page
    assert "Paid over the grant" not in page


@pytest.mark.parametrize("who", ["young_person", "social_worker", "manager"])
def test_my_grant_is_a_404_for_anyone_but_a_care_leaver(client, grant, who):
    """Robin is in care (not a care leaver); workers have no grant of their own."""
    client.force_login(getattr(grant, who).user)
    assert client.get(reverse("my_grant")).status_code == 404


# ---------------------------------------------------------------------------------------------------------------
# Loading the pledges sets Barking and Dagenham's grant
# ---------------------------------------------------------------------------------------------------------------

def test_loading_the_pledges_sets_barking_and_dagenhams_grant_and_keeps_a_grant_set_in_the_admin():
    call_command("load_pledges", stdout=open("/dev/null", "w"))
    assert Council.objects.get(slug="barking-and-dagenham").leaving_care_grant_pence == 200000
    bath = Council.objects.get(slug="bath-and-north-east-somerset")
    assert bath.leaving_care_grant_pence is None  # its pledge states no amount
    bath.leaving_care_grant_pence = 300000
    bath.save()
    call_command("load_pledges", stdout=open("/dev/null", "w"))
    bath.refresh_from_db()
    assert bath.leaving_care_grant_pence == 300000


# ---------------------------------------------------------------------------------------------------------------
# The admin: payments are listed, read only
# ---------------------------------------------------------------------------------------------------------------

def test_the_admin_lists_payments_in_pounds_and_adds_none(client, grant):
    record(grant, 15000, what_for="Bed and bedding")
    admin_user = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(admin_user)
    page = page_of(client.get(reverse("admin:casework_grantpayment_changelist")))
    assert "Bed and bedding" in page and "£150.00" in page
    assert client.get(reverse("admin:casework_grantpayment_add")).status_code == 403


# ---------------------------------------------------------------------------------------------------------------
# Pinned query counts
# ---------------------------------------------------------------------------------------------------------------

# Session, user (with young person and council), SAVEPOINT, payments, personal adviser, the balance, RELEASE.
MY_GRANT_QUERIES = 7
# Session, user (with worker and council), SAVEPOINT, the young person (scoping), the balance, payments with who
# recorded and approved them, RELEASE, the audit log's row.
GRANT_QUERIES = 9  # +1: which actions the reader may take (casework.people.recording)


def _payments(grant, count):
    approvers = [None, grant.manager]
    for n in range(count):
        approver = approvers[n % 2]
        GrantPaymentFactory(young_person=grant.leaver, recorded_by=[grant.adviser, grant.manager][n % 2],
                            amount_pence=1000, over_balance_approved_by=approver,
                            over_balance_reason="Agreed" if approver else "")


@pytest.mark.parametrize("payments", [1, 12])
def test_my_grant_takes_a_fixed_number_of_queries_whatever_the_number_of_payments(
    client, grant, django_assert_num_queries, payments
):
    _payments(grant, payments)
    client.force_login(grant.leaver.user)
    with django_assert_num_queries(MY_GRANT_QUERIES):
        page = page_of(client.get(reverse("my_grant")))
    assert page.count('govuk-table__cell--numeric">£10.00<') == payments


@pytest.mark.parametrize("payments", [1, 12])
def test_the_grant_page_takes_a_fixed_number_of_queries_whatever_the_number_of_payments(
    client, grant, django_assert_num_queries, payments
):
    _payments(grant, payments)
    client.force_login(grant.adviser.user)
    with django_assert_num_queries(GRANT_QUERIES):
        page = page_of(client.get(reverse("grant", args=[grant.leaver.pk])))
    assert page.count('govuk-table__cell--numeric">£10.00<') == payments
