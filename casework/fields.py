"""Model fields of the portal's own."""
from django.core.exceptions import ValidationError
from django.db import models


class LowercaseEmailField(models.EmailField):
    """An email address kept whole in lower case: saved, cleaned (forms, full_clean) and looked up.

    The part before the @ may in theory be case-sensitive, but no council's or young person's mailbox is, and
    allauth looks people up by the lower-cased address: an invitation to Ellie.Ward@... stored as typed left her
    an account she could never sign in to. Lower case everywhere means one address is one account."""

    def to_python(self, value):
        value = super().to_python(value)
        return value.lower() if isinstance(value, str) else value

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        return value.lower() if isinstance(value, str) else value

    def pre_save(self, model_instance, add):
        value = getattr(model_instance, self.attname)
        if isinstance(value, str):
            setattr(model_instance, self.attname, value.lower())  # the saved object says what the row holds
        return super().pre_save(model_instance, add)


def validate_31_march(day) -> None:
    """The SSDA903 return's year ends on 31 March: a yearly outcome (OC2, OC3) is kept under that day."""
    if day is not None and (day.month, day.day) != (3, 31):
        raise ValidationError("The year must end on 31 March.")


class YearEndingField(models.DateField):
    """The 31 March a yearly SSDA903 outcome belongs to (2026-03-31 for the year 2025-26)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("verbose_name", "year ending 31 March")
        kwargs.setdefault("validators", [validate_31_march])
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs.pop("validators", None)
        return name, path, args, kwargs
