"""Migration measures 0004: flags raised before it take their questionnaire and session
from their administration (it runs on PostgreSQL too: `make test-postgres`)."""

from datetime import date

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from openipt.measures import actions
from openipt.measures.instruments import QUESTIONNAIRES
from openipt.measures.models import FlagSource, Respondent, RiskFlag
from openipt.measures.tests.builders import answers_totalling
from openipt.protocol.tests.builders import course_with_sessions
from openipt.testing.people import make_people

BEFORE = [("measures", "0003_rhythm_weeks")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)


@pytest.mark.django_db(transaction=True)
def test_existing_flags_take_questionnaire_and_session_from_their_administration():
    people = make_people()
    plan = course_with_sessions(people.owner, people.episode, recorded=2)
    session = plan.episode.sessions.get(number=2)
    actions.record_administration(
        people.owner,
        people.episode,
        "phqa",
        answers_totalling(QUESTIONNAIRES["phqa"], 3, attempt_ever="yes"),
        administered_on=date(2026, 9, 15),
        respondent=Respondent.CLIENT_IN_SESSION,
        session=session,
    )
    migrate(BEFORE)  # the flag now has no questionnaire or session of its own
    migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
    flag = RiskFlag.objects.get()
    assert (flag.instrument, flag.session_id) == ("phqa", session.pk)
    assert flag.source == FlagSource.RECORDED and flag.administration is not None
