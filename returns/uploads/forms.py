"""The forms of the import and export pages."""
from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Layout, Size, Submit
from django import forms

from .jobs import IMPORT_MAX_BYTES
from .models import ImportKind


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    widget = MultipleFileInput

    def clean(self, data, initial=None):
        files = data if isinstance(data, (list, tuple)) else [data] if data else []
        if not files:
            raise forms.ValidationError(self.error_messages["required"], code="required")
        return [super(MultipleFileField, self).clean(file, initial) for file in files]


class ImportStartForm(forms.Form):
    kind = forms.ChoiceField(
        label="What are you importing?", choices=ImportKind.choices, widget=forms.RadioSelect,
        error_messages={"required": "Choose what you are importing", "invalid_choice": "Choose what you are importing"})
    files = MultipleFileField(
        label="Upload the files",
        help_text="The SSDA903 return's CSV files (header.csv, episodes.csv, reviews.csv and any others) or its XML "
                  "file; for Annex A, list 8 and list 9 as CSV or XLSX. You can choose more than one file.",
        error_messages={"required": "Choose the files to import", "empty": "The file you chose is empty",
                        "invalid": "Choose the files to import"})

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.attrs = {"novalidate": "", "enctype": "multipart/form-data"}
        self.helper.layout = Layout(Field.radios("kind", legend_size=Size.MEDIUM), Field("files"),
                                    Submit("submit", "Check the files"))

    def clean_files(self):
        files = self.cleaned_data["files"]
        if sum(file.size for file in files) > IMPORT_MAX_BYTES:
            raise forms.ValidationError(
                f"The files must be smaller than {IMPORT_MAX_BYTES // (1024 * 1024)} MB together. Upload fewer "
                "files at a time")
        return files
