"""Filters of the staff list pages that draw on several apps (the caseload's), and a
clinician's training record (its modality is the protocol app's)."""

from django import forms
from django.utils.translation import gettext_lazy, pgettext_lazy

from openipt import dates
from openipt.accounts.models import Role, User
from openipt.protocol import modalities
from openipt.protocol.models import Stage
from openipt.protocol.queries import NOT_STARTED


class CaseloadFilterForm(forms.Form):
    """Search and narrow the caseload; an invalid choice (a stale link) is ignored."""

    q = forms.CharField(label=gettext_lazy("Reference or name"), required=False, max_length=100)
    stage = forms.ChoiceField(
        label=gettext_lazy("Course"),
        required=False,
        choices=[
            ("", pgettext_lazy("any course stage", "Any")),
            (NOT_STARTED, gettext_lazy("Not started")),
            *Stage.choices,
        ],
    )
    due = forms.BooleanField(label=gettext_lazy("Measures due"), required=False)
    flagged = forms.BooleanField(label=gettext_lazy("Open safety flag"), required=False)

    def chosen(self) -> dict:
        if not self.is_bound:
            return {}
        self.is_valid()  # keeps the valid fields in cleaned_data, drops the others
        return {name: value for name, value in self.cleaned_data.items() if value}

    def kept(self) -> dict:
        """The valid choices as query parameters, for the page links."""
        return {name: ("1" if value is True else value) for name, value in self.chosen().items()}


class TrainingRecordForm(forms.Form):
    """One IPT training or certification of a clinician (accounts.TrainingRecord). The
    sign-off rules are checked by accounts.actions.add_training_record."""

    training_name = forms.CharField(
        label=gettext_lazy("Training or certification"),
        max_length=200,
        help_text=gettext_lazy("For example the course and who ran it."),
    )
    modality = forms.ChoiceField(
        label=gettext_lazy("Modality it covers"), choices=modalities.choices
    )
    completed_on = dates.date_field(
        dates.LIFE_HISTORY,
        label=gettext_lazy("Completed on"),
        too_late=gettext_lazy("The training date cannot be in the future."),
    )
    certified = forms.BooleanField(label=gettext_lazy("Certified in this modality"), required=False)
    signed_off_by = forms.ModelChoiceField(
        label=gettext_lazy("Signed off by (supervisor)"),
        queryset=User.objects.none(),
        required=False,
        empty_label=gettext_lazy("Not signed off"),
    )
    signed_off_on = dates.date_field(
        dates.LIFE_HISTORY,
        label=gettext_lazy("Signed off on"),
        required=False,
        too_late=gettext_lazy("The sign-off date cannot be in the future."),
    )

    def __init__(self, *args, organisation_id=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["signed_off_by"].queryset = User.objects.filter(
            organisation_id=organisation_id, role=Role.SUPERVISOR, is_active=True
        ).order_by("last_name", "first_name", "pk")
        self.fields["signed_off_by"].label_from_instance = lambda user: user.display_name
