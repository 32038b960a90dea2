"""The demonstration organisation behind `openipt demo-data` and `make demo`: two sites,
staff at every role, clients at different points of a course, one case pictured in full.

Everything is made through the same actions the pages use, so the demo shows what the
product does. Building again changes nothing: everything is looked up by its demo
username or name before it is created.
"""

import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import get_language_info

from openipt.accounts.actions import (
    add_training_record,
    set_crisis_by_language,
    update_organisation,
)
from openipt.accounts.models import DEFAULT_SITE_NAME, Organisation, Role, Site, User
from openipt.caseload.actions import close_episode, open_episode, register_client, update_client
from openipt.caseload.models import Client
from openipt.formulation import actions as formulation_actions
from openipt.formulation import queries as formulation_queries
from openipt.groups import actions as group_actions
from openipt.groups import queries as group_queries
from openipt.groups.models import Group, Membership
from openipt.measures import actions as measure_actions
from openipt.measures import instruments
from openipt.measures.actions import record_administration, record_rhythm_week
from openipt.measures.due import due_for_client, measures_due
from openipt.measures.instruments import srm5
from openipt.protocol import actions as course_actions
from openipt.protocol import course as course_rules
from openipt.protocol import modalities
from openipt.protocol import queries as course_queries
from openipt.protocol.models import Attendance, TreatmentContract
from openipt.reminders import actions as reminder_actions
from openipt.reminders.models import ContactPreference, Message, MessageSettings
from openipt.worksheets.actions import assign_homework

DEMO_PASSWORD = "openipt-demo-2026"
DEMO_ORGANISATION = ("Riverside Talking Therapies (demo)", "riverside-demo")
# The demo service is set in England, so its crisis page lists the national lines there.
DEMO_CRISIS_INFORMATION = {
    "crisis_phone_numbers": (
        "Samaritans, any time, free: 116 123\nNHS 111, option 2 for mental health"
    ),
    "crisis_text_lines": "Shout: text SHOUT to 85258",
    "crisis_what_to_do": (
        "If you are in danger now or have harmed yourself, call 999 or go to A&E.\n"
        "Tell someone you trust how you feel and ask them to stay with you.\n"
        "Call your therapist's service in working hours: 01632 960 000 (demo number)."
    ),
}

# The same lines for the demo's Dutch- and French-speaking clients, in their language.
DEMO_CRISIS_BY_LANGUAGE = {
    "nl": {
        "phone_numbers": (
            "Samaritans, dag en nacht, gratis: 116 123\nNHS 111, kies 2 voor geestelijke gezondheid"
        ),
        "text_lines": "Shout: stuur een sms met SHOUT naar 85258",
        "what_to_do": (
            "Bent u nu in gevaar of hebt u uzelf iets aangedaan, bel dan 999 of ga naar de "
            "spoedeisende hulp (A&E).\n"
            "Vertel iemand die u vertrouwt hoe u zich voelt en vraag die persoon bij u te "
            "blijven.\n"
            "Bel tijdens kantooruren de dienst van uw behandelaar: 01632 960 000 "
            "(demonummer)."
        ),
    },
    "fr": {
        "phone_numbers": (
            "Samaritans, jour et nuit, gratuit : 116 123\nNHS 111, choix 2 pour la santé mentale"
        ),
        "text_lines": "Shout : envoyez SHOUT par SMS au 85258",
        "what_to_do": (
            "Si vous êtes en danger maintenant ou si vous vous êtes fait du mal, appelez le "
            "999 ou rendez-vous aux urgences (A&E).\n"
            "Dites à une personne de confiance ce que vous ressentez et demandez-lui de "
            "rester avec vous.\n"
            "Appelez le service de votre thérapeute aux heures de bureau : 01632 960 000 "
            "(numéro de démonstration)."
        ),
    },
}

# The organisation's sites; the first is where a database made before sites existed
# had everyone (its "Main site" is renamed to it).
SITES = ["Riverside Centre", "Hillside Clinic"]

STAFF = [
    # username, first, last, role, supervisor username, site (clients follow their clinician)
    ("admin", "Ada", "Okafor", Role.ADMIN, None, None),
    ("lead", "Lena", "Osei", Role.PROGRAMME_LEAD, None, None),
    ("supervisor", "Sam", "Lindqvist", Role.SUPERVISOR, None, "Riverside Centre"),
    ("therapist", "Tara", "Mensah", Role.THERAPIST, "supervisor", "Riverside Centre"),
    ("therapist2", "Theo", "Brandt", Role.THERAPIST, "supervisor", "Hillside Clinic"),
    ("counsellor", "Cora", "Nwosu", Role.COUNSELLOR, "supervisor", "Hillside Clinic"),
]

