from allauth.account.auth_backends import AuthenticationBackend

from casework.people.models import User


class PortalAuthenticationBackend(AuthenticationBackend):
    """allauth's email login, loading the user with their young person or worker record (and council)
    in the one query Django makes per request, so pages do not pay extra queries to learn who is asking."""

    def get_user(self, user_id):
        try:
            user = User._default_manager.select_related(
                "young_person__council", "worker__council", "worker__team"
            ).get(pk=user_id)
        except User.DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None
