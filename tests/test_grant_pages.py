"""The leaving care grant's pages: the grant, what has been paid and what is left, shown to the care leaver and their
worker; a manager sees a flag where the council's grant is below the national recommended minimum (a setting). Who
may see what, the admin, loading the pledges, and the pages' query counts."""
import html
from datetime import date, timedelta

import pytest
from django.core.management import call_command
from django.urls import reverse

from casework.models import Council, GrantPayment

from .factories import AllocationFactory, UserFactory
from .grant_helpers import GrantPaymentFactory, record, today
from .grant_helpers import grant  # noqa: F401 (fixtures)

pytestmark = pytest.mark.django_db


def page_of(response) -> str:
    """The page's HTML with entities decoded (Testshire&#x27;s -> Testshire's)."""
    return html.unescape(response.content.decode())


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
