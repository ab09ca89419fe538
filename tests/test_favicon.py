"""The portal's own icon: /favicon.ico answers, every page links to it, and it is not GOV.UK's crown."""
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders

GOVUK_IMAGES = Path(__file__).resolve().parent.parent / "node_modules/govuk-frontend/dist/govuk/assets/images"


@pytest.mark.django_db
def test_favicon_ico_answers_without_signing_in(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 302
    assert response["Location"].startswith("/static/favicon")
    assert response["Location"].endswith(".ico")


@pytest.mark.django_db
def test_the_base_page_links_the_icon(client):
    html = client.get("/accounts/login/").content.decode()
    assert '<link rel="icon" href="/static/favicon' in html
    assert 'type="image/svg+xml"' in html


def test_the_icon_is_ours_not_the_crown():
    for name in ("favicon.ico", "favicon.svg"):
        ours = Path(finders.find(name)).read_bytes()
        assert ours != (GOVUK_IMAGES / name).read_bytes()
    assert Path(finders.find("favicon.ico")).read_bytes()[:4] == b"\x00\x00\x01\x00"  # an ICO file
