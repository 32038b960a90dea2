"""Issue 13, items 3-7 against the database and the pages: the caseload, the portal, the
session page and fidelity read one schedule; IPT-A works without the PHQ-A; SRM-5 weeks
count; nothing is due after an ending; a positive mania screen alerts."""

from datetime import date, time

from django.core import mail
from django.urls import reverse

from openipt.measures import due
from openipt.measures.actions import record_administration, record_rhythm_week
from openipt.measures.instruments import QUESTIONNAIRES, asrm, srm5
from openipt.measures.tests.builders import answers_totalling, quietest_answers
from openipt.protocol import actions as course_actions
from openipt.protocol import readings
from openipt.protocol.modalities import get
from openipt.protocol.models import SupervisorAlert
from openipt.protocol.schedule import codes_asked
from openipt.protocol.tests import builders


def give(people, episode, code, session, **overrides):
    return record_administration(
        people.owner,
        episode,
        code,
        quietest_answers(QUESTIONNAIRES[code], **overrides),
        administered_on=date(2026, 9, 7),
        respondent="client_in_session",
        session=session,
    )


def caseload(client, people):
    client.force_login(people.owner)
    return client.get(reverse("clinic:caseload")).content.decode()


# --- item 3: one schedule -----------------------------------------------------------------


def test_a_missed_first_session_carries_the_start_measure_to_the_next(people, client):
    # The example: start measure GAD-7, session 1 missed. IPSRT has no GAD-7 of its own.
    organisation = people.owner.organisation
    organisation.start_end_measures = ["gad7"]
    organisation.save()
    plan = builders.course_with_sessions(
        people.owner, people.episode, recorded=0, scheduled=2, modality="ipsrt", planned=16
    )
    first, second = plan.episode.sessions.order_by("number")
    builders.record(people.owner, plan, first, attendance="did_not_attend")
    assert "gad7" in due.measures_due(plan.episode).codes
    assert "GAD-7" in caseload(client, people)
    # Session 2 held without it: fidelity counts it missing there, as the due list said.
    builders.record(people.owner, plan, second)
    fidelity = builders.load_courses_for(plan).fidelity
    missing = {(unit.instrument, unit.session_number) for unit in fidelity.measures_missing}
    assert ("gad7", 2) in missing


def test_the_session_page_shows_what_the_schedule_expects(people, client):
    plan = builders.course_with_sessions(people.owner, people.episode, recorded=0, scheduled=1)
    session = plan.episode.sessions.get(number=1)
    give(people, plan.episode, "phq9", session)
    client.force_login(people.owner)
    page = client.get(reverse("clinic:course_session", args=[plan.episode.pk, 1])).content.decode()
    assert "Expected at this session" in page
    assert 'PHQ-9: <span class="badge badge-attended">recorded' in page
    assert 'GAD-7: <span class="badge badge-due">not recorded yet' in page


# --- item 4: IPT-A works out of the box -----------------------------------------------------


def test_ipt_a_without_the_phqa_asks_phq9_and_asq_and_its_fidelity_counts(people, client, settings):
    settings.OPENIPT_SHOW_PHQA = False
    plan = builders.course_with_sessions(
        people.owner, people.episode, recorded=0, scheduled=2, modality="ipt_a"
    )
    assert due.measures_due(plan.episode).codes == ("phq9", "asq")
    client.force_login(people.client_user)
    listed = client.get(reverse("portal:questionnaires")).content.decode()
    assert "PHQ-9" in listed and "ASQ" in listed and "PHQ-A" not in listed
    first = plan.episode.sessions.get(number=1)
    give(people, plan.episode, "phq9", first)
    give(people, plan.episode, "asq", first)
    builders.record(people.owner, plan, first)
    course = builders.load_courses_for(plan)
    assert course.fidelity.measure_percent == "100%"
    assert due.measures_due(plan.episode).session.number == 2


def test_ipt_a_with_the_phqa_offered_asks_it(people, settings):
    settings.OPENIPT_SHOW_PHQA = True
    plan = builders.course_with_sessions(
        people.owner, people.episode, recorded=0, scheduled=1, modality="ipt_a"
    )
    assert due.measures_due(plan.episode).codes == ("phqa",)


def test_the_start_form_says_which_instruments_each_course_uses(people, client, settings):
    settings.OPENIPT_SHOW_PHQA = False
    builders.record_intake(people.owner, people.episode)
    client.force_login(people.owner)
    page = client.get(reverse("clinic:course_start", args=[people.episode.pk])).content.decode()
    assert "Measures each modality uses here" in page
    assert "PHQ-A is not offered here, so PHQ-9 and ASQ are asked instead." in page
    assert "Initial phase: every session: PHQ-9 and ASRM" in page  # IPSRT


def test_an_asq_yes_from_home_raises_flags_as_the_phqa_would(people):
    plan = builders.course_with_sessions(
        people.owner, people.episode, recorded=0, scheduled=1, modality="ipt_a"
    )
    session = plan.episode.sessions.get(number=1)
    administration = give(people, plan.episode, "asq", session, q3="yes", q5="no")
    assert [flag.reason for flag in administration.risk_flags.all()] == ["suicide_item_yes"]


# --- item 5: IPSRT's rhythm record counts ----------------------------------------------------

REGULAR = {activity: [time(8, 0)] * 7 for activity in srm5.ACTIVITY_KEYS}


