"""Leaving care: the leaving care grant, needs assessments, pathway plans, returning to education, careers
meetings; and the yearly care leaver outcomes of the SSDA903 return (OC3)."""
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone

from casework.fields import YearEndingField
from casework.people.models import Role, Worker, YoungPerson


class GrantPayment(models.Model):
    """A payment from a young person's leaving care grant (setting-up-home allowance).

    The grant is the council's (Council.leaving_care_grant_pence); what is left is the grant less every payment
    (casework.leaving_care.services.grant_balance). Only casework.leaving_care.services.grant_payment_record adds
    one: it refuses a payment over what is left unless a manager of the council approves it with a reason, recorded
    here.
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
    # Null, and the sections blank: a plan from the council's own records (an Annex A list's latest pathway plan
    # date), which say when it was agreed and nothing else. The portal's form still asks for every section.
    written_by = models.ForeignKey(Worker, on_delete=models.PROTECT, related_name="+", null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    goals = models.TextField(max_length=3000, blank=True,
                             help_text="Their hopes, dreams and ambitions, in their words.")
    home = models.TextField(max_length=3000, blank=True, help_text="Where they will live and the support with it.")
    education_and_work = models.TextField(max_length=3000, blank=True)
    money = models.TextField(max_length=3000, blank=True)
    health_and_wellbeing = models.TextField(max_length=3000, blank=True)
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


class InTouch(models.TextChoices):
    """SSDA903 OC3 IN_TOUCH: whether the council is in touch with a care leaver around a birthday."""

    YES = "YES", "Yes, we are in touch"
    NO = "NO", "No, we are not in touch"
    REFUSES = "REFU", "They do not want contact with us"
    NOT_REQUIRED = "NREQ", "They no longer need our services"
    RETURNED_HOME = "RHOM", "They have gone back to live with their parents"
    DIED = "DIED", "They have died"


class CareLeaverYearlyOutcome(models.Model):
    """One year's SSDA903 OC3 outcomes for a care leaver (around their 17th to 21st birthdays): whether the council
    is in touch, what they are doing and where they live. From the council's records (codes as the return gives
    them), or the in-touch check a worker recorded in the portal (casework.leaving_care.in_touch), which answers the
    ledger's clock for that birthday. `checked_on` is the day of the check; for a row from the return (which gives no
    day) it is the birthday the row is for."""

    young_person = models.ForeignKey(YoungPerson, on_delete=models.CASCADE, related_name="care_leaver_outcomes")
    year_ending = YearEndingField()
    in_touch = models.CharField("council in touch", max_length=4, blank=True,
                                help_text="SSDA903 IN_TOUCH: YES, NO, DIED, REFU, NREQ or RHOM.")
    activity = models.CharField(max_length=2, blank=True, help_text="SSDA903 ACTIV, e.g. F2 or G6.")
    accommodation = models.CharField(max_length=2, blank=True,
                                     help_text="SSDA903 ACCOM: a letter and 1 (suitable) or 2 (unsuitable), e.g. B1.")
    checked_on = models.DateField("date of the check", null=True, blank=True)
    # Null: from the council's records (the 903 return's OC3).
    recorded_by = models.ForeignKey(Worker, on_delete=models.PROTECT, null=True, blank=True, related_name="+")

    class Meta:
        ordering = ["young_person", "-year_ending"]
        constraints = [models.UniqueConstraint(fields=["young_person", "year_ending"], name="oc3_once_a_year")]

    def __str__(self):
        return f"Care leaver outcomes for the year to {self.year_ending:%-d %B %Y}"


class StayingCloseRequest(models.Model):
    """A care leaver under 25 asking for a Staying Close assessment (Children's Wellbeing and Schools Act 2026 s7):
    help to live near, and stay in touch with, the home they lived in. Their personal adviser records the answer:
    the assessment done and what was decided. The council's own timescale is a measure ("staying_close")."""

    class Decision(models.TextChoices):
        OFFERED = "offered", "Staying Close support offered"
        NOT_OFFERED = "not_offered", "Staying Close support not offered"

    young_person = models.ForeignKey(YoungPerson, on_delete=models.CASCADE, related_name="staying_close_requests")
    asked_on = models.DateField()
    what = models.TextField("what they asked", max_length=1000, blank=True, validators=[MaxLengthValidator(1000)])
    answered_on = models.DateField("date the assessment was done", null=True, blank=True)
    decision = models.CharField(max_length=20, choices=Decision.choices, blank=True)
    answer = models.TextField("what was decided and why", max_length=2000, blank=True,
                              validators=[MaxLengthValidator(2000)])
    answered_by = models.ForeignKey(Worker, on_delete=models.PROTECT, null=True, blank=True, related_name="+")

    class Meta:
        ordering = ["young_person", "-asked_on", "-pk"]
        constraints = [models.CheckConstraint(
            condition=Q(answered_on__isnull=True, decision="") | Q(answered_on__isnull=False) & ~Q(decision=""),
            name="staying_close_answer_has_decision",
            violation_error_message="An answer needs the date of the assessment and what was decided.")]

    def __str__(self):
        return f"Staying Close request of {self.asked_on:%-d %B %Y}"


class CouncilAccommodation(models.Model):
    """Accommodation the council provides for a care leaver (Care Leavers (England) Regulations 2010 reg 8): their
    personal adviser visits within 7 days of it starting, then at most every 2 months while they live there (the
    "adviser_visit" measure). The kinds are the SSDA903 OC3 ACCOM letters a council provides."""

    class Kind(models.TextChoices):
        SEMI_INDEPENDENT = "D", "Semi-independent living"
        SUPPORTED_LODGINGS = "E", "Supported lodgings"
        ORDINARY_LODGINGS = "K", "Ordinary lodgings"
        FOYER = "T", "A foyer"
        INDEPENDENT = "U", "Their own tenancy"
        FORMER_FOSTER_CARERS = "Z", "With former foster carers"
        OTHER = "Y", "Other accommodation"

    young_person = models.ForeignKey(YoungPerson, on_delete=models.CASCADE, related_name="council_accommodations")
    kind = models.CharField(max_length=1, choices=Kind.choices)
    started_on = models.DateField("date they moved in")
    ended_on = models.DateField("date they moved out", null=True, blank=True)
    recorded_by = models.ForeignKey(Worker, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["young_person", "-started_on", "-pk"]
        constraints = [models.CheckConstraint(
            condition=Q(ended_on__isnull=True) | Q(ended_on__gte=models.F("started_on")),
            name="council_accommodation_ends_after_start",
            violation_error_message="The date they moved out must be on or after the date they moved in.")]

    def __str__(self):
        return f"{self.get_kind_display()} from {self.started_on:%-d %B %Y}"
