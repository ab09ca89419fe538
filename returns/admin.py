"""The records that come only from a council's SSDA903 return, in the admin: read only (a later import corrects them),
and only for the young people casework.people.scoping lets the member of staff see."""
from django.contrib import admin

from casework.admin import ViewOnlyAdmin, YoungPersonRecordAdmin
from casework.models import CareLeaverYearlyOutcome, MissingEpisode, YearlyHealthOutcome

from .models import KeptReturnRow

SEARCH = ["young_person__first_name", "young_person__last_name", "young_person__child_id"]


class FromTheReturnAdmin(ViewOnlyAdmin, YoungPersonRecordAdmin):
    search_fields = SEARCH


@admin.register(MissingEpisode)
class MissingEpisodeAdmin(FromTheReturnAdmin):
    list_display = ["young_person", "kind", "started_on", "ended_on"]
    list_filter = ["kind"]


@admin.register(YearlyHealthOutcome)
class YearlyHealthOutcomeAdmin(FromTheReturnAdmin):
    list_display = ["young_person", "year_ending", "sdq_score", "health_assessment", "teeth_check"]
    list_filter = ["year_ending"]


@admin.register(CareLeaverYearlyOutcome)
class CareLeaverYearlyOutcomeAdmin(FromTheReturnAdmin):
    list_display = ["young_person", "year_ending", "in_touch", "activity", "accommodation"]
    list_filter = ["year_ending"]


@admin.register(KeptReturnRow)
class KeptReturnRowAdmin(FromTheReturnAdmin):
    list_display = ["young_person", "table", "imported_at"]
    list_filter = ["table"]
