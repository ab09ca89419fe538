"""Every casework model, gathered from the rooms they live in, so Django finds them (it imports an app's
models.py) and other apps keep importing them from one place (`from casework.models import X`). Inside casework,
import from the room itself (casework.people.models, ...): tests/test_architecture.py holds the rooms to an order,
and this module, which imports them all, is above every one of them."""
# In the order they were declared when they were one file (but for the grant, now beside the rest of leaving
# care), so apps.get_models(), the walk behind the export and retention, lists them much as before.
from .people.models import (  # noqa: F401
    Allocation,
    Council,
    LegalStatus,
    Role,
    Sex,
    Team,
    User,
    UserManager,  # named in migration 0001
    Worker,
    YoungPerson,
)
from .contacts.models import CallbackAttempt, CallbackRequest, Contact, ContactKind  # noqa: F401
from .plans.models import (  # noqa: F401
    CARE_PLAN_CONSIDERED,
    CARE_PLAN_CONSIDERED_NOTES,
    CARE_PLAN_SECTIONS,
    AdvocateOffer,
    CarePlanVersion,
    Placement,
    PlacementKind,
    VisitSchedule,
    visit_schedule_expression,
)
from .plans.episodes import EPISODE_CONTINUES, CarePeriod, NewEpisodeReason, care_periods  # noqa: F401
from .worries.models import Concern, ConcernAddition, ConcernResponse, MissingEpisode  # noqa: F401
from .leaving_care.models import (  # noqa: F401
    CareersMeeting,
    CareLeaverYearlyOutcome,
    CouncilAccommodation,
    GrantPayment,
    InTouch,
    NeedsAssessment,
    PathwayPlanVersion,
    ReturnToEducationRequest,
    StayingCloseRequest,
)
from .health.models import HealthCheck, SdqReason, YearlyHealthOutcome  # noqa: F401
from .family.models import Achievement, IdentityReview, ImportantPerson  # noqa: F401
from .education.models import EducationStatus, PersonalEducationPlan, WorkExperienceOffer  # noqa: F401
from .audit.models import AuditEvent  # noqa: F401
from .accounts.invitations import Invitation  # noqa: F401
