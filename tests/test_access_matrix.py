"""The access matrix: every URL pattern of the project, every named person, the
status each must get. A new URL pattern without a row here fails the suite.

People (openipt/testing/people.py): the owning clinician, their supervisor, the
supervisor of another team (the unrelated clinician's), an unrelated clinician of the
same organisation, the organisation admin, a programme lead (outcome figures of the whole
organisation, no client records), a clinician of another organisation, the client,
another client, and anonymous; and for groups a co-facilitator (in the other supervisor's
team) and a second group member. Rows that do not name the last two expect of them what
they expect of the unrelated clinician and of another client: outside a group they are
just that.
"""

from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone

from openipt.groups.actions import write_supervision_note
from openipt.groups.tests import builders as group_builders
from openipt.measures.actions import record_administration, start_rhythm_diary
from openipt.measures.instruments import QUESTIONNAIRES
from openipt.measures.tests.builders import answers_totalling
from openipt.outcomes import periods
from openipt.outcomes.tests.builders import summary_row
from openipt.protocol.actions import alert_supervisor, request_start
from openipt.protocol.escalation import Reason
from openipt.protocol.tests import builders as course_builders
from openipt.protocol.tests.builders import course_with_sessions
from openipt.testing.people import make_client
from openipt.testing.urls import url_names

PEOPLE = (
    "owner",
    "supervisor",
    "other_supervisor",
    "unrelated",
    "admin",
    "programme_lead",
    "other_org_clinician",
    "client_user",
    "another_client_user",
    "anonymous",
    "co_facilitator",
    "second_member_user",
)
NAMED_IN_EVERY_ROW = PEOPLE[:10]

LOGIN = 302  # anonymous users are sent to the sign-in page


def row(*statuses, co_facilitator=None, second_member_user=None):
    """Expected statuses in the order of PEOPLE; the co-facilitator and the second member
    expect what the unrelated clinician and another client do unless the row says."""
    expected = dict(zip(NAMED_IN_EVERY_ROW, statuses, strict=True))
    expected["co_facilitator"] = expected["unrelated"] if co_facilitator is None else co_facilitator
    expected["second_member_user"] = (
        expected["another_client_user"] if second_member_user is None else second_member_user
    )
    return expected


def everyone(status):
    return row(*([status] * len(NAMED_IN_EVERY_ROW)))


def signed_in(status):
    return row(*([status] * (len(NAMED_IN_EVERY_ROW) - 1)), LOGIN)


STAFF_ONLY = row(200, 200, 200, 200, 200, 200, 200, 403, 403, LOGIN)
CLINICIANS_ONLY = row(200, 403, 403, 200, 403, 403, 200, 403, 403, LOGIN)
ADMIN_ONLY = row(403, 403, 403, 403, 200, 403, 403, 403, 403, LOGIN)
# Group pages name members: the programme lead (figures only) is refused them.
GROUP_ADMIN_FIELDS = row(200, 200, 200, 403, 200, 403, 404, 403, 403, LOGIN, co_facilitator=200)
GROUP_VIEW = row(200, 200, 200, 403, 403, 403, 404, 403, 403, LOGIN, co_facilitator=200)
GROUP_CHANGE = row(200, 403, 403, 403, 403, 403, 404, 403, 403, LOGIN, co_facilitator=200)


def open_flag(p):
    """An open flag on the owner's client (created directly: only its existence matters)."""
    return p.episode.risk_flags.create(
        organisation=p.owner.organisation,
        client=p.client,
        instrument="phq9",
        reason="self_harm_item",
        item_key="q9",
        item_label="Thoughts of death or self-harm",
        answer_value="1",
        answer_label="Several days",
        administration=p.episode.administrations.create(
            organisation=p.owner.organisation,
            recorded_by=p.owner,
            instrument="phq9",
            instrument_version="1",
            administered_on=p.episode.opened_on,
            answers={"q9": 1},
            total=1,
            band="minimal",
            flags=["self_harm_item"],
        ),
    )


