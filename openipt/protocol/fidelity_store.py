"""Stored fidelity: one CourseFidelity row per course, kept up to date on write.

Every action that changes what a course's fidelity or standing is computed from calls
`refresh` in its own transaction (the list is in docs/course.md, "Stored fidelity"), so the
row never disagrees with the records it was computed from. A change that moves every
course of an organisation at once (its start and end measures) marks their rows `stale`
and queues `rebuild_stale`, which the task worker runs. `openipt rebuild-fidelity`
recomputes every row from the records: after seeding in bulk, after migrating to the
version that added the rows, or after an upgrade that changes a modality or the
instruments offered.

The values are `values_of(course)`, computed by the same code (fidelity.py, schedule.py,
course.py) whether one course is refreshed or all are rebuilt; a property test checks
that any sequence of actions leaves exactly the row a rebuild writes.
"""

from functools import partial

from django.db import transaction
from django_tasks import task

from . import fidelity
from .course import CLIENT_MISSED, overdue_items, position
from .models import CourseFidelity, CoursePlan, Stage

REBUILD_BATCH = 500

# Every stored column but the key (and the time of the write).
STORED_FIELDS = tuple(
    field.name
    for field in CourseFidelity._meta.concrete_fields
    if field.name not in ("episode", "updated_at")
)


def stage_of(facts) -> str:
    if facts.ended:
        return Stage.ENDED
    where = position(facts)
    return Stage.ALL_RECORDED if where.next_number is None else Stage(where.phase)


def values_of(course: fidelity.Course) -> dict:
    """What the stored row of a course (loaded with scoring=True) holds."""
    facts, scored = course.facts, course.fidelity
    due = course.schedule.due()
    return {
        "modality": course.plan.modality,
        "stage": stage_of(facts),
        "planned_sessions": facts.planned,
        "sessions_recorded": len(facts.recorded_numbers),
        "sessions_attended": sum(1 for s in facts.sessions if s.attended),
        "sessions_missed": sum(1 for s in facts.sessions if s.attendance in CLIENT_MISSED),
        "due_session": due.number if due else None,
        "due_measures": " ".join(due.outstanding) if due else "",
        "overdue_steps": len(overdue_items(facts)),
        "tasks_achieved": scored.achieved,
        "tasks_counted": scored.counted,
        "tasks_late": len(scored.late),
        "tasks_missing": len(scored.missing),
        "tasks_skipped": len(scored.skipped),
        "tasks_without_record": len(scored.done_without_record),
        "measures_taken": scored.measures_completed,
        "measures_expected": len(scored.measures),
        "homework_done": scored.homework_completed,
        "homework_expected": len(scored.homework),
        "closing_done": scored.closing_completed,
        "closing_expected": len(scored.closing),
        "task_share": scored.task_share,
        "measure_share": scored.measure_share,
        "homework_share": scored.homework_share,
        "closing_share": scored.closing_share,
        "attendance_rate": scored.attendance_rate,
        "score": scored.score,
        "stale": False,
    }


def computed_rows(plans) -> list[CourseFidelity]:
    """Unsaved rows for the courses of a CoursePlan queryset, from their records."""
    return [
        CourseFidelity(episode_id=course.plan.episode_id, **values_of(course))
        for course in fidelity.load_courses(plans, scoring=True)
    ]


def _write(rows):
    """Insert or update the rows in one statement."""
    if rows:
        CourseFidelity.objects.bulk_create(
            rows,
            update_conflicts=True,
            unique_fields=["episode"],
            update_fields=[*STORED_FIELDS, "updated_at"],
        )


def refresh(*episode_ids):
    """Recompute the stored rows of these episodes' courses (an episode without a course
    has none), inside the caller's transaction.

    The course plans are locked first (on PostgreSQL), so two changes to one course, or a
    change and a rebuild, take turns, and the one that writes last has read what the
    other committed: the row is never left computed from older records."""
    ids = [pk for pk in episode_ids if pk is not None]
    if not ids:
        return
    plans = CoursePlan.objects.filter(episode_id__in=ids)
    if not list(plans.select_for_update().values_list("pk", flat=True)):
        return
    _write(computed_rows(plans))


def rebuild(*, organisation_id=None, stale_only=False, batch=REBUILD_BATCH) -> int:
    """Recompute stored rows from the records, `batch` courses per transaction: every
    course, or one organisation's, or only rows marked stale. Returns how many."""
    plans = CoursePlan.objects.all()
    if organisation_id is not None:
        plans = plans.filter(episode__organisation_id=organisation_id)
    if stale_only:
        plans = plans.filter(episode__fidelity__stale=True)
    episode_ids = list(plans.order_by("episode_id").values_list("episode_id", flat=True))
    for start in range(0, len(episode_ids), batch):
        with transaction.atomic():
            refresh(*episode_ids[start : start + batch])
    return len(episode_ids)


def stored_values(row: CourseFidelity) -> dict:
    return {name: getattr(row, name) for name in STORED_FIELDS}


def differing(batch=REBUILD_BATCH) -> list[int]:
    """Episodes whose stored row is missing or differs from a fresh computation."""
    plans = CoursePlan.objects.order_by("episode_id")
    episode_ids = list(plans.values_list("episode_id", flat=True))
    found = []
    for start in range(0, len(episode_ids), batch):
        ids = episode_ids[start : start + batch]
        stored = CourseFidelity.objects.in_bulk(ids)
        for row in computed_rows(CoursePlan.objects.filter(episode_id__in=ids)):
            kept = stored.get(row.episode_id)
            if kept is None or stored_values(kept) != stored_values(row):
                found.append(row.episode_id)
    return found


def mark_stale(organisation_id):
    """Mark every stored row of an organisation for recomputation, in the caller's
    transaction, and queue their rebuild once it commits."""
    CourseFidelity.objects.filter(episode__organisation_id=organisation_id).update(stale=True)
    transaction.on_commit(partial(rebuild_stale.enqueue, organisation_id))


@task()
def rebuild_stale(organisation_id):
    """The task worker's half of `mark_stale`."""
    rebuild(organisation_id=organisation_id, stale_only=True)
