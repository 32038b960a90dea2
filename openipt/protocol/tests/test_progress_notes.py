"""Progress notes: drafts, signing, what a signature freezes (every change path: the form,
the action, the queryset and the model), addenda, co-signature, redaction, and who reads a
note (the admin never; each reading is audited)."""

from datetime import date, timedelta

import pytest
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from openipt.accounts.models import Role
from openipt.audit.models import AuditEvent
from openipt.protocol import actions
from openipt.protocol.models import (
    NoteAddendum,
    ProgressNote,
    Session,
    SessionTaskRecord,
    SignedRecordLocked,
)
from openipt.protocol.tests import builders
from openipt.testing.people import make_client, make_user


def session_url(name, session, *args):
    return reverse(f"clinic:{name}", args=[session.episode_id, session.number, *args])


@pytest.fixture
def course(people):
    """The owner's course, sessions 1 and 2 scheduled."""
    return builders.course_with_sessions(people.owner, people.episode, recorded=0, scheduled=2)


@pytest.fixture
def first(course):
    return course.episode.sessions.get(number=1)


@pytest.fixture
def signed(people, course, first):
    """Session 1 recorded and its note signed by the owner."""
    builders.signed_note(people.owner, course, first)
    return Session.objects.get(pk=first.pk)


def note_post(**sections):
    return {f"note-{key}": value for key, value in sections.items()}


# --- drafts and signing ---------------------------------------------------------------------


def test_a_draft_is_saved_and_can_change(people, client, course, first):
    client.force_login(people.owner)
    response = client.post(session_url("session_note", first), note_post(text="First thoughts."))
    assert response.status_code == 302
    client.post(session_url("session_note", first), note_post(text="Second thoughts."))
    note = ProgressNote.objects.get()
    assert note.body == {"text": "Second thoughts."} and not note.is_signed
    assert AuditEvent.objects.filter(action="progress_note.draft_saved").count() == 2


def test_headings_are_optional_and_kept_in_order(people, course, first):
    builders.record(people.owner, course, first)
    note = actions.sign_note(
        people.owner,
        first,
        sections={"risk": "No thoughts of self-harm this week.", "discussed": "The move."},
    )
    assert note.sections == [
        ("What was discussed", "The move."),
        ("Risk", "No thoughts of self-harm this week."),
    ]


