from django import forms

from .self_assessment import ANSWERS, QUESTIONS


class SelfAssessmentForm(forms.Form):
    """One optional yes / not sure / no question per fit question."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for question in QUESTIONS:
            self.fields[question.key] = forms.ChoiceField(
                label=question.text,
                choices=ANSWERS,
                widget=forms.RadioSelect,
                required=False,
            )
