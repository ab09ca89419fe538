"""allauth's own URL patterns, every one, mounted where the portal mounts its allowlist (tests/test_sign_in_addresses.py
builds each address from them to prove the ones not in use answer 404)."""
from django.urls import include, path

urlpatterns = [path("accounts/", include("allauth.urls"))]
