import pytest
from hypothesis import settings as hypothesis_settings

from openipt.languages import compile_catalogues
from openipt.testing.people import make_people

# Property tests judge rules, not speed: the machine may be busy, so no deadline.
hypothesis_settings.register_profile("openipt", deadline=None)
hypothesis_settings.load_profile("openipt")


def pytest_sessionstart(session):
    """Pages in Dutch and French need the compiled catalogues; a fresh clone has only the
    .po sources (docs/languages.md). Compiled once, by the controlling process."""
    if not hasattr(session.config, "workerinput"):
        compile_catalogues()


@pytest.fixture
def people(db):
    return make_people()