def test_recorded_srm5_weeks_satisfy_fidelity_and_clear_the_caseload(people, client):
    plan = builders.course_with_sessions(
        people.owner, people.episode, recorded=0, scheduled=4, modality="ipsrt", planned=16
    )
    sessions = list(plan.episode.sessions.order_by("number"))
    for number, session in enumerate(sessions[:3], start=1):
        record_rhythm_week(
            people.owner,
            plan.episode,
            week_starting=date(2026, 9, 7 * number),
            times=REGULAR,
            session=session,
        )
        builders.record(people.owner, plan, session)
    assert "SRM-5" not in caseload(client, people)
    for session in sessions[3:]:
        builders.record(people.owner, plan, session)
    fidelity = builders.load_courses_for(plan).fidelity
    srm5_units = [unit for unit in fidelity.measures if unit.instrument == "srm5"]
    assert [(unit.completed, unit.session_number) for unit in srm5_units] == [(True, 1)]


def test_an_untied_week_does_not_count(people):
    plan = builders.course_with_sessions(
        people.owner, people.episode, recorded=0, scheduled=1, modality="ipsrt", planned=16
    )
    record_rhythm_week(people.owner, plan.episode, week_starting=date(2026, 9, 7), times=REGULAR)
    assert "srm5" in due.measures_due(plan.episode).codes


def test_the_clinician_ties_a_week_to_a_session_on_the_form(people, client):
    plan = builders.course_with_sessions(
        people.owner, people.episode, recorded=0, scheduled=1, modality="ipsrt", planned=16
    )
    session = plan.episode.sessions.get(number=1)
    client.force_login(people.owner)
    url = reverse("clinic:rhythm_week_new", args=[plan.episode.pk])
    form = client.get(url).content.decode()
    assert f'<option value="{session.pk}" selected>' in form  # the next session by default
    data = {"week_starting": "2026-09-07", "session": session.pk, "dinner_0": "18:00"}
    client.post(url, data)
    assert plan.episode.rhythm_weeks.get().session == session
    assert "srm5" not in due.measures_due(plan.episode).codes


# --- item 6: nothing is due after a course ends ------------------------------------------------


def test_nothing_is_due_after_the_course_ended(people, client):
    plan = builders.course_with_sessions(
        people.owner, people.episode, recorded=3, scheduled=12, planned=12
    )
    assert due.measures_due(plan.episode) is not None
    course_actions.end_course(
        people.owner,
        plan,
        ended_on=date(2026, 10, 1),
        reason="ended_early",
        problem_area_progress="Better.",
        future_plan="Keep going.",
    )
    assert due.measures_due(plan.episode) is None
    assert "due for session" not in caseload(client, people)
    client.force_login(people.client_user)
    assert "no questionnaires" in client.get(reverse("portal:questionnaires")).content.decode()


# --- item 7: a positive mania screen alerts the clinician and the supervisor -------------------


def test_a_positive_mania_screen_alerts_the_clinician_and_the_supervisor(
    people, client, django_capture_on_commit_callbacks
):
    plan = builders.course_with_sessions(
        people.owner, people.episode, recorded=1, scheduled=2, modality="ipsrt", planned=16
    )
    with django_capture_on_commit_callbacks(execute=True):
        record_administration(
            people.owner,
            plan.episode,
            "asrm",
            answers_totalling(asrm.DEFINITION, 8),
            administered_on=date(2026, 9, 14),
            respondent="client_at_home",
        )
    alert = SupervisorAlert.objects.get(episode=plan.episode)
    assert alert.reason_codes == ["mania_screen_positive"]
    assert alert.supervisor == people.supervisor
    assert [message.to for message in mail.outbox] == [[people.supervisor.email]]
    assert "ASRM" not in mail.outbox[0].body  # no clinical content in the message
    client.force_login(people.owner)
    course = client.get(reverse("clinic:course", args=[plan.episode.pk])).content.decode()
    assert "The latest ASRM (8, on 14 September 2026) is at or above its cut-off" in course
    assert "Mania screen positive (ASRM 8)" in caseload(client, people)


def test_a_later_negative_screen_clears_the_marker(people, client):
    plan = builders.course_with_sessions(
        people.owner, people.episode, recorded=1, scheduled=2, modality="ipsrt", planned=16
    )
    for total, day in ((9, 14), (2, 21)):
        record_administration(
            people.owner,
            plan.episode,
            "asrm",
            answers_totalling(asrm.DEFINITION, total),
            administered_on=date(2026, 9, day),
            respondent="client_in_session",
        )
    assert "Mania screen positive" not in caseload(client, people)


def test_a_screen_below_the_cut_off_alerts_nobody(people):
    builders.course_with_sessions(people.owner, people.episode, recorded=1, modality="ipsrt")
    record_administration(
        people.owner,
        people.episode,
        "asrm",
        answers_totalling(asrm.DEFINITION, 5),
        administered_on=date(2026, 9, 14),
        respondent="client_in_session",
    )
    assert not SupervisorAlert.objects.exists()


def test_srm5_weeks_are_read_where_the_srm5_can_be_asked(people):
    # readings.measures_given with `asked` (the codes a page's schedules can expect) skips
    # the weeks' table only when the SRM-5 is not among them; questionnaires are all read.
    plan = builders.course_with_sessions(
        people.owner, people.episode, recorded=0, scheduled=2, modality="ipsrt", planned=16
    )
    first, second = plan.episode.sessions.order_by("number")
    record_rhythm_week(
        people.owner, plan.episode, week_starting=date(2026, 9, 7), times=REGULAR, session=first
    )
    give(people, plan.episode, "gad7", second)
    everything = {(1, "srm5"), (2, "gad7")}
    assert readings.measures_given([plan.episode_id])[plan.episode_id] == everything
    asked = codes_asked(get("ipsrt"), readings.catalogue())
    assert readings.measures_given([plan.episode_id], asked)[plan.episode_id] == everything
    assert readings.measures_given([plan.episode_id], {"phq9"})[plan.episode_id] == {(2, "gad7")}