def test_autosave_answers_with_a_status_line_only(people, client, course, first):
    client.force_login(people.owner)
    data = note_post(text="Typed so far") | {"autosave": "1"}
    response = client.post(session_url("session_note", first), data, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert response.content.decode().startswith("Draft saved")
    assert ProgressNote.objects.get().body == {"text": "Typed so far"}


def test_signing_freezes_the_note_and_the_session(people, client, course, first):
    builders.record(people.owner, course, first)
    client.force_login(people.owner)
    data = note_post(text="Worked on the dispute.") | {"sign": "1"}
    response = client.post(session_url("session_note", first), data)
    assert response.status_code == 302
    note = ProgressNote.objects.get()
    session = Session.objects.get(pk=first.pk)
    assert note.signed_by == people.owner and note.signed_at is not None
    assert session.signed_at == note.signed_at
    event = AuditEvent.objects.get(action="progress_note.signed")
    # No words of the note in the trail: codes and numbers only.
    assert event.facts == {"session": 1, "cosignature_required": False}


@pytest.mark.parametrize(
    ("sections", "message"),
    [
        ({"text": "   "}, "Write the note before signing it."),
    ],
)
def test_an_empty_note_is_not_signed(people, client, course, first, sections, message):
    builders.record(people.owner, course, first)
    client.force_login(people.owner)
    response = client.post(
        session_url("session_note", first), note_post(**sections) | {"sign": "1"}
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not ProgressNote.objects.exists()
    assert Session.objects.get(pk=first.pk).signed_at is None


def test_a_note_is_signed_only_once_the_attendance_is_saved(people, client, course, first):
    client.force_login(people.owner)
    data = note_post(text="Notes before the attendance.") | {"sign": "1"}
    response = client.post(session_url("session_note", first), data)
    assert response.status_code == 400
    assert "Save the attendance before signing the note." in response.content.decode()
    assert not ProgressNote.objects.filter(signed_at__isnull=False).exists()


def test_a_note_is_signed_only_once_the_agenda_is_saved(people, client, course, first):
    actions.record_attendance(
        people.owner, first, held_on=date(2026, 9, 7), duration_minutes=50, attendance="attended"
    )
    client.force_login(people.owner)
    data = note_post(text="Agenda still open.") | {"sign": "1"}
    page = client.post(session_url("session_note", first), data).content.decode()
    assert "Save the agenda before signing" in page
    assert "Take the history and confirm the diagnosis" in page.split("before signing: ")[1]
    assert Session.objects.get(pk=first.pk).signed_at is None


# --- a signed note and session refuse every change ------------------------------------------

PARTS = {
    "session_attendance": {
        "attendance-attendance": "did_not_attend",
        "attendance-held_on": "2026-09-07",
    },
    "session_agenda": {"agenda-status_history_and_diagnosis": "not_done"},
    "session_note": note_post(text="Rewritten after signing."),
    "session_homework_new": {
        "homework-worksheet": "conversation_prep",
        # Within the APPOINTMENT window (openipt/dates.py), which moves with today.
        "homework-due_on": (date.today() + timedelta(days=14)).isoformat(),
    },
}


@pytest.mark.parametrize("part", sorted(PARTS))
def test_a_signed_session_refuses_every_form(people, client, signed, part):
    client.force_login(people.owner)
    before = (
        list(Session.objects.values()),
        list(SessionTaskRecord.objects.values()),
        list(ProgressNote.objects.values()),
    )
    response = client.post(session_url(part, signed), PARTS[part])
    assert response.status_code == 409
    assert "is signed, so it can no longer change" in response.content.decode()
    after = (
        list(Session.objects.values()),
        list(SessionTaskRecord.objects.values()),
        list(ProgressNote.objects.values()),
    )
    assert after == before
    assert not people.episode.homework.exists()


def test_a_signed_session_refuses_a_questionnaire_on_its_page(people, client, signed):
    client.force_login(people.owner)
    response = client.post(session_url("session_measure", signed, "phq9"), {})
    assert response.status_code == 409
    assert not people.episode.administrations.exists()


def test_the_signed_session_page_offers_no_form_but_the_addendum(people, client, signed):
    client.force_login(people.owner)
    page = client.get(session_url("course_session", signed)).content.decode()
    main = page.split("<main", 1)[1]
    assert main.count("<form") == 1 and "Add a signed addendum" in main
    assert "We went over the argument with her sister" in main


@pytest.mark.parametrize(
    "change",
    [
        lambda owner, s: actions.record_attendance(
            owner, s, held_on=date(2026, 9, 7), duration_minutes=40, attendance="attended"
        ),
        lambda owner, s: actions.record_agenda(owner, s, tasks=[]),
        lambda owner, s: actions.record_session(
            owner, s, held_on=date(2026, 9, 7), duration_minutes=40, attendance="attended"
        ),
        lambda owner, s: actions.save_note_draft(owner, s, sections={"text": "Changed."}),
        lambda owner, s: actions.sign_note(owner, s, sections={"text": "Signed again."}),
    ],
    ids=["attendance", "agenda", "session", "draft", "sign again"],
)
def test_a_signed_session_refuses_every_action(people, signed, change):
    with pytest.raises(SignedRecordLocked):
        change(people.owner, signed)
    assert ProgressNote.objects.get().body == builders.NOTE
    assert Session.objects.get(pk=signed.pk).duration_minutes == 50


@pytest.mark.parametrize(
    "change",
    [
        lambda: ProgressNote.objects.update(body={"text": "Rewritten."}),
        lambda: ProgressNote.objects.filter(signed_at__isnull=False).delete(),
        lambda: Session.objects.filter(number=1).update(duration_minutes=10),
        lambda: Session.objects.filter(number=1).delete(),
        lambda: SessionTaskRecord.objects.update(status="not_done"),
        lambda: SessionTaskRecord.objects.all().delete(),
        lambda: ProgressNote.objects.bulk_update(
            [ProgressNote(pk=ProgressNote.objects.get().pk, body={})], ["body"]
        ),
    ],
    ids=[
        "note update",
        "note delete",
        "session update",
        "session delete",
        "agenda update",
        "agenda delete",
        "note bulk update",
    ],
)
def test_a_signed_session_refuses_every_queryset_change(signed, change):
    # In a savepoint of its own: bulk_update opens a transaction that the refusal breaks.
    with pytest.raises(SignedRecordLocked), transaction.atomic():
        change()
    assert ProgressNote.objects.get().body == builders.NOTE


def test_a_signed_note_and_session_refuse_save_and_delete_on_the_model(signed):
    note = ProgressNote.objects.get()
    note.body = {"text": "Rewritten."}
    with pytest.raises(SignedRecordLocked):
        note.save()
    with pytest.raises(SignedRecordLocked):
        note.save(update_fields=["body"])
    with pytest.raises(SignedRecordLocked):
        ProgressNote.objects.get().delete()
    session = Session.objects.get(pk=signed.pk)
    session.duration_minutes = 5
    with pytest.raises(SignedRecordLocked):
        session.save()
    task = SessionTaskRecord.objects.filter(session=signed).first()
    task.note = "changed"
    with pytest.raises(SignedRecordLocked):
        task.save()
    with pytest.raises(SignedRecordLocked):
        task.delete()
    assert ProgressNote.objects.get().body == builders.NOTE


def test_the_draft_of_another_session_still_changes(people, course, signed):
    second = course.episode.sessions.get(number=2)
    actions.save_note_draft(people.owner, second, sections={"text": "Draft."})
    Session.objects.filter(number=2).update(duration_minutes=45)  # not signed: allowed
    assert ProgressNote.objects.get(session=second).body == {"text": "Draft."}


# --- addenda ----------------------------------------------------------------------------------


def test_an_addendum_is_kept_with_its_time_and_signer(people, client, signed):
    client.force_login(people.owner)
    before = timezone.now()
    data = {"addendum-text": "Correction: the argument was on Sunday."}
    response = client.post(session_url("session_note_addendum", signed), data)
    assert response.status_code == 302
    addendum = NoteAddendum.objects.get()
    assert addendum.written_by == people.owner and addendum.signed_at >= before
    page = client.get(session_url("course_session", signed)).content.decode()
    assert "Correction: the argument was on Sunday." in page
    assert f"Added and signed by {people.owner.display_name}" in page
    assert ProgressNote.objects.get().body == builders.NOTE  # the note itself is unchanged


def test_an_addendum_never_changes(people, signed):
    addendum = actions.add_note_addendum(
        people.owner, ProgressNote.objects.get(), text="Added later."
    )
    addendum.text = "Changed."
    with pytest.raises(SignedRecordLocked):
        addendum.save()
    with pytest.raises(SignedRecordLocked):
        NoteAddendum.objects.update(text="Changed.")
    with pytest.raises(SignedRecordLocked):
        NoteAddendum.objects.all().delete()
    assert NoteAddendum.objects.get().text == "Added later."


def test_an_empty_addendum_writes_nothing(people, client, signed):
    client.force_login(people.owner)
    response = client.post(session_url("session_note_addendum", signed), {"addendum-text": ""})
    assert response.status_code == 400
    assert "Write the addendum before adding it." in response.content.decode()
    assert not NoteAddendum.objects.exists()


def test_a_draft_takes_no_addendum(people, course, first):
    note = actions.save_note_draft(people.owner, first, sections={"text": "Draft."})
    with pytest.raises(actions.NoteRefused):
        actions.add_note_addendum(people.owner, note, text="Too early.")


# --- redaction: the one change a signed note undergoes ------------------------------------------


def test_redaction_removes_the_text_of_a_signed_note_and_its_addenda(people, signed):
    note = ProgressNote.objects.get()
    actions.add_note_addendum(people.owner, note, text="Added later.")
    actions.redact_progress_note(people.admin, note)
    note = ProgressNote.objects.get()
    assert note.body == {} and note.redacted_by == people.admin and note.redacted_at
    assert note.signed_by == people.owner  # that it was signed, by whom and when, is kept
    assert NoteAddendum.objects.get().text == "" and NoteAddendum.objects.get().redacted_at
    event = AuditEvent.objects.get(action="progress_note.redacted")
    assert event.client_id == people.client.pk and event.facts == {"session": 1}
    # Redacted, it is still signed: nothing else changes it.
    with pytest.raises(SignedRecordLocked):
        ProgressNote.objects.update(body={"text": "Back again."})
    note.body = {"text": "Back again."}
    with pytest.raises(SignedRecordLocked):
        note.save(update_fields=["body", "redacted_at", "redacted_by"])


def test_redaction_cannot_carry_new_text(signed):
    note = ProgressNote.objects.get()
    note.body = {"text": "Swapped in during a redaction."}
    note.redacted_at = timezone.now()
    with pytest.raises(SignedRecordLocked):
        note.save(update_fields=["body", "redacted_at", "redacted_by"])


def test_redacting_a_clients_notes_covers_drafts_too(people, course, signed):
    second = course.episode.sessions.get(number=2)
    actions.save_note_draft(people.owner, second, sections={"text": "Draft."})
    redacted = actions.redact_client_notes(people.admin, people.client)
    assert len(redacted) == 2
    assert [note.body for note in ProgressNote.objects.all()] == [{}, {}]


def test_the_redacted_note_says_so(people, client, signed):
    actions.redact_progress_note(people.admin, ProgressNote.objects.get())
    client.force_login(people.owner)
    page = client.get(session_url("course_session", signed)).content.decode()
    assert "was removed" in page and "We went over the argument" not in page


# --- who reads a note ----------------------------------------------------------------------


def test_reading_a_note_is_audited(people, client, signed):
    note = ProgressNote.objects.get()
    for person, address in [
        (people.owner, session_url("course_session", signed)),
        (people.supervisor, session_url("course_session", signed)),
        (people.supervisor, reverse("clinic:progress_note", args=[note.pk])),
    ]:
        client.force_login(person)
        before = AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first()
        assert client.get(address).status_code == 200
        event = AuditEvent.objects.get(pk__gt=before, action="progress_note.viewed")
        assert event.actor == person and event.client_id == people.client.pk
        assert event.object_id == str(note.pk)


def test_a_session_page_without_a_note_writes_no_note_event(people, client, first):
    client.force_login(people.owner)
    client.get(session_url("course_session", first))
    assert not AuditEvent.objects.filter(action="progress_note.viewed").exists()


def test_the_admin_never_sees_a_note(people, client, signed):
    note = ProgressNote.objects.get()
    client.force_login(people.admin)
    for address in (
        reverse("clinic:progress_note", args=[note.pk]),
        session_url("course_session", signed),
        reverse("clinic:progress_note_cosign", args=[note.pk]),
    ):
        response = client.get(address)
        assert response.status_code == 403
        assert "We went over the argument" not in response.content.decode()
    assert not AuditEvent.objects.filter(action="progress_note.viewed").exists()


def test_another_organisation_gets_404(people, client, signed):
    note = ProgressNote.objects.get()
    client.force_login(people.other_org_clinician)
    assert client.get(reverse("clinic:progress_note", args=[note.pk])).status_code == 404


# --- co-signature -----------------------------------------------------------------------------


@pytest.fixture
def counsellor_session(people):
    counsellor = make_user(
        people.owner.organisation, "cora", Role.COUNSELLOR, supervisor=people.supervisor
    )
    episode = make_client(counsellor, "Lee").episodes.get()
    plan = builders.start_course(counsellor, episode, modality="ipc", planned=4)
    session = builders.schedule(counsellor, plan, 1)[0]
    return counsellor, plan, session


def cosigning_on(people):
    organisation = people.owner.organisation
    organisation.cosign_counsellor_notes = True
    organisation.save(update_fields=["cosign_counsellor_notes"])


def test_a_counsellors_note_waits_for_the_supervisor(people, client, counsellor_session):
    cosigning_on(people)
    counsellor, plan, session = counsellor_session
    note = builders.signed_note(counsellor, plan, session)
    assert note.cosignature_required and note.waiting_for_cosignature
    client.force_login(people.supervisor)
    page = client.get(reverse("clinic:supervision")).content.decode()
    assert "Notes waiting for your co-signature" in page
    assert reverse("clinic:progress_note", args=[note.pk]) in page
    response = client.post(reverse("clinic:progress_note_cosign", args=[note.pk]))
    assert response.status_code == 302
    note = ProgressNote.objects.get(pk=note.pk)
    assert note.cosigned_by == people.supervisor and not note.waiting_for_cosignature
    assert AuditEvent.objects.filter(action="progress_note.cosigned").exists()
    page = client.get(reverse("clinic:supervision")).content.decode()
    assert reverse("clinic:progress_note", args=[note.pk]) not in page


def test_only_the_counsellors_supervisor_cosigns(people, client, counsellor_session):
    cosigning_on(people)
    counsellor, plan, session = counsellor_session
    note = builders.signed_note(counsellor, plan, session)
    address = reverse("clinic:progress_note_cosign", args=[note.pk])
    for person in (counsellor, people.other_supervisor, people.owner):
        client.force_login(person)
        assert client.post(address).status_code == 403
    assert ProgressNote.objects.get(pk=note.pk).cosigned_at is None
    with pytest.raises(actions.NoteRefused):
        actions.cosign_note(counsellor, note)


def test_a_therapists_note_and_an_organisation_without_the_rule_need_none(
    people, counsellor_session
):
    counsellor, plan, session = counsellor_session
    assert not builders.signed_note(counsellor, plan, session).cosignature_required
    cosigning_on(people)
    therapist_plan = builders.course_with_sessions(people.owner, people.episode, recorded=1)
    first = therapist_plan.episode.sessions.get(number=1)
    assert not builders.signed_note(people.owner, therapist_plan, first).cosignature_required


def test_the_admin_turns_cosigning_on(people, client):
    client.force_login(people.admin)
    page = client.get(reverse("clinic:organisation")).content.decode()
    assert "co-signature" in page
    organisation = people.admin.organisation
    data = {
        "step_up_phq9_threshold": organisation.step_up_phq9_threshold,
        "risk_acknowledgement_working_days": organisation.risk_acknowledgement_working_days,
        "cosign_counsellor_notes": "on",
    }
    assert client.post(reverse("clinic:organisation"), data).status_code == 302
    organisation.refresh_from_db()
    assert organisation.cosign_counsellor_notes
