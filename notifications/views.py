"""A worker's notifications from the deadline sweep and young people's answers, newest first, and "mark all
as read".

Only ever the signed-in user's own notifications; anyone without a Worker record (a young person) gets
404, like every other staff page.
"""
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from casework.audit.models import audit_young_people
from casework.form_parts import _add_errors, posted
from casework.people.scoping import worker_for, young_person_for

from .models import Notification
from .preferences import MessagePreferencesForm, message_preferences_of, message_preferences_save, mobile_suggested

# Enough for weeks of reminders on one page; older ones are kept but not listed.
SHOWN = 100


def _worker_or_404(request):
    worker = worker_for(request.user)
    if worker is None:
        raise Http404("Only staff have notifications")
    return worker


def notification_list(request):
    _worker_or_404(request)
    # One query whatever the number: each row links (Notification.link) by its young person, answer, worry or ledger row.
    notifications = list(
        Notification.objects.filter(recipient=request.user).select_related("entry__measure")
        .only("young_person_id", "feedback_id", "concern_id", "entry__trigger_id", "entry__measure__params", "stage",
              "subject", "body", "created_at", "read_at")
        .order_by("-created_at", "-pk")[: SHOWN + 1]
    )
    audit_young_people(request, [notification.young_person_id for notification in notifications[:SHOWN]])
    return render(request, "notifications/notification_list.html", {
        "notifications": notifications[:SHOWN],
        "more": len(notifications) > SHOWN,
        "unread": any(n.read_at is None for n in notifications),
    })


@require_POST
def notifications_mark_read(request):
    _worker_or_404(request)
    count = Notification.objects.filter(recipient=request.user, read_at__isnull=True).update(read_at=timezone.now())
    if count:
        messages.success(request, f"{count} notification{'' if count == 1 else 's'} marked as read.")
    return redirect("notifications")


def message_preferences(request):
    """"How we contact you": the signed-in person's own choices (never anyone else's: no id in the address). Staff
    choose the morning digest or an email each, and texts for urgent ones; a young person, texts about their
    call-backs and replies, offered the number on their record. Anyone who is neither gets 404."""
    young_person = young_person_for(request.user)
    if young_person is None:
        _worker_or_404(request)
    preferences = message_preferences_of(request.user)
    mobile = preferences.mobile or (mobile_suggested(young_person.phone) if young_person else "")
    # What they chose, or the defaults they have now (the morning digest, no texts).
    initial = {"how_often": "digest" if preferences.daily_digest else "each",
               "texts": "yes" if preferences.texts else "no", "mobile": mobile}
    form = MessagePreferencesForm(posted(request), initial=initial, for_staff=young_person is None)
    if request.method == "POST" and form.is_valid():
        try:
            message_preferences_save(user=request.user, **form.saved())
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, "We have saved how we contact you.")
            return redirect("message_preferences")
    return render(request, "notifications/message_preferences.html", {
        "form": form, "for_staff": young_person is None})
