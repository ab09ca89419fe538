"""Forms for casework records, rendered with crispy-forms-gds (GOV.UK Design System)."""
from allauth.account.forms import LoginForm as AllauthLoginForm
from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Layout, Size, Submit


class LoginForm(AllauthLoginForm):
    """allauth's email and password login, laid out as a GOV.UK form."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["login"].label = "Email address"
        self.fields["login"].widget.attrs.pop("placeholder", None)
        self.fields["login"].widget.attrs["autocomplete"] = "email"
        self.fields["password"].widget.attrs.pop("placeholder", None)
        self.fields["password"].widget.attrs["autocomplete"] = "current-password"
        self.fields["remember"].label = "Keep me signed in on this device"
        self.fields["password"].help_text = ""
        self.helper = FormHelper()
        self.helper.form_id = "login-form"
        self.helper.attrs = {"novalidate": ""}  # our GOV.UK error summary, not the browser's pop-up
        self.helper.layout = Layout(
            Field.text("login", label_size=Size.SMALL),
            Field.text("password", label_size=Size.SMALL),
            Field.checkbox("remember", small=True),
            Submit("submit", "Sign in"),
        )
