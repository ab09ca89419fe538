"""The worktray's search, filter and sort: a GET form, so a filtered worktray can be bookmarked and works without
JavaScript. A value that is not one of the choices (an old bookmark, a hand-edited address) is a form error shown
in a GOV.UK error summary; the rest of the filters still apply."""
from django import forms

from casework.models import LegalStatus

from .service import Sort, WorktrayFilters

HAS_CHOICES = [("overdue", "Something overdue"), ("callback", "Waiting for a call-back"),
               ("worry", "A worry waiting for an answer")]


class WorktrayFilterForm(forms.Form):
    q = forms.CharField(label="Search by name or child id", required=False, max_length=100, strip=True)
    status = forms.MultipleChoiceField(label="Legal status", required=False, choices=LegalStatus.choices,
                                       widget=forms.CheckboxSelectMultiple)
    has = forms.MultipleChoiceField(label="Needs attention", required=False, choices=HAS_CHOICES,
                                    widget=forms.CheckboxSelectMultiple)
    team = forms.TypedChoiceField(label="Team", required=False, coerce=int, empty_value=None)
    worker = forms.TypedChoiceField(label="Worker", required=False, coerce=int, empty_value=None)
    sort = forms.ChoiceField(label="Sort by", required=False, choices=Sort.CHOICES)

    def __init__(self, data, *, teams, workers):
        super().__init__(data)
        self.fields["team"].choices = [("", "Any team"), *teams]
        self.fields["worker"].choices = [("", "Anyone"), *workers]
        if not teams:
            del self.fields["team"]
        if not workers:
            del self.fields["worker"]

    def filters(self) -> WorktrayFilters:
        """The valid part of what was asked (call after is_valid())."""
        data = self.cleaned_data
        has = set(data.get("has") or [])
        return WorktrayFilters(
            search=data.get("q") or "",
            legal_statuses=tuple(data.get("status") or ()),
            has_overdue="overdue" in has, has_callback="callback" in has, has_worry="worry" in has,
            team_id=data.get("team"), worker_id=data.get("worker"),
            sort=data.get("sort") or Sort.URGENT,
        )

    def chosen(self) -> list[str]:
        """The active filters in words, for the "Selected filters" list."""
        data, words = self.cleaned_data, []
        if data.get("q"):
            words.append(f"Search: {data['q']}")
        statuses = dict(LegalStatus.choices)
        words += [statuses[value] for value in data.get("status") or []]
        has = dict(HAS_CHOICES)
        words += [has[value] for value in data.get("has") or []]
        for name in ("team", "worker"):
            if data.get(name) is not None:
                words.append(dict(self.fields[name].choices)[data[name]])
        return words
