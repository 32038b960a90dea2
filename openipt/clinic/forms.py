"""Filters of the staff list pages that draw on several apps (the caseload's)."""

from django import forms

from openipt.protocol.models import Stage
from openipt.protocol.queries import NOT_STARTED


class CaseloadFilterForm(forms.Form):
    """Search and narrow the caseload; an invalid choice (a stale link) is ignored."""

    q = forms.CharField(label="Reference or name", required=False, max_length=100)
    stage = forms.ChoiceField(
        label="Course",
        required=False,
        choices=[("", "Any"), (NOT_STARTED, "Not started"), *Stage.choices],
    )
    due = forms.BooleanField(label="Measures due", required=False)
    flagged = forms.BooleanField(label="Open safety flag", required=False)

    def chosen(self) -> dict:
        if not self.is_bound:
            return {}
        self.is_valid()  # keeps the valid fields in cleaned_data, drops the others
        return {name: value for name, value in self.cleaned_data.items() if value}

    def kept(self) -> dict:
        """The valid choices as query parameters, for the page links."""
        return {name: ("1" if value is True else value) for name, value in self.chosen().items()}
