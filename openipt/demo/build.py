"""The demonstration organisation behind `openipt demo-data` and `make demo`: staff at
every role, clients at different points of a course, one case pictured in full.

Everything is made through the same actions the pages use, so the demo shows what the
product does. Building again changes nothing: everything is looked up by its demo
username or name before it is created.
"""

from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from openipt.accounts.actions import update_organisation
from openipt.accounts.models import Organisation, Role, User
from openipt.caseload.actions import close_episode, open_episode, register_client
from openipt.caseload.models import Client
from openipt.formulation import actions as formulation_actions
from openipt.formulation import queries as formulation_queries
from openipt.measures import actions as measure_actions
from openipt.measures import instruments
from openipt.measures.actions import record_administration
from openipt.measures.due import due_for_client
from openipt.protocol import actions as course_actions
from openipt.protocol import course as course_rules
from openipt.protocol import modalities
from openipt.protocol import queries as course_queries
from openipt.protocol.models import TreatmentContract
from openipt.worksheets.actions import assign_homework

DEMO_PASSWORD = "openipt-demo-2026"
DEMO_ORGANISATION = ("Riverside Talking Therapies (demo)", "riverside-demo")

STAFF = [
    # username, first, last, role, supervisor username
    ("admin", "Ada", "Okafor", Role.ADMIN, None),
    ("supervisor", "Sam", "Lindqvist", Role.SUPERVISOR, None),
    ("therapist", "Tara", "Mensah", Role.THERAPIST, "supervisor"),
    ("therapist2", "Theo", "Brandt", Role.THERAPIST, "supervisor"),
    ("counsellor", "Cora", "Nwosu", Role.COUNSELLOR, "supervisor"),
]

# Clients at different points of a course: (given, family, born, clinician,
# weeks since the episode opened, weeks since it closed or None, portal username or None)
CLIENTS = [
    ("Maya", "Fernandes", date(1988, 4, 12), "therapist", 1, None, "client"),
    ("Daniel", "Achterberg", date(1975, 9, 30), "therapist", 6, None, None),
    ("Priya", "Raman", date(1994, 1, 5), "therapist", 11, None, None),
    ("George", "Whitfield", date(1959, 6, 21), "therapist", 20, 4, None),
    ("Amina", "Diallo", date(2001, 11, 2), "therapist2", 3, None, "client2"),
    ("Lukas", "Novak", date(1982, 2, 17), "counsellor", 2, None, None),
    ("Hannah", "Kowalczyk", date(1990, 8, 8), "counsellor", 0, None, None),
]

# Each client's course of IPT (issue 4): modality, planned sessions, intake PHQ-9, sessions
# missed, and agenda tasks left undone (so the course view shows something overdue).
# One session a week from the day the episode opened. Hannah was screened out at intake.
COURSES = {
    "Maya": ("individual_ipt", 12, 16, (), ()),
    "Daniel": ("individual_ipt", 12, 18, (5,), ()),
    "Priya": ("individual_ipt", 12, 15, (), ()),
    "George": ("individual_ipt", 12, 19, (7,), ()),
    "Amina": ("individual_ipt", 12, 14, (), ("choose_problem_areas",)),
    "Lukas": ("ipc", 4, 21, (), ()),
}
NO_EXCLUSIONS = dict.fromkeys(
    ("suicidal_crisis", "psychosis", "mania", "severe_dissociation"), False
)


# The demo client whose case is pictured: inventory, timeline, formulation, homework.
CASE_PICTURE_CLIENT = "Maya"
INVENTORY = {
    "Grandma Rosa": {
        "relationship": "deceased",
        "circle": "inner",
        "contact": "none",
        "quality": "supportive",
        "satisfying": "Raised me; we talked every day.",
    },
    "Luis": {
        "relationship": "partner",
        "circle": "inner",
        "contact": "daily",
        "quality": "both",
        "unsatisfying": "Wants me to be over it by now.",
        "would_change": "Talk about Rosa without arguing.",
    },
    "Ana": {
        "relationship": "sibling",
        "circle": "middle",
        "contact": "monthly",
        "quality": "supportive",
    },
    "Work friends": {
        "relationship": "colleague",
        "circle": "middle",
        "contact": "weekly",
        "quality": "neither",
    },
    "GP": {
        "relationship": "professional",
        "circle": "outer",
        "contact": "rarely",
        "quality": "supportive",
    },
}

# (client's first name, session number) where the demo client answers PHQ-9 item 9.
RISK_DEMO = ("Daniel", 3)
# The portal client who starts the next PHQ-9 at home, answers item 9 "Several days" and
# leaves it unsent: the flag is raised at once and shows as "from an unfinished
# questionnaire" on the supervision page.
UNSENT_RISK_DEMO = "Amina"
# The organisation's safety lead (docs/measures.md), by demo username.
SAFETY_LEAD = "supervisor"