# url name -> (function from people to URL arguments, expected status per person)
MATRIX = {
    "home": (None, everyone(302)),
    "accounts:login": (None, row(302, 302, 302, 302, 302, 302, 302, 302, 302, 200)),
    "accounts:logout": (None, everyone(405)),  # POST only
    "accounts:account": (None, signed_in(200)),
    "accounts:two_factor_setup": (None, signed_in(200)),
    "accounts:two_factor_verify": (None, signed_in(200)),
    "accounts:recovery_codes": (None, signed_in(405)),  # POST only
    "accounts:calendar_feed": (None, signed_in(405)),  # POST only
    "accounts:password_change": (None, signed_in(200)),
    "accounts:password_change_done": (None, signed_in(200)),
    "accounts:password_reset": (None, everyone(200)),
    "accounts:language": (None, signed_in(200)),
    "set_language": (None, everyone(302)),  # public: the language switcher (POST sets)
    "accounts:password_reset_done": (None, everyone(200)),
    "accounts:password_reset_confirm": (
        lambda p: {"uidb64": "MQ", "token": "not-a-real-token"},
        everyone(200),  # shows "this link cannot be used"
    ),
    "accounts:password_reset_complete": (None, everyone(200)),
    "portal:home": (None, row(403, 403, 403, 403, 403, 403, 403, 200, 200, LOGIN)),
    "portal:invitation": (lambda p: {"token": "not-a-real-token"}, everyone(410)),
    "portal:crisis": (None, everyone(200)),  # public on purpose
    "portal:self_assessment": (None, everyone(200)),  # public, stores nothing
    "clinic:caseload": (None, CLINICIANS_ONLY),
    "clinic:clients": (None, STAFF_ONLY),
    "clinic:client_new": (None, CLINICIANS_ONLY),
    "clinic:client": (
        lambda p: {"pk": p.client.pk},
        row(200, 200, 403, 403, 200, 403, 404, 403, 403, LOGIN),
    ),
    "clinic:client_edit": (
        lambda p: {"pk": p.client.pk},
        row(200, 403, 403, 403, 200, 403, 404, 403, 403, LOGIN),
    ),
    "clinic:episode_new": (
        lambda p: {"pk": p.client.pk},
        row(200, 403, 403, 403, 403, 403, 404, 403, 403, LOGIN),
    ),
    "clinic:client_audit": (
        lambda p: {"pk": p.client.pk},
        row(403, 200, 403, 403, 200, 403, 404, 403, 403, LOGIN),
    ),
    # Messages to a client hold no clinical content: whoever may see the client record.
    "clinic:client_messages": (
        lambda p: {"pk": p.client.pk},
        row(200, 200, 403, 403, 200, 403, 404, 403, 403, LOGIN),
    ),
    "clinic:message_settings": (None, ADMIN_ONLY),
    "portal:reminders": (None, row(403, 403, 403, 403, 403, 403, 403, 200, 200, LOGIN)),
    # Public: an unknown stop link is gone for everyone; the SMS callback takes POST only.
    "portal:stop": (lambda p: {"token": "not-a-real-token"}, everyone(410)),
    "portal:sms_inbound": (None, everyone(405)),
    # A client without a portal account: the page offers its invitation form.
    "clinic:client_invite": (
        lambda p: {"pk": make_client(p.owner, "Jo").pk},
        row(200, 403, 403, 403, 403, 403, 404, 403, 403, LOGIN),
    ),
    # POST only: the treating clinician sends the client a password reset.
    "clinic:client_password_reset": (
        lambda p: {"pk": p.client.pk},
        row(405, 403, 403, 403, 403, 403, 404, 403, 403, LOGIN),
    ),
    "clinic:episode": (
        lambda p: {"pk": p.episode.pk},
        row(200, 200, 403, 403, 403, 403, 404, 403, 403, LOGIN),
    ),
    # Removing a record made in error (issue 17, item 11): the organisation admin only;
    # another organisation's admin gets 404 (caseload/tests/test_erasure.py).
    "clinic:client_remove": (lambda p: {"pk": p.client.pk}, ADMIN_ONLY),
    "clinic:episode_remove": (lambda p: {"pk": p.episode.pk}, ADMIN_ONLY),
    "clinic:calendar": (None, CLINICIANS_ONLY),
    # The feed is opened by its secret address alone; an unknown address is a 404 to all.
    "clinic:calendar_feed": (lambda p: {"token": "not-a-real-token"}, everyone(404)),
    "clinic:supervision": (None, row(403, 200, 200, 403, 403, 403, 403, 403, 403, LOGIN)),
    # --- the outcome dashboard (issue 11): a supervisor's team; the admin and a programme
    # lead the whole organisation as figures only. The episodes behind a figure are the
    # supervisor's alone (another team's supervisor gets their own, empty, list).
    "clinic:outcomes": (None, row(403, 200, 200, 403, 200, 200, 403, 403, 403, LOGIN)),
    "clinic:outcomes_csv": (None, row(403, 200, 200, 403, 200, 200, 403, 403, 403, LOGIN)),
    "clinic:outcome_episodes": (
        lambda p: {"figure": _recovered_last_quarter(p)},
        row(403, 200, 200, 403, 403, 403, 403, 403, 403, LOGIN),
    ),
    "clinic:organisation": (None, row(403, 403, 403, 403, 200, 403, 403, 403, 403, LOGIN)),
    "clinic:crisis_by_language": (None, ADMIN_ONLY),
    # --- sites and staff (issue 11): the organisation admin only. Another organisation's
    # admin gets 404 on the object pages (clinic/tests/test_staff_pages.py); the other
    # organisation's clinician is refused by role first (403), like every admin page.
    "clinic:staff": (None, ADMIN_ONLY),
    "clinic:staff_invite": (None, ADMIN_ONLY),
    "clinic:staff_member": (lambda p: {"pk": p.owner.pk}, ADMIN_ONLY),
    "clinic:staff_reassign": (lambda p: {"pk": p.owner.pk}, ADMIN_ONLY),
    # A clinician's IPT training records (issue 14, item 4): the admin and the clinician's
    # own supervisor; anyone else is refused by role or team (403).
    "clinic:staff_training": (
        lambda p: {"pk": p.owner.pk},
        row(403, 200, 403, 403, 200, 403, 403, 403, 403, LOGIN),
    ),
    "clinic:sites": (None, ADMIN_ONLY),
    "clinic:site": (lambda p: {"pk": p.owner.site_id}, ADMIN_ONLY),
    "accounts:staff_invitation": (lambda p: {"token": "not-a-real-token"}, everyone(410)),
    # --- measures, risk flags, outcomes, FHIR (issue 3) ---
    "clinic:measure_new": (
        lambda p: {"pk": p.episode.pk},
        row(200, 403, 403, 403, 403, 403, 404, 403, 403, LOGIN),
    ),
    "clinic:progress_report": (
        lambda p: {"pk": p.episode.pk},
        row(200, 200, 403, 403, 403, 403, 404, 403, 403, LOGIN),
    ),
    # A stored PHQ-9 of the owner's client (created directly: only its existence matters).
    "clinic:measure": (
        lambda p: {
            "pk": p.episode.administrations.create(
                organisation=p.owner.organisation,
                recorded_by=p.owner,
                instrument="phq9",
                instrument_version="1",
                administered_on=p.episode.opened_on,
                answers={},
                total=0,
                band="minimal",
            ).pk
        },
        row(200, 200, 403, 403, 403, 403, 404, 403, 403, LOGIN),
    ),
    "clinic:measure_fhir": (
        lambda p: {
            "pk": p.episode.administrations.create(
                organisation=p.owner.organisation,
                recorded_by=p.owner,
                instrument="phq9",
                instrument_version="1",
                administered_on=p.episode.opened_on,
                answers={"q9": 1},
                total=1,
                band="minimal",
            ).pk
        },
        row(200, 200, 403, 403, 403, 403, 404, 403, 403, LOGIN),
    ),
    "clinic:risk_flag": (
        lambda p: {"pk": open_flag(p).pk},
        row(200, 200, 403, 403, 403, 403, 404, 403, 403, LOGIN),
    ),
    # Handing a flag's follow-up on: the supervisor of the treating clinician only.
    "clinic:risk_flag_reassign": (
        lambda p: {"pk": open_flag(p).pk},
        row(403, 200, 403, 403, 403, 403, 404, 403, 403, LOGIN),
    ),
    "clinic:rhythm_weeks": (
        lambda p: {"pk": p.episode.pk},
        row(200, 200, 403, 403, 403, 403, 404, 403, 403, LOGIN),
    ),
    "clinic:rhythm_week_new": (
        lambda p: {"pk": p.episode.pk},
        row(200, 403, 403, 403, 403, 403, 404, 403, 403, LOGIN),
    ),
    # --- course: intake, contract, sessions, agendas, fidelity (issue 4) ---
    # Viewing: treating clinician and supervisor; changing: treating clinician only. The
    # builders start the owner's course (with session 1 scheduled) through the real actions.
    "clinic:course": (
        lambda p: {"pk": course_builders.started_course(p).pk},
        row(200, 200, 403, 403, 403, 403, 404, 403, 403, LOGIN),
    ),
    "clinic:course_intake": (
        lambda p: {"pk": p.episode.pk},
        row(200, 403, 403, 403, 403, 403, 404, 403, 403, LOGIN),
    ),
    "clinic:course_start": (
        lambda p: {"pk": course_builders.record_intake(p.owner, p.episode).episode_id},
        row(200, 403, 403, 403, 403, 403, 404, 403, 403, LOGIN),
    ),
    "clinic:course_contract": (
        lambda p: {"pk": course_builders.started_course(p).pk},
        row(200, 403, 403, 403, 403, 403, 404, 403, 403, LOGIN),
    ),
    "clinic:course_boundaries": (
        lambda p: {"pk": course_builders.started_course(p).pk},
        row(200, 403, 403, 403, 403, 403, 404, 403, 403, LOGIN),
    ),
    "clinic:course_reschedule": (
        lambda p: {"pk": course_builders.started_course(p).pk, "number": 1},
        row(200, 403, 403, 403, 403, 403, 404, 403, 403, LOGIN),
    ),
    "clinic:course_schedule": (
        lambda p: {"pk": course_builders.started_course(p).pk},
        row(200, 403, 403, 403, 403, 403, 404, 403, 403, LOGIN),
    ),
    "clinic:course_session": (
        lambda p: {
            "pk": course_builders.started_course(p).pk,
            "number": 1,
        },
        row(200, 200, 403, 403, 403, 403, 404, 403, 403, LOGIN),
    ),
    # The parts of the session page: POST only (GET 405 once the gate has run), the
    # treating clinician only; the supervisor reads the page but records nothing.
    **{
        name: (
            lambda p, extra=extra: {
                "pk": course_builders.started_course(p).pk,
                "number": 1,
                **extra(p),
            },
            row(405, 403, 403, 403, 403, 403, 404, 403, 403, LOGIN),
        )
        for name, extra in {
            "clinic:session_attendance": lambda p: {},
            "clinic:session_agenda": lambda p: {},
            "clinic:session_measure": lambda p: {"code": "phq9"},
            "clinic:session_homework_review": lambda p: {
                "homework": p.episode.homework.create(
                    client=p.client, title="Call a friend", due_on="2026-09-08", assigned_by=p.owner
                ).pk
            },
            "clinic:session_homework_new": lambda p: {},
            "clinic:session_note": lambda p: {},
            "clinic:session_note_addendum": lambda p: {},
        }.items()
    },
    # A progress note: read by the treating clinician and their supervisor, never by the
    # admin; co-signing is POST only (the supervisor of a counsellor who signed it).
    "clinic:progress_note": (
        lambda p: {"pk": course_builders.note_of_first_session(p).pk},
        row(200, 200, 403, 403, 403, 403, 404, 403, 403, LOGIN),
    ),
    "clinic:progress_note_cosign": (
        lambda p: {"pk": course_builders.note_of_first_session(p).pk},
        row(405, 405, 403, 403, 403, 403, 404, 403, 403, LOGIN),
    ),
    # Acknowledging an escalation: the supervisor it was sent to, POST only.
    "clinic:supervisor_alert_acknowledge": (
        lambda p: {"pk": _escalation(p).pk},
        row(403, 405, 403, 403, 403, 403, 403, 403, 403, LOGIN),
    ),
    # Deciding a course start held for approval (issue 14, item 4): the clinician's
    # supervisor, POST only; the treating clinician sees the request but may not decide it.
    "clinic:start_request_decide": (
        lambda p: {"pk": _held_start(p).pk},
        row(403, 405, 403, 403, 403, 403, 403, 403, 403, LOGIN),
    ),
    "clinic:course_cancel_session": (
        lambda p: {"pk": course_builders.started_course(p).pk, "number": 1},
        row(200, 403, 403, 403, 403, 403, 404, 403, 403, LOGIN),
    ),
    "clinic:course_end": (
        lambda p: {"pk": course_builders.started_course(p).pk},
        row(200, 403, 403, 403, 403, 403, 404, 403, 403, LOGIN),
    ),
    # A booster or maintenance session after the ending: viewed by the treating clinician
    # and their supervisor, recorded by the treating clinician (issue 14).
    "clinic:course_follow_up": (
        lambda p: {
            "pk": p.episode.pk,
            "follow_up": course_builders.ended_with_follow_ups(p).pk,
        },
        row(200, 200, 403, 403, 403, 403, 404, 403, 403, LOGIN),
    ),
    "clinic:course_escalate": (  # POST only
        lambda p: {"pk": course_builders.started_course(p).pk},
        row(405, 403, 403, 403, 403, 403, 404, 403, 403, LOGIN),
    ),
    "clinic:course_fidelity": (
        lambda p: {"pk": course_builders.started_course(p).pk},
        row(200, 200, 403, 403, 403, 403, 404, 403, 403, LOGIN),
    ),
    "clinic:fidelity": (None, row(403, 200, 200, 403, 403, 403, 403, 403, 403, LOGIN)),
    # --- formulation: inventory, map, timeline, problem areas, goals (issue 5) ---
    # --- worksheets, techniques, homework, relapse-prevention plan (issue 6) ---
    # Blank worksheets hold no client data: any staff member. Episode pages: the treating
    # clinician changes, their supervisor views. Portal: only the client's own rows (404).
    "clinic:worksheets": (None, STAFF_ONLY),
    "clinic:worksheet_blank": (lambda p: {"code": "conversation_prep"}, STAFF_ONLY),
    "clinic:worksheet_blank_pdf": (lambda p: {"code": "conversation_prep"}, STAFF_ONLY),
    "clinic:homework": (
        lambda p: {"pk": p.episode.pk},
        row(200, 200, 403, 403, 403, 403, 404, 403, 403, LOGIN),
    ),
    "clinic:homework_assign": (
        lambda p: {"pk": p.episode.pk},
        row(200, 403, 403, 403, 403, 403, 404, 403, 403, LOGIN),
    ),
    "clinic:homework_detail": (
        lambda p: {
            "pk": p.episode.homework.create(
                client=p.client, title="Call a friend", due_on="2026-09-08", assigned_by=p.owner
            ).pk
        },
        row(200, 200, 403, 403, 403, 403, 404, 403, 403, LOGIN),
    ),
    "clinic:homework_pdf": (
        lambda p: {
            "pk": p.episode.homework.create(
                client=p.client, title="Call a friend", due_on="2026-09-08", assigned_by=p.owner
            ).pk
        },
        row(200, 200, 403, 403, 403, 403, 404, 403, 403, LOGIN),
    ),
    "clinic:relapse_plan": (
        lambda p: {"pk": p.episode.pk},
        row(200, 200, 403, 403, 403, 403, 404, 403, 403, LOGIN),
    ),
    "clinic:statements": (
        lambda p: {"pk": p.episode.pk},
        row(200, 200, 403, 403, 403, 403, 404, 403, 403, LOGIN),
    ),
    "clinic:statement_preview": (  # POST only
        lambda p: {"pk": p.episode.pk},
        row(405, 403, 403, 403, 403, 403, 404, 403, 403, LOGIN),
    ),
    "clinic:techniques": (
        lambda p: {"pk": p.episode.pk},
        row(200, 200, 403, 403, 403, 403, 404, 403, 403, LOGIN),
    ),
    "clinic:technique_new": (
        lambda p: {"pk": p.episode.pk, "code": "role_play"},
        row(200, 403, 403, 403, 403, 403, 404, 403, 403, LOGIN),
    ),
    "clinic:technique": (
        lambda p: {
            "pk": p.episode.technique_records.create(
                session=p.episode.sessions.create(number=1, scheduled_for="2026-09-08T10:00Z"),
                technique="role_play",
                technique_version="1",
                answers={},
                recorded_by=p.owner,
            ).pk
        },
        row(200, 200, 403, 403, 403, 403, 404, 403, 403, LOGIN),
    ),
    "portal:homework": (None, row(403, 403, 403, 403, 403, 403, 403, 200, 200, LOGIN)),
    "portal:homework_detail": (
        lambda p: {
            "pk": p.episode.homework.create(
                client=p.client, title="Call a friend", due_on="2026-09-08", assigned_by=p.owner
            ).pk
        },
        row(403, 403, 403, 403, 403, 403, 403, 200, 404, LOGIN),  # another client's homework: 404
    ),
    "portal:homework_pdf": (
        lambda p: {
            "pk": p.episode.homework.create(
                client=p.client, title="Call a friend", due_on="2026-09-08", assigned_by=p.owner
            ).pk
        },
        row(403, 403, 403, 403, 403, 403, 403, 200, 404, LOGIN),
    ),
    "portal:relapse_plan": (None, row(403, 403, 403, 403, 403, 403, 403, 200, 200, LOGIN)),
    "portal:relapse_plan_pdf": (
        lambda p: {
            "pk": __import__("openipt.worksheets.models", fromlist=["_"])
            .RelapsePreventionPlan.objects.create(
                episode=p.episode, version="1", answers={}, updated_by=p.owner
            )
            .pk
        },
        row(403, 403, 403, 403, 403, 403, 403, 200, 404, LOGIN),
    ),
    # Viewing: treating clinician and supervisor; changing: treating clinician only.
    # POST-only endpoints answer a permitted GET with 405, after the gate has run.
    "clinic:formulation": (
        lambda p: {"pk": p.episode.pk},
        row(200, 200, 403, 403, 403, 403, 404, 403, 403, LOGIN),
    ),
    "clinic:formulation_edit": (
        lambda p: {"pk": p.episode.pk},
        row(200, 403, 403, 403, 403, 403, 404, 403, 403, LOGIN),
    ),
    "clinic:formulation_versions": (
        lambda p: {"pk": p.episode.pk},
        row(200, 200, 403, 403, 403, 403, 404, 403, 403, LOGIN),
    ),
    "clinic:formulation_sharing": (
        lambda p: {"pk": p.episode.pk},
        row(405, 403, 403, 403, 403, 403, 404, 403, 403, LOGIN),
    ),
    "clinic:inventory": (
        lambda p: {"pk": p.episode.pk},
        row(200, 200, 403, 403, 403, 403, 404, 403, 403, LOGIN),
    ),
    "clinic:inventory_add": (
        lambda p: {"pk": p.episode.pk},
        row(200, 403, 403, 403, 403, 403, 404, 403, 403, LOGIN),
    ),
    "clinic:inventory_edit": (
        lambda p: {
            "pk": p.episode.pk,
            "person": p.episode.inventory_people.create(created_by=p.owner).pk,
        },
        row(200, 403, 403, 403, 403, 403, 404, 403, 403, LOGIN),
    ),
    "clinic:inventory_compare": (
        lambda p: {"pk": p.episode.pk},
        row(200, 200, 403, 403, 403, 403, 404, 403, 403, LOGIN),
    ),
    "clinic:support_map": (
        lambda p: {"pk": p.episode.pk},
        row(200, 200, 403, 403, 403, 403, 404, 403, 403, LOGIN),
    ),
    "clinic:timeline": (
        lambda p: {"pk": p.episode.pk},
        row(200, 200, 403, 403, 403, 403, 404, 403, 403, LOGIN),
    ),
    "clinic:timeline_add": (
        lambda p: {"pk": p.episode.pk},
        row(200, 403, 403, 403, 403, 403, 404, 403, 403, LOGIN),
    ),
    "clinic:timeline_remove": (
        lambda p: {
            "pk": p.episode.pk,
            "event": p.episode.life_events.create(
                kind="other", occurred_on="2026-08-01", recorded_by=p.owner
            ).pk,
        },
        row(405, 403, 403, 403, 403, 403, 404, 403, 403, LOGIN),
    ),
    "clinic:problem_areas": (
        lambda p: {"pk": p.episode.pk},
        row(200, 200, 403, 403, 403, 403, 404, 403, 403, LOGIN),
    ),
    "clinic:problem_area": (
        lambda p: {
            "pk": p.episode.pk,
            "area": p.episode.problem_areas.create(
                area="role_dispute", chosen_on="2026-09-02", chosen_by=p.owner
            ).pk,
        },
        row(200, 200, 403, 403, 403, 403, 404, 403, 403, LOGIN),
    ),
    "clinic:dispute_stage_add": (
        lambda p: {
            "pk": p.episode.pk,
            "area": p.episode.problem_areas.create(
                area="role_dispute", chosen_on="2026-09-02", chosen_by=p.owner
            ).pk,
        },
        row(405, 403, 403, 403, 403, 403, 404, 403, 403, LOGIN),
    ),
    "clinic:goal_add": (
        lambda p: {
            "pk": p.episode.pk,
            "area": p.episode.problem_areas.create(
                area="grief", chosen_on="2026-09-02", chosen_by=p.owner
            ).pk,
        },
        row(405, 403, 403, 403, 403, 403, 404, 403, 403, LOGIN),
    ),
    "clinic:area_strategies": (
        lambda p: {
            "pk": p.episode.pk,
            "area": p.episode.problem_areas.create(
                area="grief", chosen_on="2026-09-02", chosen_by=p.owner
            ).pk,
        },
        row(405, 403, 403, 403, 403, 403, 404, 403, 403, LOGIN),
    ),
    "clinic:problem_area_set_aside": (
        lambda p: {
            "pk": p.episode.pk,
            "area": p.episode.problem_areas.create(
                area="grief", chosen_on="2026-09-02", chosen_by=p.owner
            ).pk,
        },
        row(405, 403, 403, 403, 403, 403, 404, 403, 403, LOGIN),
    ),
    "clinic:goal_review": (
        lambda p: {
            "pk": p.episode.pk,
            "goal": p.episode.problem_areas.create(
                area="grief", chosen_on="2026-09-02", chosen_by=p.owner
            )
            .goals.create(text="Phone my sister once a week", created_by=p.owner)
            .pk,
        },
        row(405, 403, 403, 403, 403, 403, 404, 403, 403, LOGIN),
    ),
    "portal:therapy": (None, row(403, 403, 403, 403, 403, 403, 403, 200, 200, LOGIN)),
    "portal:therapy_episode": (
        lambda p: {"pk": p.episode.pk},
        row(403, 403, 403, 403, 403, 403, 403, 200, 404, LOGIN),  # another client's episode: 404
    ),
    # --- portal: questionnaires at home, my data, deletion requests (issue 7) ---
    "portal:my_data": (None, row(403, 403, 403, 403, 403, 403, 403, 200, 200, LOGIN)),
    "portal:my_data_pdf": (None, row(403, 403, 403, 403, 403, 403, 403, 200, 200, LOGIN)),
    "portal:my_data_json": (None, row(403, 403, 403, 403, 403, 403, 403, 200, 200, LOGIN)),
    "portal:progress": (None, row(403, 403, 403, 403, 403, 403, 403, 200, 200, LOGIN)),
    "portal:questionnaires": (None, row(403, 403, 403, 403, 403, 403, 403, 200, 200, LOGIN)),
    "portal:questionnaire": (
        lambda p: {"episode": p.episode.pk, "code": _course_with_phq9_due(p)},
        row(403, 403, 403, 403, 403, 403, 403, 200, 404, LOGIN),  # not due for another client: 404
    ),
    "portal:questionnaire_done": (
        lambda p: {"pk": _home_administration(p).pk},
        row(403, 403, 403, 403, 403, 403, 403, 200, 404, LOGIN),  # another client's answers: 404
    ),
    # --- portal: the SRM-5 rhythm diary (issue 13) ---
    "portal:rhythm_diary": (
        lambda p: _ipsrt_course(p) and {"episode": p.episode.pk},
        row(403, 403, 403, 403, 403, 403, 403, 200, 404, LOGIN),  # no diary in another's course
    ),
    "portal:rhythm_day": (
        lambda p: _diary_week(p) and {"episode": p.episode.pk, "day": 1},
        row(403, 403, 403, 403, 403, 403, 403, 200, 404, LOGIN),
    ),
    # --- groups (issue 10): the facilitator (owner) and co-facilitator see and change, the
    # supervisor of either sees (the other supervisor oversees the co-facilitator), the admin
    # sees the group's administrative fields only; members see their own group in the portal.
    "clinic:groups": (None, STAFF_ONLY),  # the programme lead: an empty list
    "clinic:group_new": (None, CLINICIANS_ONLY),
    "clinic:group": (lambda p: {"pk": _group(p).pk}, GROUP_ADMIN_FIELDS),
    "clinic:group_edit": (lambda p: {"pk": _group(p).pk}, GROUP_CHANGE),
    "clinic:group_member_new": (lambda p: _group_with_a_client_to_add(p), GROUP_CHANGE),
    "clinic:group_member": (lambda p: _member_kwargs(p), GROUP_VIEW),
    "clinic:group_pre_session": (
        lambda p: {**_member_kwargs(p, screened=True), "number": 1},
        GROUP_CHANGE,
    ),
    "clinic:group_member_decision": (lambda p: _member_kwargs(p, screened=True), GROUP_CHANGE),
    "clinic:group_member_leave": (lambda p: _member_kwargs(p), GROUP_CHANGE),
    "clinic:group_session": (lambda p: {"pk": _group(p).pk, "number": 1}, GROUP_VIEW),
    "clinic:group_progress": (lambda p: {"pk": _group(p).pk}, GROUP_VIEW),
    "clinic:group_outcomes": (lambda p: {"pk": _group(p).pk}, GROUP_VIEW),
    "clinic:group_end": (lambda p: {"pk": _group(p).pk}, GROUP_CHANGE),
    "clinic:group_notes": (lambda p: {"pk": _note_kwargs(p)["pk"]}, GROUP_VIEW),
    "clinic:group_fhir": (lambda p: {"pk": _group(p).pk}, GROUP_VIEW),
    # POST only, for the supervisors of the facilitators (a GET after the gate: 405).
    "clinic:group_note_acknowledge": (
        lambda p: _note_kwargs(p),
        row(403, 405, 405, 403, 403, 403, 403, 403, 403, LOGIN),
    ),
    "portal:group": (
        lambda p: _group(p) and {},
        row(403, 403, 403, 403, 403, 403, 403, 200, 404, LOGIN, second_member_user=200),
    ),
}


