from datetime import date

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy

from openipt import dates
from openipt.accounts.models import CLINICIAN_ROLES, Site, User

from .erasure import MADE_IN_ERROR
from .models import Client, Episode


class ClientForm(forms.ModelForm):
    date_of_birth = dates.date_field(dates.BIRTH, label=gettext_lazy("Date of birth"))

    class Meta:
        model = Client
        fields = ["given_name", "family_name", "date_of_birth", "email", "phone", "site"]
        labels = {
            "given_name": gettext_lazy("First name"),
            "family_name": gettext_lazy("Last name"),
            "date_of_birth": gettext_lazy("Date of birth"),
            "email": gettext_lazy("Email address"),
            "phone": gettext_lazy("Phone number"),
            "site": gettext_lazy("Site"),
        }
        help_texts = {
            "email": gettext_lazy("Used for the portal invitation and homework reminders."),
            "site": gettext_lazy("Where the client is seen."),
        }

    def __init__(self, *args, organisation_id, default_site=None, **kwargs):
        super().__init__(*args, **kwargs)
        # Active sites of the organisation, and the client's own even if deactivated since.
        sites = Site.objects.filter(organisation_id=organisation_id)
        self.fields["site"].queryset = sites.filter(is_active=True) | sites.filter(
            pk=self.instance.site_id
        )
        if self.instance.pk is None and default_site is not None:
            # A new client is seen where their clinician works unless another site is
            # chosen (register_client applies the same default when none is given).
            self.fields["site"].initial = default_site.pk
            self.fields["site"].required = False
        if self.instance.site_id or self.fields["site"].initial:
            self.fields["site"].empty_label = None
        else:
            self.fields["site"].empty_label = gettext_lazy("Choose a site")


class EpisodeForm(forms.ModelForm):
    opened_on = dates.date_field(dates.CARE, label=gettext_lazy("Start date"))

    class Meta:
        model = Episode
        fields = ["opened_on", "presenting_concerns"]
        labels = {
            "opened_on": gettext_lazy("Start date"),
            "presenting_concerns": gettext_lazy("Presenting concerns"),
        }
        help_texts = {
            "presenting_concerns": gettext_lazy(
                "Clinical note: visible to you and your supervisor only."
            ),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["opened_on"].initial = date.today


class InvitationForm(forms.Form):
    email = forms.EmailField(
        required=False,
        label=gettext_lazy("Send the link to this email address (optional)"),
        help_text=gettext_lazy("Leave empty to show a link on screen for handing over in person."),
    )
    language = forms.ChoiceField(
        label=gettext_lazy("The client's language"),
        required=False,
        help_text=gettext_lazy(
            "The invitation, the portal and the questionnaires are shown in it."
        ),
        initial=settings.LANGUAGE_CODE,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["language"].choices = settings.LANGUAGES


class ReassignForm(forms.Form):
    """Which of a clinician's open episodes move, and the active clinician they go to."""

    episodes = forms.TypedMultipleChoiceField(
        label=gettext_lazy("Episodes to reassign"),
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": gettext_lazy("Choose at least one episode to reassign.")},
    )
    to_clinician = forms.ModelChoiceField(
        label=gettext_lazy("Reassign to"),
        queryset=User.objects.none(),
        empty_label=gettext_lazy("Choose a clinician"),
        error_messages={"required": gettext_lazy("Choose the clinician the episodes go to.")},
    )

    def __init__(self, *args, organisation_id, leaving, episodes, **kwargs):
        super().__init__(*args, **kwargs)
        # The open episodes already read for the page: choosing among them needs no query.
        self.open_episodes = {episode.pk: episode for episode in episodes}
        self.fields["episodes"].choices = [
            (episode.pk, episode.client.reference) for episode in episodes
        ]
        field = self.fields["to_clinician"]
        field.queryset = (
            User.objects.filter(
                organisation_id=organisation_id, role__in=CLINICIAN_ROLES, is_active=True
            )
            .exclude(pk=leaving.pk)
            .select_related("site")
            .order_by("last_name", "first_name")
        )
        field.label_from_instance = _clinician_label

    def clean_episodes(self):
        return [self.open_episodes[pk] for pk in self.cleaned_data["episodes"]]


def _clinician_label(user):
    return f"{user.display_name} ({user.site.name})" if user.site else user.display_name


class MadeInErrorForm(forms.Form):
    """Removing a client or an episode registered in error: why, and a confirmation."""

    reason = forms.ChoiceField(
        label=gettext_lazy("Why it was made in error"),
        choices=list(MADE_IN_ERROR.items()),
        widget=forms.RadioSelect,
        error_messages={"required": gettext_lazy("Choose why it was made in error.")},
    )
    confirm = forms.BooleanField(
        label=gettext_lazy("I understand that what it holds is erased and cannot be brought back"),
        error_messages={"required": gettext_lazy("Tick the box to confirm that it may be erased.")},
    )
