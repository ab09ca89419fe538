"""Pages about the people who matter to a young person, who they are (identity reviews) and what they are
proud of (achievements). Young people see and add to their own; staff see the young people they may see."""
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from casework.form_parts import _add_errors, posted
from casework.people.recording import Record, get_recording_worker_or_403
from casework.people.scoping import get_visible_young_person, get_worker_or_404, own_young_person_or_404

from .forms import (
    AchievementCelebratedForm,
    AchievementForm,
    IdentityReviewForm,
    ImportantPersonForm,
    MyImportantPersonForm,
    RestrictionExplainedForm,
)
from .services import (
    achievement_add,
    achievement_celebrate,
    identity_review_record,
    important_person_add,
    important_person_confirm,
    important_person_restriction_explained,
)


def _staff_form(request, form, young_person, *, title, back_url, back_text, intro=""):
    return render(request, "casework/family_form.html", {
        "form": form, "young_person": young_person, "title": title, "back_url": back_url,
        "back_text": back_text, "intro": intro,
    })


def _my_form(request, form, *, title, intro, back_url, back_text):
    return render(request, "casework/family_my_form.html", {
        "form": form, "title": title, "intro": intro, "back_url": back_url, "back_text": back_text,
    })


# --- The young person's own pages --------------------------------------------------------------------------


@require_GET
def my_important_people(request):
    young_person = own_young_person_or_404(request.user)
    people = list(young_person.important_people.order_by("name", "pk"))
    return render(request, "casework/family_mine.html", {"people": people})


def important_person_new(request):
    young_person = own_young_person_or_404(request.user)
    form = MyImportantPersonForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            person = important_person_add(young_person=young_person, added_by_young_person=True, **form.cleaned_data)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, f"{person.name} is on your list. Your worker will check it.")
            return redirect("my_important_people")
    return _my_form(request, form, title="Add someone who matters to you",
                    intro="This could be family, a friend, a carer you used to live with, or anyone important to you.",
                    back_url=reverse("my_important_people"), back_text="Back to people who matter to you")


@require_GET
def my_achievements(request):
    young_person = own_young_person_or_404(request.user)
    achievements = list(young_person.achievements.order_by("-achieved_on", "-pk"))
    return render(request, "casework/family_my_achievements.html", {"achievements": achievements})


def my_achievement_new(request):
    young_person = own_young_person_or_404(request.user)
    form = AchievementForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            achievement_add(young_person=young_person, added_by_young_person=True, **form.cleaned_data)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, "Well done! Your achievement is saved.")
            return redirect("my_achievements")
    return _my_form(request, form, title="Add something you are proud of",
                    intro="Big or small, it counts.",
                    back_url=reverse("my_achievements"), back_text="Back to your achievements")


# --- Staff: the people who matter ----------------------------------------------------------------------------


@require_GET
def family(request, pk):
    get_worker_or_404(request.user)
    young_person = get_visible_young_person(request.user, pk)
    people = list(young_person.important_people.select_related("confirmed_by").order_by("name", "pk"))
    return render(request, "casework/family_list.html", {"young_person": young_person, "people": people})


def family_new(request, pk):
    young_person = get_visible_young_person(request.user, pk)
    worker = get_recording_worker_or_403(request, young_person, Record.FAMILY)
    form = ImportantPersonForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            person = important_person_add(young_person=young_person, added_by_young_person=False, by=worker,
                                          **form.cleaned_data)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, f"{person.name} added.")
            return redirect("family", pk=young_person.pk)
    return _staff_form(request, form, young_person, title="Add someone who matters to them",
                       back_url=reverse("family", args=[young_person.pk]), back_text="Back to people who matter")


