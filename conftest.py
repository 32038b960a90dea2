import pytest
from hypothesis import settings as hypothesis_settings

from openipt.testing.people import make_people

# Property tests judge rules, not speed: the machine may be busy, so no deadline.
hypothesis_settings.register_profile("openipt", deadline=None)
hypothesis_settings.load_profile("openipt")


@pytest.fixture
def people(db):
    return make_people()
