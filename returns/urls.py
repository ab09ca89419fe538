from django.urls import path

from .downloads import views as downloads
from .uploads import views

urlpatterns = [
    path("returns/imports/", views.import_list, name="returns_imports"),
    path("returns/imports/<int:pk>/", views.import_detail, name="returns_import"),
    path("returns/imports/<int:pk>/confirm/", views.import_confirm, name="returns_import_confirm"),
    path("returns/exports/", downloads.export_list, name="returns_exports"),
    path("returns/exports/ssda903/", downloads.export_903, name="returns_export_903"),
    path("returns/exports/annex-a/", downloads.export_annex_a, name="returns_export_annex_a"),
    path("returns/exports/<int:pk>/", downloads.export_detail, name="returns_export"),
    path("returns/exports/<int:pk>/download/", downloads.export_download, name="returns_export_download"),
]
