import pytest

from openipt.testing.people import make_people


@pytest.fixture
def people(db):
    return make_people()