# Clients at different points of a course: (given, family, born, clinician,
# weeks since the episode opened, weeks since it closed or None, portal username or None)
CLIENTS = [
    ("Maya", "Fernandes", date(1988, 4, 12), "therapist", 1, None, "client"),
    ("Daniel", "Achterberg", date(1975, 9, 30), "therapist", 6, None, "client-nl"),
    ("Priya", "Raman", date(1994, 1, 5), "therapist", 11, None, None),
    ("George", "Whitfield", date(1959, 6, 21), "therapist", 20, 4, None),
    # Her individual course ended before she joined the counsellor's group (GROUP below).
    ("Amina", "Diallo", date(2001, 11, 2), "therapist2", 20, 6, "client2"),
    ("Lukas", "Novak", date(1982, 2, 17), "counsellor", 2, None, None),
    ("Hannah", "Kowalczyk", date(1990, 8, 8), "counsellor", 0, None, None),
    ("Jonas", "Berg", date(1979, 3, 3), "therapist2", 5, None, None),
    ("Lina", "Haddad", date(2010, 6, 14), "therapist2", 2, None, None),
]

# The language of a portal account where it is not the browser's (issue 16): Daniel reads
# the portal in Dutch, so a visitor sees it without changing a setting.
PORTAL_LANGUAGES = {"client-nl": "nl"}

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
    # IPSRT: SRM-5 weeks and a mania screen that is positive at the latest session.
    "Jonas": ("ipsrt", 16, 17, (), ()),
    # IPT-A: without OPENIPT_SHOW_PHQA the course asks the PHQ-9 and the ASQ.
    "Lina": ("ipt_a", 12, 15, (), ()),
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
# (client's first name, session number) where the demo client's mania screen is positive.
MANIA_DEMO = ("Jonas", 5)
# Steady SRM-5 weekdays (first) and a later weekend (second).
RHYTHM_DAYS = {
    "out_of_bed": (time(7, 15), time(8, 30)),
    "first_contact": (time(7, 45), time(9, 0)),
    "start_of_activity": (time(9, 0), time(10, 30)),
    "dinner": (time(18, 45), time(19, 15)),
    "to_bed": (time(22, 45), time(0, 15)),
}
# The portal client who starts the next PHQ-9 at home, answers item 9 "Several days" and
# leaves it unsent: the flag is raised at once and shows as "from an unfinished
# questionnaire" on the supervision page (and on her group's session 4, the half-way PHQ-9).
UNSENT_RISK_DEMO = "Amina"

# Group IPT (docs/groups.md): a running group of 8 led by the counsellor at Hillside, at
# session 4 of 8 today. Members: (given, family, born, PHQ-9 at the pre-group screen,
# attendance at sessions 1-3: "a" attended, "l" late, "d" did not attend, "c" cancelled).
GROUP = {
    "name": "Hillside Tuesday group",
    "facilitator": "counsellor",
    "place": "Community room",
    "language": "English",
    "planned": 8,
}
GROUP_CLIENTS = [
    ("Grace", "Namuli", date(1986, 3, 9), 17, "aaa"),
    ("Esther", "Achieng", date(1992, 7, 21), 15, "ala"),
    ("Ruth", "Okello", date(1979, 12, 2), 19, "add"),  # missed the last two: follow up
    ("Joyce", "Adeyemi", date(1995, 5, 30), 13, "aaa"),
    ("Sarah", "Lindgren", date(1983, 10, 11), 16, "aca"),
    ("Mercy", "Boateng", date(1990, 1, 17), 12, "laa"),
    ("Faith", "Osei", date(1988, 9, 4), 18, "aaa"),
]
# Amina (client2) is the eighth member.
GROUP_PORTAL_MEMBER = ("Amina", 14, "aaa")
# Group IPC (docs/groups.md, "Modalities that run as a group"): a planned group of the
# therapist at Riverside, its first meeting in six days; three members screened and accepted.
# (given, family, born, PHQ-9 at the pre-group screen)
IPC_GROUP = {
    "name": "Riverside Thursday group",
    "facilitator": "therapist",
    "place": "Meeting room 1",
    "language": "English",
}
IPC_GROUP_CLIENTS = [
    ("Lucia", "Moreno", date(1991, 2, 14), 13),
    ("Hamid", "Karimi", date(1984, 8, 3), 16),
    ("Nora", "Lindahl", date(1997, 11, 22), 12),
]
# Screened and declined: an acute suicidal crisis at the pre-group screen, referred on.
GROUP_DECLINED = ("Irene", "Kamau", date(1984, 4, 26))
# The organisation's safety lead (docs/measures.md), by demo username.
SAFETY_LEAD = "supervisor"
# Reminders (docs/reminders.md): the demo's neutral sender, where sessions take place, the
# portal client whose next session is always reminded when the demo starts, and the one
# who is reminded by text message (printed by the console SMS backend).
DEMO_SENDER = {"sender_name": "Riverside appointments", "sms_sender": "Riverside"}
DEMO_LOCATION = "Riverside Centre, 14 Mill Lane, room 2"
REMINDED_CLIENT = "Maya"
SMS_CLIENT = ("Amina", "07700 900461")

