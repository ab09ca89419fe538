"""The invitation forms (a worker's: which email address; the young person's: their new password), and allauth's
password reset form without its sign-up link."""

from allauth.account.adapter import get_adapter
from allauth.account.forms import LoginForm as AllauthLoginForm
from allauth.account.forms import ResetPasswordForm as AllauthResetPasswordForm
from allauth.mfa.base.forms import AuthenticateForm as AllauthAuthenticateForm
from allauth.mfa.base.forms import ReauthenticateForm as AllauthReauthenticateForm
from allauth.mfa.totp.forms import ActivateTOTPForm
from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Layout, Size, Submit
from django import forms
from django.core.exceptions import ValidationError

from .invitations import password_problems


class InvitationForm(forms.Form):
    email = forms.EmailField(
        label="Their email address", max_length=254,
        help_text="We will email them a link to set a password. Use an address only they read.",
        error_messages={"required": "Enter their email address",
                        "invalid": "Enter an email address in the correct format, like name@example.com"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].widget.attrs.update({"autocomplete": "off", "spellcheck": "false"})
        self.helper = FormHelper()
        self.helper.attrs = {"novalidate": ""}
        self.helper.layout = Layout(Field.text("email", label_size=Size.SMALL), Submit("submit", "Send invitation"))


class SetPasswordForm(forms.Form):
    """A new password and the same again, checked by Django's AUTH_PASSWORD_VALIDATORS against the account the
    invitation will make."""

    password1 = forms.CharField(
        label="Create a password", strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text="At least 10 characters. A few words together are easy to remember and hard to guess.",
        error_messages={"required": "Enter a password"},
    )
    password2 = forms.CharField(
        label="Type your password again", strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        error_messages={"required": "Type the same password again"},
    )

    def __init__(self, *args, invitation, **kwargs):
        super().__init__(*args, **kwargs)
        self.invitation = invitation
        self.helper = FormHelper()
        self.helper.attrs = {"novalidate": ""}
        self.helper.layout = Layout(
            Field.text("password1", label_size=Size.SMALL),
            Field.text("password2", label_size=Size.SMALL),
            Submit("submit", "Set my password"),
        )

    def clean(self):
        cleaned = super().clean()
        first, second = cleaned.get("password1"), cleaned.get("password2")
        if first and second and first != second:
            self.add_error("password2", "The passwords do not match. Type the same password twice")
        elif first:
            try:
                password_problems(first, self.invitation)
            except ValidationError as error:
                self.add_error("password1", error)
        return cleaned


class PasswordResetForm(AllauthResetPasswordForm):
    """allauth's "forgotten your password" form (settings.ACCOUNT_FORMS). An address with no account is still told
    that someone asked (the page answers the same either way), but in the portal's words: allauth's email invites
    them to sign up, and nobody signs themselves up here (there is no sign-up page to link to)."""

    def save(self, request, **kwargs) -> str:
        if self.users:
            return super().save(request, **kwargs)
        email = self.cleaned_data["email"]
        get_adapter(request).send_mail("account/email/unknown_account", email, {"request": request, "email": email})
        return email


class LoginForm(AllauthLoginForm):
    """allauth's email and password login, laid out as a GOV.UK form."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["login"].label = "Email address"
        self.fields["login"].widget.attrs.pop("placeholder", None)
        self.fields["login"].widget.attrs["autocomplete"] = "email"
        self.fields["password"].widget.attrs.pop("placeholder", None)
        self.fields["password"].widget.attrs["autocomplete"] = "current-password"
        self.fields["password"].help_text = ""
        self.helper = FormHelper()
        self.helper.form_id = "login-form"
        self.helper.attrs = {"novalidate": ""}  # our GOV.UK error summary, not the browser's pop-up
        self.helper.layout = Layout(
            Field.text("login", label_size=Size.SMALL),
            Field.text("password", label_size=Size.SMALL),
            Submit("submit", "Sign in"),
        )



def _code_field_in_plain_words(form, label: str) -> None:
    field = form.fields["code"]
    field.label = label
    field.help_text = "The 6 numbers your authenticator app shows now, or one of your recovery codes."
    field.widget.attrs.pop("placeholder", None)
    field.widget.attrs.update({"inputmode": "numeric", "autocomplete": "one-time-code", "spellcheck": "false",
                               "class": "govuk-input govuk-input--width-10"})


class ActivateTotpForm(ActivateTOTPForm):
    """Setting up the authenticator app (settings.MFA_FORMS)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _code_field_in_plain_words(self, "Code from your authenticator app")
        self.fields["code"].help_text = "The 6 numbers the app shows after you scan the QR code."


class AuthenticateForm(AllauthAuthenticateForm):
    """The second step of signing in."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _code_field_in_plain_words(self, "Code from your authenticator app")


class ReauthenticateForm(AllauthReauthenticateForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _code_field_in_plain_words(self, "Code from your authenticator app")
