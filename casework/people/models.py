"""Councils, teams, workers, young people and who is allocated to whom.

The council is the tenant: every other record hangs off one, and casework.people.scoping decides who may
see which young person. Allocations keep their history: the current social worker is the open
allocation, past ones stay so "how many social workers in 12 months" can be answered.
"""
from datetime import date

from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q

from casework.fields import LowercaseEmailField
from casework.phone import validate_uk_phone

from .return_903 import Return903Person, Sex  # noqa: F401 (Sex: casework.models names it)


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
    # Children's social care out of hours (the emergency duty team): what a young person calls when the office is shut.
    out_of_hours_phone = models.CharField(
        "out of hours phone", max_length=40, blank=True,
        help_text="The emergency duty team's number, for evenings, weekends and bank holidays.",
    )
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

    # The portal measures promises from this day (set on import or by a manager): a cycle due before it is history,
    # never "late since 2021" (pledges.rules.measured_from). Empty: everything held is measured.
    measuring_from = models.DateField(
        "measuring promises from", null=True, blank=True,
        help_text="The portal measures promises from this date. Anything due before it is history: it is not counted "
                  "as kept or late.",
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
    # SSDA903 SWEpisodes SW_ID: the council's own id for a social worker. Blank for workers known only to the portal.
    sw_id = models.CharField("council's social worker id", max_length=20, blank=True)

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["council", "sw_id"], condition=~Q(sw_id=""),
                                               name="worker_unique_sw_id_per_council")]

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
    # A child from the council's SSDA903 return who left care before 16 (went home, adopted, special guardianship):
    # the return still needs them, but the portal owes them no promise (pledges.models.AppliesTo).
    LEFT_CARE = "left_care", "Left care before 16"


class YoungPerson(Return903Person, models.Model):
    """A child in care or care leaver. Imported from the council's SSDA903 return, they have its CHILD id, sex,
    ethnicity and UPN (Return903Person) and may have no name: the return carries none, so full_name falls back to
    "Child 566910". became_looked_after_on is the start of their current (or latest) period of care;
    casework.plans.periods.care_periods gives every period."""

    council = models.ForeignKey(Council, on_delete=models.PROTECT, related_name="young_people")
    user = models.OneToOneField(User, on_delete=models.PROTECT, null=True, blank=True, related_name="young_person")
    first_name = models.CharField(max_length=100, blank=True)
    last_name = models.CharField(max_length=100, blank=True)
    preferred_name = models.CharField(max_length=100, blank=True, help_text="What they like to be called.")
    date_of_birth = models.DateField()
    legal_status = models.CharField(max_length=20, choices=LegalStatus.choices)
    became_looked_after_on = models.DateField("date became looked after", null=True, blank=True)
    phone = models.CharField(
        "phone number", max_length=40, blank=True, validators=[validate_uk_phone],
        help_text="The number they ask to be called back on (they can change it when they ask).",
    )
    in_care_council_member = models.BooleanField(
        "member of the In Care Council", default=False,
        help_text="Members see the council's anonymised picture of how well the pledge is kept.",
    )
    anonymised_on = models.DateField(null=True, blank=True, editable=False,
                                     help_text="When their council's retention period ended (casework.retention).")

    class Meta:
        ordering = ["last_name", "first_name", "child_id"]
        verbose_name_plural = "young people"
        constraints = [models.UniqueConstraint(fields=["council", "child_id"], condition=~Q(child_id=""),
                                               name="young_person_unique_child_id_per_council")]

    def __str__(self):
        return self.full_name

    @property
    def full_name(self):
        """Their name; with none (imported from the 903, which carries no names), "Child " and the council's id."""
        name = " ".join(part for part in (self.first_name, self.last_name) if part)
        if name:
            return name
        return f"Child {self.child_id}" if self.child_id else f"Young person {self.pk or ''}".strip()

    @property
    def display_name(self):
        return self.preferred_name or self.first_name or self.full_name

    @property
    def first_came_into_care_on(self) -> date | None:
        """The first day of their first period of care: the earliest of became_looked_after_on (the current
        period's start) and any imported episode that started a period (RNE S). Records of an earlier period are
        checked against this, not the current period's start."""
        starts = [self.became_looked_after_on] if self.became_looked_after_on else []
        if self.pk:
            first = self.placements.filter(rne="S").order_by("started_on").values_list("started_on", flat=True).first()
            if first:
                starts.append(first)
        return min(starts, default=None)

    def came_into_care_after(self, day: date) -> date | None:
        """The day they first came into care, when `day` is before it (a record too early to be theirs); else None.
        Only a day before the current period's start costs a query (for an earlier period's episodes)."""
        if self.became_looked_after_on is None or day >= self.became_looked_after_on:
            return None
        first = self.first_came_into_care_on
        return first if day < first else None

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
        errors.update(self.return_903_errors())
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
    allocation (casework.people.services.allocation_change) rather than overwriting it.
    """

    young_person = models.ForeignKey(YoungPerson, on_delete=models.CASCADE, related_name="allocations")
    worker = models.ForeignKey(Worker, on_delete=models.PROTECT, related_name="allocations")
    role = models.CharField(max_length=30, choices=Role.choices)
    started_on = models.DateField()  # SWEpisodes SW_DECOM, for a social worker
    ended_on = models.DateField(null=True, blank=True)  # SWEpisodes SW_DEC
    change_reason = models.CharField("why the worker changed", max_length=12, blank=True,
                                     help_text="The SSDA903 SW_REASON code: why this allocation ended.")

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