# Courses that ended over the last fifteen months at both sites, so the outcome dashboard
# (docs/outcomes.md) has quarters of figures rather than suppressed cells: one course a
# week, ending three weeks before today and earlier. Made through the same actions.
HISTORY_COURSES = 64
HISTORY_CLINICIANS = ("therapist", "therapist2", "counsellor", "therapist")
HISTORY_GIVEN = (
    "Aisha", "Ben", "Chloe", "Dev", "Elif", "Farid", "Grace", "Hugo",
    "Ines", "Jamal", "Kira", "Leo", "Mina", "Noah", "Olga", "Pavel",
)  # fmt: skip
HISTORY_FAMILY = (
    "Adeyemi", "Brooks", "Castillo", "Dimitrov", "Evans", "Fischer", "Gallagher", "Hughes",
    "Ivanova", "Jensen", "Kowalski", "Lindgren", "Moreau", "Nakamura", "O'Neill", "Patel",
    "Quinn",
)  # fmt: skip


def demo_answers(code, total, *, item9=0):
    """Answers that add up to `total`, spread evenly over the scored items, each from its
    lowest to its highest score."""
    items = [item for item in instruments.get(code).ITEMS if item.scored]
    answers = {item.key: item.min_score for item in items}
    total -= sum(answers.values())
    if code == "phq9":
        answers["q9"] = item9
        total -= item9
        items = [item for item in items if item.key != "q9"]
    for index in range(max(total, 0)):
        item = items[index % len(items)]
        answers[item.key] = min(answers[item.key] + 1, item.max_score)
    return answers


@transaction.atomic
def build():
    """The demo organisation with its staff and clients; returns the organisation."""
    name, slug = DEMO_ORGANISATION
    organisation, _ = Organisation.objects.get_or_create(
        slug=slug,
        defaults={"name": name, "cosign_counsellor_notes": True, **DEMO_CRISIS_INFORMATION},
    )
    sites = _sites(organisation)
    staff = {row[0]: _staff_member(organisation, sites, *row) for row in STAFF}
    _training(staff, date.today())
    if organisation.safety_lead_id is None:
        update_organisation(staff["admin"], organisation, safety_lead=staff[SAFETY_LEAD])
    if not organisation.crisis_by_language:
        set_crisis_by_language(staff["admin"], organisation, DEMO_CRISIS_BY_LANGUAGE)
    for row in CLIENTS:
        _client(organisation, staff, *row)
    _group(organisation, staff)
    for past in past_courses(date.today()):
        _past_course(organisation, staff, past)
    _ipc_group(organisation, staff)
    _reminders(organisation, staff)
    return organisation


def _reminders(organisation, staff):
    """The neutral sender, and one client reminded by text message."""
    if not MessageSettings.objects.filter(organisation=organisation).exists():
        reminder_actions.update_message_settings(staff["admin"], organisation, **DEMO_SENDER)
    given, phone = SMS_CLIENT
    client = Client.objects.get(organisation=organisation, given_name=given)
    if not ContactPreference.objects.filter(client=client).exists():
        update_client(client.clinician, client, phone=phone)
        reminder_actions.set_contact_preference(
            client.clinician,
            client,
            channel="sms",
            quiet_from=time(21, 0),
            quiet_until=time(8, 0),
            language="en",
        )


