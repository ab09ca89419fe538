"""Councils, teams, workers, young people and who is allocated to whom.

The council is the tenant: every other record hangs off one, and casework.scoping decides who may
see which young person. Allocations keep their history: the current social worker is the open
allocation, past ones stay so "how many social workers in 12 months" can be answered.
"""
from datetime import date

from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone

from .fields import LowercaseEmailField


class UserManager(BaseUserManager):
    """Users log in with their email address, kept whole in lower case (casework.fields); there is no username."""

    use_in_migrations = True

    @classmethod
    def normalize_email(cls, email):
        return (super().normalize_email(email) or "").lower()

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("A user needs an email address")
        user = self.model(email=self.normalize_email(email), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra_fields)


class User(AbstractUser):
    username = None
    email = LowercaseEmailField("email address", unique=True)

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    objects = UserManager()

    def __str__(self):
        return self.email


class Council(models.Model):
    """A local authority: the tenant that owns its pledge, teams, workers and young people."""

    slug = models.SlugField(unique=True)
    name = models.CharField(max_length=200)
    short_name = models.CharField(max_length=100, help_text="Shown in the header, e.g. 'Barking and Dagenham'.")
    phone = models.CharField(max_length=40, blank=True)
    email = models.EmailField(blank=True)
    address = models.TextField(blank=True)
    local_offer_url = models.URLField("Local Offer link", blank=True)
    leaving_care_grant_pence = models.PositiveIntegerField(
        "leaving care grant (pence)", null=True, blank=True,
        help_text="The council's leaving care grant (setting-up-home allowance) for each young person, in pence: "
                  "200000 is £2,000.00. Empty until the council has set it; no payment can be recorded until then.",
    )
    # Looked-after children's case records are kept until their 75th birthday at least (Care Planning, Placement and
    # Case Review (England) Regulations 2010, reg. 50); care leavers' similarly. 75 years after the 18th birthday
    # (the 93rd) is on the safe side of that; a council whose records policy says otherwise sets its own.
    retain_records_years = models.PositiveSmallIntegerField(
        "keep records for (years after their 18th birthday)", default=75,
        help_text="After this, casework.retention anonymises the young person's record: names removed, date of birth "
                  "to 1 January of the year, every free-text note deleted.",
    )

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class Team(models.Model):
    council = models.ForeignKey(Council, on_delete=models.PROTECT, related_name="teams")
    name = models.CharField(max_length=200)
    duty_phone = models.CharField(
        max_length=40, blank=True, help_text="Who a young person can call when their worker is away."
    )
    duty_email = models.EmailField(blank=True)
    duty_worker = models.ForeignKey(
        "Worker", on_delete=models.SET_NULL, null=True, blank=True, related_name="duty_for_teams",
        help_text="Sees call-back requests for young people whose worker is away.",
    )

    class Meta:
        ordering = ["council", "name"]
        constraints = [models.UniqueConstraint(fields=["council", "name"], name="team_unique_name_per_council")]

    def __str__(self):
        return self.name


class Role(models.TextChoices):
    SOCIAL_WORKER = "social_worker", "Social worker"
    PERSONAL_ADVISER = "personal_adviser", "Personal adviser"
    IRO = "iro", "Independent Reviewing Officer"
    MANAGER = "manager", "Manager"
    DESIGNATED_TEACHER = "designated_teacher", "Designated teacher"
    NURSE = "nurse", "Nurse for children in care"
    ADVOCATE = "advocate", "Advocate"


class Worker(models.Model):
    """A professional in a young person's life. Not all of them log in (a designated teacher may not)."""

    user = models.OneToOneField(User, on_delete=models.PROTECT, null=True, blank=True, related_name="worker")
    council = models.ForeignKey(Council, on_delete=models.PROTECT, related_name="workers")
    team = models.ForeignKey(Team, on_delete=models.PROTECT, null=True, blank=True, related_name="workers")
    role = models.CharField(max_length=30, choices=Role.choices)
    name = models.CharField(max_length=200)
    job_title = models.CharField(max_length=200, blank=True)
    organisation = models.CharField(max_length=200, blank=True, help_text="For example the school, for a teacher.")
    phone = models.CharField("office phone", max_length=40, blank=True)
    mobile = models.CharField(max_length=40, blank=True)
    email = LowercaseEmailField(blank=True)
    away_until = models.DateField(
        null=True, blank=True, help_text="While away (leave, sickness), their team's duty worker covers call-backs."
    )

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return f"{self.name} ({self.get_role_display()})"

    def is_away_on(self, day: date) -> bool:
        return self.away_until is not None and day <= self.away_until

    def clean(self):
        if self.team_id and self.team.council_id != self.council_id:
            raise ValidationError({"team": "Choose a team in the same council as the worker."})
        # A user is at most one of worker and young person: linked to both, whoever signs in is the other too.
        if self.user_id and YoungPerson.objects.filter(user_id=self.user_id).exists():
            raise ValidationError({"user": "This account belongs to a young person. Choose an account of the "
                                           "worker's own."})


