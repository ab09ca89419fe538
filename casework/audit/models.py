"""The audit log: who on the staff looked at or changed a young person's record, when, and from where.

One row for each young person a page showed a member of staff (a council worker, or a Pledge Portal administrator: a
login trusted with the admin that has no Worker record, such as the superuser): a page about one young person, or
each young person named on a list, a drill-down, a download or an admin page (casework.audit.middleware.AuditMiddleware
writes them, all of a page's rows in one INSERT). The log is append-only: a row cannot be changed or deleted from
the portal, the admin or the ORM (save() refuses an update, delete() refuses, and the queryset's update() and
delete() refuse), so nobody can cover their tracks. Only the database's owner can remove rows, outside the portal.

A young person reads their own log in plain words (/my-record/who-has-looked/); a manager reads any in their
council (/young-people/<id>/audit/).
"""
from django.db import models
from django.utils import timezone


class AppendOnlyError(Exception):
    """Raised on any attempt to change or delete an audit event."""


class AuditEventQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnlyError("The audit log cannot be changed")

    def bulk_update(self, objs, fields, batch_size=None):
        raise AppendOnlyError("The audit log cannot be changed")

    def delete(self):
        raise AppendOnlyError("The audit log cannot be deleted")

    def _raw_delete(self, using):  # the collector's fast path
        raise AppendOnlyError("The audit log cannot be deleted")


class AuditEvent(models.Model):
    class Action(models.TextChoices):
        VIEW = "view", "Looked at"
        CHANGE = "change", "Changed"
        EXPORT = "export", "Downloaded a copy of"

    at = models.DateTimeField(default=timezone.now, db_index=True)
    # PROTECT everywhere: the log outlives a login or a worker leaving, and a young person's record is
    # anonymised, not deleted, while their log exists (casework.audit.retention).
    # The login is always recorded; the Worker only when there is one: an administrator has none, and is logged all
    # the same (their looks are exactly the ones a child most needs to see).
    user = models.ForeignKey("casework.User", on_delete=models.PROTECT, related_name="+")
    worker = models.ForeignKey("casework.Worker", on_delete=models.PROTECT, related_name="+", null=True, blank=True,
                               help_text="Empty for a Pledge Portal administrator (no Worker record).")
    role = models.CharField(max_length=30, help_text="The worker's role then (roles change), or administrator.")
    young_person = models.ForeignKey("casework.YoungPerson", on_delete=models.PROTECT, related_name="audit_events")
    action = models.CharField(max_length=10, choices=Action.choices)
    method = models.CharField("HTTP method", max_length=10)
    url_name = models.CharField("page", max_length=100)
    path = models.CharField(max_length=500)
    ip_address = models.GenericIPAddressField("IP address", null=True, blank=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["young_person", "-at"], name="audit_young_person_at")]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.user_id} {self.action} {self.url_name} ({self.young_person_id})"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AppendOnlyError("The audit log cannot be changed")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("The audit log cannot be deleted")

    @property
    def what(self) -> str:
        """The page in words, for the young person and the manager: "your health checks"."""
        return PAGE_WORDS.get(self.url_name, "your record")

    @property
    def what_for_staff(self) -> str:
        """The same words about the young person, for the manager reading the log: "their health checks"."""
        return self.what.replace("your ", "their ").replace("you ", "they ")

    @property
    def sentence(self) -> str:
        """What they did, in the young person's words: "looked at your care plan", "saw your name on ..."."""
        return look_words(self.action, self.url_name)

    @property
    def sentence_for_staff(self) -> str:
        return self.sentence.replace("your ", "their ").replace("you ", "they ")

    @property
    def role_label(self) -> str:
        return role_label(self.role)

    @property
    def who(self) -> str:
        """Who looked, for the manager's page (which select_related()s the worker and the user)."""
        return self._who()[0]

    @property
    def who_detail(self) -> str:
        """What goes in brackets after who looked: their role, or an administrator's email."""
        return self._who()[1]

    def _who(self) -> tuple[str, str]:
        worker_name = self.worker.name if self.worker_id else ""
        return who_looked(self.role, worker_name, self.user.get_full_name(), self.user.email)


# The role recorded for a login with no Worker record (the superuser, a member of the admin staff): not one of
# casework.models.Role, which are the jobs a Worker can hold.
ADMINISTRATOR = "administrator"
ADMINISTRATOR_LABEL = "Pledge Portal administrator"


def role_label(role: str) -> str:
    from casework.people.models import Role

    if role == ADMINISTRATOR:
        return ADMINISTRATOR_LABEL
    return Role(role).label if role in Role.values else role


def who_looked(role: str, worker_name: str, user_name: str, email: str) -> tuple[str, str]:
    """(who, in brackets after them) in plain words, for the young person's page and the manager's: a worker is
    "Sita Worker" (Social worker), as the young person knows them. An administrator is not someone the young person
    knows, and their name is a free field of their login that nobody checks, so their login's email, which is unique
    and is the account itself, is always given too: "Sam Jones" (Pledge Portal administrator, sam@...), or with no
    name "A Pledge Portal administrator" (sam@...)."""
    if role != ADMINISTRATOR:
        return worker_name, role_label(role)
    if user_name.strip():
        return user_name.strip(), f"{ADMINISTRATOR_LABEL}, {email}"
    return f"A {ADMINISTRATOR_LABEL}", email