def ensure_a_reminder_is_due(now=None):
    """When the demo starts (`openipt demo-serve`), make sure at least one reminder is due:
    the demo portal client's next session is moved into the next 24 hours, to a time not
    reminded yet, so the scheduler's first pass sends its reminder. Returns the session."""
    now = now or timezone.now()
    client = Client.objects.filter(
        organisation__slug=DEMO_ORGANISATION[1], given_name=REMINDED_CLIENT
    ).first()
    if client is None:
        return None
    session = (
        client.episodes.get()
        .sessions.filter(attendance=Attendance.SCHEDULED)
        .order_by("scheduled_for")
        .first()
    )
    if session is None:
        return None
    reminded = Message.objects.filter(kind="session", subject_id=session.pk, client=client)
    if now < session.scheduled_for <= now + timedelta(hours=24) and not reminded.exists():
        return session
    # Two hours from now, to the minute: a time no earlier start of the demo has used.
    moment = (now + timedelta(hours=2)).replace(second=0, microsecond=0) + timedelta(minutes=1)
    return course_actions.reschedule_session(
        client.clinician,
        session,
        scheduled_for=moment,
        reason="Demo: moved so that a reminder is due when the demo starts.",
    )


def _sites(organisation):
    """The demo sites by name. A demo database migrated from before sites has everyone
    on a "Main site": that becomes the first demo site, and people move from there."""
    first = SITES[0]
    own = Site.objects.filter(organisation=organisation)
    if not own.filter(name=first).exists():
        own.filter(name=DEFAULT_SITE_NAME).update(name=first)
    return {
        name: Site.objects.get_or_create(organisation=organisation, name=name)[0] for name in SITES
    }


def logins():
    """Lines that tell a visitor how to sign in as each demo person."""
    lines = [f"Demo logins (password for every one: {DEMO_PASSWORD})"]
    for username, first, last, role, _, site in STAFF:
        where = f" at {site}" if site else ""
        lines.append(f"  {username:<12} {first} {last}, {role.label}{where}")
    for given, family, *_, login in CLIENTS:
        if login:
            language = PORTAL_LANGUAGES.get(login)
            reads = f", in {get_language_info(language)['name']}" if language else ""
            lines.append(f"  {login:<12} {given} {family}, client portal{reads}")
    return lines


def _staff_member(organisation, sites, username, first, last, role, supervisor, site):
    site = sites.get(site)
    user = User.objects.filter(username=username).first()
    if user is None:
        user = User(username=username, organisation=organisation, role=role, site=site)
        user.first_name, user.last_name = first, last
        user.email = f"{username}@riverside-demo.invalid"
        user.supervisor = User.objects.filter(username=supervisor).first()
        user.set_password(DEMO_PASSWORD)
        user.save()
    elif user.site_id != (site and site.pk):
        # A demo database from before sites: put the person where the demo has them.
        user.site = site
        user.save(update_fields=["site"])
    return user


# The demo staff's IPT training (docs/modalities.md, "Who may start what"): (clinician,
# training, modality, months ago, certified, signed off by). The counsellor is trained in
# IPC only; the second therapist's individual IPT course still waits for its sign-off.
DEMO_TRAINING = [
    ("therapist", "IPT practitioner course and supervised cases", "individual_ipt", 40, True, None),
    ("therapist", "IPT for adolescents workshop", "ipt_a", 18, False, "supervisor"),
    ("therapist2", "IPT practitioner course", "individual_ipt", 8, False, None),
    ("therapist2", "Group IPT facilitation", "group_ipt", 20, False, "supervisor"),
    ("counsellor", "Interpersonal Counselling training", "ipc", 14, False, "supervisor"),
    ("counsellor", "Group IPT facilitation", "group_ipt", 12, False, "supervisor"),
]


def _training(staff, today):
    """The demo staff's training records, added once per clinician."""
    for username, name, modality, months_ago, certified, signer in DEMO_TRAINING:
        clinician = staff[username]
        if clinician.training_records.filter(training_name=name).exists():
            continue
        completed = today - timedelta(days=30 * months_ago)
        add_training_record(
            staff["admin"],
            clinician,
            training_name=name,
            modality=modality,
            completed_on=completed,
            certified=certified,
            signed_off_by=staff[signer] if signer else None,
            signed_off_on=completed + timedelta(days=30) if signer else None,
        )