class LegalStatus(models.TextChoices):
    LOOKED_AFTER = "looked_after", "In care (looked after)"
    CARE_LEAVER = "care_leaver", "Care leaver"


class YoungPerson(models.Model):
    council = models.ForeignKey(Council, on_delete=models.PROTECT, related_name="young_people")
    user = models.OneToOneField(User, on_delete=models.PROTECT, null=True, blank=True, related_name="young_person")
    first_name = models.CharField(max_length=100)
    last_name = models.CharField(max_length=100)
    preferred_name = models.CharField(max_length=100, blank=True, help_text="What they like to be called.")
    date_of_birth = models.DateField()
    legal_status = models.CharField(max_length=20, choices=LegalStatus.choices)
    became_looked_after_on = models.DateField("date became looked after", null=True, blank=True)
    in_care_council_member = models.BooleanField(
        "member of the In Care Council", default=False,
        help_text="Members see the council's anonymised picture of how well the pledge is kept.",
    )
    anonymised_on = models.DateField(null=True, blank=True, editable=False,
                                     help_text="When their council's retention period ended (casework.retention).")

    class Meta:
        ordering = ["last_name", "first_name"]
        verbose_name_plural = "young people"

    def __str__(self):
        return self.full_name

    @property
    def full_name(self):
        return f"{self.first_name} {self.last_name}"

    @property
    def display_name(self):
        return self.preferred_name or self.first_name

    @property
    def is_care_leaver(self):
        return self.legal_status == LegalStatus.CARE_LEAVER

    def age_on(self, day: date) -> int:
        born = self.date_of_birth
        return day.year - born.year - ((day.month, day.day) < (born.month, born.day))

    def clean(self):
        errors = {}
        if self.date_of_birth and self.date_of_birth > date.today():
            errors["date_of_birth"] = "Date of birth must be in the past."
        if self.became_looked_after_on and self.date_of_birth and self.became_looked_after_on < self.date_of_birth:
            errors["became_looked_after_on"] = "The date they came into care must be after their date of birth."
        # A user is at most one of worker and young person, and a young person's account opens no staff door.
        if self.user_id and User.objects.filter(pk=self.user_id).filter(
                Q(worker__isnull=False) | Q(is_staff=True) | Q(is_superuser=True)).exists():
            errors["user"] = ("This account belongs to a member of staff. Choose an account of the young person's "
                              "own, or invite them from their pledge page.")
        if errors:
            raise ValidationError(errors)


class Allocation(models.Model):
    """A worker allocated to a young person in a role, from a start date until an end date.

    At most one open allocation per young person per role: allocating a new social worker ends the old
    allocation (casework.services.allocation_change) rather than overwriting it.
    """

    young_person = models.ForeignKey(YoungPerson, on_delete=models.CASCADE, related_name="allocations")
    worker = models.ForeignKey(Worker, on_delete=models.PROTECT, related_name="allocations")
    role = models.CharField(max_length=30, choices=Role.choices)
    started_on = models.DateField()
    ended_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["young_person", "role", "-started_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["young_person", "role"],
                condition=Q(ended_on__isnull=True),
                name="allocation_one_open_per_role",
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=models.F("started_on")),
                name="allocation_ends_after_start",
            ),
        ]
        indexes = [models.Index(fields=["worker", "ended_on"], name="allocation_caseload_idx")]

    def __str__(self):
        return f"{self.worker.name} – {self.get_role_display()} for {self.young_person}"

    @property
    def is_current(self):
        return self.ended_on is None

    def clean(self):
        errors = {}
        if self.worker_id and self.young_person_id and self.worker.council_id != self.young_person.council_id:
            errors["worker"] = "Choose a worker from the young person's council."
        if self.ended_on and self.started_on and self.ended_on < self.started_on:
            errors["ended_on"] = "The end date must be on or after the start date."
        if errors:
            raise ValidationError(errors)


class ContactKind(models.TextChoices):
    """How a worker was in touch. Only the first two are visits in the sense of regulation 28."""

    VISIT_HOME = "visit_home", "Visit at home or placement"
    VISIT_ELSEWHERE = "visit_elsewhere", "Visit somewhere else (school, café, office)"
    PHONE = "phone", "Phone call"
    VIDEO = "video", "Video call"
    OTHER = "other", "Other (message, letter)"

    @classmethod
    def visits(cls) -> list[str]:
        return [cls.VISIT_HOME, cls.VISIT_ELSEWHERE]


