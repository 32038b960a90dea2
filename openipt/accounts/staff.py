"""The rules for an organisation's staff and sites, in one place: who may supervise whom,
who belongs to a site, when a role may change, when a site may be deactivated.

Each function returns a sentence for the person fixing it, or None when all is well. The
actions (accounts/actions.py, and caseload/actions.py for a client's site) check them
inside their transaction and raise ChangeRefused, whose messages are keyed by form field,
so a page shows each one next to its field and nothing is written; no caller can skip them.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy

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
    return "A staff member with this email address already exists." if taken.exists() else None


def role_problem(role):
    if role not in STAFF_ROLES:
        return "Choose one of the staff roles."
    return None


def site_problem(organisation_id, site, *, required, current_site_id=None):
    """Clinicians, supervisors and clients belong to an active site of their own
    organisation; a deactivated site may stay where it already was but takes nobody new."""
    if site is None:
        return "Choose a site." if required else None
    if site.organisation_id != organisation_id:
        return "Choose a site of this organisation."
    if not site.is_active and site.pk != current_site_id:
        return f"{site.name} is deactivated; choose an active site."
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
        return f"The {Role(role).label.lower()} has no supervisor; leave this empty."
    if supervisor.organisation_id != organisation_id:
        return "Choose a supervisor of this organisation."
    if member is not None and supervisor.pk == member.pk:
        return "A supervisor cannot supervise themselves."
    if supervisor.role != Role.SUPERVISOR:
        return f"{supervisor.display_name} is not a supervisor."
    if not supervisor.is_active:
        return f"{supervisor.display_name}'s account is deactivated."
    if member is not None and _supervised_by(supervisor, member):
        return (
            f"{supervisor.display_name} is supervised by {member.display_name} "
            "(directly or through others); that would make a loop."
        )
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
        return "You cannot change your own role; ask another organisation admin."
    if member.role == Role.SUPERVISOR:
        supervisees = member.supervisees.count()
        if supervisees:
            return (
                f"{member.display_name} still supervises {supervisees} "
                f"{_people(supervisees)}; give them another supervisor first."
            )
    if member.role in CLINICIAN_ROLES and role not in CLINICIAN_ROLES:
        episodes = open_episode_count(member)
        if episodes:
            return (
                f"{member.display_name} has {episodes} open "
                f"{'episode' if episodes == 1 else 'episodes'}; reassign them first."
            )
    return None


def open_episode_count(member):
    # Through the reverse relation: accounts imports no app that holds clients.
    return member.episodes.filter(status="open").count()


def deactivation_problem(actor, member):
    if member.pk == actor.pk:
        return "You cannot deactivate your own account; ask another organisation admin."
    if not member.is_active:
        return f"{member.display_name}'s account is already deactivated."
    return None


SITE_NAME_TAKEN = "There is already a site with this name."
USERNAME_TAKEN = gettext_lazy("That username is taken; please choose another.")


def site_name_problem(organisation_id, name, *, site=None):
    name = name.strip()
    if not name:
        return "Give the site a name."
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
        return (
            f"{working} active staff {'member works' if working == 1 else 'members work'} "
            f"at {site.name}; move them to another site first."
        )
    others_open = Site.objects.filter(organisation_id=site.organisation_id, is_active=True)
    if not others_open.exclude(pk=site.pk).exists():
        return "This is the only active site; add or reactivate another first."
    return None


def _people(count):
    return "person" if count == 1 else "people"


def overseer_of(clinician, organisation):
    """Who answers for a clinician's safety matters when they cannot: their supervisor while
    that account is active, else the organisation's safety lead while theirs is; None when
    there is nobody. A deactivated supervisor must never be the only one told."""
    for person in (clinician.supervisor, organisation.safety_lead):
        if person is not None and person.is_active:
            return person
    return None