def _client(organisation, staff, given, family, born, clinician, opened, closed, login):
    clinician = staff[clinician]
    client = Client.objects.filter(
        organisation=organisation, given_name=given, family_name=family
    ).first()
    if client is not None:
        if client.site_id != clinician.site_id:  # a demo database from before sites
            update_client(clinician, client, site=clinician.site)
        if login and client.user_id is None:  # a demo database from before this login
            _portal_account(client, login)
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
        clinician, plan, first_at=first_at, count=min(held + 1, planned), location=DEMO_LOCATION
    )
    for session in sessions[:held]:
        # The latest note of a course still running is left as a draft to finish.
        draft = session.number == held < planned
        _session(clinician, plan, session, missed, undone, draft_note=draft)
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
        ended_on = start + timedelta(weeks=planned - 1)
        measure_actions.end_course(
            clinician,
            plan,
            ended_on=ended_on,
            reason="completed",
            problem_area_progress="Back in touch with friends; arguments at home are rarer.",
            future_plan="Keep the weekly walk with a friend; relapse plan on the fridge.",
            follow_up="booster",
            follow_up_first_on=ended_on + timedelta(weeks=BOOSTER_WEEKS),
            follow_up_count=1,
        )
        _booster(clinician, episode)


# A completed demo course has one booster this many weeks after its ending.
BOOSTER_WEEKS = 6


def _booster(clinician, episode):
    """The completed course's booster, recorded when its day has passed: held by telephone,
    the relapse-prevention plan still fitting."""
    booster = episode.follow_up_sessions.get()
    if booster.scheduled_for >= timezone.localdate():
        return
    course_actions.record_follow_up(
        clinician,
        booster,
        attendance="attended",
        held_on=booster.scheduled_for,
        duration_minutes=45,
        delivery_mode="telephone",
        warning_signs="still_fit",
        symptoms_returned="none",
        what_helped="Keeping the weekly walk and calling a friend when sleep slips.",
    )


def _session(clinician, plan, session, missed, undone, targets=None, *, draft_note=False):
    if session.number in missed:
        course_actions.record_session(
            clinician,
            session,
            held_on=session.scheduled_for.date(),
            duration_minutes=None,
            attendance="did_not_attend",
        )
        return
    _measures(clinician, plan, session, targets)
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
        # The demo records the scores, the inventory, the timeline and the problem area
        # with their tools; a tick whose tool still holds nothing at this session is said
        # done in the room and not recorded, so its fidelity page counts it apart.
        without_record={key for key, _, _ in tasks},
    )
    _progress_note(clinician, session, draft=draft_note)


def _progress_note(clinician, session, *, draft):
    """An attended session's progress note, signed or (`draft`) left to finish. The
    counsellor's signed notes wait for the supervisor's co-signature: the demo organisation
    asks for it."""
    sections = {
        "discussed": f"Session {session.number}: the week since the last session, the mood "
        "ratings, and what happened at home.",
        "interventions": "Linked the changes in mood to what happened with the people "
        "involved; went over one conversation in detail.",
        "response": "Engaged; recognised the pattern and suggested the next step herself.",
        "plan": "Homework agreed; pick up the same conversation next time.",
    }
    if draft:
        course_actions.save_note_draft(clinician, session, sections=sections)
    else:
        course_actions.sign_note(clinician, session, sections=sections)


def _measures(clinician, plan, session, targets=None):
    """What the course schedule expects at the session (measures.due, the same rule the
    caseload and fidelity use), so fidelity is full and charts have something to show:
    PHQ-9 and GAD-7 ease from the intake score towards recovery; one demo client answers
    item 9 at session 3 (an open risk flag to resolve) and another has a positive mania
    screen (an alert for the supervisor); IPSRT clients bring an SRM-5 week."""
    episode = plan.episode
    found = measures_due(episode)
    if found is None or found.session.pk != session.pk:
        return
    for code in found.codes:
        if code == srm5.CODE:
            _rhythm_week(clinician, episode, session)
        else:
            record_administration(
                clinician,
                episode,
                code,
                _answers_for(code, plan, session, targets),
                administered_on=session.scheduled_for.date(),
                respondent="client_in_session",
                session=session,
            )


def _answers_for(code, plan, session, targets=None):
    """PHQ-9 from `targets` (first, last), by default from the intake's PHQ-9 to 6, in a
    straight line over the planned sessions; the other measures follow it."""
    episode = plan.episode
    start, end = targets or (course_queries.latest_intake(episode).phq9_total, 6)
    progress = (session.number - 1) / max(plan.planned_sessions - 1, 1)
    phq9 = min(round(start + (end - start) * progress), 24)
    who = (episode.client.given_name, session.number)
    totals = {
        "phq9": phq9,
        "gad7": min(round(phq9 * 0.7), 21),
        "wsas": min(phq9, 40),
        "asrm": 8 if who == MANIA_DEMO else 2,
        "waisr": 46,
    }
    if code in totals:
        return demo_answers(code, totals[code], item9=1 if who == RISK_DEMO else 0)
    # Everything else (the ASQ): the answers that raise nothing.
    return {item.key: "no" for item in instruments.QUESTIONNAIRES[code].items if item.required}


