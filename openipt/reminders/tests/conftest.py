import pytest
from django.utils import timezone

from openipt.reminders.sms import LocmemBackend


@pytest.fixture(autouse=True)
def _empty_sms_outbox():
    LocmemBackend.outbox.clear()
    yield
    LocmemBackend.outbox.clear()


@pytest.fixture
def travel(monkeypatch):
    """Time travel: `travel(moment)` makes `timezone.now()` answer `moment` everywhere
    (the scheduler, the worker, auto_now fields), until the test ends."""

    def to(moment):
        monkeypatch.setattr(timezone, "now", lambda: moment)
        return moment

    return to