# What each staff page about one young person shows, in the young person's words. A page not listed here is
# "your record" (still logged: the log never depends on this list).
PAGE_WORDS = {
    "young_person_overview": "your record (the overview)",
    "young_person_pledge": "your pledge and promises", "young_person_people": "your people",
    "contact_new": "your visits and contacts", "callback_attempt_new": "your call-back request",
    "care_plan": "your care plan", "care_plan_new": "your care plan", "care_plan_version": "your care plan",
    "care_plan_copy_given": "your care plan", "placement_list": "where you live",
    "placement_new": "where you live", "grant": "your leaving care grant", "grant_payment_new": "your leaving care grant",
    "health_checks": "your health checks", "health_check_new": "your health checks",
    "education": "your school and education", "pep_new": "your school and education",
    "work_experience_new": "your school and education", "education_status_new": "your school and education",
    "family": "your family and friends", "family_new": "your family and friends",
    "important_person_confirm": "your family and friends", "restriction_explained": "your family and friends",
    "identity": "your identity and culture", "identity_new": "your identity and culture",
    "achievements": "your achievements", "achievement_new": "your achievements",
    "achievement_celebrated": "your achievements", "pathway_plan": "your pathway plan",
    "pathway_plan_new": "your pathway plan", "pathway_plan_version": "your pathway plan",
    "pathway_plan_copy_given": "your pathway plan", "needs_assessment_new": "your pathway plan",
    "careers_meeting_new": "your pathway plan", "in_touch_check_new": "your pathway plan",
    "review_list": "your reviews", "review_new": "your reviews",
    "consultation_new": "your reviews", "review_held": "your reviews", "iro_change": "your reviews",
    "concern_detail": "a worry you told us about", "concern_acknowledge": "a worry you told us about",
    "feedback_reply": "what you told us about a promise", "young_person_audit": "who has looked at your record",
    "young_person_export": "everything we keep about you",
    "young_person_invite": "your invitation to Pledge Portal",
    "young_person_workers": "who your workers are", "allocation_move": "who your workers are",
    "young_person_new": "your record",
    "missing_episode_new": "the times you were missing or away", "missing_episode_return": "the times you were "
    "missing or away", "staying_close_answer": "your Staying Close request",
    "council_accommodation_new": "your home", "council_accommodation_end": "your home",
}


# Lists, drill-downs and downloads that show many young people: the young person's words for being on one.
# An admin list ("..._changelist") or an admin form's drop-down ("..._add") is "a list in the admin".
LIST_WORDS = {
    "caseload": "on their list of young people", "iro_reviews": "on their list of reviews",
    "concern_list": "on their list of worries", "feedback_list": "on their list of what young people say",
    "notifications": "in their notifications", "my_record": "on their record of promises kept",
    "dashboard_worker": "on a worker's record of promises kept", "dashboard_worker_rows": "on a list of a worker's work",
    "dashboard_measure": "on a list of how a promise is kept",
    "dashboard_feedback": "on a list of what young people say about a promise",
    "dashboard_stability_list": "on a list of moves and changes of worker",
    "manage": "on a list of young people waiting for a worker",
}


def look_words(action: str, url_name: str) -> str:
    """What a member of staff did, in the young person's words: "looked at your care plan", "saw your name on
    their list of young people", "downloaded a list with your details"."""
    if url_name in LIST_WORDS or url_name.endswith(("_changelist", "_add")):
        if action == AuditEvent.Action.EXPORT:
            return "downloaded a list with your details"
        return "saw your name " + LIST_WORDS.get(url_name, "on a list in the admin")
    label = AuditEvent.Action(action).label if action in AuditEvent.Action.values else action
    return f"{label.lower()} {PAGE_WORDS.get(url_name, 'your record')}"


def audit_young_person(request, young_person, *, action: str | None = None) -> None:
    """For a view whose address does not name the young person: log this page against them (casework.audit.middleware
    writes the row once the page has answered)."""
    audit_young_people(request, [young_person.pk], action=action)


def audit_young_people(request, young_person_ids, *, action: str | None = None) -> None:
    """For a list or a download that shows these young people's names or details: log the page against each of
    them. `young_person_ids` is any iterable of ids, or a lazy `values_list("young_person_id", flat=True)`: the
    middleware reads it once the page has answered, so a list costs one SELECT (when the ids are not at hand) and
    one INSERT for all its rows, whatever its length."""
    request.audited_young_people = [*getattr(request, "audited_young_people", []), young_person_ids]
    if action:
        request.audited_action = action


def audit_events_record(*, user, worker, young_person_ids, action: str, method: str, url_name: str, path: str,
                        ip_address: str | None) -> list[AuditEvent]:
    """One row per young person, all in one INSERT. `worker` is None for an administrator (role ADMINISTRATOR).
    No full_clean(): every value comes from the request, not from a form, and checking the foreign keys would cost
    queries on every page; no transaction: one INSERT is atomic."""
    role = worker.role if worker is not None else ADMINISTRATOR
    return AuditEvent.objects.bulk_create([
        AuditEvent(user=user, worker=worker, role=role, young_person_id=young_person_id, action=action,
                   method=method[:10], url_name=url_name[:100], path=path[:500], ip_address=ip_address)
        for young_person_id in sorted(young_person_ids)
    ])
