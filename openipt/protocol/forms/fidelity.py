"""The supervisor's choices on the team fidelity page: whose courses, which modality, which
site, under way or ended, and in what order. A choice that no longer exists (a stale
link) is ignored, so the page still shows the whole team."""

from dataclasses import dataclass

from django import forms
from django.utils.translation import gettext_lazy as _

from openipt.accounts.models import Site

from .. import modalities
from ..queries import ENDED, FIDELITY_ORDERS, UNDER_WAY


@dataclass(frozen=True)
class Chosen:
    filters: dict
    order: str


class TeamFidelityForm(forms.Form):
    clinician = forms.TypedChoiceField(
        label=_("Clinician"), required=False, coerce=int, empty_value=None
    )
    modality = forms.ChoiceField(label=_("Modality"), required=False)
    site = forms.ModelChoiceField(
        label=_("Site"), queryset=Site.objects.none(), required=False, empty_label=_("All sites")
    )
    status = forms.ChoiceField(
        label=_("Courses"),
        required=False,
        choices=[
            ("", _("Under way and ended")),
            (UNDER_WAY, _("Under way")),
            (ENDED, _("Ended")),
        ],
    )
    order = forms.ChoiceField(
        label=_("Order"),
        required=False,
        choices=[(key, label) for key, (label, _ordering) in FIDELITY_ORDERS.items()],
    )

    def __init__(self, *args, clinicians, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.clinicians = {member.pk: member for member in clinicians}
        self.fields["clinician"].choices = [("", _("Everyone in my team"))] + [
            (member.pk, member.display_name) for member in clinicians
        ]
        self.fields["modality"].choices = [("", _("All modalities")), *modalities.choices()]
        self.fields["site"].queryset = Site.objects.filter(organisation=organisation)

    def chosen(self) -> Chosen:
        """The valid choices (each invalid one is dropped, not the whole form)."""
        data = {}
        if self.is_bound:
            self.is_valid()  # keeps the valid fields in cleaned_data, drops the others
            data = self.cleaned_data
        clinician = data.get("clinician")
        filters = {
            "clinician": self.clinicians.get(clinician),
            "modality": data.get("modality") or "",
            "site": data.get("site"),
            "status": data.get("status") or "",
        }
        return Chosen(filters, data.get("order") or "score")

    def kept(self) -> dict:
        """The choices as query parameters, for the page links."""
        if not self.is_bound:
            return {}
        return {
            name: value
            for name, value in self.data.items()
            if name in self.fields and name not in self.errors and value
        }
