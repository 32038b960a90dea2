"""A write that meets a unique constraint becomes a refusal a form can show (issue 17).

Actions check their rules before writing, but two requests at once (a double click, two
windows) can both pass the check; the database's unique constraint then stops the second.
`refused_on_conflict` turns that IntegrityError into the action's own refusal, raised from
a savepoint, so the view shows the message by its field and nothing else is written,
instead of answering 500.

The bottom of the house: this module imports no app of the project.
"""

from contextlib import contextmanager

from django.db import IntegrityError, transaction


@contextmanager
def refused_on_conflict(refusal):
    """Run the block in a savepoint; an IntegrityError in it is raised as `refusal`."""
    try:
        with transaction.atomic():
            yield
    except IntegrityError as conflict:
        raise refusal from conflict
