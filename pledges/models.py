"""A council's pledge: its sections, promises in the council's own words, principles and contacts.

A Promise may carry measures (below): the deadline rules the promise ledger makes live ("at most 6 weeks after
the last contact", "within 2 working days of a request"). Promises without one are shown but not measured.
"""
import uuid

from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models import Q

from casework.models import Council, LegalStatus

from .ledger_entries import LedgerEntry  # noqa: F401  (the promise ledger's rows)
from .recompute_runs import LedgerRecomputeRun  # noqa: F401  (a council's rebuild in the background)
from .ledger_snapshots import LedgerSnapshotEntry  # noqa: F401  (the ledger as it was while a rebuild goes on)
from .ledger_counts import LedgerDayCount  # noqa: F401  (the dashboard's summary of the ledger, kept by triggers)
from .feedback_counts import FeedbackDayCount  # noqa: F401  (the dashboard's summary of answers, kept by triggers)
from .group_counts import GroupDayCount, GroupMember  # noqa: F401  (the same for each team and worker)
from .statutory import override_problem
from .right_now.models import PledgePageVisit  # noqa: F401  (a young person's first and latest visit to My pledge)


class AppliesTo(models.TextChoices):
    IN_CARE = "in_care", "Children in care"
    CARE_LEAVER = "care_leaver", "Care leavers"
    BOTH = "both", "Children in care and care leavers"

    @classmethod
    def for_young_person(cls, young_person, today) -> list[str]:
        """The AppliesTo values a young person sees. At 16 a child in care starts leaving care (an "eligible
        child"): they keep the care promises and gain the leaving-care ones."""
        if young_person.legal_status == LegalStatus.CARE_LEAVER:
            return [cls.CARE_LEAVER, cls.BOTH]
        if young_person.legal_status == LegalStatus.LEFT_CARE:  # neither in care nor a care leaver: no promise
            return []
        if young_person.age_on(today) >= 16:
            return [cls.IN_CARE, cls.CARE_LEAVER, cls.BOTH]
        return [cls.IN_CARE, cls.BOTH]

    @classmethod
    def covers(cls, wider: str, narrower: str) -> bool:
        """Whether everyone `narrower` applies to is also someone `wider` applies to."""
        return wider == narrower or wider == cls.BOTH


class PledgeQuerySet(models.QuerySet):
    def published(self):
        return self.filter(published_at__isnull=False)

    def in_force(self, council, on):
        """The version of the council's pledge in force on a day: the latest published one that started by then."""
        return (self.published().filter(council=council, in_force_from__lte=on)
                .order_by("-in_force_from", "-version").first())


class Pledge(models.Model):
    """One version of a council's pledge. A manager's new version is a draft (no published_at) until published;
    young people only ever see published versions (pledges.versions)."""

    council = models.ForeignKey(Council, on_delete=models.PROTECT, related_name="pledges")
    title = models.CharField(max_length=300)
    version = models.PositiveIntegerField(default=1)
    in_force_from = models.DateField(null=True, blank=True, help_text="Empty while the version is a draft.")
    introduction = models.TextField(blank=True, help_text="Paragraphs separated by a blank line.")
    closing = models.TextField(blank=True, help_text="Paragraphs separated by a blank line.")
    published_at = models.DateTimeField(null=True, blank=True, help_text="Empty while the version is a draft.")
    published_by = models.ForeignKey(
        "casework.Worker", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        help_text="Empty for a version loaded from the council's pledge document.",
    )

    objects = PledgeQuerySet.as_manager()

    class Meta:
        ordering = ["council", "-in_force_from"]
        constraints = [
            models.UniqueConstraint(fields=["council", "version"], name="pledge_unique_version"),
            models.UniqueConstraint(fields=["council"], condition=Q(published_at__isnull=True),
                                    name="pledge_one_draft"),
            models.CheckConstraint(condition=Q(published_at__isnull=True) | Q(in_force_from__isnull=False),
                                   name="pledge_published_has_date"),
        ]

    def __str__(self):
        return f"{self.title} (version {self.version})"

    @property
    def is_draft(self) -> bool:
        return self.published_at is None


class Section(models.Model):
    pledge = models.ForeignKey(Pledge, on_delete=models.CASCADE, related_name="sections")
    order = models.PositiveIntegerField()
    title = models.CharField(max_length=300)
    applies_to = models.CharField(max_length=20, choices=AppliesTo.choices, default=AppliesTo.BOTH)
    introduction = models.TextField(blank=True)
    notes = models.TextField(blank=True, help_text="The council's words after the promises.")

    class Meta:
        ordering = ["pledge", "order"]
        constraints = [models.UniqueConstraint(fields=["pledge", "order"], name="section_unique_order")]

    def __str__(self):
        return self.title