def demo_answers(code, total, *, item9=0):
    """Answers that add up to `total`, spread evenly over the scored items (0-3 each)."""
    keys = [item.key for item in instruments.get(code).ITEMS if item.scored]
    answers = dict.fromkeys(keys, 0)
    if code == "phq9":
        answers["q9"] = item9
        total -= item9
        keys.remove("q9")
    for index in range(max(total, 0)):
        key = keys[index % len(keys)]
        answers[key] = min(answers[key] + 1, 3)
    return answers


@transaction.atomic
def build():
    """The demo organisation with its staff and clients; returns the organisation."""
    name, slug = DEMO_ORGANISATION
    organisation, _ = Organisation.objects.get_or_create(slug=slug, defaults={"name": name})
    staff = {row[0]: _staff_member(organisation, *row) for row in STAFF}
    if organisation.safety_lead_id is None:
        update_organisation(staff["admin"], organisation, safety_lead=staff[SAFETY_LEAD])
    for row in CLIENTS:
        _client(organisation, staff, *row)
    return organisation


def logins():
    """Lines that tell a visitor how to sign in as each demo person."""
    lines = [f"Demo logins (password for every one: {DEMO_PASSWORD})"]
    for username, first, last, role, _ in STAFF:
        lines.append(f"  {username:<12} {first} {last}, {role.label}")
    for given, family, *_, login in CLIENTS:
        if login:
            lines.append(f"  {login:<12} {given} {family}, client portal")
    return lines


def _staff_member(organisation, username, first, last, role, supervisor):
    user = User.objects.filter(username=username).first()
    if user is None:
        user = User(username=username, organisation=organisation, role=role)
        user.first_name, user.last_name = first, last
        user.email = f"{username}@riverside-demo.invalid"
        user.supervisor = User.objects.filter(username=supervisor).first()
        user.set_password(DEMO_PASSWORD)
        user.save()
    return user


def _client(organisation, staff, given, family, born, clinician, opened, closed, login):
    clinician = staff[clinician]
    client = Client.objects.filter(
        organisation=organisation, given_name=given, family_name=family
    ).first()
    if client is not None:
        return client
    email = f"{given.lower()}@example.invalid"
    client = register_client(
        clinician, given_name=given, family_name=family, date_of_birth=born, email=email
    )
    today = date.today()
    episode = open_episode(
        clinician,
        client,
        opened_on=today - timedelta(weeks=opened),
        presenting_concerns="Low mood since a change at home; sleeping poorly.",
    )
    if closed is not None:
        close_episode(clinician, episode, closed_on=today - timedelta(weeks=closed))
    _course(clinician, episode, given, held=opened if closed is None else None)
    if login:
        _portal_account(client, login)
    if given == UNSENT_RISK_DEMO:
        _unsent_phq9_with_item_9(client)
    if given == CASE_PICTURE_CLIENT:
        _case_picture(clinician, episode)
    return client


def _case_picture(clinician, episode):
    """An inventory, a timeline with a bereavement, grief chosen from the proposal,
    a shared formulation and map, and homework for the next session, so the
    clinician's and the client's pages have something to show."""
    start = episode.opened_on
    people = {
        label: formulation_actions.add_person(
            clinician, episode, recorded_on=start, label=label, **details
        )
        for label, details in INVENTORY.items()
    }
    formulation_actions.add_life_event(
        clinician,
        episode,
        kind="death",
        occurred_on=start - timedelta(weeks=14),
        person=people["Grandma Rosa"],
        note="Died after a short illness.",
    )
    formulation_actions.add_life_event(
        clinician,
        episode,
        kind="onset",
        occurred_on=start - timedelta(weeks=10),
        approximate=True,
        note="Stopped going out; sleeping badly.",
    )
    persons = formulation_queries.people_of(episode)
    assessment = formulation_queries.assess(
        persons, formulation_queries.events_of(episode), as_of=start
    )
    area = formulation_actions.choose_problem_area(
        clinician, episode, area="grief", chosen_on=start, assessment=assessment
    )
    formulation_actions.set_planned_strategies(
        clinician, area, keys=["grief_relationship", "grief_reconnect"]
    )
    formulation_actions.add_goal(
        clinician, area, text="Go back to the Sunday market that Rosa and I used to visit"
    )
    draft = formulation_queries.draft_for(episode)
    formulation_actions.save_formulation(clinician, episode, text=draft)
    for item in ("formulation", "support_map"):
        formulation_actions.decide_sharing(clinician, episode, item=item, shared=True)
    assign_homework(
        clinician,
        episode,
        worksheet="grief_journal",
        title="",
        instructions="Write about one good memory of Rosa and one hard one.",
        due_on=start + timedelta(weeks=1),
    )