def _held_start(p):
    return request_start(p.owner, p.episode, "ipc", ["role"])


def _escalation(p):
    course_builders.started_course(p)
    found = p.episode.supervisor_alerts.first()
    return found or alert_supervisor(
        p.owner, p.episode, [Reason("phq9_step_up", "The latest PHQ-9 total is 22.")]
    )


def _group(p):
    """The owner's group, with the co-facilitator, the client and the second member in it."""
    group, _, _ = group_builders.people_group(p)
    return group


def _group_with_a_client_to_add(p):
    make_client(p.owner, "Casey", episode=False)
    return {"pk": _group(p).pk}


def _member_kwargs(p, screened=False):
    group, member, _ = group_builders.people_group(p)
    if screened:
        member = group_builders.screen(p.owner, group, p.another_client)
    return {"pk": group.pk, "member": member.pk}


def _note_kwargs(p):
    group = _group(p)
    note = write_supervision_note(
        p.owner,
        group,
        week_of=date(2026, 9, 7),
        happened="A first session.",
        concerns="",
        members_to_discuss=list(group.members.all()),
    )
    return {"pk": group.pk, "note": note.pk}


def _recovered_last_quarter(p):
    """The owner's client recovered in a course that ended last quarter (the dashboard's
    default period): the figure's episodes name them."""
    ended = periods.default(timezone.localdate()).start
    summary_row(
        p.episode,
        referred_on=ended,
        first_treatment_on=ended,
        attended_sessions=6,
        ended_on=ended,
        end_reason="completed",
        phq9=(15, 4),
    )
    return "recovery"