@dataclass(frozen=True)
class PastCourse:
    given: str
    family: str
    born: date
    clinician: str  # demo username
    modality: str
    planned: int
    referred_on: date
    first_session: date
    held: int  # sessions recorded, attended or missed
    missed: tuple  # session numbers missed
    reason: str
    phq9: tuple  # (first, last) PHQ-9 the course moves between

    @property
    def ended_on(self):
        return self.first_session + timedelta(weeks=self.held - 1)


def past_courses(today):
    """HISTORY_COURSES ended courses, the same every run (a fixed seed) but for the dates,
    counted back from `today`: about one in eight drops out after one session, a few end
    early, the rest complete; about half recover, some improve, a few deteriorate."""
    rng = random.Random(2026)
    courses = []
    for index in range(HISTORY_COURSES):
        clinician = HISTORY_CLINICIANS[index % len(HISTORY_CLINICIANS)]
        modality, planned = ("ipc", 4) if clinician == "counsellor" else ("individual_ipt", 8)
        roll = rng.random()
        if roll < 0.12:
            reason, held, missed = "dropped_out", 3, (2, 3)
        elif roll < 0.18:
            reason, held, missed = "ended_early", planned - 1, ()
        else:
            skipped = (rng.randint(2, planned - 1),) if rng.random() < 0.25 else ()
            reason, held, missed = "completed", planned, skipped
        ended_on = today - timedelta(weeks=3 + index)
        first_session = ended_on - timedelta(weeks=held - 1)
        wait = timedelta(weeks=rng.choice((1, 2, 2, 3, 3, 4, 4, 5, 6, 6, 8, 12, 20)))
        # Counsellors' clients start below the step-up threshold (20), so the history
        # sends the supervisor no alerts.
        start = rng.randint(9, 17) if clinician == "counsellor" else rng.randint(8, 22)
        courses.append(
            PastCourse(
                given=HISTORY_GIVEN[index % len(HISTORY_GIVEN)],
                family=HISTORY_FAMILY[index % len(HISTORY_FAMILY)],
                born=date(1960 + index % 40, 1 + index % 12, 1 + index % 28),
                clinician=clinician,
                modality=modality,
                planned=planned,
                referred_on=first_session - wait,
                first_session=first_session,
                held=held,
                missed=missed,
                reason=reason,
                phq9=(start, _last_phq9(rng, start)),
            )
        )
    return courses


def _last_phq9(rng, start):
    roll = rng.random()
    if roll < 0.55:
        return rng.randint(2, 8)  # below the PHQ-9 cut-off: recovered if a case
    if roll < 0.72:
        return max(start - 7, 10)  # reliably better, still a case
    if roll < 0.94:
        return max(start + rng.randint(-3, 2), 0)  # no reliable change
    return min(start + 7, 24)  # reliably worse


def _past_course(organisation, staff, past):
    """One past course: the client registered, referred, screened, treated weekly from the
    first session, scored as the course schedule expects, and the course ended and the
    episode closed, all through the actions."""
    clinician = staff[past.clinician]
    client = Client.objects.filter(
        organisation=organisation, given_name=past.given, family_name=past.family
    ).first()
    if client is not None:
        if client.site_id != clinician.site_id:  # a demo database from before sites
            update_client(clinician, client, site=clinician.site)
        return client
    client = register_client(
        clinician, given_name=past.given, family_name=past.family, date_of_birth=past.born
    )
    episode = open_episode(
        clinician,
        client,
        opened_on=past.referred_on,
        presenting_concerns="Low mood and withdrawal after a change at work.",
    )
    course_actions.record_intake(
        clinician,
        episode,
        screened_on=past.referred_on
        + timedelta(days=min(7, (past.first_session - past.referred_on).days)),
        phq9_total=past.phq9[0],
        symptoms="Low mood, poor sleep.",
        fit_answers=["relationship_stress"],
        notes="",
        **NO_EXCLUSIONS,
    )
    minutes = modalities.get(past.modality).session_minutes[1]
    plan = course_actions.start_course(
        clinician,
        episode,
        modality=past.modality,
        planned_sessions=past.planned,
        session_minutes=minutes,
        frequency="weekly",
        started_on=past.first_session,
    )
    first_at = timezone.make_aware(datetime.combine(past.first_session, time(10)))
    sessions = course_actions.schedule_sessions(clinician, plan, first_at=first_at, count=past.held)
    for session in sessions:
        _session(clinician, plan, session, past.missed, (), targets=past.phq9)
    measure_actions.end_course(
        clinician,
        plan,
        ended_on=past.ended_on,
        reason=past.reason,
        problem_area_progress="Reviewed together at the last session.",
        future_plan="Relapse-prevention plan agreed.",
        close=True,
    )
    return client


