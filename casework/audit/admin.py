"""The admin's pages in the young person's audit log (casework.audit), like every other page that shows them.

Every admin page of a model that is about a young person (the YoungPerson itself, a record with a `young_person`
field, their User account) logs the young people it shows: an object's change, delete, history and password pages
(through get_object, which each of them calls), the object a save creates, the rows of a list, the rows a "delete
selected" action is about to delete, the records about young people a delete page lists as going with it or
protecting it (a pledge's lists ledger rows), and the young people offered in a shown form's drop-downs (their names
are on the page; a saved form redirects and shows none). The model's link to a young person is found from its
fields, so a newly registered model is logged without anyone remembering to say so (tests/test_audit_walk.py walks
every admin page to hold it to that). The admin's own history of changes names such records by kind and number,
never by the young person's name.
"""
from collections import defaultdict

from django.contrib.admin.utils import NestedObjects
from django.core.exceptions import FieldDoesNotExist
from django.db import router
from django.forms import ModelChoiceField

from casework.people.models import YoungPerson

from .models import audit_young_people


def young_person_path(model) -> str | None:
    """How to get from this model to the young person it is about: "pk", "young_person", or None (not about one)."""
    if model is YoungPerson:
        return "pk"
    try:
        field = model._meta.get_field("young_person")
    except FieldDoesNotExist:
        return None
    return "young_person" if field.related_model is YoungPerson else None


class AuditedAdmin:
    """Mixin for a ModelAdmin: logs every young person its pages show (see the module docstring)."""

    def audit_objects(self, request, objects, model=None) -> None:
        """Log the young people these records (of this admin's model, or of `model`) are about."""
        model = model or self.model
        path = young_person_path(model)
        if path is None or not objects:
            return
        if path == "pk":
            ids = [obj.pk for obj in objects]
        elif model._meta.get_field(path).concrete:
            ids = [getattr(obj, f"{path}_id") for obj in objects]
        else:  # a reverse one-to-one (a User's young person): one SELECT, run by the middleware
            ids = model._default_manager.filter(pk__in=[obj.pk for obj in objects]).values_list(path, flat=True)
        audit_young_people(request, ids)

    def get_object(self, request, object_id, from_field=None):
        obj = super().get_object(request, object_id, from_field)
        if obj is not None:
            self.audit_objects(request, [obj])
        return obj

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        self.audit_objects(request, [obj])  # an added record is about its young person only once it is saved

    def get_deleted_objects(self, objs, request):
        """A delete confirmation (one object's, or a "delete selected" action's) lists by name every record the
        deletion would take with it or is protected by: a pledge's, say, lists the ledger rows about young people of
        its promises. Each record about a young person is logged. Django does not hand back the records it found, so
        they are collected again: a second set of SELECTs, on a page opened only to delete something."""
        deleted = super().get_deleted_objects(objs, request)
        collector = NestedObjects(using=router.db_for_write(self.model))
        collector.collect(objs)
        found = defaultdict(list)
        for model, records in collector.model_objs.items():
            found[model] += records
        for record in collector.protected:
            found[record._meta.model].append(record)
        for model, records in found.items():
            self.audit_objects(request, records, model)
        return deleted

    def changelist_view(self, request, extra_context=None):
        response = super().changelist_view(request, extra_context)
        context = getattr(response, "context_data", None) or {}
        if "cl" in context:
            # list() fills the page's queryset cache, which the template then reads: no second query.
            self.audit_objects(request, list(context["cl"].result_list))
        elif "queryset" in context:  # the "delete selected" action's confirmation page
            self.audit_objects(request, list(context["queryset"]))
        return response

    # The admin's own history (LogEntry: the "Recent actions" on its front page, each record's history) names the
    # record as str() does, a young person's name included, where no audit row follows it and retention never
    # reaches. Records about a young person are named by kind and number instead: "young person 12".
    def log_addition(self, request, obj, message):
        return super().log_addition(request, self.without_name(obj), message)

    def log_change(self, request, obj, message):
        return super().log_change(request, self.without_name(obj), message)

    def log_deletions(self, request, queryset):
        return super().log_deletions(request, [self.without_name(obj) for obj in queryset])

    def without_name(self, obj):
        return obj if young_person_path(self.model) is None else UnnamedRecord(obj)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        """A form shown (not a form saved: that redirects) names every young person its drop-downs offer."""
        forms = [context["adminform"].form] + [
            inline.formset.empty_form for inline in context.get("inline_admin_formsets", [])]
        for form in forms:
            for field in form.fields.values():
                if isinstance(field, ModelChoiceField) and field.queryset.model is YoungPerson:
                    audit_young_people(request, field.queryset.values_list("pk", flat=True))
        return super().render_change_form(request, context, add, change, form_url, obj)


class UnnamedRecord:
    """A record as the admin's history sees it (its model, its pk), named by kind and number, not by str()."""

    def __init__(self, record):
        self._record = record

    def __getattr__(self, name):
        return getattr(self._record, name)

    def __str__(self):
        return f"{self._record._meta.verbose_name} {self._record.pk}"
