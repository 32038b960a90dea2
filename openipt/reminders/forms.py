"""A client's reminder choices, and the organisation's sender and wording."""

from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext, gettext_lazy

from .kinds.base import CLIENT
from .models import LANGUAGES, Channel, MessageSettings
from .sms import normalised_number
from .wording import DEFAULTS, WORDING_FIELDS, forbidden_in


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%H:%M")


class ContactPreferenceForm(forms.Form):
    """How a client wants reminders. `client` says which addresses exist, so choosing a
    channel without one is refused next to the field, and nothing is saved."""

    channel = forms.ChoiceField(
        label=gettext_lazy("How should we remind you?"),
        choices=Channel.choices,
        widget=forms.RadioSelect,
    )
    quiet_from = forms.TimeField(
        label=gettext_lazy("Quiet hours from"),
        required=False,
        widget=TimeInput,
        help_text=gettext_lazy(
            "No message is sent in your quiet hours. Leave both empty for none."
        ),
        error_messages={"invalid": gettext_lazy("Enter a time such as 21:00.")},
    )
    quiet_until = forms.TimeField(
        label=gettext_lazy("Quiet hours until"),
        required=False,
        widget=TimeInput,
        error_messages={"invalid": gettext_lazy("Enter a time such as 08:00.")},
    )
    language = forms.ChoiceField(
        label=gettext_lazy("Language for messages"),
        choices=LANGUAGES,
        # Since issue 16 messages are written in this language when the client's account
        # has none of its own (reminders.queries.language_of).
        help_text=gettext_lazy(
            "Messages are written in this language unless the portal account has its own."
        ),
    )

    def __init__(self, *args, client, **kwargs):
        super().__init__(*args, **kwargs)
        self.client = client

    def clean_channel(self):
        channel = self.cleaned_data["channel"]
        if channel == Channel.SMS and not normalised_number(self.client.phone):
            raise forms.ValidationError(
                gettext_lazy(
                    "We have no mobile number for you. Ask your clinician to add it, or choose "
                    "e-mail."
                )
            )
        if channel == Channel.EMAIL and not self.client.email:
            raise forms.ValidationError(
                gettext_lazy(
                    "We have no e-mail address for you. Ask your clinician to add it, "
                    "or choose text messages."
                )
            )
        return channel

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("quiet_from"), cleaned.get("quiet_until")
        if (start is None) != (end is None) and not self.errors.get("quiet_from"):
            missing = "quiet_until" if end is None else "quiet_from"
            self.add_error(missing, gettext_lazy("Give both times, or leave both empty."))
        elif start is not None and start == end:
            self.add_error("quiet_until", gettext_lazy("The end must differ from the start."))
        return cleaned


HOURS = [(hour, f"{hour:02d}:00") for hour in range(24)]
# The labels of an organisation's own wording of a kind of reminder ({kind}: its label).
WORDING_LABELS = {
    "subject": gettext_lazy("{kind}: subject"),
    "opening": gettext_lazy("{kind}: first sentence"),
}


class MessageSettingsForm(forms.ModelForm):
    """The organisation's sender, timing and wording. Every wording is checked against
    the words no message may hold (reminders.wording)."""

    class Meta:
        model = MessageSettings
        fields = [
            "sender_name",
            "sms_sender",
            "session_lead_hours",
            "things_due_lead_hours",
            "day_reminder_hour",
            "diary_hour",
            "digest_hour",
        ]
        labels = {
            "sender_name": gettext_lazy("Sender name"),
            "sms_sender": gettext_lazy("SMS sender (up to 11 letters or digits)"),
            "session_lead_hours": gettext_lazy("Appointment reminder: hours before"),
            "things_due_lead_hours": gettext_lazy(
                "Things to fill in: hours before the appointment"
            ),
            "day_reminder_hour": gettext_lazy(
                "Homework and follow-up reminders: hour, the day before"
            ),
            "diary_hour": gettext_lazy("Daily page prompt: hour"),
            "digest_hour": gettext_lazy("Staff daily digest: hour"),
        }
        help_texts = {
            "sender_name": gettext_lazy(
                "What clients see as the sender. Keep it neutral, e.g. 'Appointments'."
            ),
        }
        widgets = {
            "day_reminder_hour": forms.Select(choices=HOURS),
            "diary_hour": forms.Select(choices=HOURS),
            "digest_hour": forms.Select(choices=HOURS),
        }

    def __init__(self, *args, kinds, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["session_lead_hours"].min_value = 1
        self.fields["session_lead_hours"].widget.attrs.update(min=1, max=168)
        self.wording_kinds = [kind for kind in kinds if kind.audience == CLIENT]
        stored = self.instance.wording or {}
        for kind in self.wording_kinds:
            for part in WORDING_FIELDS:
                name = f"{kind.code}_{part}"
                self.fields[name] = forms.CharField(
                    label=format_lazy(WORDING_LABELS[part], kind=kind.label),
                    max_length=78 if part == "subject" else 200,
                    required=False,
                    initial=stored.get(kind.code, {}).get(part, ""),
                    help_text=format_lazy(
                        gettext_lazy("Empty for the default: “{default}”"),
                        default=gettext_lazy(DEFAULTS[kind.code][part]),
                    ),
                )

    def clean(self):
        cleaned = super().clean()
        for name in ("sender_name", "sms_sender", *self._wording_names()):
            found = forbidden_in(cleaned.get(name) or "")
            if found:
                words = ", ".join(f"\u201c{word}\u201d" for word in found)
                self.add_error(
                    name,
                    gettext("A message may be read by someone else: leave out %(words)s.")
                    % {"words": words},
                )
        sender = cleaned.get("sms_sender") or ""
        if sender and not sender.replace(" ", "").isalnum():
            self.add_error("sms_sender", gettext_lazy("Use letters, digits and spaces only."))
        for name in ("session_lead_hours", "things_due_lead_hours"):
            if (cleaned.get(name) or 0) > 168:
                self.add_error(name, gettext_lazy("At most 168 hours (a week)."))
        return cleaned

    def _wording_names(self):
        return [f"{kind.code}_{part}" for kind in self.wording_kinds for part in WORDING_FIELDS]

    def values(self):
        """What to save: the model fields and the wording as one mapping."""
        values = {name: self.cleaned_data[name] for name in self.Meta.fields}
        values["wording"] = {
            kind.code: {
                part: self.cleaned_data[f"{kind.code}_{part}"].strip()
                for part in WORDING_FIELDS
                if self.cleaned_data[f"{kind.code}_{part}"].strip()
            }
            for kind in self.wording_kinds
        }
        values["wording"] = {code: parts for code, parts in values["wording"].items() if parts}
        return values