def _course(clinician, episode, given, held):
    """Intake, course, contract and sessions through the protocol actions."""
    start = episode.opened_on
    intake = {"screened_on": start, "symptoms": "Low mood, poor sleep, withdrawn.", "notes": ""}
    if given not in COURSES:
        course_actions.record_intake(
            clinician,
            episode,
            phq9_total=24,
            fit_answers=[],
            **intake,
            **{**NO_EXCLUSIONS, "suicidal_crisis": True},
            referral={
                "referred_to": "Crisis resolution team",
                "referred_on": start,
                "reason": "Acute suicidal crisis at the first meeting.",
            },
        )
        return
    modality, planned, phq9, missed, undone = COURSES[given]
    minutes = modalities.get(modality).session_minutes[1]
    course_actions.record_intake(
        clinician,
        episode,
        phq9_total=phq9,
        fit_answers=["relationship_stress"],
        **intake,
        **NO_EXCLUSIONS,
    )
    plan = course_actions.start_course(
        clinician,
        episode,
        modality=modality,
        planned_sessions=planned,
        session_minutes=minutes,
        frequency="weekly",
        started_on=start,
    )
    held = planned if held is None else min(held, planned)
    first_at = timezone.make_aware(datetime.combine(start, time(10)))
    sessions = course_actions.schedule_sessions(
        clinician, plan, first_at=first_at, count=min(held + 1, planned)
    )
    for session in sessions[:held]:
        _session(clinician, plan, session, missed, undone)
        if session.number == 2 and not undone:
            dates = {field: start for field, _ in TreatmentContract.ITEMS}
            course_actions.record_contract(
                clinician,
                plan,
                planned_sessions=planned,
                session_minutes=minutes,
                agreed_end_date=start + timedelta(weeks=planned - 1),
                frequency="weekly",
                **dates,
            )
    if held == planned:
        # The summary's first and last PHQ-9 come from the records.
        measure_actions.end_course(
            clinician,
            plan,
            ended_on=start + timedelta(weeks=planned - 1),
            reason="completed",
            problem_area_progress="Back in touch with friends; arguments at home are rarer.",
            future_plan="Keep the weekly walk with a friend; relapse plan on the fridge.",
        )


def _session(clinician, plan, session, missed, undone):
    if session.number in missed:
        course_actions.record_session(
            clinician,
            session,
            held_on=session.scheduled_for.date(),
            duration_minutes=None,
            attendance="did_not_attend",
        )
        return
    facts = course_queries.load_course(plan.episode).facts
    agenda = course_rules.agenda_for(facts, session.number)
    tasks = [(i.task.key, "not_done" if i.task.key in undone else "done", "") for i in agenda]
    course_actions.record_session(
        clinician,
        session,
        held_on=session.scheduled_for.date(),
        duration_minutes=50,
        attendance="attended",
        tasks=tasks,
    )
    _measures(clinician, plan, session)


def _measures(clinician, plan, session):
    """PHQ-9 and GAD-7 at every attended session, easing from the intake score
    towards recovery, so charts and outcomes have something to show. One demo
    client answers item 9 at session 3, leaving an open risk flag to resolve."""
    episode = plan.episode
    start = course_queries.latest_intake(episode).phq9_total
    progress = (session.number - 1) / max(plan.planned_sessions - 1, 1)
    phq9 = round(start - (start - 6) * progress)
    item9 = 1 if (episode.client.given_name, session.number) == RISK_DEMO else 0
    for code, total in (("phq9", phq9), ("gad7", min(round(phq9 * 0.7), 21))):
        record_administration(
            clinician,
            episode,
            code,
            demo_answers(code, total, item9=item9),
            administered_on=session.scheduled_for.date(),
            respondent="client_in_session",
            session=session,
        )


def _unsent_phq9_with_item_9(client):
    """Questions 1-9 of the PHQ-9 due next, saved from the portal and not sent."""
    _, due = due_for_client(client)
    if due is None or "phq9" not in due.codes:
        return
    answers = demo_answers("phq9", 14, item9=1)
    measure_actions.save_questionnaire_draft(client.user, client, due.session, "phq9", answers)


def _portal_account(client, username):
    user = User(username=username, organisation_id=client.organisation_id, role=Role.CLIENT)
    user.first_name, user.last_name, user.email = (
        client.given_name,
        client.family_name,
        client.email,
    )
    user.set_password(DEMO_PASSWORD)
    user.save()
    client.user = user
    client.save(update_fields=["user"])