class Contact(models.Model):
    """A worker's visit to, or contact with, a young person. Saving one restarts the contact clocks."""

    young_person = models.ForeignKey(YoungPerson, on_delete=models.CASCADE, related_name="contacts")
    worker = models.ForeignKey(Worker, on_delete=models.PROTECT, related_name="contacts")
    happened_on = models.DateField("date")
    kind = models.CharField(max_length=20, choices=ContactKind.choices)
    seen_alone = models.BooleanField(
        null=True, blank=True, help_text="For visits: was the young person seen on their own (regulation 29)?"
    )
    note = models.TextField(max_length=2000, blank=True)
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["young_person", "-happened_on"]
        indexes = [models.Index(fields=["young_person", "happened_on"], name="contact_by_young_person_idx")]

    def __str__(self):
        return f"{self.get_kind_display()} with {self.young_person} on {self.happened_on}"

    @property
    def is_visit(self):
        return self.kind in ContactKind.visits()

    def clean(self):
        errors = {}
        if self.happened_on and self.young_person_id:
            young_person = self.young_person
            if self.happened_on > date.today():
                errors["happened_on"] = "The date of the contact must be today or in the past."
            elif self.happened_on < young_person.date_of_birth:
                errors["happened_on"] = "The date of the contact must be after the young person's date of birth."
            elif young_person.became_looked_after_on and self.happened_on < young_person.became_looked_after_on:
                errors["happened_on"] = (
                    "The date of the contact must be on or after the day they came into care "
                    f"({young_person.became_looked_after_on:%-d %B %Y})."
                )
        if self.worker_id and self.young_person_id and self.worker.council_id != self.young_person.council_id:
            errors["worker"] = "The worker must be from the young person's council."
        if errors:
            raise ValidationError(errors)


class CallbackRequest(models.Model):
    """A young person asking their worker to call them back. Open until someone reaches them."""

    class Status(models.TextChoices):
        OPEN = "open", "Waiting for a call"
        CALLED_BACK = "called_back", "Called back"

    young_person = models.ForeignKey(YoungPerson, on_delete=models.CASCADE, related_name="callback_requests")
    requested_at = models.DateTimeField()
    message = models.TextField(max_length=500, blank=True)
    best_time = models.CharField(max_length=100, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.OPEN)
    called_back_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-requested_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["young_person"], condition=Q(status="open"), name="callback_one_open_per_young_person"
            )
        ]

    def __str__(self):
        return f"Call back {self.young_person} (asked {self.requested_at:%-d %B %Y})"


class CallbackAttempt(models.Model):
    """A worker trying to call a young person back. Only 'reached' closes the request."""

    class Outcome(models.TextChoices):
        REACHED = "reached", "We spoke"
        NOT_REACHED = "not_reached", "I could not reach them"

    request = models.ForeignKey(CallbackRequest, on_delete=models.CASCADE, related_name="attempts")
    worker = models.ForeignKey(Worker, on_delete=models.PROTECT, related_name="callback_attempts")
    attempted_at = models.DateTimeField()
    outcome = models.CharField(max_length=20, choices=Outcome.choices)
    note = models.TextField(max_length=1000, blank=True)

    class Meta:
        ordering = ["request", "attempted_at"]

    def __str__(self):
        return f"{self.get_outcome_display()} ({self.attempted_at:%-d %B %Y})"


# ---------------------------------------------------------------------------------------------------------------
# Care plans and placements
# ---------------------------------------------------------------------------------------------------------------

# The pledge's words: "Your Care Plan will consider your age, gender identity, sexual orientation, disabled or
# non-disabled status, religion or beliefs, ethnicity and cultural needs". Each is considered, with a note.
CARE_PLAN_CONSIDERED = (
    "Your Care Plan will consider your age, gender identity, sexual orientation, disabled or non-disabled status, "
    "religion or beliefs, ethnicity and cultural needs"
)
CARE_PLAN_CONSIDERED_NOTES = {
    "age_note": "Age",
    "gender_identity_note": "Gender identity",
    "sexual_orientation_note": "Sexual orientation",
    "disability_note": "Disabled or non-disabled status",
    "religion_note": "Religion or beliefs",
    "ethnicity_note": "Ethnicity",
    "culture_note": "Cultural needs",
}
CARE_PLAN_SECTIONS = {
    "needs": "What they need",
    "actions": "What will happen",
    "responsibilities": "Who does what, by when",
}


def _considered_note(label: str) -> models.TextField:
    return models.TextField(label, max_length=1000, validators=[MaxLengthValidator(1000)])


def _came_into_care_error(young_person: "YoungPerson", day: date, what: str) -> str | None:
    """The shared date rule for care plans and placements: not in the future, not before they came into care."""
    if day > date.today():
        return f"{what} must be today or in the past."
    if young_person.became_looked_after_on and day < young_person.became_looked_after_on:
        return f"{what} must be on or after the day they came into care ({young_person.became_looked_after_on:%-d %B %Y})."
    if day < young_person.date_of_birth:
        return f"{what} must be after their date of birth."
    return None