def _ipsrt_course(p):
    return course_with_sessions(p.owner, p.episode, recorded=0, scheduled=1, modality="ipsrt")


def _diary_week(p):
    _ipsrt_course(p)
    return start_rhythm_diary(
        p.client_user, p.client, p.episode, week_starting=timezone.localdate()
    )


def _course_with_phq9_due(p):

    course_with_sessions(p.owner, p.episode, recorded=0, scheduled=1)
    return "phq9"


def _home_administration(p):

    return record_administration(
        p.owner,
        p.episode,
        "phq9",
        answers_totalling(QUESTIONNAIRES["phq9"], 5),
        administered_on=date(2026, 9, 8),
        respondent="client_at_home",
    )


def test_every_url_pattern_is_in_the_matrix():
    names = set(url_names())
    missing = sorted(names - set(MATRIX))
    assert not missing, f"URL patterns without an access-matrix row: {missing}"
    stale = sorted(set(MATRIX) - names)
    assert not stale, f"Matrix rows for URL patterns that no longer exist: {stale}"


@pytest.mark.parametrize("url_name", sorted(MATRIX))
def test_access(url_name, people, client):
    make_kwargs, expected = MATRIX[url_name]
    url = reverse(url_name, kwargs=make_kwargs(people) if make_kwargs else None)
    got = {}
    for person in PEOPLE:
        client.logout()
        if person != "anonymous":
            client.force_login(getattr(people, person))
        got[person] = client.get(url).status_code
    assert got == expected, f"{url_name} ({url})"


@pytest.mark.parametrize("url_name", sorted(MATRIX))
def test_nothing_shown_to_a_signed_in_person_is_stored_by_browsers_or_proxies(
    url_name, people, client
):
    """Cache-Control: no-store on every page, PDF and export (issue 17, item 7)."""
    make_kwargs, expected = MATRIX[url_name]
    url = reverse(url_name, kwargs=make_kwargs(people) if make_kwargs else None)
    for person in ("owner", "supervisor", "admin", "client_user"):
        client.force_login(getattr(people, person))
        response = client.get(url)
        assert "no-store" in response.get("Cache-Control", ""), f"{url} for {person}"
