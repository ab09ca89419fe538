"""Which rows the admin may offer a member of staff to choose from: their own council's, whatever the model.

Every drop-down and multiple choice on an admin page (the page's own form and its inlines') is drawn from
`council_choices`: the young people casework.people.scoping lets them see, their own council, the rows of any other
model reached from its council by foreign keys (found by walking the model's fields, so a new model needs no entry
here), and sign-in accounts only as `linkable_accounts` allows. A model with no way to a council cannot be offered at
all: that is a mistake to fix, not a list to show, so it fails loudly. A superuser is offered everything.
"""
from functools import cache

from django.core.exceptions import ImproperlyConfigured
from django.db.models import Q

from casework.people.models import Council, User, YoungPerson
from casework.people.scoping import visible_young_people, worker_for


def linkable_accounts(*, current_user_id: int | None):
    """The sign-in accounts a manager may link to a worker or young person: the record's own account, and accounts
    that are nobody's yet (no Worker, no YoungPerson), active, and carry no admin rights (not staff, not
    superuser). So no account of another council, or of anyone at all, can be taken over by linking it to a record a
    manager controls; the models check the rule that matters again (a user is at most one of worker and young
    person: Worker.clean, YoungPerson.clean)."""
    unlinked = Q(worker__isnull=True, young_person__isnull=True, is_staff=False, is_superuser=False, is_active=True)
    return User.objects.filter(unlinked | Q(pk=current_user_id)).order_by("email")


@cache
def council_path(model) -> str | None:
    """The shortest chain of foreign keys from this model to its council ("council", "section__pledge__council"),
    or None when there is none."""
    paths = [(model, "")]
    for _depth in range(4):
        next_paths = []
        for current, prefix in paths:
            for field in current._meta.get_fields():
                if not (field.concrete and field.is_relation and (field.many_to_one or field.one_to_one)):
                    continue
                path = f"{prefix}{field.name}"
                if field.related_model is Council:
                    return path
                next_paths.append((field.related_model, f"{path}__"))
        paths = next_paths
    return None


def council_choices(request, model, *, current_user_id: int | None = None):
    """Every row of `model` this member of staff may be offered in the admin."""
    queryset = model._default_manager.all()
    if request.user.is_superuser:
        return queryset
    worker = worker_for(request.user)
    council_id = worker.council_id if worker else None
    if model is Council:
        return queryset.filter(pk=council_id)
    if model is YoungPerson:
        return visible_young_people(request.user)
    if model is User:
        return linkable_accounts(current_user_id=current_user_id)
    path = council_path(model)
    if path is None:
        raise ImproperlyConfigured(f"The admin cannot offer {model._meta.label} rows: they belong to no council. "
                                   "Add a foreign key towards a council, or leave the field out of the admin.")
    return queryset.filter(**{f"{path}_id": council_id})


class CouncilChoices:
    """Mixin for a ModelAdmin or an inline: every foreign-key and many-to-many choice through `council_choices`; a
    sign-in account field also offers the record's own account (get_form and get_formset know the record)."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        kwargs["queryset"] = council_choices(request, db_field.related_model)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        kwargs["queryset"] = council_choices(request, db_field.related_model)
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        _offer_own_account(request, form, obj)
        return form


def _offer_own_account(request, form, obj) -> None:
    for name, field in form.base_fields.items():
        if getattr(field, "queryset", None) is not None and field.queryset.model is User:
            field.queryset = council_choices(request, User, current_user_id=getattr(obj, f"{name}_id", None))