class CarePlanVersion(models.Model):
    """One saved version of a young person's care plan. Never edited: an update is a new version.

    The only change a saved version allows is recording when a copy was given (casework.services.
    care_plan_copy_given), once.
    """

    class CopyGivenHow(models.TextChoices):
        IN_PERSON = "in_person", "In person"
        POST = "post", "By post"
        EMAIL = "email", "By email"
        PORTAL = "portal", "In Pledge Portal"

    young_person = models.ForeignKey(YoungPerson, on_delete=models.CASCADE, related_name="care_plan_versions")
    version = models.PositiveIntegerField()
    agreed_on = models.DateField("date agreed")
    written_by = models.ForeignKey(Worker, on_delete=models.PROTECT, related_name="care_plans_written")
    created_at = models.DateTimeField(auto_now_add=True)
    needs = models.TextField("what they need")
    actions = models.TextField("what will happen")
    responsibilities = models.TextField("who does what, by when")
    age_note = _considered_note("age")
    gender_identity_note = _considered_note("gender identity")
    sexual_orientation_note = _considered_note("sexual orientation")
    disability_note = _considered_note("disabled or non-disabled status")
    religion_note = _considered_note("religion or beliefs")
    ethnicity_note = _considered_note("ethnicity")
    culture_note = _considered_note("cultural needs")
    copy_given_on = models.DateField("date a copy was given", null=True, blank=True)
    copy_given_how = models.CharField(max_length=20, choices=CopyGivenHow.choices, blank=True)

    class Meta:
        ordering = ["young_person", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["young_person", "version"], name="care_plan_one_number_per_version"),
        ]

    def __str__(self):
        return f"Care plan version {self.version} for {self.young_person}"

    def considered(self) -> list[tuple[str, str]]:
        """The seven things the pledge says the plan considers, each with its note."""
        return [(label, getattr(self, name)) for name, label in CARE_PLAN_CONSIDERED_NOTES.items()]

    def sections(self) -> list[tuple[str, str]]:
        return [(label, getattr(self, name)) for name, label in CARE_PLAN_SECTIONS.items()]

    def clean(self):
        errors = {}
        if self.agreed_on and self.young_person_id:
            error = _came_into_care_error(self.young_person, self.agreed_on, "The date the plan was agreed")
            if error:
                errors["agreed_on"] = error
        if self.copy_given_on:
            if self.copy_given_on > date.today():
                errors["copy_given_on"] = "The date they were given a copy must be today or in the past."
            elif self.agreed_on and self.copy_given_on < self.agreed_on:
                errors["copy_given_on"] = (
                    "The date they were given a copy must be on or after the day the plan was agreed "
                    f"({self.agreed_on:%-d %B %Y})."
                )
            if not self.copy_given_how:
                errors["copy_given_how"] = "Select how they were given a copy."
        elif self.copy_given_how:
            errors["copy_given_on"] = "Enter the date they were given a copy."
        if self.written_by_id and self.young_person_id and self.written_by.council_id != self.young_person.council_id:
            errors["written_by"] = "The plan must be written by a worker from the young person's council."
        if errors:
            raise ValidationError(errors)


class PlacementKind(models.TextChoices):
    FOSTER = "foster", "Foster carer"
    CONNECTED_PERSON = "connected_person", "Family or friends carer (connected person)"
    RESIDENTIAL = "residential", "Children's home"
    SEMI_INDEPENDENT = "semi_independent", "Supported or semi-independent accommodation"
    WITH_PARENTS = "with_parents", "Placed with parents"
    OTHER = "other", "Somewhere else"


class AdvocateOffer(models.TextChoices):
    OFFERED = "offered", "Yes"
    NOT_OFFERED_EMERGENCY = "not_offered_emergency", "No, it was an emergency move"
    NOT_OFFERED = "not_offered", "No, for another reason"


