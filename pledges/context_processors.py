from django.urls import reverse
from django.utils import timezone

from casework.people.scoping import worker_for, young_person_for


def portal(request):
    """The council name for the header and the navigation for whoever is signed in.

    Costs no queries: the auth backend loads the user with their young person or worker and council.
    """
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    nav_items = []
    council = None
    young_person = young_person_for(user)
    worker = worker_for(user) if young_person is None else None
    if young_person is not None:
        council = young_person.council
        nav_items = [("My pledge", reverse("my_pledge")), ("My people", reverse("my_people"))]
        if not young_person.is_care_leaver:
            nav_items.append(("My care plan", reverse("my_care_plan")))
        if young_person.is_care_leaver or young_person.age_on(timezone.localdate()) >= 16:
            nav_items.append(("My pathway plan", reverse("my_pathway_plan")))
        nav_items.append(("My worries", reverse("my_concerns")))
        if young_person.in_care_council_member:
            nav_items.append(("In Care Council", reverse("in_care_council")))
        nav_items.append(("How we contact you", reverse("message_preferences")))
    elif worker is not None:
        council = worker.council
        nav_items = [("Young people", reverse("caseload"))]
        if worker.role == "manager":
            nav_items.append(("Dashboard", reverse("compliance_dashboard")))
        if worker.role in ("iro", "manager"):
            nav_items.append(("Reviews", reverse("iro_reviews")))
        nav_items.append(("Worries and complaints", reverse("concern_list")))
        nav_items.append(("What young people say", reverse("feedback_list")))
        nav_items.append(("Notifications", reverse("notifications")))
        if worker.role in ("social_worker", "personal_adviser", "iro"):
            nav_items.append(("My record", reverse("my_record")))
        if worker.role == "manager":
            nav_items.append(("Pledge versions", reverse("pledge_versions")))
            nav_items.append(("Manage", reverse("manage")))
    if user.is_staff:
        nav_items.append(("Admin", reverse("admin:index")))
    # The item whose address is the longest start of this page's: /young-people/feedback/ is "What young
    # people say", not "Young people".
    path = request.path
    active = max((url for _label, url in nav_items if path.startswith(url)), key=len, default=None)
    return {
        "council_name": council.short_name if council else "",
        "nav_items": [{"label": label, "url": url, "active": url == active} for label, url in nav_items],
    }
