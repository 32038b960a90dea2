from django import forms
from django.conf import settings
from django.contrib.auth import password_validation
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy

from . import staff as rules
from .models import SAFETY_LEAD_ROLES, STAFF_ROLES, DeletionOutcome, Organisation, Role, Site, User


class ChooseCredentialsForm(forms.Form):
    """A username and password chosen through a one-time invitation link."""

    username = forms.CharField(
        max_length=150,
        label=gettext_lazy("Username"),
        help_text=gettext_lazy("Letters, digits and @ . + - _ only. You will sign in with it."),
        widget=forms.TextInput(attrs={"autocomplete": "username"}),
    )
    password1 = forms.CharField(
        label=gettext_lazy("Password"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=gettext_lazy("At least 10 characters; not a common password."),
    )
    password2 = forms.CharField(
        label=gettext_lazy("Password again"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, *args, first_name, last_name, email, **kwargs):
        super().__init__(*args, **kwargs)
        # The person's own names and address: a password made of them is refused.
        self.holder = User(first_name=first_name, last_name=last_name, email=email)

    def clean_username(self):
        username = self.cleaned_data["username"]
        User.username_validator(username)
        if User.objects.filter(username__iexact=username).exists():
            raise forms.ValidationError(rules.USERNAME_TAKEN)
        return username

    def clean(self):
        cleaned = super().clean()
        first, second = cleaned.get("password1"), cleaned.get("password2")
        if first and second and first != second:
            self.add_error("password2", gettext_lazy("The two passwords are different."))
        elif first:
            self.holder.username = cleaned.get("username", "")
            try:
                password_validation.validate_password(first, self.holder)
            except forms.ValidationError as problem:
                self.add_error("password1", problem)
        return cleaned


class AcceptInvitationForm(ChooseCredentialsForm):
    """A client's portal account, from their clinician's invitation."""

    def __init__(self, *args, client, **kwargs):
        super().__init__(
            *args,
            first_name=client.given_name,
            last_name=client.family_name,
            email=client.email,
            **kwargs,
        )


class AcceptStaffInvitationForm(ChooseCredentialsForm):
    """A new staff member's account, from the organisation admin's invitation."""

    def __init__(self, *args, invitation, **kwargs):
        super().__init__(
            *args,
            first_name=invitation.first_name,
            last_name=invitation.last_name,
            email=invitation.email,
            **kwargs,
        )


class TokenForm(forms.Form):
    token = forms.CharField(
        label=gettext_lazy("Code"),
        max_length=16,
        help_text=gettext_lazy(
            "The 6-digit code from your authenticator app, or one of your recovery codes."
        ),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )

    def clean_token(self):
        return self.cleaned_data["token"].replace(" ", "").strip()


class StaffChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, user):
        return f"{user.display_name} ({user.get_role_display().lower()})"


class OrganisationPolicyForm(forms.ModelForm):
    class Meta:
        model = Organisation
        fields = [
            "safety_lead",
            "allow_phq9_proration",
            "step_up_phq9_threshold",
            "cosign_counsellor_notes",
            "risk_acknowledgement_working_days",
            "group_dropout_missed_in_a_row",
            "non_death_losses_as_grief",
            "crisis_phone_numbers",
            "crisis_text_lines",
            "crisis_what_to_do",
        ]
        field_classes = {"safety_lead": StaffChoiceField}
        labels = {
            "safety_lead": gettext_lazy("Safety lead"),
            "allow_phq9_proration": gettext_lazy("Allow PHQ-9 proration (at most 2 missing items)"),
            "step_up_phq9_threshold": gettext_lazy("Counsellor step-up: PHQ-9 total at or above"),
            "cosign_counsellor_notes": gettext_lazy(
                "Counsellors' progress notes need a supervisor's co-signature"
            ),
            "risk_acknowledgement_working_days": gettext_lazy(
                "Working days to acknowledge a risk flag before the supervisor is told"
            ),
            "group_dropout_missed_in_a_row": gettext_lazy(
                "Groups: follow up a member who has missed this many sessions in a row"
            ),
            "non_death_losses_as_grief": gettext_lazy(
                "Count a break-up, divorce or loss of health or home as grief (otherwise "
                "they are role transitions)"
            ),
            "crisis_phone_numbers": gettext_lazy("Crisis phone numbers"),
            "crisis_text_lines": gettext_lazy("Crisis text lines"),
            "crisis_what_to_do": gettext_lazy("What to do now"),
        }
        help_texts = {
            "safety_lead": gettext_lazy(
                "A supervisor or clinician of this organisation. They see every open safety "
                "flag of a clinician who has no supervisor, may record its follow-up, and are "
                "emailed when such a flag is not acknowledged in time."
            ),
            "allow_phq9_proration": gettext_lazy(
                "Off by default. When on, a PHQ-9 with one or two unanswered items is "
                "scored from the answered ones and marked as prorated."
            ),
            "cosign_counsellor_notes": gettext_lazy(
                "When on, a note a counsellor signs waits on their supervisor's page until "
                "the supervisor has read and co-signed it."
            ),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["safety_lead"]
        # Only this organisation's active supervisors and clinicians; anyone else is
        # refused as "not one of the available choices".
        field.queryset = safety_lead_candidates(self.instance)
        field.empty_label = gettext_lazy("Nobody named yet")
        self.fields["group_dropout_missed_in_a_row"].required = False

    def clean_step_up_phq9_threshold(self):
        value = self.cleaned_data["step_up_phq9_threshold"]
        if not 1 <= value <= 27:
            raise forms.ValidationError(
                gettext_lazy("A PHQ-9 total runs from 0 to 27; choose 1 to 27.")
            )
        return value

    def clean_group_dropout_missed_in_a_row(self):
        value = self.cleaned_data["group_dropout_missed_in_a_row"]
        if value is None:  # left out: the organisation keeps its rule
            return self.instance.group_dropout_missed_in_a_row
        if not 1 <= value <= 6:
            raise forms.ValidationError(gettext_lazy("Choose between 1 and 6 sessions."))
        return value

    def clean_risk_acknowledgement_working_days(self):
        value = self.cleaned_data["risk_acknowledgement_working_days"]
        if not 1 <= value <= 5:
            raise forms.ValidationError(gettext_lazy("Choose between 1 and 5 working days."))
        return value


class RetentionRuleForm(forms.ModelForm):
    """The organisation's retention rule: what may be erased, and when (docs/deploy.md)."""

    class Meta:
        model = Organisation
        fields = ["retention_years", "erase_identity_on_request", "keep_scores_after_erasure"]
        labels = {
            "retention_years": gettext_lazy(
                "Years clinical records are kept after the last episode closes"
            ),
            "erase_identity_on_request": gettext_lazy(
                "Erase identifying details at once when a deletion request is granted"
            ),
            "keep_scores_after_erasure": gettext_lazy(
                "Keep questionnaire scores, without identity, when a clinical record is erased"
            ),
        }
        help_texts = {
            "retention_years": gettext_lazy(
                "Then the clinical record is erased. 20 years is the period the NHS England "
                "Records Management Code of Practice gives for mental health records; follow "
                "your own records policy."
            ),
            "erase_identity_on_request": gettext_lazy(
                "Names, date of birth (the year stays), contact details and the portal "
                "account. When off, they are kept with the clinical record until it is erased."
            ),
        }

    def clean_retention_years(self):
        value = self.cleaned_data["retention_years"]
        if not 1 <= value <= 100:
            raise forms.ValidationError(gettext_lazy("Choose between 1 and 100 years."))
        return value


def safety_lead_candidates(organisation):
    return User.objects.filter(
        organisation=organisation, role__in=SAFETY_LEAD_ROLES, is_active=True
    ).order_by("last_name", "first_name", "username")


class DeletionDecisionForm(forms.Form):
    outcome = forms.ChoiceField(
        label=gettext_lazy("Outcome"),
        choices=[
            (DeletionOutcome.ERASED, gettext_lazy("Erased")),
            (DeletionOutcome.KEPT, gettext_lazy("Kept for retention")),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": gettext_lazy("Choose the outcome.")},
    )
    outcome_reason = forms.CharField(
        label=gettext_lazy("Reason (required when the records are kept)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("outcome") == DeletionOutcome.KEPT and not cleaned.get("outcome_reason"):
            self.add_error(
                "outcome_reason",
                gettext_lazy("Say why the records are kept, for example the retention period."),
            )
        return cleaned


class DeletionRequestForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Why would you like your data deleted? (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


# --- staff and sites (the organisation admin's pages) -----------------------------------

STAFF_ROLE_CHOICES = [(role.value, role.label) for role in Role if role in STAFF_ROLES]


class StaffChoiceFields(forms.Form):
    """Role, site and supervisor, offered from the admin's own organisation: active sites
    (and the one the person is already at) and active supervisors. The rules about them
    (accounts/staff.py) are checked by the actions, whose messages land by these fields."""

    role = forms.ChoiceField(label=gettext_lazy("Role"), choices=STAFF_ROLE_CHOICES)
    site = forms.ModelChoiceField(
        label=gettext_lazy("Site"),
        queryset=Site.objects.none(),
        required=False,
        empty_label=gettext_lazy("No site (organisation admin or programme lead)"),
        help_text=gettext_lazy(
            "Therapists, counsellors and supervisors work at a site; the admin and a "
            "programme lead serve every site."
        ),
    )
    supervisor = forms.ModelChoiceField(
        label=gettext_lazy("Supervisor"),
        queryset=User.objects.none(),
        required=False,
        empty_label=gettext_lazy("No supervisor"),
        help_text=gettext_lazy(
            "Supervisors of this organisation. The admin and a programme lead have none."
        ),
    )

    def __init__(self, *args, organisation, current_site_id=None, **kwargs):
        super().__init__(*args, **kwargs)
        sites = Site.objects.filter(organisation=organisation)
        self.fields["site"].queryset = sites.filter(is_active=True) | sites.filter(
            pk=current_site_id
        )
        # Every supervisor of the organisation is offered, even the person themselves,
        # so that a wrong choice is refused with its reason rather than hidden.
        self.fields["supervisor"].queryset = User.objects.filter(
            organisation=organisation, role=Role.SUPERVISOR, is_active=True
        ).order_by("last_name", "first_name")
        self.fields["supervisor"].label_from_instance = lambda user: user.display_name


class StaffInvitationForm(StaffChoiceFields):
    """A new staff member: most invitations are for clinicians, so the role starts
    there rather than at the first choice (the organisation admin)."""

    first_name = forms.CharField(label=gettext_lazy("First name"), max_length=150)
    last_name = forms.CharField(label=gettext_lazy("Last name"), max_length=150)
    email = forms.EmailField(
        label=gettext_lazy("Email address"),
        help_text=gettext_lazy("The invitation link is sent here; it works once."),
    )
    language = forms.ChoiceField(
        label=gettext_lazy("Their language"),
        required=False,
        help_text=gettext_lazy(
            "The invitation e-mail and the page behind its link are in this language, and "
            "OpenIPT is shown to them in it until they choose another on their account page."
        ),
        initial=settings.LANGUAGE_CODE,
    )

    field_order = ["first_name", "last_name", "email", "language", "role", "site", "supervisor"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].initial = Role.THERAPIST
        self.fields["language"].choices = settings.LANGUAGES


class StaffMemberForm(StaffChoiceFields):
    """A staff member's role, site and supervisor, as the admin sets them."""

    def __init__(self, *args, member, **kwargs):
        initial = {"role": member.role, "site": member.site, "supervisor": member.supervisor}
        super().__init__(
            *args,
            organisation=member.organisation_id,
            current_site_id=member.site_id,
            initial=initial,
            **kwargs,
        )


class SiteForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Site name"), max_length=120)


class SiteFilterForm(forms.Form):
    """Narrow a list (clients, staff) to one site of the organisation; an unknown choice
    is ignored, so a stale link still shows the whole list."""

    site = forms.ModelChoiceField(
        label=gettext_lazy("Site"),
        queryset=Site.objects.none(),
        required=False,
        empty_label=gettext_lazy("All sites"),
    )

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["site"].queryset = Site.objects.filter(organisation=organisation)

    def chosen_site(self):
        return self.cleaned_data.get("site") if self.is_valid() else None


class LanguageForm(forms.Form):
    """The language a person reads OpenIPT in (accounts.actions.choose_language)."""

    language = forms.ChoiceField(label=gettext_lazy("Language"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Each offered language in its own name, and "" for the browser's.
        browser = ("", gettext_lazy("The language of my browser"))
        self.fields["language"].choices = [browser, *settings.LANGUAGES]


CRISIS_PART_LABELS = {
    "phone_numbers": gettext_lazy("Crisis phone numbers"),
    "text_lines": gettext_lazy("Crisis text lines"),
    "what_to_do": gettext_lazy("What to do now"),
}


class CrisisByLanguageForm(forms.Form):
    """The crisis information in each offered language but the default, three parts each
    (accounts.actions.set_crisis_by_language). Fields are named <language>__<part>."""

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        stored = organisation.crisis_by_language or {}
        self.languages = [
            (code, name) for code, name in settings.LANGUAGES if code != settings.LANGUAGE_CODE
        ]
        for code, name in self.languages:
            for part, label in CRISIS_PART_LABELS.items():
                self.fields[f"{code}__{part}"] = forms.CharField(
                    label=format_lazy("{label} ({name})", label=label, name=name),
                    required=False,
                    initial=stored.get(code, {}).get(part, ""),
                    widget=forms.Textarea(attrs={"rows": 3, "lang": code}),
                )

    def sections(self):
        """(language code, name, bound fields) for the page."""
        return [
            (code, name, [self[f"{code}__{part}"] for part in CRISIS_PART_LABELS])
            for code, name in self.languages
        ]

    def by_language(self):
        return {
            code: {part: self.cleaned_data[f"{code}__{part}"] for part in CRISIS_PART_LABELS}
            for code, _ in self.languages
        }
