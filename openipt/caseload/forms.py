from datetime import date

from django import forms

from .models import Client, Episode


class DateInput(forms.DateInput):
    """A browser date picker; it only accepts ISO dates, whatever the site's locale."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class ClientForm(forms.ModelForm):
    class Meta:
        model = Client
        fields = ["given_name", "family_name", "date_of_birth", "email", "phone"]
        labels = {
            "given_name": "First name",
            "family_name": "Last name",
            "date_of_birth": "Date of birth",
            "email": "Email address",
            "phone": "Phone number",
        }
        help_texts = {
            "email": "Used for the portal invitation and homework reminders.",
        }
        widgets = {"date_of_birth": DateInput()}

    def clean_date_of_birth(self):
        born = self.cleaned_data["date_of_birth"]
        today = date.today()
        if born > today:
            raise forms.ValidationError("The date of birth cannot be in the future.")
        if born.year < today.year - 120:
            raise forms.ValidationError("Please check the year: that is more than 120 years ago.")
        return born


class EpisodeForm(forms.ModelForm):
    class Meta:
        model = Episode
        fields = ["opened_on", "presenting_concerns"]
        labels = {
            "opened_on": "Start date",
            "presenting_concerns": "Presenting concerns",
        }
        help_texts = {
            "presenting_concerns": "Clinical note: visible to you and your supervisor only.",
        }
        widgets = {"opened_on": DateInput()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["opened_on"].initial = date.today


class InvitationForm(forms.Form):
    email = forms.EmailField(
        required=False,
        label="Send the link to this email address (optional)",
        help_text="Leave empty to show a link on screen for handing over in person.",
    )