def _rhythm_week(clinician, episode, session):
    """The week before the session, tied to it: steady weekdays, a later weekend."""
    record_rhythm_week(
        clinician,
        episode,
        week_starting=session.scheduled_for.date() - timedelta(days=7),
        times={
            key: [weekday] * 5 + [weekend] * 2 for key, (weekday, weekend) in RHYTHM_DAYS.items()
        },
        session=session,
    )


def _unsent_phq9_with_item_9(client):
    """Questions 1-9 of the PHQ-9 due next, saved from the portal and not sent."""
    due = next((row.due for row in due_for_client(client) if row.due), None)
    if due is None or "phq9" not in due.codes:
        return
    answers = demo_answers("phq9", 14, item9=1)
    measure_actions.save_questionnaire_draft(client.user, client, due.session, "phq9", answers)


def _portal_account(client, username):
    user = User(
        username=username,
        organisation_id=client.organisation_id,
        role=Role.CLIENT,
        language=PORTAL_LANGUAGES.get(username, ""),
    )
    user.first_name, user.last_name, user.email = (
        client.given_name,
        client.family_name,
        client.email,
    )
    user.set_password(DEMO_PASSWORD)
    user.save()
    client.user = user
    client.save(update_fields=["user"])


# --- the group -----------------------------------------------------------------------------


def _group(organisation, staff):
    """The running group, through the group actions; left alone when it exists."""
    facilitator = staff[GROUP["facilitator"]]
    if Group.objects.filter(organisation=organisation, name=GROUP["name"]).exists():
        return
    today = date.today()
    first_at = timezone.make_aware(datetime.combine(today - timedelta(weeks=3), time(14)))
    group = group_actions.create_group(
        facilitator,
        name=GROUP["name"],
        site=facilitator.site,
        modality="group_ipt",
        place=GROUP["place"],
        language=GROUP["language"],
        facilitator=facilitator,
        co_facilitator=None,
        planned_sessions=GROUP["planned"],
        session_minutes=90,
        membership=Membership.CLOSED,
        first_session_at=first_at,
    )
    screened_on = today - timedelta(weeks=5)
    attendance = {}
    for given, family, born, phq9, pattern in GROUP_CLIENTS:
        client = register_client(
            facilitator,
            given_name=given,
            family_name=family,
            date_of_birth=born,
            email=f"{given.lower()}@example.invalid",
        )
        member = _join(facilitator, group, client, phq9, screened_on)
        attendance[member.pk] = pattern
    given, phq9, pattern = GROUP_PORTAL_MEMBER
    amina = Client.objects.get(organisation=organisation, given_name=given)
    attendance[_join(facilitator, group, amina, phq9, screened_on).pk] = pattern
    _declined(facilitator, group, screened_on)
    for number in (1, 2, 3):
        _group_session(facilitator, group, number, attendance)
    _supervision_notes(facilitator, group, first_at.date())
    # Her next questionnaire (the half-way PHQ-9 of session 4), begun at home.
    _unsent_phq9_with_item_9(amina)


def _ipc_group(organisation, staff):
    """A planned group IPC, through the group actions; left alone when it exists."""
    facilitator = staff[IPC_GROUP["facilitator"]]
    if Group.objects.filter(organisation=organisation, name=IPC_GROUP["name"]).exists():
        return
    today = date.today()
    ipc = modalities.get("ipc")
    group = group_actions.create_group(
        facilitator,
        name=IPC_GROUP["name"],
        site=facilitator.site,
        modality=ipc.code,
        place=IPC_GROUP["place"],
        language=IPC_GROUP["language"],
        facilitator=facilitator,
        co_facilitator=None,
        planned_sessions=ipc.group_planned_default,
        session_minutes=ipc.group.session_minutes,
        membership=Membership.OPEN,
        first_session_at=timezone.make_aware(datetime.combine(today + timedelta(days=6), time(14))),
    )
    for given, family, born, phq9 in IPC_GROUP_CLIENTS:
        client = register_client(
            facilitator,
            given_name=given,
            family_name=family,
            date_of_birth=born,
            email=f"{given.lower()}@example.invalid",
        )
        _join(facilitator, group, client, phq9, today - timedelta(days=8))


