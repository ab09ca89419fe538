"""Staff pages to record a missing episode and, after they come back, the return interview (casework.worries.missing).
The episodes are listed on the "Where they live" page (casework.plans.views.placement_list)."""
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone

from casework.form_parts import _add_errors, posted
from casework.people.recording import Record, get_recording_worker_or_403
from casework.people.scoping import get_visible_young_person

from .missing import MissingEpisodeForm, missing_episode_record, missing_episode_return_record


def _page(request, young_person, form, title, intro=""):
    return render(request, "casework/young_person_form.html", {
        "form": form, "young_person": young_person, "title": title, "intro": intro,
        "back_url": reverse("placement_list", args=[young_person.pk]) + "#missing",
        "back_text": "Back to where they live",
    })


def missing_episode_new(request, pk):
    young_person = get_visible_young_person(request.user, pk)
    worker = get_recording_worker_or_403(request, young_person, Record.MISSING_EPISODE)
    form = MissingEpisodeForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            missing_episode_record(young_person=young_person, by=worker, **form.cleaned_data)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, f"Saved: the time {young_person.display_name} was missing or away.")
            return redirect(reverse("placement_list", args=[young_person.pk]) + "#missing")
    return _page(request, young_person, form, "Record a time they were missing or away",
                 intro="Once they are back, a return interview must be offered within 72 hours.")


def missing_episode_return(request, pk, episode_pk):
    young_person = get_visible_young_person(request.user, pk)
    worker = get_recording_worker_or_403(request, young_person, Record.MISSING_EPISODE)
    episode = get_object_or_404(young_person.missing_episodes, pk=episode_pk)
    form = MissingEpisodeForm(posted(request), new=False, initial={
        # What is recorded already; a return not yet recorded starts at today, as most are recorded the same day.
        "ended_on": episode.ended_on or timezone.localdate(),
        "return_interview_offered_on": episode.return_interview_offered_on,
        "return_interview_accepted": {True: "yes", False: "no"}.get(episode.return_interview_accepted, "not_yet")})
    if request.method == "POST" and form.is_valid():
        try:
            missing_episode_return_record(episode=episode, by=worker, **form.cleaned_data)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, f"Saved: {young_person.display_name}'s return and the return interview.")
            return redirect(reverse("placement_list", args=[young_person.pk]) + "#missing")
    return _page(request, young_person, form, "Record their return and the return interview",
                 intro=f"{episode}. A return interview must be offered within 72 hours of them coming back.")