class Placement(models.Model):
    """Where a young person lives. A placement after the first is a move.

    Placements never overlap: a move (casework.services.placement_move) ends the current placement the day
    the new one starts.
    """

    young_person = models.ForeignKey(YoungPerson, on_delete=models.CASCADE, related_name="placements")
    kind = models.CharField("type of placement", max_length=30, choices=PlacementKind)
    carer_or_home = models.CharField("carer or home", max_length=200)
    started_on = models.DateField("start date")
    ended_on = models.DateField("end date", null=True, blank=True)
    distance_miles = models.DecimalField(
        "distance from their home area (miles)", max_digits=5, decimal_places=1, null=True, blank=True,
        validators=[MinValueValidator(0)],
    )
    school_stayed_same = models.BooleanField(null=True, blank=True)
    is_move = models.BooleanField(default=False)
    advocate_offer = models.CharField("advocate offered", max_length=30, choices=AdvocateOffer, blank=True)
    advocate_offered_on = models.DateField(null=True, blank=True)
    advocate_not_offered_reason = models.TextField(blank=True)
    school_wish_recorded = models.BooleanField(null=True, blank=True)
    school_wish = models.TextField(blank=True)
    recorded_by = models.ForeignKey(Worker, on_delete=models.PROTECT, related_name="placements_recorded")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["young_person", "-started_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=models.F("started_on")),
                name="placement_ends_after_start",
                violation_error_message="The end date must be on or after the start date.",
            ),
            models.UniqueConstraint(
                fields=["young_person"], condition=Q(ended_on__isnull=True), name="placement_one_open",
                violation_error_message="They already have a current placement. Record a move instead.",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.carer_or_home} (from {self.started_on:%-d %B %Y})"

    @property
    def is_current(self):
        return self.ended_on is None

    def overlapping(self) -> "Placement | None":
        """The first of the young person's other placements that shares time with this one, or None.

        A placement runs from its start date up to its end date: a move ends the old placement on the day the new
        one starts, and sharing that day is not an overlap. `replaces` is the current placement a move is about to
        end, with its new end date not yet saved (casework.services.placement_move).
        """
        replaces = getattr(self, "replaces", None)
        others = Placement.objects.filter(young_person_id=self.young_person_id).order_by("started_on")
        if self.pk:
            others = others.exclude(pk=self.pk)
        end = self.ended_on or date.max
        for other in others:
            if replaces is not None and other.pk == replaces.pk:
                other = replaces
            if other.started_on < end and self.started_on < (other.ended_on or date.max):
                return other
        return None

    def clean(self):
        errors = {}
        if self.started_on and self.young_person_id:
            error = _came_into_care_error(self.young_person, self.started_on, "The start date")
            if error:
                errors["started_on"] = error
        if self.ended_on and self.started_on and self.ended_on < self.started_on:
            errors["ended_on"] = "The end date must be on or after the start date."
        elif self.ended_on and self.ended_on > date.today():
            errors["ended_on"] = "The end date must be today or in the past."
        if self.recorded_by_id and self.young_person_id and self.recorded_by.council_id != self.young_person.council_id:
            errors["recorded_by"] = "The worker must be from the young person's council."
        if self.is_move:
            errors.update(self._move_errors())
        if self.young_person_id and self.started_on and not {"started_on", "ended_on"} & errors.keys():
            clash = self.overlapping()
            if clash is not None:
                until = f"{clash.ended_on:%-d %B %Y}" if clash.ended_on else "now"
                errors["started_on"] = (
                    f"This placement overlaps their placement with {clash.carer_or_home} "
                    f"from {clash.started_on:%-d %B %Y} to {until}."
                )
        if errors:
            raise ValidationError(errors)

    def _move_errors(self) -> dict[str, str]:
        errors = {}
        if not self.advocate_offer:
            errors["advocate_offer"] = "Select whether they were offered an advocate before the move."
        elif self.advocate_offer == AdvocateOffer.OFFERED:
            if not self.advocate_offered_on:
                errors["advocate_offered_on"] = "Enter the date they were offered an advocate."
            elif self.started_on and self.advocate_offered_on > self.started_on:
                errors["advocate_offered_on"] = (
                    "The date they were offered an advocate must be on or before the day they moved "
                    f"({self.started_on:%-d %B %Y})."
                )
        elif self.advocate_offer == AdvocateOffer.NOT_OFFERED and not self.advocate_not_offered_reason.strip():
            errors["advocate_not_offered_reason"] = "Enter why they were not offered an advocate."
        if self.advocate_offered_on and self.advocate_offer and self.advocate_offer != AdvocateOffer.OFFERED:
            errors["advocate_offered_on"] = "Only enter the date they were offered an advocate if they were offered one."
        if self.school_wish_recorded is None:
            errors["school_wish_recorded"] = "Select whether you recorded what they wanted about school."
        elif self.school_wish_recorded and not self.school_wish.strip():
            errors["school_wish"] = "Enter what they wanted about school."
        return errors


# ---------------------------------------------------------------------------------------------------------------
# Worries, complaints and asking for an advocate
# ---------------------------------------------------------------------------------------------------------------


