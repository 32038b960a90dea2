"""The rules for an organisation's staff and sites, in one place: who may supervise whom,
who belongs to a site, when a role may change, when a site may be deactivated.

Each function returns a sentence for the person fixing it, or None when all is well. The
actions (accounts/actions.py, and caseload/actions.py for a client's site) check them
inside their transaction and raise ChangeRefused, whose messages are keyed by form field,
so a page shows each one next to its field and nothing is written; no caller can skip them.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext, gettext_lazy, ngettext

from .models import CLINICIAN_ROLES, STAFF_ROLES, Role, Site, User

# Roles that work at a site. The admin and a programme lead serve the whole organisation.
SITE_ROLES = (Role.SUPERVISOR, *CLINICIAN_ROLES)
# Roles nobody supervises: they answer to the organisation, not to a clinical supervisor.
UNSUPERVISED_ROLES = (Role.ADMIN, Role.PROGRAMME_LEAD)


class ChangeRefused(ValidationError):
    """A change that breaks one of these rules; `message_dict` names the field each
    message belongs next to ("__all__" for the change as a whole)."""


def refuse_if_any(problems):
    """Raise ChangeRefused with the problems found ({field: message or None})."""
    found = {field: message for field, message in problems.items() if message}
    if found:
        raise ChangeRefused(found)


def email_problem(organisation_id, email):
    """A new staff member's address must not already belong to one of the organisation's
    active staff: they would end up with two accounts."""
    taken = User.objects.filter(
        organisation_id=organisation_id, email__iexact=email, is_active=True
    ).exclude(role=Role.CLIENT)
    return (
        gettext("A staff member with this email address already exists.")
        if taken.exists()
        else None
    )


def role_problem(role):
    if role not in STAFF_ROLES:
        return gettext("Choose one of the staff roles.")
    return None


def site_problem(organisation_id, site, *, required, current_site_id=None):
    """Clinicians, supervisors and clients belong to an active site of their own
    organisation; a deactivated site may stay where it already was but takes nobody new."""
    if site is None:
        return gettext("Choose a site.") if required else None
    if site.organisation_id != organisation_id:
        return gettext("Choose a site of this organisation.")
    if not site.is_active and site.pk != current_site_id:
        return gettext("%(site)s is deactivated; choose an active site.") % {"site": site.name}
    return None


def needs_site(role):
    return role in SITE_ROLES


def supervisor_problem(organisation_id, role, supervisor, *, member=None):
    """A supervisor is an active supervisor of the same organisation, never the person
    themselves, and never someone they already oversee (directly or down a chain), so
    supervision has no loops. `member` is None for someone not yet an account."""
    if supervisor is None:
        return None
    if role in UNSUPERVISED_ROLES:
        return gettext("The %(role)s has no supervisor; leave this empty.") % {
            "role": Role(role).label.lower()
        }
    if supervisor.organisation_id != organisation_id:
        return gettext("Choose a supervisor of this organisation.")
    if member is not None and supervisor.pk == member.pk:
        return gettext("A supervisor cannot supervise themselves.")
    if supervisor.role != Role.SUPERVISOR:
        return gettext("%(name)s is not a supervisor.") % {"name": supervisor.display_name}
    if not supervisor.is_active:
        return gettext("%(name)s's account is deactivated.") % {"name": supervisor.display_name}
    if member is not None and _supervised_by(supervisor, member):
        return gettext(
            "%(supervisor)s is supervised by %(member)s (directly or through others); that "
            "would make a loop."
        ) % {"supervisor": supervisor.display_name, "member": member.display_name}
    return None


def _supervised_by(person, member):
    """True when `member` is somewhere up `person`'s chain of supervisors. Chains are
    short (a team lead, perhaps a head of service), one query a step; the seen set stops
    a walk through a loop that older data might hold."""
    seen = set()
    supervisor_id = person.supervisor_id
    while supervisor_id is not None and supervisor_id not in seen:
        if supervisor_id == member.pk:
            return True
        seen.add(supervisor_id)
        supervisor_id = (
            User.objects.filter(pk=supervisor_id).values_list("supervisor_id", flat=True).first()
        )
    return False


def role_change_problem(actor, member, role):
    """A role changes only when nothing depends on the old one: nobody left without a
    supervisor, no open episode left with someone who can no longer treat."""
    if role == member.role:
        return None
    if member.pk == actor.pk:
        return gettext("You cannot change your own role; ask another organisation admin.")
    if member.role == Role.SUPERVISOR:
        supervisees = member.supervisees.count()
        if supervisees:
            return ngettext(
                "%(name)s still supervises %(count)s person; give them another supervisor first.",
                "%(name)s still supervises %(count)s people; give them another supervisor first.",
                supervisees,
            ) % {"name": member.display_name, "count": supervisees}
    if member.role in CLINICIAN_ROLES and role not in CLINICIAN_ROLES:
        episodes = open_episode_count(member)
        if episodes:
            return ngettext(
                "%(name)s has %(count)s open episode; reassign them first.",
                "%(name)s has %(count)s open episodes; reassign them first.",
                episodes,
            ) % {"name": member.display_name, "count": episodes}
    return None


def open_episode_count(member):
    # Through the reverse relation: accounts imports no app that holds clients.
    return member.episodes.filter(status="open").count()


def deactivation_problem(actor, member):
    if member.pk == actor.pk:
        return gettext("You cannot deactivate your own account; ask another organisation admin.")
    if not member.is_active:
        return gettext("%(name)s's account is already deactivated.") % {"name": member.display_name}
    return None


SITE_NAME_TAKEN = gettext_lazy("There is already a site with this name.")
USERNAME_TAKEN = gettext_lazy("That username is taken; please choose another.")


def site_name_problem(organisation_id, name, *, site=None):
    name = name.strip()
    if not name:
        return gettext("Give the site a name.")
    same = Site.objects.filter(organisation_id=organisation_id, name__iexact=name)
    if site is not None:
        same = same.exclude(pk=site.pk)
    if same.exists():
        return SITE_NAME_TAKEN
    return None


def site_closing_problem(site):
    """A site is deactivated only when nobody active works there any more and another
    site is still active, so every clinician and new client has somewhere to belong."""
    working = site.staff.filter(is_active=True).count()
    if working:
        return ngettext(
            "%(count)s active staff member works at %(site)s; move them to another site first.",
            "%(count)s active staff members work at %(site)s; move them to another site first.",
            working,
        ) % {"count": working, "site": site.name}
    others_open = Site.objects.filter(organisation_id=site.organisation_id, is_active=True)
    if not others_open.exclude(pk=site.pk).exists():
        return gettext("This is the only active site; add or reactivate another first.")
    return None


def overseer_of(clinician, organisation):
    """Who answers for a clinician's safety matters when they cannot: their supervisor while
    that account is active, else the organisation's safety lead while theirs is; None when
    there is nobody. A deactivated supervisor must never be the only one told."""
    for person in (clinician.supervisor, organisation.safety_lead):
        if person is not None and person.is_active:
            return person
    return None