def _join(facilitator, group, client, phq9, screened_on):
    member = group_actions.add_member(facilitator, group, client)
    group_actions.record_pre_group_session(
        facilitator,
        member,
        group_actions.PreGroupMeeting(number=1, ground_rules_agreed=True, consent_given=True),
        screen={
            "screened_on": screened_on,
            "symptoms": "Low mood and withdrawn since a loss or change at home.",
            "fit_answers": ["relationship_stress"],
            "notes": "",
            **NO_EXCLUSIONS,
        },
        phq9_answers=demo_answers("phq9", phq9),
    )
    group_actions.set_member_focus(
        facilitator,
        member,
        problem_area="role_transition" if phq9 % 2 else "role_dispute",
        goal="Speak up once a week about what I need at home.",
    )
    return group_actions.decide(
        facilitator,
        member,
        accept=True,
        decided_on=screened_on + timedelta(days=7),
        reason="Willing to share in a group and able to come weekly.",
    )


def _declined(facilitator, group, screened_on):
    given, family, born = GROUP_DECLINED
    client = register_client(
        facilitator,
        given_name=given,
        family_name=family,
        date_of_birth=born,
        email=f"{given.lower()}@example.invalid",
    )
    member = group_actions.add_member(facilitator, group, client)
    group_actions.record_pre_group_session(
        facilitator,
        member,
        group_actions.PreGroupMeeting(number=1),
        screen={
            "screened_on": screened_on,
            "symptoms": "Says she has a plan to end her life.",
            "fit_answers": [],
            "notes": "",
            **{**NO_EXCLUSIONS, "suicidal_crisis": True},
        },
        referral={
            "referred_to": "Crisis resolution team",
            "reason": "Acute suicidal crisis at the pre-group screen.",
            "referred_on": screened_on,
        },
    )


MARKS = {"a": "attended", "l": "late", "d": "did_not_attend", "c": "cancelled"}


def _group_session(facilitator, group, number, attendance):
    """Session `number` as the one page records it: each member's attendance, and the
    questionnaire their course expects (the baseline PHQ-9, then the check-in)."""
    group_session = group_queries.session_of(group, number)
    sheet = group_queries.session_sheet(group, group_session)
    rows = []
    for line in sheet["lines"]:
        mark = MARKS[attendance[line.member.pk][number - 1]]
        present = mark in ("attended", "late")
        base = course_queries.latest_intake(line.member.episode).phq9_total
        measures = {
            code: demo_answers("phq9", max(base - number, 0))
            if code == "phq9"
            else {"mood": 0 if number > 2 else 1, "q9": 0}
            for code in line.outstanding
        }
        rows.append(
            group_actions.MemberRow(
                member=line.member,
                attendance=mark,
                brought="Spoke about a hard week at home." if present else "",
                homework="Ask someone close for help with one thing." if present else "",
                measures=measures if present else {},
            )
        )
    group_actions.record_group_session(
        facilitator,
        group_session,
        took_place=True,
        held_on=timezone.localdate(group_session.scheduled_for),
        duration_minutes=90,
        tasks=[(item.task.key, "done", "") for item in sheet["agenda"]],
        rows=rows,
    )


def _supervision_notes(facilitator, group, first_day):
    """Week 1 reviewed by the supervisor; last week's note waiting for them."""
    supervisor = facilitator.supervisor
    first = group_actions.write_supervision_note(
        facilitator,
        group,
        week_of=first_day,
        happened="First session: ground rules agreed, everyone shared a little.",
        concerns="",
        members_to_discuss=[],
    )
    group_actions.acknowledge_supervision_note(supervisor, first, comment="A good start.")
    group_actions.write_supervision_note(
        facilitator,
        group,
        week_of=first_day + timedelta(weeks=2),
        happened="Third session: role plays about asking for help.",
        concerns="One member has missed two sessions in a row.",
        members_to_discuss=list(group.members.filter(client__given_name="Ruth")),
    )
