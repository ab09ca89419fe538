"""Young people's accounts are made by invitation from their worker: nobody signs themselves up.

A worker (the young person's social worker or personal adviser, or a manager of their council:
casework.people.recording) sends an invitation to an email address; the email's link, /invitation/<token>/, lets the
young person set a password once. Only the token's SHA-256 is stored, so someone who reads the database (or a backup) cannot use an
invitation. A link works for INVITATION_VALID_DAYS and once; sending a new one revokes the earlier open ones.
"""
import hashlib
import logging
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import partial

from django.conf import settings
from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import models, transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone

from casework.fields import LowercaseEmailField

logger = logging.getLogger(__name__)

class InvitationNotUsable(Exception):
    """The link is unknown, used, revoked or out of date. Deliberately one error: the page says the same for
    all four, so nobody can learn from it whether a token ever existed."""


class Invitation(models.Model):
    young_person = models.ForeignKey("casework.YoungPerson", on_delete=models.CASCADE, related_name="invitations")
    email = LowercaseEmailField("email address")
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_by = models.ForeignKey("casework.Worker", on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField()
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["young_person", "-created_at", "-pk"]

    def __str__(self):
        return f"Invitation for {self.young_person_id} to {self.email} ({self.created_at:%Y-%m-%d})"

    def is_open(self, now: datetime) -> bool:
        return self.accepted_at is None and self.revoked_at is None and now < self.expires_at


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()


@dataclass(frozen=True)
class InvitationStatus:
    label: str      # Sent, Expired, Accepted
    tag_class: str  # GOV.UK tag colour
    sentence: str


def invitation_status(young_person, now: datetime) -> InvitationStatus | None:
    """Where the young person's latest invitation stands, in words for staff; None if never invited."""
    latest = young_person.invitations.select_related("created_by").first()
    if latest is None:
        return None
    sent = f"Sent to {latest.email} by {latest.created_by.name} at {when_words(latest.created_at)}."
    if latest.accepted_at:
        return InvitationStatus("Accepted", "govuk-tag--green", f"{sent} {young_person.display_name} set a "
                                                               f"password at {when_words(latest.accepted_at)}.")
    if latest.revoked_at:  # only a newer invitation revokes one, so a latest one is revoked only by hand
        return InvitationStatus("Cancelled", "govuk-tag--grey", f"{sent} It was cancelled.")
    if latest.is_open(now):
        return InvitationStatus("Sent", "govuk-tag--blue",
                                f"{sent} The link works until {when_words(latest.expires_at)}.")
    return InvitationStatus("Expired", "govuk-tag--orange",
                            f"{sent} The link ran out at {when_words(latest.expires_at)} without being used.")


def when_words(moment: datetime) -> str:
    local = timezone.localtime(moment)
    return f"{local:%-I:%M%p on %A %-d %B %Y}".replace("AM", "am").replace("PM", "pm")


def _email_taken(email: str) -> bool:
    from casework.people.models import User

    return User.objects.filter(email__iexact=email).exists()


# An address already used by an account: said plainly when that account is in the inviting worker's own council
# (they could see it anyway), but in neutral words otherwise, so an invitation cannot be used to learn who has an
# account in another council (a child in care there, a worker).
EMAIL_TAKEN = ("This email address is already used by another Pledge Portal account in {council}. Check the "
               "address with {name}, or ask your manager to look at the account that uses it.")
EMAIL_REFUSED = ("We cannot send an invitation to this address. Check it with {name} and use an address only they "
                 "read. If it is right, ask your manager to contact your council's Pledge Portal administrator.")


def email_taken_error(*, email: str, young_person) -> ValidationError:
    from casework.people.models import User

    council_id = young_person.council_id
    in_this_council = User.objects.filter(email__iexact=email).filter(
        models.Q(worker__council_id=council_id) | models.Q(young_person__council_id=council_id)).exists()
    if in_this_council:
        message = EMAIL_TAKEN.format(council=young_person.council.short_name, name=young_person.display_name)
    else:
        message = EMAIL_REFUSED.format(name=young_person.display_name)
    return ValidationError({"email": ValidationError(message, code="email_taken")})


@transaction.atomic
def invitation_create(*, young_person, email: str, by, now: datetime) -> tuple[Invitation, str]:
    """A new invitation (revoking the young person's earlier open ones), emailed once it commits. Returns the
    invitation and the raw token: the only place the token exists, apart from the email."""
    from casework.people.models import User, YoungPerson
    from casework.people.recording import (  # here: this module is imported at the end of models.py
        Record,
        check_may_record,
    )

    # Two workers inviting at once queue on the young person's row, so only one invitation stays open.
    young_person = YoungPerson.objects.select_for_update(of=("self",), no_key=True).select_related("council").get(
        pk=young_person.pk)
    if young_person.user_id is not None:
        raise ValidationError(f"{young_person.full_name} already has a Pledge Portal account.", code="has_account")
    # Their own social worker or personal adviser, or a manager of their council (casework.people.recording).
    check_may_record(by, young_person, Record.INVITATION)
    email = User.objects.normalize_email((email or "").strip())
    if email and _email_taken(email):
        raise email_taken_error(email=email, young_person=young_person)
    token = secrets.token_urlsafe(32)
    invitation = Invitation(young_person=young_person, email=email, token_hash=token_hash(token), created_by=by,
                            created_at=now, expires_at=now + timedelta(days=settings.INVITATION_VALID_DAYS))
    invitation.full_clean()
    young_person.invitations.filter(accepted_at__isnull=True, revoked_at__isnull=True).update(revoked_at=now)
    invitation.save()
    # robust: a mail server that is down is logged and never undoes the invitation; the worker can send again.
    transaction.on_commit(partial(_send, invitation=invitation, token=token), robust=True)
    return invitation, token


def invitation_link(token: str) -> str:
    return settings.SITE_URL + reverse("invitation_accept", kwargs={"token": token})


def _send(*, invitation: Invitation, token: str) -> None:
    young_person, worker = invitation.young_person, invitation.created_by
    council = young_person.council.name
    body = (
        f"Hello {young_person.display_name},\n\n"
        f"Your worker {worker.name} has invited you to see your council's pledge in Pledge Portal. The pledge is "
        f"the promises {council} makes to you. You can also see who your people are and how to reach them.\n\n"
        f"To start, open this link and choose a password:\n{invitation_link(token)}\n\n"
        f"The link works once, until {when_words(invitation.expires_at)}. If it has run out, ask {worker.name} "
        f"to send you a new one.\n\n"
        f"If you were not expecting this email, you can ignore it.\n\n{council}\n"
    )
    send_mail(f"{worker.name} has invited you to Pledge Portal", body, None, [invitation.email])


def password_problems(password: str, invitation: Invitation) -> None:
    """Django's AUTH_PASSWORD_VALIDATORS, checked against the account about to be made (so a password like the
    young person's name or email is refused)."""
    from casework.people.models import User

    young_person = invitation.young_person
    password_validation.validate_password(password, user=User(
        email=invitation.email, first_name=young_person.first_name, last_name=young_person.last_name))


@transaction.atomic
def invitation_accept(*, token: str, password: str, now: datetime):
    """Make the young person's account from an open invitation and mark the invitation used; all or nothing.

    Raises InvitationNotUsable for a link that cannot be used, ValidationError for a password the validators
    refuse (nothing is saved either way)."""
    from casework.people.models import User

    digest = token_hash(token)
    # Lock the invitation before reading it, so two tabs (or two people) using one link queue up and the second
    # finds it used. select_for_update is the row lock on PostgreSQL; SQLite ignores it, so the UPDATE that
    # changes nothing comes first to take SQLite's write lock (SQLite refuses, rather than waits for, a
    # transaction that reads and then writes while another writes).
    Invitation.objects.filter(token_hash=digest).update(token_hash=F("token_hash"))
    invitation = (Invitation.objects.select_for_update(of=("self",)).select_related("young_person")
                  .filter(token_hash=digest).first())
    if invitation is None or not invitation.is_open(now):
        raise InvitationNotUsable
    young_person = invitation.young_person
    if young_person.user_id is not None or _email_taken(invitation.email):
        # Given an account some other way since it was sent: this link has done its job.
        raise InvitationNotUsable
    password_problems(password, invitation)
    user = User(email=invitation.email, first_name=young_person.first_name, last_name=young_person.last_name)
    user.set_password(password)
    user.full_clean()
    user.save()
    young_person.user = user
    young_person.full_clean()
    young_person.save(update_fields=["user"])
    invitation.accepted_at = now
    invitation.full_clean()
    invitation.save(update_fields=["accepted_at"])
    return user


def invitation_find_open(token: str, now: datetime) -> Invitation:
    """The open invitation behind a link, for showing the form; InvitationNotUsable otherwise."""
    invitation = Invitation.objects.select_related("young_person").filter(token_hash=token_hash(token)).first()
    if invitation is None or not invitation.is_open(now) or invitation.young_person.user_id is not None:
        raise InvitationNotUsable
    return invitation