@require_POST
def important_person_confirm_view(request, pk, person_pk):
    young_person = get_visible_young_person(request.user, pk)
    worker = get_recording_worker_or_403(request, young_person, Record.FAMILY)
    person = get_object_or_404(young_person.important_people, pk=person_pk)
    important_person_confirm(person=person, worker=worker)
    messages.success(request, f"You have confirmed {person.name}.")
    return redirect("family", pk=young_person.pk)


def restriction_explained(request, pk, person_pk):
    young_person = get_visible_young_person(request.user, pk)
    worker = get_recording_worker_or_403(request, young_person, Record.FAMILY)
    person = get_object_or_404(young_person.important_people, pk=person_pk, contact_restricted=True)
    form = RestrictionExplainedForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            important_person_restriction_explained(
                person=person, by=worker, explained_on=form.cleaned_data["restriction_explained_on"])
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, f"Saved: you explained the restriction on contact with {person.name}.")
            return redirect("family", pk=young_person.pk)
    intro = f"Contact with {person.name} ({person.relationship}) was restricted"
    intro += f" on {person.restricted_on:%-d %B %Y}." if person.restricted_on else "."
    return _staff_form(request, form, young_person, title="Record that you explained the restriction", intro=intro,
                       back_url=reverse("family", args=[young_person.pk]), back_text="Back to people who matter")


# --- Staff: identity -------------------------------------------------------------------------------------------


@require_GET
def identity(request, pk):
    get_worker_or_404(request.user)
    young_person = get_visible_young_person(request.user, pk)
    reviews = list(young_person.identity_reviews.select_related("recorded_by").order_by("-reviewed_on", "-pk"))
    return render(request, "casework/family_identity.html", {
        "young_person": young_person, "latest": reviews[0] if reviews else None, "past": reviews[1:],
    })


def identity_new(request, pk):
    young_person = get_visible_young_person(request.user, pk)
    worker = get_recording_worker_or_403(request, young_person, Record.IDENTITY)
    form = IdentityReviewForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            identity_review_record(young_person=young_person, recorded_by=worker, **form.cleaned_data)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, "Identity review saved.")
            return redirect("identity", pk=young_person.pk)
    return _staff_form(request, form, young_person, title="Record an identity review",
                       back_url=reverse("identity", args=[young_person.pk]), back_text="Back to identity")


# --- Staff: achievements ---------------------------------------------------------------------------------------


@require_GET
def achievements(request, pk):
    get_worker_or_404(request.user)
    young_person = get_visible_young_person(request.user, pk)
    items = list(young_person.achievements.order_by("-achieved_on", "-pk"))
    return render(request, "casework/family_achievements.html", {"young_person": young_person, "achievements": items})


def achievement_new(request, pk):
    young_person = get_visible_young_person(request.user, pk)
    worker = get_recording_worker_or_403(request, young_person, Record.ACHIEVEMENT)
    form = AchievementForm(posted(request), for_worker=True)
    if request.method == "POST" and form.is_valid():
        try:
            achievement_add(young_person=young_person, added_by_young_person=False, by=worker,
                            **form.cleaned_data)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, "Achievement saved.")
            return redirect("achievements", pk=young_person.pk)
    return _staff_form(request, form, young_person, title="Add an achievement",
                       back_url=reverse("achievements", args=[young_person.pk]), back_text="Back to achievements")


def achievement_celebrated(request, pk, a_pk):
    young_person = get_visible_young_person(request.user, pk)
    worker = get_recording_worker_or_403(request, young_person, Record.ACHIEVEMENT)
    achievement = get_object_or_404(young_person.achievements, pk=a_pk)
    form = AchievementCelebratedForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            achievement_celebrate(achievement=achievement, by=worker, **form.cleaned_data)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, "Celebration saved.")
            return redirect("achievements", pk=young_person.pk)
    return _staff_form(request, form, young_person, title="Record a celebration",
                       intro=f"{achievement.title} ({achievement.achieved_on:%-d %B %Y}).",
                       back_url=reverse("achievements", args=[young_person.pk]), back_text="Back to achievements")
