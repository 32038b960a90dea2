"""Every change to homework, technique records, statements and relapse-prevention plans,
each atomic and audited in the same transaction. Forms validate; these assume valid input."""

from django.db import transaction
from django.utils import timezone

from openipt.audit.record import record
from openipt.protocol import fidelity_store

from . import definitions
from .audit_events import FREE_TASK
from .models import (
    AssertiveStatement,
    Homework,
    HomeworkComment,
    HomeworkStatus,
    RelapsePreventionPlan,
    TechniqueRecord,
)


class HomeworkClosed(Exception):
    """Raised on an attempt to change answers that have already been submitted."""


class HomeworkNotSubmitted(Exception):
    """Only submitted homework is reviewed; homework done on paper is marked done instead."""


@transaction.atomic
def assign_homework(
    actor, episode, *, worksheet, title, instructions, due_on, session=None, request=None
):
    definition = definitions.get(worksheet) if worksheet else None
    homework = Homework.objects.create(
        episode=episode,
        client_id=episode.client_id,
        worksheet=worksheet,
        worksheet_version=definition.version if definition else "",
        title=title or definition.name,
        instructions=instructions,
        due_on=due_on,
        set_in_session=session,
        assigned_by=actor,
    )
    record(
        actor,
        "homework.assigned",
        homework,
        client=episode.client,
        request=request,
        facts={"worksheet": homework.worksheet or FREE_TASK},
    )
    fidelity_store.refresh(episode.pk)
    return homework


def _lock(homework):
    locked = Homework.objects.select_for_update().get(pk=homework.pk)
    if locked.is_submitted:
        # Never shown: the portal offers no change to submitted homework (homework_detail).
        raise HomeworkClosed("This homework has already been submitted.")
    return locked


@transaction.atomic
def save_draft(actor, homework, answers, *, request=None):
    homework = _lock(homework)
    homework.answers = answers
    homework.status = HomeworkStatus.DRAFT
    homework.draft_saved_at = timezone.now()
    homework.save(update_fields=["answers", "status", "draft_saved_at"])
    record(actor, "homework.draft_saved", homework, client=homework.client, request=request)
    return homework


@transaction.atomic
def submit_homework(actor, homework, answers, *, request=None):
    homework = _lock(homework)
    homework.answers = answers
    homework.status = HomeworkStatus.SUBMITTED
    homework.submitted_at = timezone.now()
    homework.save(update_fields=["answers", "status", "submitted_at"])
    record(actor, "homework.submitted", homework, client=homework.client, request=request)
    fidelity_store.refresh(homework.episode_id)
    return homework


@transaction.atomic
def comment_on_homework(actor, homework, *, text, request=None):
    """A clinician's comment; the first one marks submitted homework as reviewed."""
    comment = HomeworkComment.objects.create(homework=homework, text=text, author=actor)
    if homework.is_submitted and homework.reviewed_at is None:
        homework.reviewed_at = timezone.now()
        homework.save(update_fields=["reviewed_at"])
        fidelity_store.refresh(homework.episode_id)
    record(actor, "homework.commented", homework, client=homework.client, request=request)
    return comment


@transaction.atomic
def mark_homework_reviewed(actor, homework, *, comment="", session=None, request=None):
    """In a session (`session`, kept as where it was reviewed): submitted homework looked
    at with the client, with an optional comment the client reads in the portal."""
    homework = Homework.objects.select_for_update().get(pk=homework.pk)
    if not homework.is_submitted:
        # Never shown: the session page marks unsubmitted homework done on paper instead.
        raise HomeworkNotSubmitted("This homework has not been submitted yet.")
    if comment:
        HomeworkComment.objects.create(homework=homework, text=comment, author=actor)
    changed = []
    if homework.reviewed_at is None:
        homework.reviewed_at = timezone.now()
        changed.append("reviewed_at")
    # Already commented on from its own page, it is still gone over in this session.
    if session is not None and homework.reviewed_in_session_id is None:
        homework.reviewed_in_session = session
        changed.append("reviewed_in_session")
    if changed:
        homework.save(update_fields=changed)
    record(
        actor,
        "homework.reviewed",
        homework,
        client=homework.client,
        request=request,
        facts={"commented": bool(comment)},
    )
    return homework


@transaction.atomic
def mark_homework_done_on_paper(actor, homework, *, comment="", session=None, request=None):
    """In a session (`session`, kept as where it was reviewed): homework the client did on
    paper is marked done and reviewed at once (nothing is typed in for them), with an
    optional comment."""
    homework = _lock(homework)
    now = timezone.now()
    homework.status = HomeworkStatus.SUBMITTED
    homework.submitted_at = now
    homework.reviewed_at = now
    homework.reviewed_in_session = session
    homework.done_on_paper = True
    homework.save(
        update_fields=[
            "status",
            "submitted_at",
            "reviewed_at",
            "reviewed_in_session",
            "done_on_paper",
        ]
    )
    if comment:
        HomeworkComment.objects.create(homework=homework, text=comment, author=actor)
    record(
        actor,
        "homework.done_on_paper",
        homework,
        client=homework.client,
        request=request,
        facts={"commented": bool(comment)},
    )
    return homework


@transaction.atomic
def save_statement(actor, episode, *, feeling, situation, reason, preference, request=None):
    statement = AssertiveStatement.objects.create(
        episode=episode,
        feeling=feeling,
        situation=situation,
        reason=reason,
        preference=preference,
        created_by=actor,
    )
    record(actor, "assertive_statement.saved", statement, client=episode.client, request=request)
    return statement


@transaction.atomic
def record_technique(
    actor, episode, technique, answers, *, session, problem_area=None, statement=None, request=None
):
    definition = definitions.TECHNIQUES[technique]
    row = TechniqueRecord.objects.create(
        episode=episode,
        session=session,
        problem_area=problem_area,
        technique=technique,
        technique_version=definition.version,
        answers=answers,
        statement=statement,
        recorded_by=actor,
    )
    record(
        actor,
        "technique.recorded",
        row,
        client=episode.client,
        request=request,
        facts={"technique": technique},
    )
    return row


@transaction.atomic
def save_relapse_plan(actor, episode, answers, *, booster_on=None, draft=False, request=None):
    """Write (or rewrite) the episode's relapse-prevention plan; the client sees the latest
    finished one. A draft (`draft=True`) may be half-written: the caller checks the
    required answers of a finished plan (the form's `require=True`)."""
    was_draft = (
        RelapsePreventionPlan.objects.filter(episode=episode)
        .values_list("is_draft", flat=True)
        .first()
    )
    plan, created = RelapsePreventionPlan.objects.update_or_create(
        episode=episode,
        defaults={
            "answers": answers,
            "booster_on": booster_on,
            "is_draft": draft,
            "version": definitions.get(definitions.RELAPSE_PREVENTION).version,
            "updated_by": actor,
        },
    )
    if draft:
        action = "relapse_plan.draft_saved"
    else:
        action = "relapse_plan.created" if created or was_draft else "relapse_plan.updated"
    record(actor, action, plan, client=episode.client, request=request)
    if was_draft is None or was_draft != draft:
        fidelity_store.refresh(episode.pk)  # written (or back to a draft) for fidelity
    return plan
