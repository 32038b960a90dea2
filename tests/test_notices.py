"""Messages leave only after the change that caused them has been committed."""

from contextlib import suppress

from django.core import mail
from django.db import transaction

from openipt.accounts.actions import invite_client
from openipt.testing.people import make_client


def link_for(token):
    return f"https://openipt.example/portal/invitation/{token}/"


def without_account(people):
    """A client of the owner with no portal account yet: only they can be invited."""
    return make_client(people.owner, "Jo")


def test_a_committed_change_sends_its_message_through_the_queue(
    people, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        invite_client(
            people.owner, without_account(people), email="jo@example.invalid", link_for=link_for
        )
    assert [m.to for m in mail.outbox] == [["jo@example.invalid"]]


def test_a_change_that_rolls_back_sends_nothing(people, django_capture_on_commit_callbacks):
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        suppress(RuntimeError),
        transaction.atomic(),
    ):
        invite_client(
            people.owner, without_account(people), email="jo@example.invalid", link_for=link_for
        )
        raise RuntimeError("something later in the same change failed")
    assert callbacks == []
    assert mail.outbox == []
