"""A council's pledge: its sections, promises in the council's own words, principles and contacts.

A Promise may carry a measure: the deadline rule the promise ledger makes live ("at most 6 weeks
after the last visit", "within 2 working days of a request"). Promises without one are shown but not
measured.
"""
from django.db import models
from django.db.models import Q

from casework.models import Council, LegalStatus


class AppliesTo(models.TextChoices):
    IN_CARE = "in_care", "Children in care"
    CARE_LEAVER = "care_leaver", "Care leavers"
    BOTH = "both", "Children in care and care leavers"

    @classmethod
    def for_legal_status(cls, legal_status: str) -> list[str]:
        """The AppliesTo values a young person with this legal status sees."""
        mine = cls.CARE_LEAVER if legal_status == LegalStatus.CARE_LEAVER else cls.IN_CARE
        return [mine, cls.BOTH]


class PledgeQuerySet(models.QuerySet):
    def in_force(self, council, on):
        """The version of the council's pledge in force on a day: the latest that started by then."""
        return self.filter(council=council, in_force_from__lte=on).order_by("-in_force_from", "-version").first()


class Pledge(models.Model):
    council = models.ForeignKey(Council, on_delete=models.PROTECT, related_name="pledges")
    title = models.CharField(max_length=300)
    version = models.PositiveIntegerField(default=1)
    in_force_from = models.DateField()
    introduction = models.TextField(blank=True, help_text="Paragraphs separated by a blank line.")
    closing = models.TextField(blank=True, help_text="Paragraphs separated by a blank line.")

    objects = PledgeQuerySet.as_manager()

    class Meta:
        ordering = ["council", "-in_force_from"]
        constraints = [models.UniqueConstraint(fields=["council", "version"], name="pledge_unique_version")]

    def __str__(self):
        return f"{self.title} (version {self.version})"


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
    # The deadline rule the promise ledger makes live, e.g. measure_rule="every" with
    # measure_params={"weeks": 6}. Blank: shown, not measured.
    measure_rule = models.CharField(max_length=40, blank=True)
    measure_params = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["section", "order"]
        constraints = [models.UniqueConstraint(fields=["section", "order"], name="promise_unique_order")]

    def __str__(self):
        return self.text[:80]


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
        constraints = [
            models.UniqueConstraint(fields=["council", "kind", "order"], name="contact_point_unique_order")
        ]

    def __str__(self):
        return self.name
