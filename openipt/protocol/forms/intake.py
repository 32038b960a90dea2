"""The intake screen: exclusions, fit questions and the referral it may record."""

from datetime import date

from django import forms

from openipt import dates

from ..models import (
    Exclusion,
    FitQuestion,
)
from .fields import yes_no_field


class IntakeForm(forms.Form):
    """The screen itself. Its PHQ-9 is asked item by item on the same page by the measures
    app's form (measures.forms.AskedAtMeetingForm) and recorded as an administration."""

    screened_on = dates.date_field(
        dates.PAST_CARE,
        too_late="The date of the screen cannot be in the future.",
        label="Date of the screen",
    )
    symptoms = forms.CharField(
        label="Current symptoms",
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="What the client describes now, in a few lines.",
    )
    suicidal_crisis = yes_no_field(Exclusion.SUICIDAL_CRISIS.label)
    psychosis = yes_no_field(Exclusion.PSYCHOSIS.label)
    mania = yes_no_field(Exclusion.MANIA.label)
    severe_dissociation = yes_no_field(Exclusion.SEVERE_DISSOCIATION.label)
    fit_answers = forms.MultipleChoiceField(
        label="Which of these apply to the client?",
        choices=FitQuestion.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    notes = forms.CharField(
        label="Notes (optional)", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    referred_to = forms.CharField(
        label="Referred to",
        required=False,
        max_length=200,
        help_text="The service or person the client is referred to.",
    )
    referral_reason = forms.CharField(
        label="Reason for the referral", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    referred_on = dates.date_field(
        dates.PAST_CARE,
        too_late="The date of the referral cannot be in the future.",
        label="Date of the referral",
        required=False,
    )

    EXCLUSION_FIELDS = tuple(choice.value for choice in Exclusion)
    REFERRAL_FIELDS = ("referred_to", "referral_reason", "referred_on")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["screened_on"].initial = date.today

    def clean(self):
        data = super().clean()
        if any(data.get(name) for name in self.EXCLUSION_FIELDS):
            for name in self.REFERRAL_FIELDS:
                if not data.get(name) and name not in self.errors:
                    self.add_error(
                        name,
                        "An exclusion was found, so record the referral: to whom, why and when.",
                    )
        return data

    def exclusion_fields(self):
        return [self[name] for name in self.EXCLUSION_FIELDS]

    def referral_fields(self):
        return [self[name] for name in self.REFERRAL_FIELDS]

    def screen_data(self):
        data = self.cleaned_data
        fields = ("screened_on", "symptoms", "fit_answers", "notes")
        return {name: data[name] for name in fields + self.EXCLUSION_FIELDS}

    def referral_data(self):
        data = self.cleaned_data
        if not any(data.get(name) for name in self.EXCLUSION_FIELDS):
            return None
        return {
            "referred_to": data["referred_to"],
            "reason": data["referral_reason"],
            "referred_on": data["referred_on"],
        }
