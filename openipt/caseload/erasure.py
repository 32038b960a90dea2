"""Erasure: what goes when a client's record is erased, when the retention rule lets it go,
and the registry through which every app erases what it owns.

A record is erased in two parts, which the organisation's retention rule (on
accounts.Organisation: retention_years, erase_identity_on_request, keep_scores_after_erasure;
docs/deploy.md, "Retention and erasure") allows at different times:

- IDENTITY: names replaced by a pseudonym (the client reference), the date of birth
  reduced to its year, e-mail and phone removed, the portal account closed and its
  username freed, invitation addresses and the client's own words in deletion requests
  removed. Allowed at once when a deletion request is granted, if the rule says so.
- CLINICAL: the free text of every clinical record removed (each app's eraser, below);
  questionnaire scores kept as pseudonymised data only if the rule says so. Allowed when
  the retention period has ended: `retention_years` after the client's last episode closed.

A client or episode registered in error goes the same way, at once and entirely, with
its scores. Rows stay, emptied: audit events and other records point at them (PROTECT),
and the audit trail itself is never touched (it holds codes, never free text).

Each app that holds clinical records registers one function in its own `erasure.py`
(collected when Django starts, CaseloadConfig.ready):

    @erasure.eraser
    def erase_course_records(episodes, *, keep_scores): ...

It empties the free text of those episodes' records (and, without keep_scores, removes or
clears their scores), and nothing else. caseload/actions.py calls every eraser inside one
transaction that writes one audit event.
"""

import calendar
from datetime import date

from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy

from openipt.accounts.actions import close_portal_account, forget_contact_details

from .models import Episode

IDENTITY = "identity"
CLINICAL = "clinical"
ERASURE_PARTS = {
    IDENTITY: gettext_lazy("identifying details replaced by a pseudonym, portal account closed"),
    CLINICAL: gettext_lazy("clinical free text removed"),
}

DELETION_REQUEST = "deletion_request"
RETENTION_ENDED = "retention_ended"
# Why a client or an episode is removed as registered in error (the admin picks one).
MADE_IN_ERROR = {
    "duplicate": gettext_lazy("a duplicate of another record"),
    "wrong_client": gettext_lazy("registered for the wrong client"),
    "test_entry": gettext_lazy("a test or training entry"),
}
ERASURE_REASONS = {
    DELETION_REQUEST: gettext_lazy("a deletion request was granted"),
    RETENTION_ENDED: gettext_lazy("the retention period ended"),
    **{
        code: format_lazy(gettext_lazy("made in error: {words}"), words=words)
        for code, words in MADE_IN_ERROR.items()
    },
}

# What an erased client is called: the pseudonym is their reference (C-7KQ2MX).
ERASED_NAME = "Erased"

_ERASERS = []


def eraser(function):
    """Register `function(episodes, *, keep_scores)`, which erases what its app holds."""
    _ERASERS.append(function)
    return function


def erasers():
    return tuple(_ERASERS)


# --- the two parts ----------------------------------------------------------------------------


def erase_identity(client):
    """Replace the client's identifying details by a pseudonym and close their portal
    account. The reference stays: it is the pseudonym the remaining records are filed by."""
    born = client.date_of_birth
    client.given_name = ERASED_NAME
    client.family_name = client.reference
    client.birth_year = born.year if born else client.birth_year
    client.date_of_birth = None
    client.email = ""
    client.phone = ""
    client.identity_erased_at = timezone.now()
    client.save(
        update_fields=[
            "given_name",
            "family_name",
            "birth_year",
            "date_of_birth",
            "email",
            "phone",
            "identity_erased_at",
        ]
    )
    if client.user_id is not None:
        close_portal_account(client.user)
    forget_contact_details(client)


def erase_clinical(episodes, *, keep_scores):
    """Remove the free text of these episodes' clinical records, in every app."""
    episodes = Episode.objects.filter(pk__in=[episode.pk for episode in episodes])
    episodes.update(presenting_concerns="")
    for erase in _ERASERS:
        erase(episodes, keep_scores=keep_scores)


# --- the retention rule ---------------------------------------------------------------------


def retention_ends_on(client, episodes):
    """The day the client's clinical records may be erased: `retention_years` after the
    last of their episodes closed (or after they were registered, with no episode). None
    while an episode is open: the period has not started."""
    if any(episode.is_open for episode in episodes):
        return None
    closed = [episode.closed_on for episode in episodes if episode.closed_on]
    last_contact = max(closed) if closed else timezone.localdate(client.created_at)
    return years_after(last_contact, client.organisation.retention_years)


def years_after(day, years):
    year = day.year + years
    # 29 February has no counterpart in most years: the period ends on the 28th.
    return date(year, day.month, min(day.day, calendar.monthrange(year, day.month)[1]))


def parts_allowed_now(client, episodes, today):
    """What a granted deletion request may erase today under the organisation's rule."""
    ends_on = retention_ends_on(client, episodes)
    retention_over = ends_on is not None and ends_on <= today
    parts = []
    if client.organisation.erase_identity_on_request or retention_over:
        parts.append(IDENTITY)
    if retention_over:
        parts.append(CLINICAL)
    return parts, ends_on