class Concern(models.Model):
    """A worry, a complaint or a request for an advocate, raised by a young person.

    The young person chooses who sees it (casework.scoping.concerns_visible_to). Staff acknowledge it once, then
    respond; a response may answer it (resolve it). Only casework.services changes one.
    """

    class Kind(models.TextChoices):
        WORRY = "worry", "A worry"
        COMPLAINT = "complaint", "A complaint"
        ADVOCATE = "advocate", "Ask for an advocate"

    class Audience(models.TextChoices):
        WORKER = "worker", "My social worker or personal adviser"
        IRO = "iro", "My Independent Reviewing Officer (IRO)"
        COMPLAINTS = "complaints", "The complaints team"

    class Status(models.TextChoices):
        OPEN = "open", "Sent"
        ACKNOWLEDGED = "acknowledged", "Someone is looking at it"
        RESOLVED = "resolved", "Answered"

    young_person = models.ForeignKey(YoungPerson, on_delete=models.CASCADE, related_name="concerns")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    audience = models.CharField("who should see it", max_length=20, choices=Audience.choices)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.OPEN)
    text = models.TextField("what is happening", max_length=3000, validators=[MaxLengthValidator(3000)])
    raised_at = models.DateTimeField()
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    acknowledged_by = models.ForeignKey(Worker, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-raised_at"]
        indexes = [models.Index(fields=["young_person", "status"], name="concern_yp_status_idx")]

    def __str__(self):
        return f"{self.get_kind_display()} from {self.young_person} ({self.raised_at:%-d %B %Y})"

    def clean(self):
        errors = {}
        if self.text is not None and not self.text.strip():
            errors["text"] = "Tell us what is happening."
        if self.acknowledged_by_id and self.young_person_id and (
            self.acknowledged_by.council_id != self.young_person.council_id
        ):
            errors["acknowledged_by"] = "The worker must be from the young person's council."
        if errors:
            raise ValidationError(errors)


class ConcernResponse(models.Model):
    """What staff tell the young person about their concern. The young person sees it."""

    concern = models.ForeignKey(Concern, on_delete=models.CASCADE, related_name="responses")
    worker = models.ForeignKey(Worker, on_delete=models.PROTECT, related_name="+")
    written_at = models.DateTimeField()
    text = models.TextField("response", max_length=3000, validators=[MaxLengthValidator(3000)])

    class Meta:
        ordering = ["concern", "written_at"]

    def __str__(self):
        return f"Response from {self.worker.name} ({self.written_at:%-d %B %Y})"

    def clean(self):
        errors = {}
        if self.text is not None and not self.text.strip():
            errors["text"] = "Enter your response."
        if self.worker_id and self.concern_id and self.worker.council_id != self.concern.young_person.council_id:
            errors["worker"] = "The worker must be from the young person's council."
        if errors:
            raise ValidationError(errors)


# ---------------------------------------------------------------------------------------------------------------
# The leaving care grant (setting-up-home allowance)
# ---------------------------------------------------------------------------------------------------------------


class GrantPayment(models.Model):
    """A payment from a young person's leaving care grant (setting-up-home allowance).

    The grant is the council's (Council.leaving_care_grant_pence); what is left is the grant less every payment
    (casework.services.grant_balance). Only casework.services.grant_payment_record adds one: it refuses a payment
    over what is left unless a manager of the council approves it with a reason, recorded here.
    """

    young_person = models.ForeignKey(YoungPerson, on_delete=models.CASCADE, related_name="grant_payments")
    paid_on = models.DateField("date paid")
    amount_pence = models.PositiveIntegerField(
        "amount (pence)", validators=[MinValueValidator(1, message="The amount must be more than £0.")])
    what_for = models.CharField("what it was for", max_length=200)
    recorded_by = models.ForeignKey(Worker, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)
    over_balance_approved_by = models.ForeignKey(
        Worker, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        help_text="The manager who approved paying more than was left of the grant.",
    )
    over_balance_reason = models.TextField("why it was approved", max_length=1000, blank=True,
                                           validators=[MaxLengthValidator(1000)])

    class Meta:
        ordering = ["young_person", "paid_on", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(amount_pence__gt=0), name="grant_payment_amount_positive",
                                   violation_error_message="The amount must be more than £0."),
            models.CheckConstraint(
                condition=Q(over_balance_approved_by__isnull=True, over_balance_reason="")
                | (Q(over_balance_approved_by__isnull=False) & ~Q(over_balance_reason="")),
                name="grant_payment_approval_has_reason",
                violation_error_message="An approval to pay over the balance needs a manager and a reason.",
            ),
        ]

    def __str__(self):
        return f"£{self.amount_pence / 100:,.2f} for {self.what_for} ({self.paid_on:%-d %B %Y})"

    def clean(self):
        errors = {}
        if self.what_for and not self.what_for.strip():
            errors["what_for"] = "Enter what the payment was for."
        if self.paid_on and self.young_person_id:
            if self.paid_on > timezone.localdate():
                errors["paid_on"] = "The date paid must be today or in the past."
            elif self.paid_on < self.young_person.date_of_birth:
                errors["paid_on"] = "The date paid must be after their date of birth."
        if self.recorded_by_id and self.young_person_id and self.recorded_by.council_id != self.young_person.council_id:
            errors["recorded_by"] = "The worker must be from the young person's council."
        approver = self.over_balance_approved_by if self.over_balance_approved_by_id else None
        if approver is not None and self.young_person_id and (
            approver.role != Role.MANAGER or approver.council_id != self.young_person.council_id
        ):
            errors["over_balance_approved_by"] = (
                "Only a manager from the young person's council can approve a payment over the balance."
            )
        if approver is not None and not self.over_balance_reason.strip():
            errors["over_balance_reason"] = "Enter why you are approving a payment over what is left of the grant."
        elif approver is None and self.over_balance_reason.strip():
            errors["over_balance_reason"] = "Only a manager's approval to pay over the balance has a reason."
        if errors:
            raise ValidationError(errors)


