"""A client with a full course and free text in every record that holds it, built through
the real actions, each text carrying a marker word so a test can look for what remains."""

from dataclasses import dataclass
from datetime import date, timedelta

from openipt.accounts import actions as account_actions
from openipt.caseload.actions import close_episode, update_client
from openipt.formulation import actions as formulation_actions
from openipt.formulation import queries as formulation_queries
from openipt.measures import actions as measure_actions
from openipt.measures.instruments import QUESTIONNAIRES
from openipt.measures.tests.builders import answers_totalling
from openipt.protocol import actions as course_actions
from openipt.protocol.tests import builders as course
from openipt.worksheets import actions as worksheet_actions

# Identifying details no other test person shares.
IDENTITY = {
    "given_name": "Zelphina",
    "family_name": "Quorrell",
    "date_of_birth": date(1979, 11, 23),
    "email": "zelphina.quorrell@example.invalid",
    "phone": "07700 900461",
}
# Every free text below contains this word, so what is left of it can be found.
MARK = "Marigold"
IDENTIFYING = ("Zelphina", "Quorrell", "1979-11-23", "zelphina.quorrell", "900461", MARK)


@dataclass
class FullCourse:
    client: object
    episode: object
    plan: object
    flag: object
    homework: object
    deletion: object


def note(what):
    return f"{MARK} {what}"


def full_course(people, *, closed_on=None):
    """The named client, renamed to IDENTITY, with one episode that went through intake
    (with a referral and an override), the contract, sessions (one moved, notes on the
    agenda), questionnaires (a flag raised and resolved, a draft at home), the whole
    formulation, homework with answers and a comment, a statement, a technique record, a
    relapse plan, a signed progress note with an addendum, the ending; an invitation and a
    deletion request. The episode is closed on `closed_on` when given."""
    owner, client = people.owner, people.client
    update_client(people.admin, client, site=client.site, **IDENTITY)
    episode = people.episode
    episode.presenting_concerns = note("presenting concerns")
    episode.save(update_fields=["presenting_concerns"])

    course.record_intake(
        owner,
        episode,
        suicidal_crisis=True,
        notes=note("intake notes"),
        symptoms=note("symptoms"),
        previous_treatment=note("previous treatment"),
        medication=note("medication"),
        prescriber=note("prescriber"),
        hospitalisations=note("hospital stays"),
        diagnosis=note("diagnosis"),
        caution_plan=note("caution plan"),
        referral={
            "referred_to": note("crisis team"),
            "reason": note("referral reason"),
            "referred_on": course.START,
        },
        medication_review={
            "kind": "medication_review",
            "referred_to": note("prescriber for review"),
            "reason": "Medication review",
            "referred_on": course.START,
        },
    )
    plan = course.start_course(owner, episode, override_reason=note("override reason"))
    course_actions.move_boundaries(
        owner, plan, initial_end=3, termination_start=10, reason=note("boundary reason")
    )
    sessions = course.schedule(owner, plan, 3)
    course_actions.reschedule_session(
        owner,
        sessions[2],
        scheduled_for=course.at(course.START + timedelta(days=20)),
        reason=note("moved"),
    )
    held = course.record(owner, plan, sessions[0])
    course_actions.record_session(
        owner,
        held,
        held_on=course.START,
        duration_minutes=50,
        attendance="attended",
        tasks=[(key, status, note("task note")) for key, status in _tasks(held)],
        without_record={key for key, _ in _tasks(held)},
    )

    phq9 = QUESTIONNAIRES["phq9"]
    administration = measure_actions.record_administration(
        owner,
        episode,
        "phq9",
        answers_totalling(phq9, 14, q9=1),
        administered_on=course.START,
        respondent="client_in_session",
        session=held,
    )
    flag = administration.risk_flags.get()
    measure_actions.resolve_risk_flag(
        owner,
        flag,
        assessment_outcome="thoughts_no_plan",
        action_taken=note("safety plan made with the client"),
        safety_plan=True,
    )
    measure_actions.save_questionnaire_draft(
        people.client_user, client, sessions[1], "gad7", {"q1": 1}
    )

    person = formulation_actions.add_person(
        owner,
        episode,
        recorded_on=course.START,
        label=note("Aunt"),
        relationship="deceased",
        circle="inner",
        contact="none",
        quality="supportive",
        satisfying=note("satisfying"),
        unsatisfying=note("unsatisfying"),
        client_expects=note("expects"),
        they_expect=note("they expect"),
        would_change=note("would change"),
    )
    formulation_actions.add_life_event(
        owner,
        episode,
        kind="death",
        occurred_on=course.START - timedelta(days=60),
        person=person,
        note=note("died in hospital"),
    )
    people_now = formulation_queries.people_of(episode)
    assessment = formulation_queries.assess(people_now, formulation_queries.events_of(episode))
    area = formulation_actions.choose_problem_area(
        owner, episode, area="grief", chosen_on=course.START, assessment=assessment
    )
    formulation_actions.update_problem_area(
        owner, area, losses=note("losses"), gains=note("gains"), old_role=note("carer")
    )
    goal = formulation_actions.add_goal(owner, area, text=note("goal"))
    formulation_actions.review_goal(
        owner, goal, status="in_progress", reviewed_on=course.START, note=note("review")
    )
    formulation_actions.save_formulation(owner, episode, text=note("formulation"))

    homework = worksheet_actions.assign_homework(
        owner,
        episode,
        worksheet="",
        title=note("call the aunt's friend"),
        instructions=note("instructions"),
        due_on=course.START + timedelta(days=7),
    )
    worksheet_actions.submit_homework(people.client_user, homework, {"notes": note("what I did")})
    worksheet_actions.comment_on_homework(owner, homework, text=note("comment"))
    statement = worksheet_actions.save_statement(
        owner,
        episode,
        feeling=note("hurt"),
        situation=note("situation"),
        reason=note("reason"),
        preference=note("preference"),
    )
    worksheet_actions.record_technique(
        owner,
        episode,
        "role_play",
        {"person": note("cousin"), "scene": note("scene")},
        session=held,
        problem_area=area,
        statement=statement,
    )
    worksheet_actions.save_relapse_plan(owner, episode, {"warning_signs": [note("sleep")]})
    # The held session's note, signed (so neither it nor its agenda may change) and
    # corrected by an addendum: erasure must still blank them.
    progress_note = course_actions.sign_note(
        owner,
        held,
        sections={"discussed": note("note discussed"), "plan": note("note plan")},
    )
    course_actions.add_note_addendum(owner, progress_note, text=note("addendum"))

    measure_actions.end_course(
        owner,
        plan,
        ended_on=course.START + timedelta(days=70),
        reason="referred_on",
        referred_to=note("community team"),
        problem_area_progress=note("progress"),
        future_plan=note("future plan"),
        follow_up="none",
    )
    # The invitation the client accepted before they had an account (invite_client refuses
    # a client who has one), so its address is on record for erasure to clear.
    account_id, client.user_id = client.user_id, None
    account_actions.invite_client(owner, client, email=IDENTITY["email"])
    client.user_id = account_id
    deletion = account_actions.request_deletion(
        people.client_user, client, reason=note("I moved away")
    )
    if closed_on is not None:
        close_episode(owner, episode, closed_on=closed_on)
    client.refresh_from_db()
    episode.refresh_from_db()
    return FullCourse(client, episode, plan, flag, homework, deletion)


def _tasks(session):
    return list(session.task_records.values_list("task_key", "status"))
