"""The project's URLs plus one that fails, to see the designed 500 page."""
from django.urls import path

from pledge_portal.urls import urlpatterns as project_urlpatterns


def broken(request):
    raise RuntimeError("a bug")


urlpatterns = [path("broken/", broken), *project_urlpatterns]
