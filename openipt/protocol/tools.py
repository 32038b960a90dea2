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
    def inventory_recorded(episode_id, session): ...

A check takes the episode id and the session whose agenda is shown (None for a session
not booked yet) and answers whether the tool holds a record: for the course (EPISODE
tools) or for that very session (SESSION tools; never for a session not booked).
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

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
    """Register `function(episode_id, session) -> bool` as the check of `tool`."""

    def register(function):
        _CHECKS[tool.key] = function
        return function

    return register


def tool_for(task_key: str) -> Tool | None:
    return TASK_TOOLS.get(task_key)


def is_recorded(tool: Tool, episode_id: int, session=None) -> bool:
    """Whether the tool holds a record for the course (or for the session itself). A tool
    whose app registered no check counts as recorded: there is nothing to ask for."""
    check = _CHECKS.get(tool.key)
    if check is None:
        return True
    if tool.scope == SESSION and (session is None or session.pk is None):
        return False
    return bool(check(episode_id, session))


def unrecorded(task_keys: Iterable[str], session, episode_id: int | None = None) -> set[str]:
    """The task keys among these whose tool holds nothing yet; each tool is asked once."""
    episode_id = session.episode_id if episode_id is None else episode_id
    answers = {}
    found = set()
    for key in task_keys:
        tool = tool_for(key)
        if tool is None:
            continue
        if tool.key not in answers:
            answers[tool.key] = is_recorded(tool, episode_id, session)
        if not answers[tool.key]:
            found.add(key)
    return found


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
def contract_recorded(episode_id, session):
    return TreatmentContract.objects.filter(episode_id=episode_id).exists()
