"""The intake screen: history and diagnosis, exclusions and cautions, fit questions and
motivation, and the referrals it may record."""

import re
from datetime import date

from django import forms
from django.utils.translation import gettext_lazy as _

from openipt import dates

from ..models import (
    Caution,
    Exclusion,
    FitQuestion,
    Motivation,
    ReferralKind,
)
from .fields import yes_no_field


class IntakeForm(forms.Form):
    """The screen itself. Its PHQ-9 is asked item by item on the same page by the measures
    app's form (measures.forms.AskedAtMeetingForm) and recorded as an administration."""

    screened_on = dates.date_field(
        dates.PAST_CARE,
        too_late=_("The date of the screen cannot be in the future."),
        label=_("Date of the screen"),
    )
    symptoms = forms.CharField(
        label=_("Current symptoms"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What the client describes now, in a few lines."),
    )
    suicidal_crisis = yes_no_field(Exclusion.SUICIDAL_CRISIS.label)
    psychosis = yes_no_field(Exclusion.PSYCHOSIS.label)
    mania = yes_no_field(Exclusion.MANIA.label)
    severe_dissociation = yes_no_field(Exclusion.SEVERE_DISSOCIATION.label)
    cautions = forms.MultipleChoiceField(
        label=_("Is any of these present? (IPT may still be offered)"),
        choices=Caution.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    caution_plan = forms.CharField(
        label=_("How the course will take it into account"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "For example: agreed with the client's substance misuse worker that "
            "sessions go ahead while they stay sober. Or record a referral below."
        ),
    )
    previous_treatment = forms.CharField(
        label=_("Previous treatment for mental health (optional)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Therapies and when; what helped."),
    )
    medication = forms.CharField(
        label=_("Current medication and dose (optional)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    prescriber = forms.CharField(
        label=_("Prescriber (optional)"),
        required=False,
        max_length=200,
        help_text=_("Who prescribes it: a GP, a psychiatrist."),
    )
    hospitalisations = forms.CharField(
        label=_("Hospital stays for mental health (optional)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    diagnosis = forms.CharField(
        label=_("Current diagnosis (optional)"),
        required=False,
        max_length=300,
        help_text=_("For example: major depressive episode, moderate."),
    )
    diagnosis_code = forms.CharField(
        label=_("Diagnosis code (optional)"),
        required=False,
        max_length=20,
        help_text=_("ICD-10, ICD-11 or DSM-5, as your service writes it: F32.1, 6A70.1, 296.22."),
    )
    motivation = forms.ChoiceField(
        label=_("The client's motivation for IPT"),
        choices=Motivation.choices,
        required=False,
        widget=forms.RadioSelect,
    )
    fit_answers = forms.MultipleChoiceField(
        label=_("Which of these apply to the client?"),
        choices=FitQuestion.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    notes = forms.CharField(
        label=_("Notes (optional)"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    referred_to = forms.CharField(
        label=_("Referred to"),
        required=False,
        max_length=200,
        help_text=_("The service or person the client is referred to."),
    )
    referral_reason = forms.CharField(
        label=_("Reason for the referral"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    referred_on = dates.date_field(
        dates.PAST_CARE,
        too_late=_("The date of the referral cannot be in the future."),
        label=_("Date of the referral"),
        required=False,
    )
    medication_review_to = forms.CharField(
        label=_("Refer for a medication review to (optional)"),
        required=False,
        max_length=200,
        help_text=_("Fill this in to record a referral for a medication review alongside IPT."),
    )

    EXCLUSION_FIELDS = tuple(choice.value for choice in Exclusion)
    REFERRAL_FIELDS = ("referred_to", "referral_reason", "referred_on")
    HISTORY_FIELDS = ("previous_treatment", "medication", "prescriber", "hospitalisations")
    DIAGNOSIS_FIELDS = ("diagnosis", "diagnosis_code")
    # A letter or digit, then letters, digits and dots: F32.1, 6A70.1, 296.22, F33.
    CODE_PATTERN = re.compile(r"^[A-Z0-9][A-Z0-9.]{1,9}$")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["screened_on"].initial = date.today

    def clean_diagnosis_code(self):
        code = self.cleaned_data["diagnosis_code"].strip().upper()
        if code and not self.CODE_PATTERN.match(code):
            raise forms.ValidationError(
                _("Write the code as letters, digits and dots, for example F32.1 or 6A70.1.")
            )
        return code

    def clean(self):
        data = super().clean()
        referral_begun = any(data.get(name) for name in self.REFERRAL_FIELDS)
        if self._found_exclusion(data):
            self._require_referral(
                data, _("An exclusion was found, so record the referral: to whom, why and when.")
            )
        elif data.get("cautions") and referral_begun:
            self._require_referral(
                data, _("Record the whole referral for the caution: to whom, why and when.")
            )
        elif data.get("cautions") and not data.get("caution_plan", "").strip():
            self.add_error(
                "caution_plan",
                _(
                    "A caution was ticked: say how the course will take it into account, "
                    "or record a referral below."
                ),
            )
        return data

    def _found_exclusion(self, data):
        return any(data.get(name) for name in self.EXCLUSION_FIELDS)

    def _require_referral(self, data, message):
        for name in self.REFERRAL_FIELDS:
            if not data.get(name) and name not in self.errors:
                self.add_error(name, message)

    def exclusion_fields(self):
        return [self[name] for name in self.EXCLUSION_FIELDS]

    def referral_fields(self):
        return [self[name] for name in self.REFERRAL_FIELDS]

    def history_fields(self):
        return [self[name] for name in self.HISTORY_FIELDS + self.DIAGNOSIS_FIELDS]

    def screen_data(self):
        data = self.cleaned_data
        fields = (
            ("screened_on", "symptoms", "fit_answers", "notes", "cautions", "caution_plan")
            + ("motivation",)
            + self.HISTORY_FIELDS
            + self.DIAGNOSIS_FIELDS
        )
        return {name: data[name] for name in fields + self.EXCLUSION_FIELDS}

    def referral_data(self):
        """The referral elsewhere: instead of IPT for an exclusion, or for a caution when one
        was written in; None when there is none."""
        data = self.cleaned_data
        if self._found_exclusion(data):
            kind = ReferralKind.INSTEAD
        elif data["cautions"] and data["referred_to"]:
            kind = ReferralKind.CAUTION
        else:
            return None
        return {
            "kind": kind,
            "referred_to": data["referred_to"],
            "reason": data["referral_reason"],
            "referred_on": data["referred_on"],
        }

    def medication_review_data(self):
        """A referral for a medication review alongside IPT, or None."""
        to = self.cleaned_data["medication_review_to"].strip()
        if not to:
            return None
        return {
            "kind": ReferralKind.MEDICATION_REVIEW,
            "referred_to": to,
            "reason": "Medication review",
            "referred_on": self.cleaned_data["screened_on"],
        }
