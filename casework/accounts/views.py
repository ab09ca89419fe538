"""Accounts: a worker invites a young person; the young person sets their password from the email's link; a
manager deactivates a worker who has left (also an action in the admin)."""
from allauth.core import ratelimit
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone

from casework.form_parts import _add_errors, posted
from casework.people.models import Role, Worker
from casework.people.recording import Record, get_recording_worker_or_403
from casework.people.scoping import get_visible_young_person, get_worker_or_404

from .forms import InvitationForm, SetPasswordForm
from .invitations import (
    InvitationNotUsable,
    invitation_accept,
    invitation_create,
    invitation_find_open,
    invitation_status,
    token_hash,
    when_words,
)
from .services import may_deactivate, worker_deactivate


def young_person_invite(request, pk):
    """Invite a young person to Pledge Portal: their allocated social worker or personal adviser, or a manager
    (casework.people.recording). Anyone else who may see the record (an IRO, a duty worker) gets a 403 saying who
    can."""
    young_person = get_visible_young_person(request.user, pk)
    worker = get_recording_worker_or_403(request, young_person, Record.INVITATION)
    form = None if young_person.user_id else InvitationForm(posted(request))
    if request.method == "POST" and form is not None and form.is_valid():
        try:
            invitation, _token = invitation_create(young_person=young_person, email=form.cleaned_data["email"],
                                                   by=worker, now=timezone.now())
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, f"Invitation sent to {invitation.email}. The link works until "
                                      f"{when_words(invitation.expires_at)}.")
            return redirect("young_person_invite", pk=young_person.pk)
    return render(request, "casework/invitation_new.html", {
        "young_person": young_person, "form": form, "status": invitation_status(young_person, timezone.now()),
        "valid_days": settings.INVITATION_VALID_DAYS,
    })


@login_not_required
@transaction.non_atomic_requests  # invitation_accept takes its locks in its own transaction (see there)
def invitation_accept_view(request, token):
    if request.user.is_authenticated:
        # Never swap someone's session for another account: say so, and let them sign out first.
        return render(request, "casework/invitation_signed_in.html")
    # Setting the password signs them in, so tries are limited like signing in (settings.ACCOUNT_RATE_LIMITS
    # "accept_invitation": per address, and per link, known or not, by its hash). Only a POST counts.
    if not ratelimit.consume(request, action="accept_invitation", key=token_hash(token)):
        return render(request, "casework/invitation_too_many.html", status=429)
    now = timezone.now()
    try:
        invitation = invitation_find_open(token, now)
    except InvitationNotUsable:
        return _dead_link(request)
    form = SetPasswordForm(posted(request), invitation=invitation)
    if request.method == "POST" and form.is_valid():
        try:
            user = invitation_accept(token=token, password=form.cleaned_data["password1"], now=timezone.now())
        except InvitationNotUsable:
            return _dead_link(request)
        except ValidationError as error:
            form.add_error("password1", error)
        else:
            login(request, user, backend="casework.accounts.backends.PortalAuthenticationBackend")
            messages.success(request, "Your password is set. Welcome to Pledge Portal.")
            return redirect("my_pledge")
    return render(request, "casework/invitation_accept.html", {"form": form, "invitation": invitation})


def _dead_link(request):
    """One page, and one status, for an unknown, used, revoked or out-of-date link."""
    return render(request, "casework/invitation_dead.html", status=404)


def worker_deactivate_view(request, worker_pk):
    """A manager closes the login of a worker in their council who has left; they are signed out at once."""
    manager = get_worker_or_404(request.user)
    if manager.role != Role.MANAGER:
        raise PermissionDenied("Only managers deactivate a worker")
    worker = Worker.objects.filter(council_id=manager.council_id, pk=worker_pk).select_related("user").first()
    if worker is None or not may_deactivate(request.user, worker):
        raise Http404("No such worker")
    if request.method == "POST" and worker.user is not None and worker.user.is_active:
        try:
            worker_deactivate(worker=worker, by=request.user, now=timezone.now())
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, f"{worker.name}'s account is deactivated. They have been signed out and "
                                      f"cannot sign in again. Move their young people to another worker.")
        return redirect("worker_deactivate", worker_pk=worker.pk)
    return render(request, "casework/worker_deactivate.html", {
        "worker": worker, "caseload": worker.allocations.filter(ended_on__isnull=True).count(),
    })