class Promise(models.Model):
    section = models.ForeignKey(Section, on_delete=models.CASCADE, related_name="promises")
    order = models.PositiveIntegerField()
    title = models.CharField(max_length=300, blank=True, help_text="A heading, where the pledge gives one.")
    text = models.TextField(help_text="The promise in the council's own words.")
    depth = models.PositiveSmallIntegerField(default=0, help_text="1 for a point under the promise before it.")
    applies_to = models.CharField(max_length=20, choices=AppliesTo.choices, default=AppliesTo.BOTH)
    ref = models.SlugField(
        max_length=40, blank=True,
        help_text="The same promise keeps its ref in every version of the pledge, so answers and history join up.",
    )
    not_measured_reason = models.TextField(
        blank=True, help_text="Why this promise has no deadline rule (a way of working, kept by a record…)."
    )

    class Meta:
        ordering = ["section", "order"]
        constraints = [models.UniqueConstraint(fields=["section", "order"], name="promise_unique_order")]

    def __str__(self):
        return self.text[:80]

    def save(self, *args, **kwargs):
        if not self.ref:  # a promise made outside the loader (a test, the admin) still needs its own ref
            self.ref = uuid.uuid4().hex[:12]
        super().save(*args, **kwargs)


class Principle(models.Model):
    """A principle the council works by (Barking and Dagenham's ten): shown as principles, not promises."""

    pledge = models.ForeignKey(Pledge, on_delete=models.CASCADE, related_name="principles")
    order = models.PositiveIntegerField()
    name = models.CharField(max_length=200)
    text = models.TextField()

    class Meta:
        ordering = ["pledge", "order"]
        constraints = [models.UniqueConstraint(fields=["pledge", "order"], name="principle_unique_order")]

    def __str__(self):
        return self.name


class ContactKind(models.TextChoices):
    ADVOCACY = "advocacy", "Advocacy"
    COMPLAINTS = "complaints", "Complaints"
    HEAD_OF_SERVICE = "head_of_service", "Head of service"
    IN_CARE_COUNCIL = "in_care_council", "In Care Council"
    LEAVING_CARE_TEAM = "leaving_care_team", "Leaving care team"


class ContactPointQuerySet(models.QuerySet):
    def for_age(self, age: int):
        """Contacts with no age range, and those whose range includes this age."""
        return self.filter(Q(min_age__isnull=True) | Q(min_age__lte=age)).filter(
            Q(max_age__isnull=True) | Q(max_age__gte=age)
        )


class ContactPoint(models.Model):
    """A service the pledge tells young people about: advocacy, complaints, an In Care Council group."""

    council = models.ForeignKey(Council, on_delete=models.CASCADE, related_name="contact_points")
    kind = models.CharField(max_length=30, choices=ContactKind.choices)
    order = models.PositiveIntegerField(default=0)
    name = models.CharField(max_length=200)
    role = models.CharField(max_length=200, blank=True)
    organisation = models.CharField(max_length=200, blank=True)
    phone = models.CharField(max_length=40, blank=True)
    email = models.EmailField(blank=True)
    url = models.URLField(blank=True)
    min_age = models.PositiveSmallIntegerField(null=True, blank=True)
    max_age = models.PositiveSmallIntegerField(null=True, blank=True)
    description = models.TextField(blank=True, help_text="The council's words about this contact.")

    objects = ContactPointQuerySet.as_manager()

    class Meta:
        ordering = ["council", "kind", "order"]
        constraints = [models.UniqueConstraint(fields=["council", "kind", "order"], name="contact_point_unique_order")]

    def __str__(self):
        return self.name


class PromiseFeedback(models.Model):
    """A young person's answer to "Is this promise being kept for you?" on My pledge.

    A "no" or "not really" with a comment starts a response clock on the ledger (counts "feedback"); the reply stops it,
    and the young person sees the reply beside the promise. A young person may answer again: each answer is a
    new row and the latest counts. Only pledges.services writes one.
    """

    COMMENT_LIMIT = 1000
    REPLY_LIMIT = 2000

    class Answer(models.TextChoices):
        YES = "yes", "Yes"
        NOT_REALLY = "not_really", "Not really"
        NO = "no", "No"

    young_person = models.ForeignKey("casework.YoungPerson", on_delete=models.CASCADE, related_name="promise_feedback")
    promise = models.ForeignKey(Promise, on_delete=models.PROTECT, related_name="feedback")
    answer = models.CharField(max_length=20, choices=Answer.choices)
    comment = models.TextField(max_length=COMMENT_LIMIT, blank=True, validators=[MaxLengthValidator(COMMENT_LIMIT)])
    given_at = models.DateTimeField()
    reply = models.TextField(max_length=REPLY_LIMIT, blank=True, validators=[MaxLengthValidator(REPLY_LIMIT)])
    replied_at = models.DateTimeField(null=True, blank=True)
    replied_by = models.ForeignKey("casework.Worker", on_delete=models.PROTECT, null=True, blank=True, related_name="+")

    class Meta:
        ordering = ["-given_at", "-pk"]
        verbose_name_plural = "promise feedback"
        indexes = [
            models.Index(fields=["promise", "given_at"], name="feedback_promise_idx"),
            models.Index(fields=["young_person", "given_at"], name="feedback_young_person_idx"),
        ]

    def __str__(self):
        return f"{self.get_answer_display()} from {self.young_person} on {self.promise}"

    # The answers that, given with a reason, are owed a reply (pledges.ledger.registry.FEEDBACK reads the same set).
    OWED_A_REPLY = (Answer.NO, Answer.NOT_REALLY)

    @property
    def needs_reply(self) -> bool:
        return self.answer in self.OWED_A_REPLY and bool(self.comment.strip())

    @property
    def replier_first_name(self) -> str:
        """How the young person knows who replied: "Sita replied"."""
        return self.replied_by.name.split()[0] if self.replied_by_id and self.replied_by.name else "Someone"

    def clean(self):
        self.comment = self.comment.strip()  # a comment of only spaces is no comment: it starts no clock
        errors = {}
        if self.promise_id and self.young_person_id and (
            self.promise.section.pledge.council_id != self.young_person.council_id
        ):
            errors["promise"] = "The promise must be from the young person's council's pledge."
        if self.replied_at is not None and not self.reply.strip():
            errors["reply"] = "Enter your reply."
        if self.replied_by_id and self.young_person_id and self.replied_by.council_id != self.young_person.council_id:
            errors["replied_by"] = "The worker must be from the young person's council."
        if errors:
            raise ValidationError(errors)


