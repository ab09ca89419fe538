"""factory_boy factories for the portal's records. Every name and number here is synthetic."""
from datetime import date, datetime, time, timezone

import factory

from casework.models import Allocation, Council, LegalStatus, Role, Team, User, Worker, YoungPerson
from pledges.models import AppliesTo, ContactPoint, Pledge, Principle, Promise, Section


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.test")
    password = factory.PostGenerationMethodCall("set_password", "correct-horse-battery")

    @factory.post_generation
    def save_password(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class CouncilFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Council

    slug = factory.Sequence(lambda n: f"council-{n}")
    name = factory.Sequence(lambda n: f"Testshire {n} Council")
    short_name = factory.Sequence(lambda n: f"Testshire {n}")
    phone = "01632 960999"


class TeamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Team

    council = factory.SubFactory(CouncilFactory)
    name = factory.Sequence(lambda n: f"Team {n}")
    duty_phone = "01632 960500"


class WorkerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Worker

    user = factory.SubFactory(UserFactory)
    council = factory.SubFactory(CouncilFactory)
    team = factory.SubFactory(TeamFactory, council=factory.SelfAttribute("..council"))
    role = Role.SOCIAL_WORKER
    name = factory.Sequence(lambda n: f"Worker {n}")
    phone = factory.Sequence(lambda n: f"01632 96{n % 10000:04d}")
    email = factory.Sequence(lambda n: f"worker{n}@council.test")


class YoungPersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = YoungPerson

    council = factory.SubFactory(CouncilFactory)
    user = factory.SubFactory(UserFactory)
    first_name = factory.Sequence(lambda n: f"Alex{n}")
    last_name = "Testperson"
    date_of_birth = date(2013, 3, 14)
    legal_status = LegalStatus.LOOKED_AFTER
    became_looked_after_on = date(2022, 6, 1)


class AllocationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Allocation

    young_person = factory.SubFactory(YoungPersonFactory)
    worker = factory.SubFactory(WorkerFactory, council=factory.SelfAttribute("..young_person.council"))
    role = factory.SelfAttribute("worker.role")
    started_on = date(2024, 1, 1)


class PledgeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Pledge

    council = factory.SubFactory(CouncilFactory)
    title = "Our pledge to you"
    version = 1
    in_force_from = date(2024, 1, 1)
    # Published (pass published_at=None and in_force_from=None for a draft).
    published_at = factory.LazyAttribute(
        lambda pledge: pledge.in_force_from and datetime.combine(pledge.in_force_from, time.min, tzinfo=timezone.utc))


class SectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Section

    pledge = factory.SubFactory(PledgeFactory)
    order = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"Section {n}")
    applies_to = AppliesTo.BOTH


class PromiseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Promise

    section = factory.SubFactory(SectionFactory)
    order = factory.Sequence(lambda n: n + 1)
    text = factory.Sequence(lambda n: f"We promise thing {n}")
    applies_to = factory.SelfAttribute("section.applies_to")
    ref = factory.LazyAttribute(lambda promise: f"{promise.section.order}-{promise.order}")  # as the loader numbers


class PrincipleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Principle

    pledge = factory.SubFactory(PledgeFactory)
    order = factory.Sequence(lambda n: n + 1)
    name = factory.Sequence(lambda n: f"Principle {n}")
    text = "We work this way."


class ContactPointFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ContactPoint

    council = factory.SubFactory(CouncilFactory)
    kind = "advocacy"
    order = factory.Sequence(lambda n: n + 1)
    name = "Advocacy service"
    phone = "01632 960777"


class MeasureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "pledges.Measure"

    council = factory.SubFactory(CouncilFactory)
    key = factory.Sequence(lambda n: f"measure-{n}")
    name = "Social worker in touch at least every 6 weeks"
    basis = "pledge"
    rule = "every"
    params = factory.LazyFunction(lambda: {"weeks": 6, "counts": "contact", "starts": "came_into_care"})
    applies_to = "in_care"


def contact_measures(council, promise=None):
    """The two measures Bath and North East Somerset's contact promise has: the pledge and the law."""
    pledge = MeasureFactory(council=council, promise=promise, key="social-worker-contact")
    statutory = MeasureFactory(
        council=council, promise=promise, key="statutory-visit", basis="statutory",
        name="Visit within 1 week, then at most every 6 weeks",
        params={"weeks": 6, "steps": [{"days": 7}], "restarts": "placement", "counts": "visit", "starts": "came_into_care"},
    )
    return pledge, statutory


def callback_measure(council, promise=None):
    return MeasureFactory(
        council=council, promise=promise, key="callback", name="Call returned within 2 working days",
        rule="within", params={"working_days": 2, "counts": "callback"}, applies_to="both",
        warn_days_before=0, escalate_after_days=1,
    )


def feedback_measure(council):
    """Both councils' promise to reply within 5 working days to a young person who says a promise is not kept."""
    return MeasureFactory(
        council=council, key="reply-to-feedback", name="Reply within 5 working days to a young person who says a "
        "promise is not being kept for them", rule="within", params={"working_days": 5, "counts": "feedback"},
        applies_to="both", warn_days_before=1, escalate_after_days=2,
    )
