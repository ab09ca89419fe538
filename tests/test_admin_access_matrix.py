"""The access matrix's admin half: every choice the admin offers on an add or change page lists only the staff
member's own council's rows, and a sign-in account only if it is the record's own or nobody's yet.

The walk covers every model registered with the admin (admin.site._registry) and each of its inlines, so a model
registered tomorrow is covered; a model whose council the test cannot work out fails it loudly. In the demo only
managers can open the admin; each caseholding role is walked too, given the admin and every permission, because a
choice list must not depend on who happens to have been given access.
"""
import pytest
from django.contrib import admin
from django.contrib.auth.models import Group, Permission
from django.forms import ModelChoiceField
from django.test import RequestFactory

from casework.models import Council, User, YoungPerson
from casework.people.scoping import visible_young_people

from tests.test_access_matrix import world  # noqa: F401

pytestmark = pytest.mark.django_db

# One member of staff of each role that could be given the admin (the managers are given it in the demo).
STAFF = {"helen": "manager", "grace": "manager", "priya": "social worker", "tom": "IRO", "dan": "personal adviser"}
# Choices that are not any council's data, with why they may be offered to everyone.
NOT_COUNCIL_DATA = {
    Group: "the portal's own groups of permissions (\"Council managers\")",
    Permission: "Django's list of what can be done in the admin",
}
# How to find the council of a row of each model that has no `council` or `young_person` of its own.
COUNCIL_PATHS = {"pledges.section": "pledge__council_id", "pledges.promise": "section__pledge__council_id",
                 "notifications.deliveryattempt": "notification__young_person__council_id",
                 "casework.concernresponse": "concern__young_person__council_id"}


def council_of(obj) -> int | None:
    """The council a row belongs to; fails the test when it cannot be worked out."""
    model = type(obj)
    if model is Council:
        return obj.pk
    if model is User:
        linked = getattr(obj, "worker", None) or getattr(obj, "young_person", None)
        return linked.council_id if linked else None
    if hasattr(obj, "council_id"):
        return obj.council_id
    if hasattr(obj, "young_person_id"):
        return YoungPerson.objects.get(pk=obj.young_person_id).council_id
    path = COUNCIL_PATHS.get(model._meta.label_lower)
    if path is None:
        raise AssertionError(f"{model._meta.label}: cannot work out its council; add it to COUNCIL_PATHS")
    return model.objects.filter(pk=obj.pk).values_list(path, flat=True).get()


def choice_fields(model_admin, request, obj):
    """(where, field name, field) for every model choice on the admin's form and its inlines' forms."""
    forms = [(model_admin.model._meta.label, model_admin.get_form(request, obj, change=obj is not None))]
    for inline in model_admin.get_inline_instances(request, obj):
        forms.append((f"{model_admin.model._meta.label} inline {inline.model._meta.label}",
                      inline.get_formset(request, obj).form))
    for where, form in forms:
        for name, field in form.base_fields.items():
            if isinstance(field, ModelChoiceField):  # ModelMultipleChoiceField is one too
                yield where, name, field


def staff_request(key):
    user = User.objects.get(email=f"{key}@demo.pledgeportal.test")
    user.is_staff = True
    user.save()
    user.user_permissions.set(Permission.objects.all())
    request = RequestFactory().get("/admin/")
    request.user = User.objects.get(pk=user.pk)  # fresh: permissions are cached on the instance
    return request


def test_only_managers_and_superusers_can_open_the_admin_in_the_demo(world):
    staff = set(User.objects.filter(is_staff=True, is_superuser=False).values_list("worker__role", flat=True))
    assert staff == {"manager"}


def test_every_admin_choice_lists_only_the_staff_members_own_council_and_accounts_that_are_free(world):
    wrong = []
    for key, role in STAFF.items():
        request = staff_request(key)
        worker = request.user.worker
        visible = set(visible_young_people(request.user).values_list("pk", flat=True))
        for model, model_admin in admin.site._registry.items():
            if not model_admin.has_module_permission(request):
                continue  # the admin's other apps' pages: superusers only
            first = model_admin.get_queryset(request).order_by("pk").first()
            pages = ([None] if model_admin.has_add_permission(request) else []) + (
                [first] if first is not None and model_admin.has_view_or_change_permission(request, first) else [])
            for obj in pages:
                for where, name, field in choice_fields(model_admin, request, obj):
                    for choice in field.queryset:
                        chosen = type(choice)
                        if chosen in NOT_COUNCIL_DATA:
                            continue
                        current = getattr(obj, f"{name}_id", None) if obj is not None else None
                        if chosen is User and choice.pk != current and (
                                council_of(choice) is not None or choice.is_staff or choice.is_superuser):
                            wrong.append(f"{key} ({role}) {where}.{name}: account {choice} is someone's already")
                        elif chosen is User:
                            continue
                        elif council_of(choice) != worker.council_id:
                            wrong.append(f"{key} ({role}) {where}.{name}: {choice} is another council's")
                        elif chosen is YoungPerson and choice.pk not in visible:
                            wrong.append(f"{key} ({role}) {where}.{name}: {choice} is not theirs to see")
    assert wrong == [], "\n".join(sorted(set(wrong)))