class HealthCheck(models.Model):
    """A health assessment, dental or optician check, or a Strengths and Difficulties Questionnaire."""

    class Kind(models.TextChoices):
        HEALTH_ASSESSMENT = "health_assessment", "Health assessment (with a nurse or doctor)"
        DENTAL = "dental", "Dental check"
        OPTICIAN = "optician", "Optician (eye) check"
        SDQ = "sdq", "Strengths and Difficulties Questionnaire"

    young_person = models.ForeignKey(YoungPerson, on_delete=models.CASCADE, related_name="health_checks")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    checked_on = models.DateField("date")
    sdq_score = models.PositiveSmallIntegerField("SDQ total score", null=True, blank=True,
                                                 help_text="0 to 40. Only for a Strengths and Difficulties Questionnaire.")
    note = models.TextField(max_length=1000, blank=True)
    recorded_by = models.ForeignKey(Worker, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["young_person", "-checked_on"]
        indexes = [models.Index(fields=["young_person", "kind", "checked_on"], name="health_check_idx")]

    def __str__(self):
        return f"{self.get_kind_display()} on {self.checked_on}"

    def clean(self):
        errors = {}
        if self.checked_on and self.young_person_id:
            if self.checked_on > date.today():
                errors["checked_on"] = "The date of the check must be today or in the past."
            elif self.checked_on < self.young_person.date_of_birth:
                errors["checked_on"] = "The date of the check must be after the young person's date of birth."
        if self.kind == self.Kind.SDQ:
            if self.sdq_score is None:
                errors["sdq_score"] = "Enter the SDQ total score, from 0 to 40."
            elif self.sdq_score > 40:
                errors["sdq_score"] = "The SDQ total score must be from 0 to 40."
            if self.checked_on and self.young_person_id and not 4 <= self.young_person.age_on(self.checked_on) <= 16:
                errors["kind"] = "The SDQ is for children aged 4 to 16."
        elif self.sdq_score is not None:
            errors["sdq_score"] = "Only a Strengths and Difficulties Questionnaire has a score."
        if self.recorded_by_id and self.young_person_id and self.recorded_by.council_id != self.young_person.council_id:
            errors["recorded_by"] = "The worker must be from the young person's council."
        if errors:
            raise ValidationError(errors)


# --- Family and friends, identity, achievements ----------------------------------------------------


class ImportantPerson(models.Model):
    """Someone a young person wants to stay in touch with. They can add people from the portal; their worker
    confirms. Where contact is restricted, the worker records why, in words the young person can read, and
    when they made sure the young person understood."""

    young_person = models.ForeignKey(YoungPerson, on_delete=models.CASCADE, related_name="important_people")
    name = models.CharField(max_length=100)
    relationship = models.CharField(max_length=100, help_text="For example: brother, nan, best friend.")
    added_by_young_person = models.BooleanField(default=False)
    added_on = models.DateField()
    confirmed_by = models.ForeignKey(Worker, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    confirmed_on = models.DateField(null=True, blank=True)
    contact_restricted = models.BooleanField(default=False)
    restricted_on = models.DateField(null=True, blank=True)
    restriction_reason = models.TextField(max_length=2000, blank=True,
                                          help_text="Written for the young person to read.")
    restriction_explained_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["young_person", "name"]

    def __str__(self):
        return f"{self.name} ({self.relationship})"


class IdentityReview(models.Model):
    """Religious and cultural needs, talents and hobbies, talked about with the young person."""

    young_person = models.ForeignKey(YoungPerson, on_delete=models.CASCADE, related_name="identity_reviews")
    reviewed_on = models.DateField()
    religion_and_culture = models.TextField(max_length=2000, help_text="Their needs and how they are being met.")
    meeting_others = models.TextField(max_length=2000, blank=True,
                                      help_text="Chances to meet people who share their way of life or culture.")
    talents_and_hobbies = models.TextField(max_length=2000, help_text="What they enjoy and how we support it.")
    recorded_by = models.ForeignKey(Worker, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["young_person", "-reviewed_on"]


class Achievement(models.Model):
    """Something to be proud of, recorded by a worker or the young person, and when it was celebrated."""

    young_person = models.ForeignKey(YoungPerson, on_delete=models.CASCADE, related_name="achievements")
    title = models.CharField(max_length=200)
    achieved_on = models.DateField()
    added_by_young_person = models.BooleanField(default=False)
    celebrated_on = models.DateField(null=True, blank=True)
    how_celebrated = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["young_person", "-achieved_on"]


# --- Education ---------------------------------------------------------------------------------------


class PersonalEducationPlan(models.Model):
    """A Personal Education Plan meeting: started, then reviewed each term."""

    young_person = models.ForeignKey(YoungPerson, on_delete=models.CASCADE, related_name="peps")
    reviewed_on = models.DateField()
    school = models.CharField(max_length=200)
    young_person_involved = models.BooleanField(help_text="Were they part of the meeting or did they give views?")
    targets = models.TextField(max_length=3000)
    recorded_by = models.ForeignKey(Worker, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["young_person", "-reviewed_on"]


class WorkExperienceOffer(models.Model):
    young_person = models.ForeignKey(YoungPerson, on_delete=models.CASCADE, related_name="work_experience_offers")
    offered_on = models.DateField()
    description = models.CharField(max_length=300)
    taken_up = models.BooleanField(null=True, blank=True)

    class Meta:
        ordering = ["young_person", "-offered_on"]


class EducationStatus(models.Model):
    """Whether a young person of 16 or over is in education, employment or training (EET)."""

    class Status(models.TextChoices):
        EDUCATION = "education", "In education"
        APPRENTICESHIP = "apprenticeship", "Apprenticeship or traineeship"
        EMPLOYMENT = "employment", "In work"
        NOT_IN_EET = "not_in_eet", "Not in education, employment or training"

    young_person = models.ForeignKey(YoungPerson, on_delete=models.CASCADE, related_name="education_statuses")
    recorded_on = models.DateField()
    status = models.CharField(max_length=20, choices=Status.choices)
    where = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["young_person", "-recorded_on"]


# --- Leaving care ------------------------------------------------------------------------------------


class NeedsAssessment(models.Model):
    """The assessment of an eligible child's needs (regulation 42): due within 3 months of their 16th birthday."""

    young_person = models.ForeignKey(YoungPerson, on_delete=models.CASCADE, related_name="needs_assessments")
    completed_on = models.DateField()
    summary = models.TextField(max_length=3000)
    recorded_by = models.ForeignKey(Worker, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["young_person", "-completed_on"]


class PathwayPlanVersion(models.Model):
    """One saved version of a pathway plan. Never edited: an update is a new version."""

    young_person = models.ForeignKey(YoungPerson, on_delete=models.CASCADE, related_name="pathway_plan_versions")
    version = models.PositiveIntegerField()
    agreed_on = models.DateField()
    written_by = models.ForeignKey(Worker, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    goals = models.TextField(max_length=3000, help_text="Their hopes, dreams and ambitions, in their words.")
    home = models.TextField(max_length=3000, help_text="Where they will live and the support with it.")
    education_and_work = models.TextField(max_length=3000)
    money = models.TextField(max_length=3000)
    health_and_wellbeing = models.TextField(max_length=3000)
    for_return_to_education = models.BooleanField(
        default=False, help_text="A new plan because they want to go back into education or training (18 to 25)."
    )
    copy_given_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["young_person", "-version"]
        constraints = [models.UniqueConstraint(fields=["young_person", "version"], name="pathway_plan_unique_version")]


class ReturnToEducationRequest(models.Model):
    """A care leaver aged 18 to 25 saying they want to go back into education or training."""

    young_person = models.ForeignKey(YoungPerson, on_delete=models.CASCADE, related_name="return_to_education_requests")
    asked_on = models.DateField()
    what = models.CharField(max_length=300)

    class Meta:
        ordering = ["young_person", "-asked_on"]


class CareersMeeting(models.Model):
    """A meeting with the careers adviser offered, and whether it was taken up (Barking and Dagenham)."""

    young_person = models.ForeignKey(YoungPerson, on_delete=models.CASCADE, related_name="careers_meetings")
    offered_on = models.DateField()
    taken_up = models.BooleanField(null=True, blank=True)
    met_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["young_person", "-offered_on"]


# The audit log lives in its own module (append-only rules and page words); imported here so Django finds it.
from .audit import AuditEvent  # noqa: E402,F401
# Invitations (young people's accounts) live in their own module with their services, likewise.
from .invitations import Invitation  # noqa: E402,F401
