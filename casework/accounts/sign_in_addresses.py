"""A person's sign-in address is User.email, and only that: allauth's EmailAddress rows follow it.

People do not manage their own addresses in the portal (allauth's email page is not exposed:
pledge_portal.account_urls); staff change User.email in the admin. But allauth looks people up through its
EmailAddress rows first (a verified row wins over User.email, for signing in and for password reset), so a row
left behind with an old address, or one naming another account's address, would let a reset link for that
address reach this account. Whenever a user is saved with an email, every row of theirs with another address,
and every row of another account with theirs, is deleted; allauth then finds them by User.email.

A queryset .update() of User.email skips this (no signal): call email_addresses_follow_user() after one.
"""
from allauth.account.models import EmailAddress
from django.db.models.signals import post_save
from django.dispatch import receiver

from casework.people.models import User


def email_addresses_follow_user(*, user: User) -> int:
    """Delete allauth's rows that disagree with User.email. Returns how many were deleted."""
    stale, _ = EmailAddress.objects.filter(user=user).exclude(email=user.email).delete()
    taken, _ = EmailAddress.objects.filter(email__iexact=user.email).exclude(user=user).delete()
    return stale + taken


@receiver(post_save, sender=User)
def sign_in_address_follows_the_user(sender, instance, raw=False, update_fields=None, **kwargs):
    if raw or (update_fields is not None and "email" not in update_fields):
        return  # fixtures loading, or a save that cannot have changed the address (e.g. last_login)
    email_addresses_follow_user(user=instance)
