"""Clients and episodes (one course of treatment): the records the gates protect."""

import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import pgettext_lazy

# What a required text of a clinical record reads once the client's record is erased
# (caseload/erasure.py); text that may be empty is emptied instead.
ERASED_TEXT = "(erased)"

# Letters and digits that cannot be mistaken for each other when read aloud or copied.
REFERENCE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"


def new_reference():
    """A pseudonymous reference like C-7KQ2MX, shown in lists instead of the name."""
    return "C-" + "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(6))


class Client(models.Model):
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="clients"
    )
    reference = models.CharField(max_length=12, default=new_reference)
    given_name = models.CharField(max_length=100)
    family_name = models.CharField(max_length=100)
    # Removed when the client's identity is erased; only the year stays (birth_year).
    date_of_birth = models.DateField(null=True)
    birth_year = models.PositiveSmallIntegerField(null=True, blank=True)
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=40, blank=True)
    # Where the client is seen; by default their clinician's site.
    site = models.ForeignKey("accounts.Site", on_delete=models.PROTECT, related_name="clients")
    # The clinician responsible for the client; episodes may be assigned to others.
    clinician = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="clients"
    )
    # The client's own portal login, created only by accepting an invitation.
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="client_record",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # Erasure (caseload/erasure.py): when the identifying details were replaced by a
    # pseudonym, and when the clinical free text was removed.
    identity_erased_at = models.DateTimeField(null=True, blank=True)
    clinical_erased_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["reference"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "reference"], name="unique_client_reference"
            )
        ]

    def __str__(self):
        return self.reference

    @property
    def full_name(self):
        return f"{self.given_name} {self.family_name}"

    @property
    def is_identity_erased(self):
        return self.identity_erased_at is not None


class EpisodeStatus(models.TextChoices):
    OPEN = "open", pgettext_lazy("episode status", "Open")
    CLOSED = "closed", pgettext_lazy("episode status", "Closed")


class Episode(models.Model):
    """One course of treatment for one client, assigned to one clinician."""

    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="episodes"
    )
    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="episodes")
    clinician = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="episodes"
    )
    opened_on = models.DateField()
    closed_on = models.DateField(null=True, blank=True)
    status = models.CharField(
        max_length=10, choices=EpisodeStatus.choices, default=EpisodeStatus.OPEN
    )
    # Clinical content: hidden from the organisation admin by the access gates.
    presenting_concerns = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    # Removed as made in error (caseload.actions.remove_episode_made_in_error): its
    # clinical records were erased and it stays only as an empty, closed shell.
    erased_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-opened_on", "-id"]

    def __str__(self):
        return f"{self.client.reference} from {self.opened_on:%d %b %Y}"

    @property
    def is_open(self):
        return self.status == EpisodeStatus.OPEN
