"""Staff must use two-step sign-in (allauth.mfa: an authenticator app and recovery codes); young people need not.

REQUIRE_STAFF_MFA is on wherever DEBUG is off; these tests turn it on (the test run is DEBUG).
"""
import re
import time

import pytest
import time_machine
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import SECRET_SESSION_KEY, format_hotp_value, hotp_value
from django.test import Client
from django.urls import reverse

from casework.accounts.security import TWO_STEP_DONE

from .conftest import PASSWORD

# Real commits: allauth says an app was added (which proves this session typed a code) once its transaction
# commits, as it does in the portal, where each request is one transaction.
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def two_step_required(settings):
    settings.REQUIRE_STAFF_MFA = True


def code_for(secret: str, at: float | None = None) -> str:
    return format_hotp_value(hotp_value(secret, int((at or time.time()) // 30)))


def sign_in(client, user):
    return client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})


def confirm_password(client):
    """allauth asks for the password again before two-step sign-in is set up (Confirm it is you)."""
    response = client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    assert response.status_code == 302


def set_up_app(client, user) -> str:
    """Signs in with a password and turns on the authenticator app; returns its secret."""
    sign_in(client, user)
    confirm_password(client)
    client.get(reverse("mfa_activate_totp"))
    secret = client.session[SECRET_SESSION_KEY]
    response = client.post(reverse("mfa_activate_totp"), {"code": code_for(secret)})
    assert response.status_code == 302, response.content.decode()
    return secret


def test_a_worker_without_two_step_sign_in_is_sent_to_set_it_up_before_any_record(client, people):
    sign_in(client, people.social_worker.user)
    for url in (reverse("caseload"), reverse("care_plan", args=[people.young_person.pk])):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"] == reverse("mfa_activate_totp")


def test_setting_up_asks_for_the_password_again_first(client, people):
    sign_in(client, people.social_worker.user)
    response = client.get(reverse("mfa_activate_totp"))
    assert response["Location"].startswith(reverse("account_reauthenticate"))
    html = client.get(response["Location"]).content.decode()
    assert "Confirm it is you" in html
    wrong = client.post(reverse("account_reauthenticate"), {"password": "not-my-password"})
    assert "govuk-error-summary" in wrong.content.decode()
    assert client.get(reverse("mfa_activate_totp")).status_code == 302


def test_the_set_up_page_draws_the_qr_code_inline_and_explains_in_plain_words(client, people):
    sign_in(client, people.social_worker.user)
    confirm_password(client)
    html = client.get(reverse("mfa_activate_totp")).content.decode()
    assert "Set up two-step sign-in" in html
    assert "<svg" in html
    assert "data:image" not in html  # the Content Security Policy allows no data: images
    assert client.session[SECRET_SESSION_KEY] in html  # the key to type in by hand


def test_a_wrong_code_is_refused_with_a_gov_uk_error_and_nothing_is_turned_on(client, people):
    sign_in(client, people.social_worker.user)
    confirm_password(client)
    client.get(reverse("mfa_activate_totp"))
    secret = client.session[SECRET_SESSION_KEY]
    wrong = f"{(int(code_for(secret)) + 1) % 1_000_000:06d}"
    response = client.post(reverse("mfa_activate_totp"), {"code": wrong})
    html = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in html
    assert "That code is not right" in html
    assert not Authenticator.objects.filter(user=people.social_worker.user).exists()
    assert client.get(reverse("caseload")).status_code == 302


def test_setting_up_the_app_opens_the_records_and_makes_recovery_codes(client, people):
    user = people.social_worker.user
    set_up_app(client, user)
    assert client.get(reverse("caseload")).status_code == 200
    kinds = set(Authenticator.objects.filter(user=user).values_list("type", flat=True))
    assert kinds == {Authenticator.Type.TOTP, Authenticator.Type.RECOVERY_CODES}
    assert client.get(reverse("mfa_view_recovery_codes")).status_code == 200


def test_next_time_a_password_alone_does_not_sign_a_worker_in(client, people):
    user = people.social_worker.user
    secret = set_up_app(client, user)
    client.post(reverse("account_logout"))
    with time_machine.travel(time.time() + 60):  # a fresh code: allauth refuses one used before
        response = sign_in(client, user)
        assert response["Location"] == reverse("mfa_authenticate")
        assert client.get(reverse("caseload")).status_code == 302  # not signed in yet

        wrong = client.post(reverse("mfa_authenticate"), {"code": "000000"})
        assert "That code is not right" in wrong.content.decode()
        assert client.get(reverse("caseload")).status_code == 302

        right = client.post(reverse("mfa_authenticate"), {"code": code_for(secret)})
        assert right.status_code == 302
        assert client.get(reverse("caseload")).status_code == 200


def test_a_recovery_code_signs_in_once_only(client, people):
    user = people.social_worker.user
    set_up_app(client, user)
    codes = Authenticator.objects.get(user=user, type=Authenticator.Type.RECOVERY_CODES).wrap().get_unused_codes()
    client.post(reverse("account_logout"))

    sign_in(client, user)
    assert client.post(reverse("mfa_authenticate"), {"code": codes[0]}).status_code == 302
    assert client.get(reverse("caseload")).status_code == 200
    client.post(reverse("account_logout"))

    sign_in(client, user)
    reused = client.post(reverse("mfa_authenticate"), {"code": codes[0]})
    assert reused.status_code == 200
    assert client.get(reverse("caseload")).status_code == 302


def test_guessing_codes_locks_the_second_step_after_five_tries(client, people):
    user = people.social_worker.user
    secret = set_up_app(client, user)
    client.post(reverse("account_logout"))
    with time_machine.travel(time.time() + 60):
        sign_in(client, user)
        for _ in range(5):
            client.post(reverse("mfa_authenticate"), {"code": "000000"})
        locked = client.post(reverse("mfa_authenticate"), {"code": code_for(secret)})
        assert "too many attempts" in locked.content.decode()
        assert client.get(reverse("caseload")).status_code == 302


def test_staff_cannot_turn_two_step_sign_in_off(client, people):
    user = people.social_worker.user
    set_up_app(client, user)
    response = client.post(reverse("mfa_deactivate_totp"))
    assert "Staff must keep two-step sign-in turned on" in response.content.decode()
    assert Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


def test_a_session_that_never_asked_for_a_code_is_sent_to_sign_in_again(client, people):
    user = people.social_worker.user
    set_up_app(client, user)
    other = client.__class__()
    other.force_login(user)  # e.g. signed in before two-step sign-in was required
    response = other.get(reverse("caseload"))
    assert response["Location"] == reverse("account_login")
    assert other.get(reverse("caseload"))["Location"].startswith(reverse("account_login"))


def test_young_people_sign_in_with_a_password_alone(client, people):
    sign_in(client, people.young_person.user)
    assert client.get(reverse("my_pledge")).status_code == 200


def test_managers_and_the_admin_need_two_step_sign_in_too(client, people):
    sign_in(client, people.manager.user)
    assert client.get(reverse("caseload"))["Location"] == reverse("mfa_activate_totp")


def test_with_two_step_sign_in_not_required_as_in_the_local_demo_a_password_is_enough(client, people, settings):
    settings.REQUIRE_STAFF_MFA = False
    sign_in(client, people.social_worker.user)
    assert client.get(reverse("caseload")).status_code == 200


def test_the_two_step_pages_are_in_the_portals_own_gov_uk_layout(client, people):
    set_up_app(client, people.social_worker.user)
    for name in ("mfa_index", "mfa_view_recovery_codes"):
        html = client.get(reverse(name)).content.decode()
        assert "govuk-template" in html
        assert "Menu:" not in html  # allauth's unstyled layout
        assert re.search(r'<h1 class="govuk-heading-l">', html)


def code_less_session(user):
    """A session signed in without the code step, as the admin's own login page used to give (or one opened
    before two-step sign-in was required)."""
    other = Client()
    other.force_login(user)
    return other


def test_the_admins_login_page_sends_to_the_portals_sign_in_keeping_where_they_were_going(client, people):
    response = client.get("/admin/login/?next=/admin/casework/worker/")
    assert response.status_code == 302
    assert response["Location"] == reverse("account_login") + "?next=/admin/casework/worker/"
    assert client.get("/admin/", follow=True).redirect_chain[-1][0] == reverse("account_login") + "?next=%2Fadmin%2F"


def test_a_password_alone_posted_to_the_admins_login_signs_nobody_in(client, people):
    user = people.manager.user
    user.is_staff = True
    user.save()
    set_up_app(Client(), user)
    response = client.post("/admin/login/", {"username": user.email, "password": PASSWORD})
    assert response.status_code == 302 and response["Location"].startswith(reverse("account_login"))
    assert "_auth_user_id" not in client.session
    assert client.get("/admin/", follow=True).redirect_chain[-1][0].startswith(reverse("account_login"))


def test_posting_the_app_set_up_page_without_a_code_does_not_count_as_two_step_sign_in(people):
    user = people.manager.user
    set_up_app(Client(), user)
    session = code_less_session(user)
    response = session.post(reverse("mfa_activate_totp"))
    assert response["Location"] == reverse("account_login")  # signed out, to sign in again with a code
    assert "_auth_user_id" not in session.session
    assert session.get(reverse("caseload"))["Location"].startswith(reverse("account_login"))
    assert session.get(reverse("young_person_export", args=[people.young_person.pk])).status_code == 302


def test_a_session_without_the_code_cannot_read_recovery_codes_or_confirm_its_password_to_reach_them(people):
    user = people.social_worker.user
    set_up_app(Client(), user)
    for name, method, data in [("mfa_view_recovery_codes", "get", {}), ("mfa_download_recovery_codes", "get", {}),
                               ("mfa_generate_recovery_codes", "post", {}), ("mfa_index", "get", {}),
                               ("account_reauthenticate", "post", {"password": PASSWORD}),
                               ("mfa_activate_totp", "get", {})]:
        session = code_less_session(user)
        response = getattr(session, method)(reverse(name), data)
        assert response.status_code == 302 and response["Location"] == reverse("account_login"), name
        assert "_auth_user_id" not in session.session, name
    codes = Authenticator.objects.get(user=user, type=Authenticator.Type.RECOVERY_CODES).wrap().get_unused_codes()
    assert len(codes) == 10  # none regenerated


def test_before_they_have_an_app_staff_reach_only_the_pages_that_set_one_up(client, people):
    sign_in(client, people.social_worker.user)
    for name in ("mfa_view_recovery_codes", "mfa_download_recovery_codes", "caseload"):
        assert client.get(reverse(name))["Location"] == reverse("mfa_activate_totp"), name
    assert client.get(reverse("mfa_index")).status_code == 200
    assert client.get(reverse("account_reauthenticate")).status_code == 200


def test_a_code_proves_the_session_only_for_the_person_who_typed_it(people):
    user = people.social_worker.user
    set_up_app(Client(), user)
    session = code_less_session(user)
    stored = session.session
    stored[TWO_STEP_DONE] = people.manager.user.pk
    stored.save()
    assert session.get(reverse("caseload"))["Location"] == reverse("account_login")
