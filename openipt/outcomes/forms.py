"""The outcome dashboard's filters: a period and what to narrow the figures to. Offered
from the person's own organisation (and, for a supervisor, their own team), so a filter
can only narrow what they may see anyway. An unknown choice is shown next to its field
and left out; the figures are then counted without it."""

from django import forms
from django.utils.translation import gettext_lazy

from openipt.accounts.models import Role
from openipt.formulation.models import Area
from openipt.protocol import modalities

from . import periods
from .queries import Choices, clinicians_for, sites_of, supervisors_of


class OutcomeFilterForm(forms.Form):
    period = forms.ChoiceField(label=gettext_lazy("Period"), required=False)
    site = forms.ModelChoiceField(
        label=gettext_lazy("Site"),
        queryset=None,
        required=False,
        empty_label=gettext_lazy("All sites"),
    )
    team = forms.ModelChoiceField(
        label=gettext_lazy("Team (supervisor)"),
        queryset=None,
        required=False,
        empty_label=gettext_lazy("All teams"),
    )
    clinician = forms.ModelChoiceField(
        label=gettext_lazy("Clinician"),
        queryset=None,
        required=False,
        empty_label=gettext_lazy("All clinicians"),
    )
    modality = forms.ChoiceField(label=gettext_lazy("Modality"), required=False)
    problem_area = forms.ChoiceField(label=gettext_lazy("Problem area"), required=False)
    group = forms.ModelChoiceField(
        label=gettext_lazy("Group"),
        queryset=None,
        required=False,
        empty_label=gettext_lazy("All groups and courses"),
    )

    def __init__(self, data, *, user, today, groups, **kwargs):
        """`groups`: the groups the person may narrow to (groups.queries.groups_for_outcomes,
        given by the page so that this app does not import the groups app)."""
        super().__init__(data, **kwargs)
        self.default_period = periods.default(today)
        self.fields["period"].choices = [
            (period.key, period.label) for period in periods.offered(today)
        ]
        self.fields["period"].initial = self.default_period.key
        self.fields["site"].queryset = sites_of(user.organisation_id)
        self.fields["clinician"].queryset = clinicians_for(user)
        self.fields["clinician"].label_from_instance = lambda member: member.display_name
        if user.role != Role.SUPERVISOR:
            self.fields["team"].queryset = supervisors_of(user.organisation_id)
            self.fields["team"].label_from_instance = lambda member: member.display_name
        else:
            del self.fields["team"]  # a supervisor's figures are their own team's
        self.fields["modality"].choices = [
            ("", gettext_lazy("All modalities")),
            *modalities.choices(),
        ]
        self.fields["problem_area"].choices = [
            ("", gettext_lazy("All problem areas")),
            *Area.choices,
        ]
        self.fields["group"].queryset = groups
        self.fields["group"].label_from_instance = lambda group: f"{group.name} ({group.pk})"

    def chosen(self):
        """What to count: the valid choices, the last whole quarter when no period is given."""
        valid = {}
        if self.is_bound:
            self.is_valid()  # errors go beside their fields; the valid choices still count
            valid = self.cleaned_data
        period = periods.parse(valid.get("period")) or self.default_period
        return Choices(
            period=period,
            site=valid.get("site"),
            team=valid.get("team"),
            clinician=valid.get("clinician"),
            modality=valid.get("modality") or "",
            problem_area=valid.get("problem_area") or "",
            group=valid.get("group"),
        )