# --- The promise ledger -------------------------------------------------------------------------


class Basis(models.TextChoices):
    STATUTORY = "statutory", "Legal minimum"
    PLEDGE = "pledge", "Our promise"


class Measure(models.Model):
    """A deadline rule that makes a promise measurable for each young person.

    `rule` names an entry in pledges.rules.RULES and `params` its parameters ("every" with {"weeks": 6}). A
    statutory minimum and the council's own promise beside it are two Measures on one promise: both are reported.
    """

    council = models.ForeignKey(Council, on_delete=models.CASCADE, related_name="measures")
    promise = models.ForeignKey(Promise, on_delete=models.SET_NULL, null=True, blank=True, related_name="measures")
    key = models.SlugField(help_text="What the measure counts, e.g. 'social-worker-contact'. Unique per council.")
    name = models.CharField(max_length=200, help_text="For staff, e.g. 'Social worker in touch every 6 weeks'.")
    basis = models.CharField(max_length=20, choices=Basis.choices)
    rule = models.CharField(max_length=40)
    params = models.JSONField(default=dict)
    applies_to = models.CharField(max_length=20, choices=AppliesTo.choices, default=AppliesTo.IN_CARE)
    warn_days_before = models.PositiveSmallIntegerField(
        default=7, help_text="Tell the worker this many days before it is due (0: on the day it is due)."
    )
    escalate_after_days = models.PositiveSmallIntegerField(
        default=7, help_text="Tell the team manager when it is still overdue this many days after the due date."
    )
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["council", "basis", "key"]
        constraints = [models.UniqueConstraint(fields=["council", "key"], name="measure_unique_key")]

    def __str__(self):
        return f"{self.name} ({self.get_basis_display().lower()})"


class MeasureChange(models.Model):
    """A change to a measure's numbers ("every 6 weeks" to "every 4 weeks"), made in a version of the pledge.

    While that version is a draft, effective_from is empty and the measure keeps its params; publishing sets
    effective_from to the day the version comes into force, fills params_before and applies params_after. The
    ledger measures each cycle against the params in force on the day it started (pledges.ledger).
    """

    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="changes")
    pledge = models.ForeignKey(Pledge, on_delete=models.CASCADE, related_name="measure_changes",
                               help_text="The version of the pledge that brings the change.")
    effective_from = models.DateField(null=True, blank=True, help_text="Empty while the version is a draft.")
    params_before = models.JSONField()
    params_after = models.JSONField()
    name_before = models.CharField(max_length=200)
    name_after = models.CharField(max_length=200)
    changed_by = models.ForeignKey("casework.Worker", on_delete=models.PROTECT, related_name="+")
    changed_at = models.DateTimeField()

    class Meta:
        ordering = ["effective_from", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["measure", "pledge"], name="measure_change_once_per_version")
        ]

    def __str__(self):
        return f"{self.measure.name}: {self.params_before} to {self.params_after}"


class MeasureOverride(models.Model):
    """A young person whose plan says something different, e.g. a visit every 2 weeks."""

    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="overrides")
    young_person = models.ForeignKey("casework.YoungPerson", on_delete=models.CASCADE, related_name="measure_overrides")
    params = models.JSONField()
    reason = models.CharField(max_length=300)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["measure", "young_person"], name="measure_override_unique")
        ]

    def __str__(self):
        return f"{self.measure.name} for {self.young_person}: {self.params}"

    def clean(self):
        """A plan can make a legal minimum stricter (a visit every 2 weeks), never looser (pledges.statutory)."""
        if self.measure_id and self.measure.basis == Basis.STATUTORY and isinstance(self.params, dict):
            if problem := override_problem(key=self.measure.key, rule=self.measure.rule, params=self.measure.params,
                                           override=self.params):
                raise ValidationError({"params": problem})
