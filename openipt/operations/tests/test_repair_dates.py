"""`openipt repair-dates`: stored dates outside any sound range are listed, and with --fix
repaired and audited; a broken record never takes its page down (issue 17, item 6)."""

from datetime import UTC, date, datetime
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from openipt import dates
from openipt.audit.models import AuditEvent
from openipt.caseload.models import Client
from openipt.formulation.models import GoalReview, LifeEvent, ProblemArea
from openipt.formulation.tests.builders import add_event
from openipt.operations.repair import typed_date_fields
from openipt.protocol.models import Session
from openipt.protocol.tests.builders import course_with_sessions

YEAR_ONE = date(1, 1, 1)
LAST_DAY = date(9999, 12, 31)


def run(*args):
    out = StringIO()
    call_command("repair_dates", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def broken(people):
    """Rows holding dates no form accepts any more, written as older code could."""
    event = add_event(people, "death", date(2026, 1, 1))
    LifeEvent.objects.filter(pk=event.pk).update(occurred_on=YEAR_ONE)
    plan = course_with_sessions(people.owner, people.episode, recorded=0, scheduled=2)
    session = plan.episode.sessions.get(number=2)
    Session.objects.filter(pk=session.pk).update(
        scheduled_for=datetime(9999, 12, 31, 10, tzinfo=UTC)
    )
    area = people.episode.problem_areas.create(
        area="grief", chosen_on=date(2026, 9, 2), chosen_by=people.owner, date_of_death=LAST_DAY
    )
    goal = area.goals.create(text="Visit the grave with my brother", created_by=people.owner)
    review = goal.reviews.create(
        status="in_progress", reviewed_on=YEAR_ONE, recorded_by=people.owner
    )
    Client.objects.filter(pk=people.client.pk).update(date_of_birth=LAST_DAY)
    return {"event": event, "session": session, "area": area, "review": review}


def test_the_pages_of_a_broken_record_still_open(broken, people, client):
    client.force_login(people.owner)
    for name, args in (
        ("clinic:timeline", [people.episode.pk]),
        ("clinic:formulation", [people.episode.pk]),
        ("clinic:client", [people.client.pk]),
    ):
        assert client.get(reverse(name, args=args)).status_code == 200, name


def test_listing_names_each_broken_date_and_changes_nothing(broken, people):
    before = AuditEvent.objects.count()
    with pytest.raises(CommandError, match="5 stored date"):
        run()
    assert AuditEvent.objects.count() == before
    assert LifeEvent.objects.get(pk=broken["event"].pk).occurred_on == YEAR_ONE


def test_fix_moves_required_dates_clears_optional_ones_and_audits_each(broken, people):
    out = run("--fix")
    assert "Repaired 5 date(s)" in out
    today = date.today()
    assert LifeEvent.objects.get(pk=broken["event"].pk).occurred_on == dates.EARLIEST
    assert GoalReview.objects.get(pk=broken["review"].pk).reviewed_on == dates.EARLIEST
    assert ProblemArea.objects.get(pk=broken["area"].pk).date_of_death is None
    assert Client.objects.get(pk=people.client.pk).date_of_birth <= today
    moved = Session.objects.get(pk=broken["session"].pk).scheduled_for
    assert moved.date() <= dates.years_from(today, dates.STORED_YEARS_AHEAD)
    events = AuditEvent.objects.filter(action="data.date_repaired")
    assert events.count() == 5
    assert set(events.values_list("client_id", flat=True)) == {people.client.pk}
    assert events.filter(
        facts={"field": "formulation.lifeevent.occurred_on", "was": 10101}
    ).exists()
    assert "Every stored date is within its range." in run()
    call_command("verify_audit", stdout=StringIO())


def test_a_repaired_record_keeps_its_pages_open(broken, people, client):
    run("--fix")
    client.force_login(people.owner)
    assert client.get(reverse("clinic:timeline", args=[people.episode.pk])).status_code == 200


def test_dates_a_form_accepts_are_never_listed(people):
    add_event(people, "death", date(1931, 4, 2))
    course_with_sessions(people.owner, people.episode, recorded=1, scheduled=3)
    assert "Every stored date is within its range." in run()


def test_only_dates_people_type_are_checked():
    labels = {field.label for field in typed_date_fields()}
    assert "caseload.client.date_of_birth" in labels
    assert "protocol.session.scheduled_for" in labels
    assert not any(label.endswith(("created_at", "updated_at")) for label in labels)
