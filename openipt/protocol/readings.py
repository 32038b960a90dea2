"""What the course reads from the measures and worksheets apps: the one place it does.

Both apps depend on this one (a measure is given at a session, homework is set in one), so
these functions import them at call time; keeping every such read here keeps the
dependency between the apps one way everywhere else.
"""

from collections import defaultdict

from django.db.models import CharField, Value
from django.utils import timezone

from .catalogue import Catalogue


def latest_phq9_total(episode):
    """The latest PHQ-9 total recorded for the episode, or None."""
    from openipt.measures.models import MeasureAdministration  # noqa: PLC0415 (see above)

    return (
        MeasureAdministration.objects.filter(episode=episode, instrument="phq9")
        .order_by("-administered_on", "-created_at", "-id")
        .values_list("total", flat=True)
        .first()
    )


def has_open_risk_flag(episode):
    from openipt.measures.models import FlagStatus, RiskFlag  # noqa: PLC0415 (see above)

    return RiskFlag.objects.filter(episode=episode, status=FlagStatus.OPEN).exists()


def alerting_screens(episode_ids) -> dict[int, list]:
    """Episode id -> the latest administration of each instrument whose score raised an
    alert flag (a positive mania screen), as rows with instrument, total, administered_on
    and flags. A later negative screen of the same instrument clears it. One query."""
    from openipt.measures.instruments import base  # noqa: PLC0415 (see above)
    from openipt.measures.models import MeasureAdministration  # noqa: PLC0415 (see above)

    rows = MeasureAdministration.objects.filter(
        episode_id__in=list(episode_ids), instrument__in=alerting_instruments()
    ).order_by("episode_id", "instrument", "administered_on", "created_at", "id")
    latest = {}
    for row in rows.only("episode_id", "instrument", "total", "administered_on", "flags"):
        latest[row.episode_id, row.instrument] = row
    found = defaultdict(list)
    for (episode_id, _), row in latest.items():
        if set(row.flags) & base.ALERT_FLAGS:
            found[episode_id].append(row)
    return found


def alerting_instruments() -> tuple[str, ...]:
    """Codes of the instruments whose score can raise an alert flag (their ALERT_FLAGS)."""
    from openipt.measures import instruments  # noqa: PLC0415 (see above)

    return tuple(
        code
        for code, module in instruments.INSTRUMENTS.items()
        if getattr(module, "ALERT_FLAGS", ())
    )


def measures_given(episode_ids, asked=None) -> dict[int, set[tuple[int, str]]]:
    """(session number, instrument) of every measure given at a session, per episode: the
    questionnaires and the SRM-5 weeks tied to a session, in one query. `asked`: the codes
    the caller's schedules can expect (schedule.codes_asked), when it knows them: the
    SRM-5's weeks, a table of their own, are then read only if it is among them (every
    questionnaire given is read either way)."""
    from openipt.measures.instruments import srm5  # noqa: PLC0415 (see above)
    from openipt.measures.models import (  # noqa: PLC0415 (see above)
        MeasureAdministration,
        RhythmWeek,
    )

    ids = list(episode_ids)
    questionnaires = MeasureAdministration.objects.filter(
        episode_id__in=ids, session__isnull=False
    ).values_list("episode_id", "session__number", "instrument")
    if asked is None or srm5.CODE in asked:
        weeks = (
            RhythmWeek.objects.filter(episode_id__in=ids, session__isnull=False)
            .order_by()
            .values_list(
                "episode_id", "session__number", Value(srm5.CODE, output_field=CharField())
            )
        )
        # Both sides unordered: a compound query allows no ORDER BY in its parts.
        questionnaires = questionnaires.order_by().union(weeks, all=True)
    given = defaultdict(set)
    for episode_id, number, instrument in questionnaires:
        given[episode_id].add((number, instrument))
    return given


def catalogue() -> Catalogue:
    """What this deployment can record (schedule.Catalogue), from the instrument modules."""
    from openipt.measures import instruments  # noqa: PLC0415 (see above)

    return Catalogue(
        offered=frozenset(instruments.offered()),
        substitutes=instruments.substitutes(),
        labels={code: instruments.short_name(code) for code in instruments.INSTRUMENTS},
        covered_by=instruments.covered_by(),
    )


def instrument_codes() -> frozenset[str]:
    """Every registered instrument code, for checking the modality definitions."""
    from openipt.measures import instruments  # noqa: PLC0415 (see above)

    return frozenset(instruments.INSTRUMENTS)


def short_name(code) -> str:
    from openipt.measures import instruments  # noqa: PLC0415 (see above)

    return instruments.short_name(code)


def homework_facts(episode_ids) -> dict[int, list[dict]]:
    """Each episode's homework as fidelity sees it (the fields of course.HomeworkFact: when
    and in which session it was set, when it was sent, whether it was reviewed), in the
    order it was set. One query."""
    from openipt.worksheets.models import Homework  # noqa: PLC0415 (see above)

    rows = (
        Homework.objects.filter(episode_id__in=list(episode_ids))
        .order_by("created_at", "id")
        .values_list(
            "episode_id", "set_in_session__number", "created_at", "submitted_at", "reviewed_at"
        )
    )
    found = defaultdict(list)
    for episode_id, number, created_at, submitted_at, reviewed_at in rows:
        found[episode_id].append(
            {
                "set_on": timezone.localdate(created_at),
                "set_in_session": number,
                "submitted_on": timezone.localdate(submitted_at) if submitted_at else None,
                "reviewed": reviewed_at is not None,
            }
        )
    return found


def relapse_plan_episodes(episode_ids) -> set[int]:
    """The episodes among these that have a relapse-prevention plan, finished (a draft is
    not written yet). One query."""
    from openipt.worksheets.models import RelapsePreventionPlan  # noqa: PLC0415 (see above)

    return set(
        RelapsePreventionPlan.objects.filter(
            episode_id__in=list(episode_ids), is_draft=False
        ).values_list("episode_id", flat=True)
    )


def alert_flag_codes() -> frozenset[str]:
    """The alert flags an instrument's score can raise (a reason to alert a supervisor)."""
    from openipt.measures.instruments import base  # noqa: PLC0415 (see above)

    return base.ALERT_FLAGS
