"""Care plans (each version kept) and placements (each move kept)."""
from datetime import date

from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator, MinValueValidator
from django.db import models
from django.db.models import Case, Q, Value, When

from casework.people.models import Worker, YoungPerson

from .episodes import Episode903, NewEpisodeReason

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


def _came_into_care_error(young_person: "YoungPerson", day: date, what: str, *, starts_period: bool = False
                          ) -> str | None:
    """The shared date rule for care plans and placements: not in the future, not before they came into care."""
    if day > date.today():
        return f"{what} must be today or in the past."
    came_into_care = None if starts_period else young_person.came_into_care_after(day)
    if came_into_care:
        return f"{what} must be on or after the day they came into care ({came_into_care:%-d %B %Y})."
    if day < young_person.date_of_birth:
        return f"{what} must be after their date of birth."
    return None


class CarePlanVersion(models.Model):
    """One saved version of a young person's care plan. Never edited: an update is a new version.

    The only change a saved version allows is recording when a copy was given (casework.plans.services.
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


class VisitSchedule(models.TextChoices):
    """Which of regulation 28's visit schedules a placement follows (pledges.visit_schedule has the numbers)."""

    USUAL = "", "At most every 6 weeks"  # reg 28(2): after a placement's first year too, unless meant to last to 18
    LONG_TERM = "long_term", "Every 3 months after the first year"  # reg 28(2)(c)(i)
    CONNECTED_PERSON = "connected_person", "Weekly until the first review, then every 4 weeks"  # reg 28(4)
    WITH_PARENT_BEFORE_ASSESSMENT = "with_parent_before_assessment", (
        "Weekly until the first review, then every 6 weeks")  # reg 28(3)


def visit_schedule_expression() -> Case:
    """A placement's VisitSchedule in SQL, so the ledger reads a batch's placements in one query. A family and
    friends placement (SSDA903 PLACE U1 to U3: the portal's connected-person kind) follows 28(4) whether or not it
    is long-term; a placement with parents follows 28(3) only while it was made before the assessment."""
    return Case(
        When(kind=PlacementKind.CONNECTED_PERSON, then=Value(VisitSchedule.CONNECTED_PERSON.value)),
        When(kind=PlacementKind.WITH_PARENTS, before_assessment=True,
             then=Value(VisitSchedule.WITH_PARENT_BEFORE_ASSESSMENT.value)),
        When(meant_to_last_until_18=True, then=Value(VisitSchedule.LONG_TERM.value)),
        default=Value(VisitSchedule.USUAL.value), output_field=models.CharField(),
    )


class AdvocateOffer(models.TextChoices):
    OFFERED = "offered", "Yes"
    NOT_OFFERED_EMERGENCY = "not_offered_emergency", "No, it was an emergency move"
    NOT_OFFERED = "not_offered", "No, for another reason"


class Placement(Episode903, models.Model):
    """Where a young person lives. A placement after the first is a move.

    Placements never overlap: a move (casework.plans.services.placement_move) ends the current placement the day
    the new one starts. Each is an SSDA903 episode too (Episode903); one imported from the council's return has no
    recorded_by (null: from the council's case records) and may have no carer's name.
    """

    young_person = models.ForeignKey(YoungPerson, on_delete=models.CASCADE, related_name="placements")
    kind = models.CharField("type of placement", max_length=30, choices=PlacementKind)
    carer_or_home = models.CharField("carer or home", max_length=200, blank=True)
    # Regulation 28's visit schedule (VisitSchedule) turns on these two. The SSDA903 return says "long term" for a
    # foster placement (PLACE U1 or U4, so an import sets it); nothing in the return says "before assessment".
    meant_to_last_until_18 = models.BooleanField(
        "meant to last until they are 18", default=False,
        help_text="A long-term or permanent placement: after its first year, visits at least every 3 months.")
    before_assessment = models.BooleanField(
        "placed with a parent before the assessment was finished", default=False,
        help_text="Regulation 20: visits every week until the first review, then at least every 6 weeks.")
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
    recorded_by = models.ForeignKey(Worker, on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="placements_recorded",
                                    help_text="Empty for a placement from the council's own records (the 903 return).")
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
        return f"{self.get_kind_display()}: {self.where} (from {self.started_on:%-d %B %Y})"

    @property
    def where(self) -> str:
        """The carer or home, or for an imported placement with no name, its type."""
        return self.carer_or_home or self.get_kind_display()

    @property
    def is_current(self):
        return self.ended_on is None

    def overlapping(self) -> "Placement | None":
        """The first of the young person's other placements that shares time with this one, or None.

        A placement runs from its start date up to its end date: a move ends the old placement on the day the new
        one starts, and sharing that day is not an overlap. `replaces` is the current placement a move is about to
        end, with its new end date not yet saved (casework.plans.services.placement_move).
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
            # An episode that starts a period of care (RNE S) is itself the day they came into care.
            error = _came_into_care_error(self.young_person, self.started_on, "The start date",
                                          starts_period=self.rne == NewEpisodeReason.STARTED)
            if error:
                errors["started_on"] = error
        if self.ended_on and self.started_on and self.ended_on < self.started_on:
            errors["ended_on"] = "The end date must be on or after the start date."
        elif self.ended_on and self.ended_on > date.today():
            errors["ended_on"] = "The end date must be today or in the past."
        if self.recorded_by_id and self.young_person_id and self.recorded_by.council_id != self.young_person.council_id:
            errors["recorded_by"] = "The worker must be from the young person's council."
        if self.before_assessment and self.kind != PlacementKind.WITH_PARENTS:
            errors["before_assessment"] = "Only a placement with parents can be made before the assessment."
        if self.is_move and self.recorded_by_id:  # an imported move has no advocate or school answers to check
            errors.update(self._move_errors())
        if self.young_person_id and self.started_on and not {"started_on", "ended_on"} & errors.keys():
            clash = self.overlapping()
            if clash is not None:
                until = f"{clash.ended_on:%-d %B %Y}" if clash.ended_on else "now"
                errors["started_on"] = (
                    f"This placement overlaps their placement with {clash.where} "
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
