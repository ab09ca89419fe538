from django.apps import AppConfig


class ReturnsConfig(AppConfig):
    """The records a council already keeps, in and out: its SSDA903 return and Ofsted's Annex A lists are read
    into the portal (so nobody keys a visit twice) and written back from it (so the return comes from one place)."""

    name = "returns"
    verbose_name = "SSDA903 and Annex A"
