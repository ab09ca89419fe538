"""One JSON line per request (pledge_portal.request_log): request id, user id and role, method, path, status and
time; never a name, an email or the query string, even on a page full of names searched for by name."""
import pytest
from django.test import Client
from django.urls import reverse

from .log_capture import json_lines

pytestmark = pytest.mark.django_db
FIELDS = {"time", "level", "logger", "message", "request_id", "user_id", "role", "method", "path", "view", "status",
          "duration_ms"}


def one_request_line(lines) -> tuple[str, dict]:
    assert len(lines) == 1, lines
    return lines[0]


def test_a_workers_search_for_a_child_by_name_logs_one_line_with_no_name_email_or_query(client, people):
    client.force_login(people.social_worker.user)
    with json_lines("pledge_portal.requests") as lines:
        response = client.get(reverse("caseload"), {"q": "Robin"})
    assert "Robin Ash" in response.content.decode()  # the page names the child
    text, line = one_request_line(lines)
    assert set(line) == FIELDS
    assert line["message"] == "request" and line["method"] == "GET" and line["status"] == 200
    assert line["path"] == "/young-people/" and line["view"] == "caseload"
    assert line["user_id"] == people.social_worker.user.pk and line["role"] == "social_worker"
    assert isinstance(line["duration_ms"], float) and line["duration_ms"] >= 0
    assert response["X-Request-ID"] == line["request_id"] and len(line["request_id"]) == 32
    for secret in ("Robin", "Ash", "q=", people.social_worker.user.email, people.social_worker.name, "Sita"):
        assert secret not in text


def test_a_young_persons_page_is_logged_with_their_role_and_id_only(client, people, small_pledge):
    client.force_login(people.young_person.user)
    with json_lines("pledge_portal.requests") as lines:
        client.get(reverse("my_pledge"))
    text, line = one_request_line(lines)
    assert (line["user_id"], line["role"], line["status"]) == (people.young_person.user.pk, "young_person", 200)
    assert "Robin" not in text and people.young_person.user.email not in text


def test_a_record_page_logs_the_young_persons_id_in_the_path_but_not_their_name(client, people):
    client.force_login(people.social_worker.user)
    with json_lines("pledge_portal.requests") as lines:
        response = client.get(reverse("young_person_overview", args=[people.young_person.pk]))
    assert response.status_code == 200 and "Robin" in response.content.decode()
    text, line = one_request_line(lines)
    assert line["path"] == f"/young-people/{people.young_person.pk}/"
    assert "Robin" not in text and "Ash" not in text


def test_someone_signed_out_is_anonymous_and_sent_to_sign_in(client):
    with json_lines("pledge_portal.requests") as lines:
        client.get(reverse("caseload"))
    _text, line = one_request_line(lines)
    assert (line["user_id"], line["role"], line["status"]) == (None, "anonymous", 302)


def test_a_plain_request_id_from_the_proxy_is_kept_and_a_forged_one_replaced(client):
    with json_lines("pledge_portal.requests") as lines:
        kept = client.get("/healthz", headers={"X-Request-ID": "lb-7f3a.92"})
        replaced = client.get("/healthz", headers={"X-Request-ID": 'x" "role": "admin\nfake line'})
    assert kept["X-Request-ID"] == lines[0][1]["request_id"] == "lb-7f3a.92"
    assert replaced["X-Request-ID"] == lines[1][1]["request_id"] != 'x" "role": "admin\nfake line'
    assert lines[0][1]["role"] == "anonymous"


def test_an_invitation_links_token_is_not_logged(client, people):
    with json_lines("pledge_portal.requests") as lines:
        client.get(reverse("invitation_accept", args=["a-secret-token-from-an-email"]))
    text, line = one_request_line(lines)
    assert "a-secret-token" not in text
    assert line["path"] == "/invitation/<str:token>/"  # the URL pattern, not the address


@pytest.mark.urls("tests.error_urls")
def test_a_request_that_crashes_logs_one_line_with_status_500(people):
    client = Client(raise_request_exception=False)
    client.force_login(people.social_worker.user)
    with json_lines("pledge_portal.requests") as lines:
        response = client.get("/broken/?q=Robin")
    assert response.status_code == 500
    text, line = one_request_line(lines)
    assert line["status"] == 500 and line["path"] == "/broken/" and line["level"] == "ERROR"
    assert "Robin" not in text and response["X-Request-ID"] == line["request_id"]


def test_djangos_own_not_found_line_leaves_out_the_query_string(client, people):
    client.force_login(people.social_worker.user)
    with json_lines("django.request") as lines:
        response = client.get("/no-such-page/", {"q": "Robin Ash"})
    assert response.status_code == 404
    assert lines and all("Robin" not in text for text, _line in lines)
    assert lines[0][1]["message"] == "Not Found: /no-such-page/"
