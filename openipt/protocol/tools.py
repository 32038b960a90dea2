"""Which agenda tasks have a tool, and whether that tool holds a record.

A task such as "Build the interpersonal inventory" is done with a tool of another app (the
formulation's inventory, a questionnaire, a homework). Ticking it "done" while the tool
holds nothing for the course is allowed only with a reason (the clinician did it in the
room and did not record it); fidelity counts such ticks apart (docs/course.md, "Agenda
ticks and their records").

This module holds the table (task key -> tool) and a registry of checks. Protocol may not
import the apps that own the tools (measures, formulation, worksheets sit above it), so
each of them registers the check of its own tools when Django starts (their AppConfig
.ready), as caseload/erasure.py's erasers do:

    @tools.recorded_check(tools.INVENTORY)
    def inventory_records(episode_id, session): ...

A check takes the episode id and the session whose agenda is shown (None for a session
not booked yet) and returns the records that would show the tool holds something (a
queryset, or a tuple of querysets when any of several will do): for the course (EPISODE
tools) or for that very session (SESSION tools; never asked for a session not booked).
Every tool of an agenda is then asked in one query, an EXISTS for each (a query per tool
was a fifth of the session page's queries).
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.db.models import Exists
from django.utils.translation import gettext_lazy as _

from openipt.caseload.models import Episode

from .models import TreatmentContract

EPISODE = "episode"
SESSION = "session"


@dataclass(frozen=True)
class Tool:
    key: str
    label: str
    # EPISODE: one record serves the whole course; SESSION: each session needs its own.
    scope: str


@dataclass(frozen=True)
class ToolState:
    """The tool of an agenda task and whether it holds a record, for pages."""

    tool: Tool
    recorded: bool


INVENTORY = Tool("inventory", _("Interpersonal inventory"), EPISODE)
TIMELINE = Tool("timeline", _("Timeline"), EPISODE)
PROBLEM_AREA = Tool("problem_area", _("Problem areas"), EPISODE)
GOALS = Tool("goals", _("Goals of the problem area"), EPISODE)
STARTING_SCORES = Tool("starting_scores", _("Starting scores"), EPISODE)
SESSION_MEASURE = Tool("session_measure", _("Questionnaires of this session"), SESSION)
HOMEWORK_REVIEW = Tool("homework_review", _("Homework review"), SESSION)
HOMEWORK_SET = Tool("homework_set", _("Homework set in this session"), SESSION)
CONTRACT = Tool("contract", _("Treatment contract"), EPISODE)
RELAPSE_PLAN = Tool("relapse_plan", _("Relapse-prevention plan"), EPISODE)
RHYTHM = Tool("rhythm", _("Social rhythm diary"), EPISODE)

# Task key -> the tool that records it. Keys are the modalities' shared task keys
# (protocol/modalities/); a task not listed has no tool and may be ticked freely.
TASK_TOOLS = {
    "symptom_measure": STARTING_SCORES,
    "interpersonal_inventory": INVENTORY,
    "timeline": TIMELINE,
    "choose_problem_areas": PROBLEM_AREA,
    "agree_goals": GOALS,
    "treatment_contract": CONTRACT,
    "open_with_measure": SESSION_MEASURE,
    "review_homework": HOMEWORK_REVIEW,
    "set_homework": HOMEWORK_SET,
    "relapse_prevention_plan": RELAPSE_PLAN,
    "review_relapse_plan": RELAPSE_PLAN,
    "start_rhythm_tracking": RHYTHM,
}

_CHECKS: dict[str, Callable] = {}


def recorded_check(tool: Tool):
    """Register `function(episode_id, session) -> queryset or tuple of querysets` as the
    check of `tool`: the tool holds a record when any of them holds a row."""

    def register(function):
        _CHECKS[tool.key] = function
        return function

    return register


def tool_for(task_key: str) -> Tool | None:
    return TASK_TOOLS.get(task_key)


def is_recorded(tool: Tool, episode_id: int, session=None) -> bool:
    """Whether the tool holds a record for the course (or for the session itself). A tool
    whose app registered no check counts as recorded: there is nothing to ask for."""
    return _answers([tool], episode_id, session)[tool.key]


def unrecorded(task_keys: Iterable[str], session, episode_id: int | None = None) -> set[str]:
    """The task keys among these whose tool holds nothing yet; every tool is asked in one
    query."""
    episode_id = session.episode_id if episode_id is None else episode_id
    keyed = {key: tool_for(key) for key in task_keys}
    asked = list({tool.key: tool for tool in keyed.values() if tool is not None}.values())
    answers = _answers(asked, episode_id, session)
    return {key for key, tool in keyed.items() if tool is not None and not answers[tool.key]}


def _answers(asked, episode_id, session):
    """Tool key -> whether it holds a record, for the tools `asked`: one query for all."""
    answers, exists, tool_of = {}, {}, {}
    for tool in asked:
        check = _CHECKS.get(tool.key)
        if check is None:
            answers[tool.key] = True
        elif tool.scope == SESSION and (session is None or session.pk is None):
            answers[tool.key] = False
        else:
            answers[tool.key] = False
            found = check(episode_id, session)
            for records in found if isinstance(found, tuple) else (found,):
                name = f"recorded_{len(exists)}"
                exists[name], tool_of[name] = Exists(records), tool.key
    if exists:
        row = Episode.objects.filter(pk=episode_id).values(**exists).first() or {}
        for name, value in row.items():
            answers[tool_of[name]] = answers[tool_of[name]] or bool(value)
    return answers


def states(agenda, episode_id: int, session=None, missing=None) -> list[tuple]:
    """(agenda item, ToolState or None) for each item of an agenda (course.AgendaItem).
    `missing`: the agenda's unrecorded task keys when the caller has them already."""
    if missing is None:
        missing = unrecorded((item.task.key for item in agenda), session, episode_id)
    return [
        (
            item,
            None
            if tool_for(item.task.key) is None
            else ToolState(tool_for(item.task.key), item.task.key not in missing),
        )
        for item in agenda
    ]


@recorded_check(CONTRACT)
def contract_records(episode_id, session):
    return TreatmentContract.objects.filter(episode_id=episode_id)
